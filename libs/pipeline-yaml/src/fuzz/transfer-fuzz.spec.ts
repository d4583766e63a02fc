import { readYamlFixture } from '../../../../test/fixtures/yaml';
import { mergeYaml, modelToYaml, yamlToModel } from '../transfer';
import { YamlError } from '../yaml-error';
import { Dice, MUTATIONS, seededRandom } from './mutations';

/**
 * Mutates the project's v3.0 fixtures (test/fixtures/yaml) and runs the transfer on each mutant:
 * YAML → Model, the Model back to YAML, and the merge of that YAML into the mutant. Each must give
 * a result or a YamlError.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const CASES = 5_000;
// The two files the transfer reads whole come twice, so that mutants of them are frequent; the
// others use keys the transfer refuses and exercise its error paths.
const SOURCES = [
  'v3/valid.yml',
  'v3/valid.yml',
  'v3/complex.yml',
  'v3/complex.yml',
  'merge/pipeline/old.yml',
  'merge/anchors/new.yml',
  'merge/flow/new.yml',
  'v3/triggers.yml',
  'v3/extends-variables.yml',
].map((file) => ({ file, content: readYamlFixture(file) }));

function transfer(file: string, text: string): void {
  const result = yamlToModel(text, { file });
  const yaml = modelToYaml(result.model, { file, setting: result.kind === 'PIPELINE' ? result.setting : undefined });
  mergeYaml(text, yaml);
}

it(`transfers ${CASES} mutated v3.0 fixtures (seed ${SEED}) to a result or a YamlError`, () => {
  const kinds = Object.keys(MUTATIONS).filter((kind) => kind !== 'templateReference');
  const outcomes = { transferred: 0, 'yaml-error': 0 };
  const failures: string[] = [];
  for (let index = 0; index < CASES; index++) {
    const dice = new Dice(seededRandom((Math.imul(SEED, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0));
    const source = dice.pick(SOURCES);
    let text = source.content;
    const notes: string[] = [];
    for (let i = 1 + dice.int(2); i > 0; i--) {
      const kind = dice.pick(kinds);
      const mutated = MUTATIONS[kind](text, dice, { self: source.file, others: [] });
      text = mutated.text;
      notes.push(`${kind}: ${mutated.note}`);
    }
    try {
      transfer(source.file, text);
      outcomes.transferred += 1;
    } catch (error) {
      if (error instanceof YamlError) outcomes['yaml-error'] += 1;
      else failures.push(`case ${index} (${source.file}): ${String(error)}\n    ${notes.join('\n    ')}`);
    }
  }
  expect(failures.slice(0, 5)).toEqual([]);
  // Both verdicts must occur, or the mutations have stopped exercising the transfer.
  expect(outcomes.transferred).toBeGreaterThan(CASES / 50);
  expect(outcomes['yaml-error']).toBeGreaterThan(CASES / 20);
}, 600_000);
