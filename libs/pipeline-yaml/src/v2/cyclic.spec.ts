import { join } from 'node:path';
import { loadCorpus } from '../fuzz/fuzz-cases';
import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { expandPipelineYaml } from './expand-pipeline';

const FIXTURES = join(__dirname, '../../../../../shared/fixtures/bkci-yaml');
const shipped = loadCorpus(FIXTURES).templates;

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

const c = (name: string) => `cyclic/${name}`;
const chains: Chain[] = [
  {
    kind: 'stage',
    root: `version: v2.0\nstages:\n${listReference(c('stage/templates/stage1.yml'))}`,
    closer: c('stage/templates/stage2.yml'),
    closing: listReference(c('stage/templates/stage1.yml')),
    cycle: [c('stage/templates/stage2.yml'), c('stage/templates/stage1.yml'), c('stage/templates/stage2.yml')],
    deepest: 'stage_template_2',
  },
  {
    kind: 'job',
    root: shipped[c('job/pipeline.yml')],
    closer: c('job/templates/job5.yml'),
    closing: mapReference(c('job/templates/job2.yml')),
    cycle: [c('job/templates/job5.yml'), c('job/templates/job2.yml'), c('job/templates/job3.yml'), c('job/templates/job5.yml')],
    deepest: 'cyc_job_id_5',
  },
  {
    kind: 'step',
    root: shipped[c('step/pipeline.yml')],
    closer: c('step/templates/step3.yml'),
    closing: listReference(c('step/templates/step1.yml')),
    cycle: [c('step/templates/step3.yml'), c('step/templates/step1.yml'), c('step/templates/step2.yml'), c('step/templates/step3.yml')],
    deepest: 'cyc_step_id_3',
  },
  {
    kind: 'variable',
    root: `version: v2.0\nvariables:\n${mapReference(c('variable/templates/variable1.yml'))}`,
    closer: c('variable/templates/variable2.yml'),
    closing: mapReference(c('variable/templates/variable2.yml')),
    cycle: [c('variable/templates/variable2.yml'), c('variable/templates/variable2.yml')],
    deepest: 'cyc_USERNAME2',
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
});
