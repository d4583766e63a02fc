import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { FileSystemTemplateResolver } from './file-system-template-resolver';
import { InMemoryTemplateResolver } from './in-memory-template-resolver';
import { TemplateLocation, TemplateResolver } from './template-resolver';

const FILES: Record<string, string> = {
  'steps.yml': 'steps:\n  - run: local\n',
  'cyclic/step/step1.yml': 'steps:\n  - run: nested\n',
  'repoA/templates/step1.yml': 'steps:\n  - run: remote\n',
  'pcg/stream-ci-template/templates/codecc.yml': 'steps:\n  - run: codecc\n',
};

let sandbox: string;
beforeAll(() => {
  sandbox = mkdtempSync(join(tmpdir(), 'bkci-resolver-'));
  const root = join(sandbox, 'root');
  for (const [name, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  writeFileSync(join(sandbox, 'secret.yml'), 'password: hunter2\n');
  symlinkSync(join(sandbox, 'secret.yml'), join(root, 'link-out.yml'));
  symlinkSync(sandbox, join(root, 'dir-out'));
  symlinkSync(join(root, 'steps.yml'), join(root, 'link-in.yml'));
});
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

async function failure(resolver: TemplateResolver, location: TemplateLocation): Promise<YamlError> {
  const error = await resolver.read(location).then(
    () => new Error(`read ${JSON.stringify(location)} succeeded`),
    (thrown: unknown) => thrown,
  );
  if (error instanceof YamlError) return error;
  throw error;
}

describe.each<[string, () => TemplateResolver]>([
  ['FileSystemTemplateResolver', () => new FileSystemTemplateResolver(join(sandbox, 'root'))],
  ['InMemoryTemplateResolver', () => new InMemoryTemplateResolver(FILES)],
])('%s', (_name, make) => {
  it('reads a local template by its path', async () => {
    await expect(make().read({ path: 'steps.yml' })).resolves.toEqual({ file: 'steps.yml', content: FILES['steps.yml'] });
    await expect(make().read({ path: './cyclic/step/../step/step1.yml' })).resolves.toEqual({
      file: 'cyclic/step/step1.yml',
      content: FILES['cyclic/step/step1.yml'],
    });
  });

  it('reads a remote template under <repository>/templates/', async () => {
    await expect(make().read({ path: 'step1.yml', repository: { name: 'repoA', ref: 'master' } })).resolves.toEqual({
      file: 'repoA:templates/step1.yml',
      content: FILES['repoA/templates/step1.yml'],
    });
    const remote = await make().read({ path: 'codecc.yml', repository: { name: 'pcg/stream-ci-template' } });
    expect(remote).toEqual({ file: 'pcg/stream-ci-template:templates/codecc.yml', content: FILES['pcg/stream-ci-template/templates/codecc.yml'] });
  });

  it.each<[string, TemplateLocation]>([
    ['a missing local file', { path: 'nope.yml' }],
    ['a remote file in the wrong repository', { path: 'step1.yml', repository: { name: 'repoB' } }],
    ['a directory', { path: 'cyclic' }],
    ['a key of Object.prototype', { path: 'constructor' }],
    ['an empty path', { path: '' }],
  ])('reports %s as TEMPLATE_NOT_FOUND naming the path', async (_what, location) => {
    const error = await failure(make(), location);
    expect(error.code).toBe(YamlErrorCode.TEMPLATE_NOT_FOUND);
    if (location.path) expect(error.message).toContain(`"${location.path}"`);
  });

  it.each<[string, TemplateLocation]>([
    ['..', { path: '../secret.yml' }],
    ['.. after a folder', { path: 'cyclic/../../secret.yml' }],
    ['backslash ..', { path: '..\\secret.yml' }],
    ['an absolute path', { path: '/etc/passwd' }],
    ['a drive letter', { path: 'C:\\Windows\\win.ini' }],
    ['a NUL byte', { path: 'steps.yml\0.png' }],
    ['a remote path leaving its repository', { path: '../../steps.yml', repository: { name: 'repoA' } }],
    ['a repository name with ..', { path: 'x.yml', repository: { name: '../outside' } }],
    ['an absolute repository name', { path: 'x.yml', repository: { name: '/tmp' } }],
  ])('refuses %s as PATH_OUTSIDE_ROOT', async (_what, location) => {
    expect((await failure(make(), location)).code).toBe(YamlErrorCode.PATH_OUTSIDE_ROOT);
  });

  it('refuses a template over the size limit as FILE_TOO_LARGE', async () => {
    const small = make() instanceof FileSystemTemplateResolver
      ? new FileSystemTemplateResolver(join(sandbox, 'root'), { maxFileBytes: 10 })
      : new InMemoryTemplateResolver(FILES, { maxFileBytes: 10 });
    expect((await failure(small, { path: 'steps.yml' })).code).toBe(YamlErrorCode.FILE_TOO_LARGE);
  });
});

describe('FileSystemTemplateResolver and symbolic links', () => {
  const resolver = () => new FileSystemTemplateResolver(join(sandbox, 'root'));

  it('refuses a link to a file outside the root', async () => {
    const error = await failure(resolver(), { path: 'link-out.yml' });
    expect(error.code).toBe(YamlErrorCode.PATH_OUTSIDE_ROOT);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a path through a linked folder that leaves the root', async () => {
    expect((await failure(resolver(), { path: 'dir-out/secret.yml' })).code).toBe(YamlErrorCode.PATH_OUTSIDE_ROOT);
  });

  it('follows a link that stays inside the root', async () => {
    await expect(resolver().read({ path: 'link-in.yml' })).resolves.toEqual({ file: 'link-in.yml', content: FILES['steps.yml'] });
  });

  it('reports a root that does not exist as TEMPLATE_NOT_FOUND', async () => {
    const missing = new FileSystemTemplateResolver(join(sandbox, 'no-such-root'));
    expect((await failure(missing, { path: 'steps.yml' })).code).toBe(YamlErrorCode.TEMPLATE_NOT_FOUND);
  });
});
