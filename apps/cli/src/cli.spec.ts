import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FileSystemTemplateResolver, YamlError, YamlErrorCode } from '@bkci/pipeline-yaml';
import { run, USAGE } from './cli';
import { EngineUnavailableError, YamlEngine } from './engine';

const FIXTURES = join(__dirname, '../../../../shared/fixtures/bkci-yaml');

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
}

const unused = (): never => {
  throw new Error('engine not expected here');
};
const NO_ENGINE: YamlEngine = { expandPipelineYaml: unused, yamlToModel: unused, modelToYaml: unused };

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'bkci-cli-'));
  writeFileSync(join(scratch, 'model.json'), JSON.stringify({ name: 'from a model' }));
  writeFileSync(join(scratch, 'bad.yml'), 'version: v3.0\ncolour: blue\nsteps:\n  - uses: nothing\n');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(argv: string[], engine: YamlEngine = NO_ENGINE, cwd = FIXTURES): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) }, cwd };
  const status = await run(argv, io, engine);
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
    expect(await cli(['yaml', 'check', 'test-yamls/valid-v3.yml'])).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
    expect((await cli(['yaml', 'check', join(FIXTURES, 'test-yamls/complex-valid.yml')])).status).toBe(0);
  });

  it.each([
    ['test-yamls/invalid-syntax.yml', /^test-yamls\/invalid-syntax\.yml:22:23: Missing closing "quote/],
    ['test-yamls/no-version.yml', /^test-yamls\/no-version\.yml:1:1: yaml version\(null\) not valid, only support v3\.0/],
    ['test-yamls/unsupported-version.yml', /^test-yamls\/unsupported-version\.yml:1:10: yaml version\(v1\.0\) not valid/],
  ])('reports %s on stderr with file:line:column, exit 1', async (file, expected) => {
    const outcome = await cli(['yaml', 'check', file]);
    expect(outcome.status).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(expected);
    expect(outcome.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints every schema problem, one per line', async () => {
    expect(await cli(['yaml', 'check', 'bad.yml'], NO_ENGINE, scratch)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'bad.yml:2:1: `colour` is not a supported key in the document\nbad.yml:4:11: `steps[0].uses` does not match the expected format /^.*@.*$/\n',
    });
  });

  it('reports a file that cannot be read, exit 1', async () => {
    expect(await cli(['yaml', 'check', 'no/such.yml'])).toEqual({ status: 1, stdout: '', stderr: 'no/such.yml: cannot read the file (ENOENT)\n' });
  });
});

describe('bkci yaml expand, to-model, from-model (engine wiring)', () => {
  const expanded = { version: 'v2.0', name: 'demo', stages: [{ name: 's', jobs: { j: { steps: [{ run: 'echo "hi"' }] } } }] };
  const calls: unknown[][] = [];
  const engine: YamlEngine = {
    expandPipelineYaml: async (input, options) => {
      calls.push([input, options]);
      return expanded;
    },
    yamlToModel: (text, options) => ({ name: `model of ${options.file}`, length: text.length }),
    modelToYaml: (model) => `version: v3.0\nname: ${(model as { name: string }).name}`,
  };
  beforeEach(() => (calls.length = 0));

  it('expands with templates from --templates, prints YAML', async () => {
    const outcome = await cli(['yaml', 'expand', 'samples/stages/stages.yml', '--templates', 'templates', '--legacy-params'], engine);
    expect(outcome).toMatchObject({ status: 0, stderr: '' });
    expect(parse(outcome.stdout)).toEqual(expanded);
    const [input, options] = calls[0] as [{ file: string; content: string }, { resolver: FileSystemTemplateResolver; legacyParameters: boolean }];
    expect(input.file).toBe('samples/stages/stages.yml');
    expect(input.content).toContain('stages1.yml');
    expect(options.legacyParameters).toBe(true);
    await expect(options.resolver.read({ path: 'stages1.yml' })).resolves.toMatchObject({ file: 'stages1.yml' });
  });

  it('prints JSON with --json and defaults the template root to the file folder', async () => {
    const outcome = await cli(['yaml', 'expand', '--json', 'templates/pipeline.yml'], engine);
    expect(JSON.parse(outcome.stdout)).toEqual(expanded);
    const { resolver, legacyParameters } = (calls[0] as [unknown, { resolver: FileSystemTemplateResolver; legacyParameters: boolean }])[1];
    expect(legacyParameters).toBe(false);
    await expect(resolver.read({ path: 'steps.yml' })).resolves.toMatchObject({ file: 'steps.yml' });
  });

  it('prints a YamlError as file:line:column: message, exit 1', async () => {
    const failing: YamlEngine = {
      ...engine,
      expandPipelineYaml: async () => {
        throw new YamlError(YamlErrorCode.TEMPLATE_CYCLE, 'There is a [stage] circular dependency', { file: 'a.yml', line: 3, column: 5 });
      },
    };
    expect(await cli(['yaml', 'expand', 'samples/stages/stages.yml', '--templates', 'templates'], failing)).toEqual({
      status: 1,
      stdout: '',
      stderr: 'a.yml:3:5: There is a [stage] circular dependency\n',
    });
  });

  it('puts an error without a location at the input file', async () => {
    const failing: YamlEngine = {
      ...engine,
      expandPipelineYaml: () => new FileSystemTemplateResolver(join(FIXTURES, 'templates')).read({ path: 'nope.yml' }).then(() => ({})),
    };
    const outcome = await cli(['yaml', 'expand', 'samples/stages/stages.yml', '--templates', 'templates'], failing);
    expect(outcome).toEqual({ status: 1, stdout: '', stderr: 'samples/stages/stages.yml: Template file "nope.yml" not found\n' });
  });

  it('to-model prints the model as JSON; from-model prints YAML', async () => {
    const toModel = await cli(['yaml', 'to-model', 'test-yamls/valid-v3.yml'], engine);
    expect(toModel.status).toBe(0);
    expect(JSON.parse(toModel.stdout)).toMatchObject({ name: 'model of test-yamls/valid-v3.yml' });
    const fromModel = await cli(['yaml', 'from-model', 'model.json'], engine, scratch);
    expect(fromModel).toEqual({ status: 0, stdout: 'version: v3.0\nname: from a model\n', stderr: '' });
  });

  it('from-model reports a file that is not JSON, exit 1', async () => {
    const outcome = await cli(['yaml', 'from-model', 'test-yamls/valid-v3.yml'], engine);
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toMatch(/^test-yamls\/valid-v3\.yml: not valid JSON: /);
  });

  it('exits 3 when the engine is missing or fails unexpectedly', async () => {
    const missing: YamlEngine = { ...engine, yamlToModel: () => { throw new EngineUnavailableError('no transfer module'); } };
    expect(await cli(['yaml', 'to-model', 'test-yamls/valid-v3.yml'], missing)).toEqual({
      status: 3,
      stdout: '',
      stderr: 'bkci: yaml to-model is not available: no transfer module\n',
    });
    const broken: YamlEngine = { ...engine, modelToYaml: () => { throw new TypeError('boom'); } };
    const outcome = await cli(['yaml', 'from-model', 'model.json'], broken, scratch);
    expect(outcome.status).toBe(3);
    expect(outcome.stderr).toMatch(/^bkci: internal error: TypeError: boom/);
  });
});
