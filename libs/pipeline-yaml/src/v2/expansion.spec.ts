import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { expandPipelineYaml } from './expand-pipeline';

const STEP_TEMPLATE = `parameters:
  - name: greeting
    type: string
    default: hello
  - name: retries
    type: number
    default: 1
  - name: enabled
    type: boolean
    default: false
  - name: targets
    type: array
    default: [a, b]
  - name: mode
    type: string
    default: fast
    values: [fast, safe]
steps:
  - name: greet
    if: \${{ parameters.enabled }}
    run: echo \${{ parameters.greeting }} \${{ parameters.mode }}
    retry-times: \${{ parameters.retries }}
    with:
      targets: \${{ parameters.targets }}
`;

const templates = {
  'step.yml': STEP_TEMPLATE,
  'jobs.yml': 'jobs:\n  build:\n    steps:\n      - run: echo template\n',
  'remote/templates/step.yml': 'steps:\n  - run: echo from remote\n',
};

function pipeline(stepCall: string): string {
  return `version: v2.0\nsteps:\n  - template: step.yml\n${stepCall}`;
}

async function expand(content: string, legacyParameters = false) {
  return expandPipelineYaml({ file: 'pipeline.yml', content }, { resolver: new InMemoryTemplateResolver(templates), legacyParameters });
}

async function expandError(content: string): Promise<YamlError> {
  const error = await expand(content).catch((e: unknown) => e);
  if (!(error instanceof YamlError)) throw new Error(`expected a YamlError, got ${String(error)}`);
  return error;
}

function firstStep(result: Record<string, unknown>): Record<string, unknown> {
  const stages = result.stages as Array<{ jobs: Array<{ steps: Array<Record<string, unknown>> }> }>;
  return stages[0].jobs[0].steps[0];
}

describe('template parameters', () => {
  it('fills in defaults of every type', async () => {
    const step = firstStep(await expand(pipeline('')));
    expect(step.run).toBe('echo hello fast');
    expect(step.if).toBe('false');
    expect(step['retry-times']).toBe(1);
    expect(step.with).toEqual({ targets: ['a', 'b'] });
  });

  it('lets the caller override each parameter', async () => {
    const call = '    parameters:\n      greeting: hi\n      retries: 3\n      enabled: true\n      targets: [x]\n      mode: safe\n';
    const step = firstStep(await expand(pipeline(call)));
    expect(step.run).toBe('echo hi safe');
    expect(step.if).toBe('true');
    expect(step['retry-times']).toBe(3);
    expect(step.with).toEqual({ targets: ['x'] });
  });

  it('refuses a value outside the allowed values', async () => {
    const error = await expandError(pipeline('    parameters:\n      mode: reckless\n'));
    expect(error.code).toBe(YamlErrorCode.PARAMETER_INVALID);
    expect(error.message).toContain('mode=reckless');
    expect(error.message).toContain('[fast,safe]');
  });

  it('leaves other contexts for the build to evaluate', async () => {
    const content = 'version: v2.0\nsteps:\n  - run: echo ${{ variables.A }} ${{ ci.actor }}\n';
    expect(firstStep(await expand(content)).run).toBe('echo ${{ variables.A }} ${{ ci.actor }}');
  });

  it('replaces parameters as plain text in the legacy mode', async () => {
    const step = firstStep(await expand(pipeline('    parameters:\n      greeting: hi\n'), true));
    expect(step.run).toBe('echo hi fast');
  });
});

describe('template references', () => {
  it('reads path@alias from the repository the alias declares', async () => {
    const content = `version: v2.0
resources:
  repositories:
    - repository: remote
      name: remote
steps:
  - template: step.yml@remote
`;
    expect(firstStep(await expand(content)).run).toBe('echo from remote');
  });

  it('refuses an alias that resources.repositories does not declare', async () => {
    const error = await expandError('version: v2.0\nsteps:\n  - template: step.yml@nowhere\n');
    expect(error.code).toBe(YamlErrorCode.REPOSITORY_NOT_FOUND);
    expect(error.message).toContain('[nowhere]');
    expect(error.location).toEqual({ file: 'pipeline.yml', line: 3, column: 15 });
  });

  it('refuses a template that does not exist', async () => {
    const error = await expandError('version: v2.0\nsteps:\n  - run: echo\n  - template: missing.yml\n');
    expect(error.code).toBe(YamlErrorCode.TEMPLATE_NOT_FOUND);
    expect(error.location).toEqual({ file: 'pipeline.yml', line: 4, column: 15 });
  });

  it('refuses a job id that a template brings in twice', async () => {
    const content = 'version: v2.0\njobs:\n  build:\n    steps:\n      - run: echo\n  template:\n    - name: jobs.yml\n';
    const error = await expandError(content);
    expect(error.code).toBe(YamlErrorCode.DUPLICATE_ID);
    expect(error.message).toContain('build');
  });

  it('takes body, notices and resources from extends, keeping the pipeline’s own name', async () => {
    const extendsTemplates = {
      'base.yml': 'name: base\nnotices:\n  - type: email\n    receivers: [a, a]\nstages:\n  - name: s1\n    jobs:\n      j1:\n        steps:\n          - run: echo base\n',
    };
    const result = await expandPipelineYaml(
      { file: 'pipeline.yml', content: 'version: v2.0\nname: mine\nextends:\n  template: base.yml\n' },
      { resolver: new InMemoryTemplateResolver(extendsTemplates) },
    );
    expect(result.name).toBe('mine');
    expect(firstStep(result).run).toBe('echo base');
    expect(result.notices).toEqual([expect.objectContaining({ type: 'email', receivers: ['a'] })]);
  });
});

describe('syntax errors', () => {
  it('name the file, line and column', async () => {
    const error = await expandError('version: v2.0\nsteps:\n  - run: a: b\n');
    expect(error.code).toBe(YamlErrorCode.SYNTAX);
    expect(error.location).toEqual(expect.objectContaining({ file: 'pipeline.yml', line: 3 }));
  });
});

describe('version', () => {
  it('refuses a version other than v2.0 or v3.0, at the version line', async () => {
    const error = await expandError('name: demo\nversion: v1.0\nsteps:\n  - run: echo\n');
    expect(error.code).toBe(YamlErrorCode.UNSUPPORTED_VERSION);
    expect(error.location).toEqual({ file: 'pipeline.yml', line: 2, column: 10 });
  });

  it('reads a file without version as v2.0', async () => {
    expect(firstStep(await expand('steps:\n  - run: echo\n')).run).toBe('echo');
  });

  it('refuses a document that is not a mapping', async () => {
    const error = await expandError('- run: echo\n');
    expect(error.code).toBe(YamlErrorCode.FORMAT);
    expect(error.location).toEqual(expect.objectContaining({ line: 1 }));
  });
});

/**
 * Where a key takes one value or a list, the expansion keeps what was written, as BK-CI's
 * YamlTemplate does (PreFlow.reviewers is `Any`): an expression such as `${{ci.actor}}` yields
 * its list when the build runs. Where BK-CI's objects want a list and get one value, it refuses
 * the file; where it reads one value as a list (stage labels), so do we.
 */
describe('scalars stay scalars', () => {
  const checkIn = (reviewers: string, gates = '') =>
    `    check-in:\n      reviews:\n        flows:\n          - name: owners\n            reviewers: ${reviewers}\n${gates}`;
  const stage = (extra: string) => `stages:\n  - name: release\n${extra}    jobs:\n      ship:\n        steps:\n          - run: ./ship.sh\n`;
  const reviewersOf = (result: Record<string, unknown>) => {
    const stages = result.stages as Array<{ 'check-in': { reviews: { flows: Array<{ reviewers: unknown }> } } }>;
    expect(stages).toHaveLength(1);
    return stages[0]['check-in'].reviews.flows.map((flow) => flow.reviewers);
  };
  const stageTemplates = {
    'release.yml': `parameters:\n  - name: who\n    type: string\n    default: \${{ci.actor}}\n${stage(checkIn('${{ parameters.who }}'))}`,
    'gate.yml': 'gates:\n  - name: tests\n    rule: ["tests.passed == true"]\n',
  };
  const expandWith = (content: string, legacyParameters = false) =>
    expandPipelineYaml({ file: 'pipeline.yml', content }, { resolver: new InMemoryTemplateResolver(stageTemplates), legacyParameters });

  it.each([false, true])('a review flow with one reviewer expression keeps it a string, legacy parameters: %s', async (legacy) => {
    const result = await expandWith(`version: v2.0\n${stage(checkIn('${{ci.actor}}'))}`, legacy);
    expect(reviewersOf(result)).toEqual(['${{ci.actor}}']);
  });

  it('a review flow with a list of reviewers keeps the list', async () => {
    const result = await expandWith(`version: v2.0\n${stage(checkIn('[alice, bob]'))}`);
    expect(reviewersOf(result)).toEqual([['alice', 'bob']]);
  });

  it('one reviewer stays a string next to inline gates and gate templates', async () => {
    const gates = '      gates:\n        - name: inline\n          rule: ["a == 1"]\n        - template: gate.yml\n';
    const result = await expandWith(`version: v2.0\n${stage(checkIn('alice', gates))}`);
    expect(reviewersOf(result)).toEqual(['alice']);
    const stages = result.stages as Array<{ 'check-in': { gates: Array<{ name: string }> } }>;
    expect(stages[0]['check-in'].gates.map((gate) => gate.name)).toEqual(['inline', 'tests']);
  });

  it.each([false, true])('one reviewer from a stage template parameter stays a string, legacy parameters: %s', async (legacy) => {
    const called = await expandWith('version: v2.0\nstages:\n  - template: release.yml\n    parameters:\n      who: carol\n', legacy);
    expect(reviewersOf(called)).toEqual(['carol']);
    const defaulted = await expandWith('version: v2.0\nstages:\n  - template: release.yml\n', legacy);
    expect(reviewersOf(defaulted)).toEqual(['${{ci.actor}}']);
  });

  it('a stage label given as one string names one label (BK-CI reads it as a one-item list)', async () => {
    const result = await expandWith(`version: v2.0\n${stage('    label: Deploy\n')}`);
    expect((result.stages as Array<{ label: unknown }>)[0].label).toEqual(['53b4d3f38e3e425cb1aaa97aa1b37857']);
  });

  it('runs-on given as one string is the pool name; a list gives its text, as BK-CI does', async () => {
    const job = (runsOn: string) => `version: v2.0\njobs:\n  build:\n    runs-on: ${runsOn}\n    steps:\n      - run: make\n`;
    const poolOf = (result: Record<string, unknown>) =>
      (result.stages as Array<{ jobs: Array<{ 'runs-on': { 'pool-name': unknown } }> }>)[0].jobs[0]['runs-on']['pool-name'];
    expect(poolOf(await expandWith(job('linux')))).toBe('linux');
    expect(poolOf(await expandWith(job('[linux, arm]')))).toBe('[linux, arm]');
  });

  it('if-modify given as one string is ignored, as BK-CI does', async () => {
    const result = await expandWith('version: v2.0\nsteps:\n  - run: make\n    if-modify: src/**\n');
    expect(firstStep(result)['if-modify']).toBeNull();
  });

  it.each([
    ['notice receivers', 'version: v2.0\nnotices:\n  - type: email\n    receivers: alice\nsteps:\n  - run: make\n', 'receivers'],
    ['notice ccs', 'version: v2.0\nnotices:\n  - type: email\n    ccs: alice\nsteps:\n  - run: make\n', 'ccs'],
    ['notice chat-id', 'version: v2.0\nnotices:\n  - type: wework-chat\n    chat-id: room\nsteps:\n  - run: make\n', 'chat-id'],
    ['depend-on', 'version: v2.0\njobs:\n  a:\n    steps:\n      - run: make\n  b:\n    depend-on: a\n    steps:\n      - run: make\n', 'depend-on'],
    ['agent-selector', 'version: v2.0\njobs:\n  a:\n    runs-on:\n      agent-selector: linux\n    steps:\n      - run: make\n', 'agent-selector'],
    ['gate rule', `version: v2.0\n${stage('    check-in:\n      gates:\n        - name: g\n          rule: a == 1\n')}`, 'rule'],
    ['pipeline label', 'version: v2.0\nlabel: nightly\nsteps:\n  - run: make\n', 'label'],
  ])('refuses one value where BK-CI wants a list: %s', async (_what, content, keyword) => {
    const error = await expandWith(content).catch((e: unknown) => e);
    if (!(error instanceof YamlError)) throw new Error(`expected a YamlError, got ${String(error)}`);
    expect(error.code).toBe(YamlErrorCode.FORMAT);
    expect(error.message).toContain(`[${keyword}]`);
  });
});
