import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { DEFAULT_TEMPLATE_LIMITS } from '../template-limits';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { notFound, templateKey } from './template-path';
import { TemplateLocation, TemplateResolver, TemplateSource } from './template-resolver';

export interface TemplateResolverOptions {
  /** Largest template accepted, in bytes (FILE_TOO_LARGE above it); default the template limits' `maxFileBytes`. */
  maxFileBytes?: number;
}

/**
 * Templates from a directory: `path` → `<root>/<path>`, `path@repo` → `<root>/<repository>/templates/<path>`
 * (BK-CI's test layout). Nothing outside the root is ever read, symlinks included (PATH_OUTSIDE_ROOT).
 */
export class FileSystemTemplateResolver extends TemplateResolver {
  private readonly root: string;
  private readonly maxFileBytes: number;

  constructor(rootDir: string, options: TemplateResolverOptions = {}) {
    super();
    this.root = resolve(rootDir);
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_TEMPLATE_LIMITS.maxFileBytes;
  }

  async read(location: TemplateLocation): Promise<TemplateSource> {
    const { key, display } = templateKey(location);
    const target = join(this.root, ...key.split('/'));
    const realRoot = await realpath(this.root).catch(() => {
      throw new YamlError(YamlErrorCode.TEMPLATE_NOT_FOUND, `Template root "${this.root}" does not exist`);
    });
    let real: string;
    try {
      real = await realpath(target);
    } catch {
      throw notFound(display, location.path);
    }
    if (real !== realRoot && !real.startsWith(realRoot.endsWith(sep) ? realRoot : `${realRoot}${sep}`)) {
      throw new YamlError(YamlErrorCode.PATH_OUTSIDE_ROOT, `The template path "${location.path}" leads outside the template root (through a link)`);
    }
    try {
      const info = await stat(real);
      if (!info.isFile()) throw notFound(display, location.path);
      if (info.size > this.maxFileBytes) {
        throw new YamlError(YamlErrorCode.FILE_TOO_LARGE, `Template "${display}" is ${info.size} bytes; the limit is ${this.maxFileBytes} bytes`);
      }
      return { file: display, content: await readFile(real, 'utf8') };
    } catch (error) {
      if (error instanceof YamlError) throw error;
      throw notFound(display, location.path);
    }
  }
}
