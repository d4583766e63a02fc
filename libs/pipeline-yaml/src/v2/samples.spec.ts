import { expectedExpansion, readYamlFixture, sampleNames, YAML_TEMPLATES } from '../../../../test/fixtures/yaml';
import { FileSystemTemplateResolver } from '../resolver/file-system-template-resolver';
import { expandPipelineYaml } from './expand-pipeline';

/**
 * The project's samples (test/fixtures/yaml/samples), expanded in both parameter modes and compared
 * in full with their expected output: every key of BK-CI's normalised form, nulls included.
 */
const resolver = new FileSystemTemplateResolver(YAML_TEMPLATES);
const names = sampleNames();

describe('v2 template expansion of the project samples', () => {
  it('finds the samples', () => {
    expect(names).toEqual(['extends', 'jobs', 'large', 'parameters', 'repositories', 'stages', 'steps', 'variables']);
  });

  describe.each(names)('samples/%s.yml', (name) => {
    const file = `samples/${name}.yml`;
    const content = readYamlFixture(file);

    it.each([false, true])('legacy parameter expressions: %s', async (legacy) => {
      const actual = await expandPipelineYaml({ file, content }, { resolver, legacyParameters: legacy });
      expect(actual).toEqual(expectedExpansion(name, legacy));
    });
  });
});
