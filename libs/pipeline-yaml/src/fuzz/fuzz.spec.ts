import { YAML_FIXTURES } from '../../../../test/fixtures/yaml';
import { expandPipelineYaml } from '../v2/expand-pipeline';
import { buildCase, describeCase, loadCorpus, runCase } from './fuzz-cases';

/**
 * Mutates the project's YAML fixtures (test/fixtures/yaml: samples and the templates they reach)
 * and expands each mutant: the engine must answer with a result or a YamlError, never another
 * exception, a hang or a crash.
 * FUZZ_SEED reproduces a reported run; FUZZ_CASES raises the count.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const CASES = Math.max(10_000, Number(process.env.FUZZ_CASES ?? 0));
const TIME_LIMIT_MS = 5_000;

it(`expands ${CASES} mutated fixtures (seed ${SEED}) to a result or a YamlError`, async () => {
  const corpus = loadCorpus(YAML_FIXTURES);
  const outcomes = { expanded: 0, 'yaml-error': 0 };
  const failures: string[] = [];
  for (let index = 0; index < CASES; index++) {
    const fuzzCase = buildCase(corpus, SEED, index);
    const outcome = await runCase(fuzzCase, expandPipelineYaml, TIME_LIMIT_MS);
    if (outcome.status === 'failed') failures.push(describeCase(fuzzCase, outcome));
    else outcomes[outcome.status] += 1;
  }
  expect(failures.slice(0, 5)).toEqual([]);
  // Both verdicts must occur, or the mutations have stopped exercising the engine.
  expect(outcomes.expanded).toBeGreaterThan(CASES / 20);
  expect(outcomes['yaml-error']).toBeGreaterThan(CASES / 20);
}, 600_000);
