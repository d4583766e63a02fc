import { YamlError, YamlErrorCode } from '../yaml-error';
import { parseYamlDocument } from './parse-yaml-document';
import { assertV3Schema, checkPipelineYaml, validateV3Schema } from './validate-v3-schema';

const body: Record<string, string> = {
  stages: 'stages:\n  - jobs:\n      build:\n        steps:\n          - run: make\n',
  jobs: 'jobs:\n  build:\n    steps:\n      - run: make\n',
  steps: 'steps:\n  - run: make\n',
  variables: 'variables:\n  greeting: hello\n',
  finally: 'finally:\n  cleanup:\n    steps:\n      - run: rm -rf out\n',
  extends: 'extends:\n  template:\n    path: base.yml\n',
};

const issuesOf = (text: string) => validateV3Schema(parseYamlDocument(text, 'c.yml'));
const doc = (...keys: string[]) => `version: v3.0\nname: x\n${keys.map((key) => body[key]).join('')}`;
const lineOf = (text: string, key: string) => text.split('\n').indexOf(`${key}:`) + 1;

describe('v3.0 schema: mutual exclusions', () => {
  it.each(['stages', 'jobs', 'steps'])('a body of %s alone is valid, also with variables and finally', (key) => {
    expect(issuesOf(doc(key))).toEqual([]);
    expect(issuesOf(doc('variables', key, 'finally'))).toEqual([]);
  });

  it('extends alone is valid', () => {
    expect(issuesOf(doc('extends'))).toEqual([]);
  });

  it.each(['stages', 'jobs', 'steps', 'variables', 'finally'])('extends forbids %s, reported at that key', (key) => {
    const text = doc('extends', key);
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ keyword: 'not', path: [key], message: `\`${key}\` cannot be used together with \`extends\` in the document` });
    expect(issues[0].location).toEqual({ file: 'c.yml', line: lineOf(text, key), column: 1 });
  });

  it.each([
    ['stages', 'jobs'],
    ['stages', 'steps'],
    ['jobs', 'steps'],
  ])('%s and %s exclude each other; both keys are reported', (first, second) => {
    const text = doc(first, second);
    const issues = issuesOf(text);
    expect(issues.map((issue) => issue.message)).toEqual([
      `\`${first}\` cannot be used together with \`${second}\` in the document`,
      `\`${second}\` cannot be used together with \`${first}\` in the document`,
    ]);
    expect(issues.map((issue) => issue.location.line)).toEqual([lineOf(text, first), lineOf(text, second)]);
  });

  it('a step may not combine uses, run and checkout', () => {
    const text = 'version: v3.0\nsteps:\n  - uses: a@1\n    run: echo\n  - checkout: self\n    uses: b@1\n';
    expect(issuesOf(text).map((issue) => `${issue.location.line}:${issue.message}`)).toEqual([
      '3:`uses` cannot be used together with `run` in `steps[0]`',
      '4:`run` cannot be used together with `uses` in `steps[0]`',
      '6:`uses` cannot be used together with `checkout` in `steps[1]`',
    ]);
  });
});

describe('v3.0 schema: problems at their lines', () => {
  const text = [
    'version: v3.0', // 1
    'name: demo',
    'on:',
    '  push:',
    '    branches: main', // 5
    '  manual: sometimes',
    'colour: blue',
    'stages:',
    '  - name: build',
    '    label: Ship', // 10
    '    jobs:',
    '      compile:',
    '        runs-on: 5',
    '        steps:',
    '          - name: one', // 15
    '            foo: 1',
    '          - uses: no-version',
    '          - template: 5',
    '      lonely:',
    '        name: no steps', // 20
    'concurrency:',
    '  queue-length: 0',
    'variables:',
    '  CONST_A: 3',
    '',
  ].join('\n');

  it('reports each problem once, in file order, at the offending node', () => {
    const found = issuesOf(text).map((issue) => `${issue.location.line}:${issue.location.column} ${issue.keyword} ${issue.message}`);
    expect(found).toEqual([
      '5:15 type `on.push.branches` must be a list',
      '6:11 pattern `on.manual` does not match the expected format /(\\benabled\\b|\\bdisabled\\b)/',
      '7:1 additionalProperties `colour` is not a supported key in the document',
      '10:12 enum `stages[0].label` must be one of: "Build", "Test", "Deploy", "Approve"',
      '13:18 type `stages[0].jobs.compile.runs-on` must be a string or a mapping',
      '16:13 additionalProperties `foo` is not a supported key in `stages[0].jobs.compile.steps[0]`',
      '17:19 pattern `stages[0].jobs.compile.steps[1].uses` does not match the expected format /^.*@.*$/',
      '18:23 type `stages[0].jobs.compile.steps[2].template` must be a string',
      '20:9 required `stages[0].jobs.lonely` is missing the required key `steps`',
      '22:17 minimum `concurrency.queue-length` must be >= 1',
      '24:12 type `variables.CONST_A` must be a mapping',
    ]);
  });

  it('assertV3Schema throws SCHEMA for the first problem and counts the rest', () => {
    const parsed = parseYamlDocument(text, 'c.yml');
    let thrown: unknown;
    try {
      assertV3Schema(parsed);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(YamlError);
    expect((thrown as YamlError).code).toBe(YamlErrorCode.SCHEMA);
    expect((thrown as YamlError).message).toBe('c.yml:5:15: `on.push.branches` must be a list (and 10 more schema problems)');
  });

  it('checks template-id needs a version, and job ids and step ids within their limits', () => {
    const extendsById = 'version: v3.0\nextends:\n  template:\n    template-id: t-1\n';
    expect(issuesOf(extendsById).map((issue) => issue.message)).toEqual(['`extends.template` needs `version` when `template-id` is given']);
    expect(issuesOf(`${extendsById}    version: 3\n`)).toEqual([]);
    const longId = `version: v3.0\nsteps:\n  - id: ${'s'.repeat(65)}\n    run: x\n`;
    expect(issuesOf(longId).map((issue) => issue.message)).toEqual(['`steps[0].id` must NOT have more than 64 characters']);
  });

  it('accepts on: as a list of trigger sets, and rejects an empty one', () => {
    expect(issuesOf('version: v3.0\non:\n  - repo-name: a/b\n    push: [main]\n  - manual: enabled\nsteps: []\n')).toEqual([]);
    expect(issuesOf('version: v3.0\non: {}\n').map((issue) => issue.message)).toEqual(['`on` must NOT have fewer than 1 properties']);
  });

  it('checkPipelineYaml stops at the first schema problem with SCHEMA', () => {
    expect(() => checkPipelineYaml('version: v3.0\ncolour: blue\n', 'c.yml')).toThrow('c.yml:2:1: `colour` is not a supported key in the document');
  });
});

describe('v3.0 schema: many problems', () => {
  it('explains each of thousands of bad items once, at its own place', () => {
    const count = 3000;
    const text = `version: v3.0\nname: x\nsteps:\n${Array.from({ length: count }, (_, i) => `  - template: steps/s${i}.yml\n    bogus: ${i}\n`).join('')}`;
    const issues = issuesOf(text);
    expect(issues).toHaveLength(count);
    issues.forEach((issue, i) => {
      expect(issue.message).toBe(`\`bogus\` is not a supported key in \`steps[${i}]\``);
      expect(issue.location).toEqual({ file: 'c.yml', line: 5 + 2 * i, column: 5 });
    });
  });
});
