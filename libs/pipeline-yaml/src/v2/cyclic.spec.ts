import { readYamlFixture, YAML_FIXTURES } from '../../../../test/fixtures/yaml';
import { loadCorpus } from '../fuzz/fuzz-cases';
import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { TemplateLimits } from '../template-limits';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { expandPipelineYaml } from './expand-pipeline';

const shipped = loadCorpus(YAML_FIXTURES).templates;

/** `- template: x` lines in a steps/stages list, `template: [ - name: x ]` in a jobs/variables map. */
const listReference = (path: string) => `  - template: ${path}\n`;
const mapReference = (path: string) => `  template:\n    - name: ${path}\n`;

interface Chain {
  kind: string;
  root: string;
  /** The file that gets the closing reference, and that reference. */
  closer: string;
  closing: string;
  cycle: string[];
  /** Something only the end of the chain brings in. */
  deepest: string;
}

/** The chains of test/fixtures/yaml/templates/cyclic. */
const c = (name: string) => `cyclic/${name}`;
const chains: Chain[] = [
  {
    kind: 'stage',
    root: `version: v2.0\nstages:\n${listReference(c('stage/one.yml'))}`,
    closer: c('stage/two.yml'),
    closing: listReference(c('stage/one.yml')),
    cycle: [c('stage/two.yml'), c('stage/one.yml'), c('stage/two.yml')],
    deepest: 'cyclic stage two',
  },
  {
    kind: 'job',
    root: `version: v2.0\njobs:\n${mapReference(c('job/one.yml'))}`,
    closer: c('job/three.yml'),
    closing: mapReference(c('job/one.yml')),
    cycle: [c('job/three.yml'), c('job/one.yml'), c('job/two.yml'), c('job/three.yml')],
    deepest: 'cyclic_job_three',
  },
  {
    kind: 'step',
    root: `version: v2.0\nsteps:\n${listReference(c('step/one.yml'))}`,
    closer: c('step/three.yml'),
    closing: listReference(c('step/one.yml')),
    cycle: [c('step/three.yml'), c('step/one.yml'), c('step/two.yml'), c('step/three.yml')],
    deepest: 'cyclic step three',
  },
  {
    kind: 'variable',
    root: `version: v2.0\nvariables:\n${mapReference(c('variable/one.yml'))}`,
    closer: c('variable/two.yml'),
    closing: mapReference(c('variable/two.yml')),
    cycle: [c('variable/two.yml'), c('variable/two.yml')],
    deepest: 'CYCLIC_TWO',
  },
];

async function expandError(root: string, templates: Record<string, string>, limits = {}): Promise<YamlError> {
  const error = await expandPipelineYaml({ file: 'pipeline.yml', content: root }, { resolver: new InMemoryTemplateResolver(templates), limits }).catch(
    (e: unknown) => e,
  );
  if (!(error instanceof YamlError)) throw new Error(`expected a YamlError, got ${String(error)}`);
  return error;
}

describe.each(chains)('templates/cyclic/$kind', (chain) => {
  it('expands as shipped', async () => {
    const result = await expandPipelineYaml({ file: 'pipeline.yml', content: chain.root }, { resolver: new InMemoryTemplateResolver(shipped) });
    expect(JSON.stringify(result)).toContain(chain.deepest);
  });

  it('reports the cycle when the closing reference is restored', async () => {
    const closer = shipped[chain.closer].replace(/\n*$/, '\n') + chain.closing;
    const error = await expandError(chain.root, { ...shipped, [chain.closer]: closer });
    expect(error.code).toBe(YamlErrorCode.TEMPLATE_CYCLE);
    expect(error.message).toContain(`[${chain.kind}] circular dependency`);
    expect(error.message).toContain(chain.cycle.join(' → '));
    expect(error.location).toEqual(expect.objectContaining({ file: chain.closer, line: expect.any(Number) }));
  });
});

describe('template limits', () => {
  const steps = (next: string | null) => `steps:\n  - run: echo\n${next === null ? '' : listReference(next)}`;

  it('refuses nesting deeper than the limit, naming the chain', async () => {
    const templates = { 'd1.yml': steps('d2.yml'), 'd2.yml': steps('d3.yml'), 'd3.yml': steps(null) };
    const root = `version: v2.0\nsteps:\n${listReference('d1.yml')}`;
    await expect(expandPipelineYaml({ file: 'pipeline.yml', content: root }, { resolver: new InMemoryTemplateResolver(templates), limits: { maxDepth: 4 } })).resolves.toBeDefined();
    const error = await expandError(root, templates, { maxDepth: 3 });
    expect(error.code).toBe(YamlErrorCode.TEMPLATE_TOO_DEEP);
    expect(error.message).toContain('pipeline.yml → d1.yml → d2.yml → d3.yml');
  });

  it("BK-CI's default depth of 5 counts the pipeline itself", async () => {
    const templates: Record<string, string> = {};
    for (let i = 1; i <= 5; i++) templates[`d${i}.yml`] = steps(i < 5 ? `d${i + 1}.yml` : null);
    const root = `version: v2.0\nsteps:\n${listReference('d1.yml')}`;
    const error = await expandError(root, templates);
    expect(error.code).toBe(YamlErrorCode.TEMPLATE_TOO_DEEP);
    delete templates['d5.yml'];
    templates['d4.yml'] = steps(null);
    await expect(expandPipelineYaml({ file: 'pipeline.yml', content: root }, { resolver: new InMemoryTemplateResolver(templates) })).resolves.toBeDefined();
  });

  it('refuses more template references in one file than the limit', async () => {
    const root = `version: v2.0\nsteps:\n${listReference('leaf.yml').repeat(11)}`;
    const templates = { 'leaf.yml': steps(null) };
    const error = await expandError(root, templates);
    expect(error.code).toBe(YamlErrorCode.TOO_MANY_TEMPLATES);
    const ten = `version: v2.0\nsteps:\n${listReference('leaf.yml').repeat(10)}`;
    await expect(expandPipelineYaml({ file: 'pipeline.yml', content: ten }, { resolver: new InMemoryTemplateResolver(templates) })).resolves.toBeDefined();
  });

  it('refuses a file larger than the limit', async () => {
    const error = await expandError(`version: v2.0\nsteps:\n  - run: ${'x'.repeat(200)}\n`, {}, { maxFileBytes: 100 });
    expect(error.code).toBe(YamlErrorCode.FILE_TOO_LARGE);
  });

  describe('on samples/large.yml: three levels deep, five references in the pipeline file', () => {
    const content = readYamlFixture('samples/large.yml');
    const reads = [
      'large/stage.yml',
      'large/job.yml',
      'large/parameters.yml',
      'large/steps.yml',
      'large/variables.yml',
      'toolbox/templates/steps/analysis.yml',
      'jobs/build.yml',
      'jobs/report.yml',
      'steps/announce.yml',
    ];
    const largest = Math.max(Buffer.byteLength(content, 'utf8'), ...reads.map((path) => Buffer.byteLength(shipped[path], 'utf8')));
    const expandLarge = (limits: Partial<TemplateLimits>) =>
      expandPipelineYaml({ file: 'samples/large.yml', content }, { resolver: new InMemoryTemplateResolver(shipped), limits });
    const largeError = async (limits: Partial<TemplateLimits>) => {
      const error = await expandLarge(limits).catch((e: unknown) => e);
      if (!(error instanceof YamlError)) throw new Error(`expected a YamlError, got ${String(error)}`);
      return error;
    };

    it('expands with each limit set exactly to what it needs', async () => {
      const result = await expandLarge({ maxDepth: 4, maxTemplatesPerFile: 5, maxFileBytes: largest });
      expect(result.stages).toHaveLength(3);
    });

    it('one level less is TEMPLATE_TOO_DEEP, naming the chain', async () => {
      const error = await largeError({ maxDepth: 3 });
      expect(error.code).toBe(YamlErrorCode.TEMPLATE_TOO_DEEP);
      expect(error.message).toContain('samples/large.yml → large/stage.yml → large/job.yml → large/steps.yml');
    });

    it('one reference less is TOO_MANY_TEMPLATES in the pipeline file', async () => {
      const error = await largeError({ maxTemplatesPerFile: 4 });
      expect(error.code).toBe(YamlErrorCode.TOO_MANY_TEMPLATES);
      expect(error.location?.file).toBe('samples/large.yml');
    });

    it('one byte less than its largest file is FILE_TOO_LARGE', async () => {
      const error = await largeError({ maxFileBytes: largest - 1 });
      expect(error.code).toBe(YamlErrorCode.FILE_TOO_LARGE);
      expect(error.message).toContain(`file is ${largest} bytes`);
    });
  });
});
