import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expandPipelineYaml, FileSystemTemplateResolver } from '@bkci/pipeline-yaml';
import { expectedExpansion, YAML_FIXTURES as FIXTURES } from '../../../test/fixtures/yaml';
import { run, USAGE } from './cli';

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'bkci-cli-'));
  writeFileSync(join(scratch, 'pipeline.yml'), 'version: v2.0\nsteps:\n  - run: echo own\n  - template: steps.yml\n');
  writeFileSync(join(scratch, 'steps.yml'), 'steps:\n  - run: echo from the folder\n');
  writeFileSync(join(scratch, 'missing.yml'), 'version: v2.0\nsteps:\n  - run: echo own\n  - template: nope.yml\n');
  writeFileSync(join(scratch, 'not-a-model.json'), JSON.stringify({ name: 'no stages' }));
  writeFileSync(join(scratch, 'bad.yml'), 'version: v3.0\ncolour: blue\nsteps:\n  - uses: nothing\n');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(argv: string[], cwd = FIXTURES): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd };
  const status = await run(argv, io);
  return { status, stdout, stderr };
}

describe('bkci command line', () => {
  it('prints the usage for --help, exit 0', async () => {
    expect(await cli(['--help'])).toEqual({ status: 0, stdout: USAGE, stderr: '' });
    expect((await cli(['yaml', 'check', '-h'])).stdout).toBe(USAGE);
  });

  it.each([
    [[], 'missing command'],
    [['pipeline'], 'unknown command "pipeline"'],
    [['yaml'], 'missing yaml command'],
    [['yaml', 'lint', 'a.yml'], 'unknown yaml command "lint"'],
    [['yaml', 'check'], 'missing <file>'],
    [['yaml', 'check', 'a.yml', 'b.yml'], 'unexpected argument "b.yml"'],
    [['yaml', 'check', 'a.yml', '--json'], 'unknown option --json for "yaml check"'],
    [['yaml', 'expand', 'a.yml', '--templates'], '--templates needs a directory'],
    [['yaml', 'expand', 'a.yml', '--json=yes'], '--json takes no value'],
  ])('rejects %j with exit 2 and the usage', async (argv, reason) => {
    const outcome = await cli(argv);
    expect(outcome.status).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toBe(`bkci: ${reason}\n\n${USAGE}`);
  });
});

describe('bkci yaml check', () => {
  it('prints ok for valid v3.0 files', async () => {
    expect(await cli(['yaml', 'check', 'v3/valid.yml'])).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
    expect(await cli(['yaml', 'check', join(FIXTURES, 'v3/complex.yml')])).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
  });

  it.each([
    ['v3/invalid-syntax.yml', /^v3\/invalid-syntax\.yml:17:23: Missing closing "quote/],
    ['v3/no-version.yml', /^v3\/no-version\.yml:1:1: yaml version\(null\) not valid, only support v3\.0/],
    ['v3/unsupported-version.yml', /^v3\/unsupported-version\.yml:1:10: yaml version\(v9\.9\) not valid/],
  ])('reports %s on stderr with file:line:column, exit 1', async (file, expected) => {
    const outcome = await cli(['yaml', 'check', file]);
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(expected);
    expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints every schema problem, one per line', async () => {
    expect(await cli(['yaml', 'check', 'bad.yml'], scratch)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'bad.yml:2:1: `colour` is not a supported key in the document\nbad.yml:4:11: `steps[0].uses` does not match the expected format /^.*@.*$/\n',
    });
  });

  it('reports a file that cannot be read, exit 1', async () => {
    expect(await cli(['yaml', 'check', 'no/such.yml'])).toEqual({ status: 1, stdout: '', stderr: 'no/such.yml: cannot read the file (ENOENT)\n' });
  });
});

describe('bkci yaml expand', () => {
  it('expands with templates from --templates and prints YAML, in both parameter modes', async () => {
    for (const legacy of [false, true]) {
      const flags = legacy ? ['--legacy-params'] : [];
      const outcome = await cli(['yaml', 'expand', 'samples/parameters.yml', '--templates', 'templates', ...flags]);
      expect(outcome).toMatchObject({ status: 0, stderr: '' });
      const resolver = new FileSystemTemplateResolver(join(FIXTURES, 'templates'));
      const content = readFileSync(join(FIXTURES, 'samples/parameters.yml'), 'utf8');
      const expected = await expandPipelineYaml({ file: 'samples/parameters.yml', content }, { resolver, legacyParameters: legacy });
      expect(parse(outcome.stdout)).toEqual(expected);
      expect(parse(outcome.stdout)).toEqual(expectedExpansion('parameters', legacy));
    }
  });

  it('prints JSON with --json and reads templates from the file folder by default', async () => {
    const outcome = await cli(['yaml', 'expand', '--json', 'pipeline.yml'], scratch);
    expect(outcome.status).toBe(0);
    const steps = JSON.parse(outcome.stdout).stages[0].jobs[0].steps as Array<{ run: string }>;
    expect(steps.map((step) => step.run)).toEqual(['echo own', 'echo from the folder']);
  });

  it('prints an error as file:line:column: message, exit 1', async () => {
    expect(await cli(['yaml', 'expand', 'missing.yml'], scratch)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'missing.yml:4:15: Template file "nope.yml" not found\n',
    });
  });
});

describe('bkci yaml to-model and from-model', () => {
  it('to-model prints the Model; from-model turns it back into the same YAML data', async () => {
    const toModel = await cli(['yaml', 'to-model', 'v3/valid.yml']);
    expect(toModel.status).toBe(0);
    const result = JSON.parse(toModel.stdout);
    expect(result).toMatchObject({ kind: 'PIPELINE', model: { stages: expect.any(Array) } });
    writeFileSync(join(scratch, 'valid.model.json'), toModel.stdout);
    const fromModel = await cli(['yaml', 'from-model', 'valid.model.json'], scratch);
    expect(fromModel).toMatchObject({ status: 0, stderr: '' });
    writeFileSync(join(scratch, 'again.yml'), fromModel.stdout);
    const again = await cli(['yaml', 'to-model', 'again.yml'], scratch);
    expect(JSON.parse(again.stdout)).toEqual(result);
  });

  it('from-model names the JSON path of a Model error, exit 1', async () => {
    const outcome = await cli(['yaml', 'from-model', 'not-a-model.json'], scratch);
    expect(outcome).toEqual({ status: 1, stdout: '', stderr: 'not-a-model.json: stages is required\n' });
  });

  it('from-model reports a file that is not JSON, exit 1', async () => {
    const outcome = await cli(['yaml', 'from-model', 'v3/valid.yml']);
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toMatch(/^v3\/valid\.yml: not valid JSON: /);
  });
});
