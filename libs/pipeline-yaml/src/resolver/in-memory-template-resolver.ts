import { posix } from 'node:path';
import { DEFAULT_TEMPLATE_LIMITS } from '../template-limits';
import { YamlError, YamlErrorCode } from '../yaml-error';
import type { TemplateResolverOptions } from './file-system-template-resolver';
import { notFound, templateKey } from './template-path';
import { TemplateLocation, TemplateResolver, TemplateSource } from './template-resolver';

/**
 * Templates held in memory, keyed like files under a root: `'steps.yml'`,
 * `'repoA/templates/step1.yml'` (what `step1.yml@repoA` reads when the alias names repository `repoA`).
 */
export class InMemoryTemplateResolver extends TemplateResolver {
  private readonly files = new Map<string, string>();
  private readonly maxFileBytes: number;

  constructor(files: Record<string, string>, options: TemplateResolverOptions = {}) {
    super();
    for (const [name, content] of Object.entries(files)) {
      this.files.set(posix.normalize(name.replace(/\\/g, '/')), content);
    }
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_TEMPLATE_LIMITS.maxFileBytes;
  }

  async read(location: TemplateLocation): Promise<TemplateSource> {
    const { key, display } = templateKey(location);
    const content = this.files.get(key);
    if (content === undefined) throw notFound(display, location.path);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > this.maxFileBytes) {
      throw new YamlError(YamlErrorCode.FILE_TOO_LARGE, `Template "${display}" is ${bytes} bytes; the limit is ${this.maxFileBytes} bytes`);
    }
    return { file: display, content };
  }
}
