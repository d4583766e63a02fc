import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bkciGoldenFolder } from '../../../../test/fixtures/bkci-golden';
import { loadCorpus } from '../fuzz/fuzz-cases';
import { FileSystemTemplateResolver } from '../resolver/file-system-template-resolver';
import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { expandPipelineYaml } from './expand-pipeline';

/**
 * BK-CI's own golden files (BKCI_YAML_FIXTURES): every `samples/<case>` with a `compared/<case>`
 * twin, expanded in both parameter modes and compared structurally (see that folder's README);
 * the variables of `samples/variablesSub`; the cycles of `templates/cyclic`.
 */
const FIXTURES = bkciGoldenFolder();
const resolver = new FileSystemTemplateResolver(join(FIXTURES, 'templates'));

/** Nulls and empty collections dropped, `id` keys ignored (BK-CI generates some of them). */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(comparable).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([key]) => key !== 'id')
      .map(([key, v]) => [key, comparable(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null ? undefined : value;
}

function compared(document: Record<string, unknown>) {
  const pick = (key: string) => comparable(document[key]);
  return { variables: pick('variables'), stages: pick('stages'), finally: pick('finally'), notices: pick('notices') };
}

const cases = readdirSync(join(FIXTURES, 'compared')).flatMap((dir) =>
  readdirSync(join(FIXTURES, 'compared', dir))
    .filter((name) => !name.endsWith('_old.yml') && existsSync(join(FIXTURES, 'samples', dir, name)))
    .map((name) => ({ dir, name })),
);

describe('v2 template expansion matches BK-CI golden files', () => {
  it('finds the cases', () => {
    expect(cases.map((c) => c.dir).sort()).toEqual(['jobs', 'parameters', 'stages', 'steps']);
  });

  describe.each(cases)('samples/$dir/$name', ({ dir, name }) => {
    const sample = join('samples', dir, name);
    const content = readFileSync(join(FIXTURES, sample), 'utf8');

    it.each([false, true])('legacy parameter expressions: %s', async (legacy) => {
      const oldTwin = join(FIXTURES, 'compared', dir, name.replace(/\.yml$/, '_old.yml'));
      const expectedFile = legacy && existsSync(oldTwin) ? oldTwin : join(FIXTURES, 'compared', dir, name);
      const expected = parse(readFileSync(expectedFile, 'utf8')) as Record<string, unknown>;
      const actual = await expandPipelineYaml({ file: sample, content }, { resolver, legacyParameters: legacy });
      expect(compared(actual)).toEqual(compared(expected));
    });
  });
});

/** BK-CI's YamlTemplateTest.variablesSubTest expectations, in YAML keys. */
const EXPECTED_VARIABLES_SUB = {
  USERNAME: {
    value: '1,2,3',
    readonly: null,
    'allow-modify-at-startup': true,
    props: {
      label: '我是预定义下拉可选值的字段',
      type: 'selector',
      options: [
        { id: 1, label: null, description: null },
        { id: 2, label: '二', description: null },
        { id: 3, label: null, description: 'xxx' },
        { id: 'VARIABLES', label: null, description: null },
        { id: 'xxxxx', label: null, description: null },
      ],
      datasource: null,
      description: '这是个允许多选的下拉选择字段',
      multiple: true,
      required: null,
    },
  },
  cyc_USERNAME1: {
    value: 'CYC_VARIABLES',
    readonly: null,
    'allow-modify-at-startup': null,
    props: {
      label: '我是通过url获取下拉可选值的字段',
      type: 'selector',
      options: null,
      datasource: {
        url: 'sss',
        'data-path': '222',
        'param-id': '',
        'param-name': '123',
        'has-add-item': true,
        'item-text': '123123',
        'item-target-url': '777',
      },
      description: null,
      multiple: null,
      required: true,
    },
  },
  cyc_USERNAME2: { value: 'CYC_VARIABLES2', readonly: null, 'allow-modify-at-startup': null, props: null },
  RES_REPOA_VAR1_USERNAME: { value: 'RES_VARIABLE', readonly: null, 'allow-modify-at-startup': null, props: null },
  RES_REPOA_VAR2_USERNAME: { value: 'aaa', readonly: null, 'allow-modify-at-startup': null, props: null },
};

describe('variables templates (BK-CI samples/variablesSub)', () => {
  const content = readFileSync(join(FIXTURES, 'samples/variablesSub/variablesSub.yml'), 'utf8');

  it.each([false, true])('gives BK-CI’s variables, legacy parameter expressions: %s', async (legacy) => {
    const result = await expandPipelineYaml({ file: 'variablesSub.yml', content }, { resolver, legacyParameters: legacy });
    expect(result.variables).toEqual(EXPECTED_VARIABLES_SUB);
  });
});

const shipped = loadCorpus(FIXTURES).templates;
const listReference = (path: string) => `  - template: ${path}\n`;
const mapReference = (path: string) => `  template:\n    - name: ${path}\n`;
const c = (name: string) => `cyclic/${name}`;

/** BK-CI's cyclic chains: the closing references it ships commented out, restored one at a time. */
const chains = [
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

describe.each(chains)('BK-CI templates/cyclic/$kind', (chain) => {
  it('expands as shipped', async () => {
    const result = await expandPipelineYaml({ file: 'pipeline.yml', content: chain.root }, { resolver: new InMemoryTemplateResolver(shipped) });
    expect(JSON.stringify(result)).toContain(chain.deepest);
  });

  it('reports the cycle when the closing reference is restored', async () => {
    const closer = shipped[chain.closer].replace(/\n*$/, '\n') + chain.closing;
    const templates = new InMemoryTemplateResolver({ ...shipped, [chain.closer]: closer });
    const error = await expandPipelineYaml({ file: 'pipeline.yml', content: chain.root }, { resolver: templates }).catch((e: unknown) => e);
    if (!(error instanceof YamlError)) throw new Error(`expected a YamlError, got ${String(error)}`);
    expect(error.code).toBe(YamlErrorCode.TEMPLATE_CYCLE);
    expect(error.message).toContain(`[${chain.kind}] circular dependency`);
    expect(error.message).toContain(chain.cycle.join(' → '));
    expect(error.location).toEqual(expect.objectContaining({ file: chain.closer, line: expect.any(Number) }));
  });
});
