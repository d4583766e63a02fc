import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { parse, stringify } from 'yaml';
import { InMemoryTemplateResolver } from '@bkci/pipeline-yaml';
import { expandPipelineYaml } from '../libs/pipeline-yaml/src/v2';
import { ParseCache } from '../libs/pipeline-yaml/src/v2/parse-cache';
import { FuzzCorpus, loadCorpus } from '../libs/pipeline-yaml/src/fuzz/fuzz-cases';

/**
 * Template expansion speed: expansions per second of the sample with the largest expanded output, and
 * how one expansion compares with reading and writing that output with js-yaml (load + dump) and with
 * the `yaml` package (parse + stringify), measured in the same run. Templates are held in memory so
 * that disk reads do not count. "expand" is the steady state of a server: the pipeline itself is read
 * anew each time, the templates it uses were read before; "expand, nothing cached" reads them too.
 * The samples are the project's own (test/fixtures/yaml: `samples/large.yml` is the largest), or
 * BK-CI's golden files when BKCI_YAML_FIXTURES names their folder.
 */

/** Seconds each measurement runs, over all rounds. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = 3;

/** The pipelines and templates to measure. */
function loadSamples(): FuzzCorpus {
  return loadCorpus(process.env.BKCI_YAML_FIXTURES || join(process.cwd(), 'test', 'fixtures', 'yaml'));
}

async function main(): Promise<void> {
  const corpus = loadSamples();
  const resolver = new InMemoryTemplateResolver(corpus.templates);
  const expand = (sample: { file: string; content: string }) => expandPipelineYaml(sample, { resolver });

  const sizes = await Promise.all(corpus.samples.map(async (sample) => ({ sample, output: stringify(await expand(sample)) })));
  const { sample, output } = sizes.reduce((a, b) => (b.output.length > a.output.length ? b : a));
  console.log(`largest sample: ${sample.file} (${sample.content.length} bytes in, ${output.length} bytes expanded)`);

  const rates = await interleaved({
    expand: () => expand(sample),
    'expand, nothing cached': () => {
      ParseCache.clearAll();
      return expand(sample);
    },
    'js-yaml load + dump': async () => dump(load(output)),
    'yaml parse + stringify': async () => stringify(parse(output)),
  });
  for (const [name, perSecond] of Object.entries(rates)) {
    console.log(`${`${name}:`.padEnd(24)} ${perSecond.toFixed(0).padStart(5)} /s (${(1000 / perSecond).toFixed(2)} ms each)`);
  }
  const ratio = (other: string) => (rates[other] / rates.expand).toFixed(2);
  console.log(`ratio expand / js-yaml load + dump:    ${ratio('js-yaml load + dump')} (goal: below 1)`);
  console.log(`ratio expand / yaml parse + stringify: ${ratio('yaml parse + stringify')}`);
}

/**
 * Runs per second of each task: ROUNDS rounds, each running every task for SECONDS / ROUNDS in turn (so
 * that a busy spell of the machine hits them alike), and the median round for each.
 */
async function interleaved(tasks: Record<string, () => Promise<unknown>>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, once] of Object.entries(tasks)) (samples[name] ??= []).push(await rate(once, (SECONDS * 1000) / ROUNDS));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, values.sort((a, b) => a - b)[Math.floor(values.length / 2)]]));
}

/** Runs `once` repeatedly for `ms` after a warm-up and returns runs per second. */
async function rate(once: () => Promise<unknown>, ms: number): Promise<number> {
  for (let i = 0; i < 20; i++) await once();
  let runs = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    await once();
    runs++;
  }
  return runs / ((performance.now() - started) / 1000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
