import { posix } from 'node:path';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { TemplateLocation } from './template-resolver';

/** Where a template reference lands inside a resolver's root, and how to name it in messages. */
export interface TemplateKey {
  /** Normalised, `/`-separated, relative to the root: `<path>` or `<repository>/templates/<path>`. */
  key: string;
  /** `<path>` for a local template, `<repository>:templates/<path>` for a remote one. */
  display: string;
}

/**
 * Maps a reference to its key under the root, the layout of BK-CI's test loader: `path` →
 * `<path>`, `{path, repository: {name}}` → `<name>/templates/<path>`. Anything that could leave the
 * root (or a repository's own folder) is PATH_OUTSIDE_ROOT: an absolute path, a drive letter, `..`
 * segments that climb too high, a repository name with `..`, a NUL byte. Backslashes count as separators.
 */
export function templateKey(location: TemplateLocation): TemplateKey {
  const path = slashes(location.path ?? '');
  if (path.trim() === '') {
    throw new YamlError(YamlErrorCode.TEMPLATE_NOT_FOUND, 'Template path is empty');
  }
  refuseAbsolute(path, location.path);
  const repository = location.repository?.name;
  if (repository === undefined) {
    const key = posix.normalize(path);
    if (escapes(key)) throw outside(location.path);
    return { key, display: key };
  }
  const name = slashes(repository);
  refuseAbsolute(name, repository);
  const nameSegments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (nameSegments.length === 0 || nameSegments.includes('..')) throw outside(repository, 'repository name');
  const repoRoot = nameSegments.join('/');
  const key = posix.normalize(`${repoRoot}/templates/${path}`);
  if (escapes(key) || !key.startsWith(`${repoRoot}/`)) throw outside(`${location.path}@${repository}`);
  return { key, display: `${repoRoot}:${key.slice(repoRoot.length + 1)}` };
}

function slashes(text: string): string {
  if (text.includes('\0')) throw outside(text.replace(/\0/g, '\\0'));
  return text.replace(/\\/g, '/');
}

function refuseAbsolute(path: string, original: string): void {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw outside(original);
}

function escapes(key: string): boolean {
  return key === '..' || key.startsWith('../');
}

function outside(path: string, what = 'template path'): YamlError {
  return new YamlError(YamlErrorCode.PATH_OUTSIDE_ROOT, `The ${what} "${path}" points outside the template root`);
}

export function notFound(display: string, path: string): YamlError {
  const shown = display === path ? `"${path}"` : `"${path}" (${display})`;
  return new YamlError(YamlErrorCode.TEMPLATE_NOT_FOUND, `Template file ${shown} not found`);
}
