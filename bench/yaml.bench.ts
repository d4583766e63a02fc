import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { InMemoryTemplateResolver } from '@bkci/pipeline-yaml';
import { expandPipelineYaml } from '../libs/pipeline-yaml/src/v2';
import { loadCorpus } from '../libs/pipeline-yaml/src/fuzz/fuzz-cases';

/**
 * Template expansion speed: expansions per second of the sample with the largest expanded output,
 * and how that compares with a plain YAML parse + stringify of that output (the floor any YAML
 * engine pays). Templates are held in memory so that disk reads do not count. The samples are the
 * project's own (test/fixtures/yaml: `samples/large.yml` is the largest), or BK-CI's golden
 * files when BKCI_YAML_FIXTURES names their folder.
 */
const FIXTURES = process.env.BKCI_YAML_FIXTURES || join(process.cwd(), 'test', 'fixtures', 'yaml');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function main(): Promise<void> {
  const corpus = loadCorpus(FIXTURES);
  const resolver = new InMemoryTemplateResolver(corpus.templates);
  const expand = (sample: { file: string; content: string }) => expandPipelineYaml(sample, { resolver });

  const sizes = await Promise.all(corpus.samples.map(async (sample) => ({ sample, output: stringify(await expand(sample)) })));
  const { sample, output } = sizes.reduce((a, b) => (b.output.length > a.output.length ? b : a));
  console.log(`largest sample: ${sample.file} (${sample.content.length} bytes in, ${output.length} bytes expanded)`);

  const expansion = await rate(() => expand(sample));
  const plain = await rate(async () => stringify(parse(output)));
  console.log(`expand:            ${expansion.toFixed(0)} /s (${(1000 / expansion).toFixed(2)} ms each)`);
  console.log(`parse + stringify: ${plain.toFixed(0)} /s (${(1000 / plain).toFixed(2)} ms each)`);
  console.log(`ratio (expand time / parse + stringify time): ${(plain / expansion).toFixed(1)}`);
}

/** Runs `once` repeatedly for SECONDS after a warm-up and returns runs per second. */
async function rate(once: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await once();
  let runs = 0;
  const started = performance.now();
  while (performance.now() - started < SECONDS * 1000) {
    await once();
    runs++;
  }
  return runs / ((performance.now() - started) / 1000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
