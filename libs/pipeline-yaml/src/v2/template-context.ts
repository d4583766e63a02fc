import { isPlainObject, kotlinToString } from '@bkci/expressions';
import { TemplateLocation, TemplateResolver } from '../resolver/template-resolver';
import { TemplateLimits } from '../template-limits';
import { YamlError, YamlErrorCode } from '../yaml-error';
import type { ParameterDeclaration } from './parameter-declaration';
import { CallerParameters, readDeclaration, substituteParameters } from './parameters';
import { CycleKind, ReferenceGraph } from './template-graph';
import { locateReference } from './reference-location';
import { formatTemplateYaml, parseSubstitutedTemplate } from './yaml-text';

/** Where a `template:` reference may appear. */
export type TemplateKind = 'extends' | 'variable' | 'stage' | 'job' | 'step' | 'gate' | 'parameters';

const NESTING: ReadonlySet<TemplateKind> = new Set(['variable', 'stage', 'job', 'step']);

/** One YAML file of the expansion, as read (before any parameter substitution). */
export interface TemplateFile {
  /** Identity and display name: `path` in the triggering repository, `path@repository` elsewhere. */
  id: string;
  path: string;
  /** The repository the file lives in; absent for the triggering repository. */
  repository?: { name: string; ref?: string };
  /** The resolver's name for the file (error locations). */
  file: string;
  /** The file as its author wrote it (for error positions). */
  source: string;
  /** formatYaml text: what parameters are substituted into. */
  text: string;
  data: Record<string, unknown>;
}

/** A file being expanded at some nesting depth; counts the references it makes. */
export class Frame {
  references = 0;
  constructor(
    readonly file: TemplateFile,
    readonly depth: number,
    readonly parent: Frame | null,
  ) {}

  chain(): string {
    const ids: string[] = [];
    for (let f: Frame | null = this; f; f = f.parent) ids.unshift(f.file.id);
    return ids.join(' → ');
  }
}

export interface Instance {
  file: TemplateFile;
  /** The template after parameter substitution. */
  data: Record<string, unknown>;
  /** The frame its own references are made from. */
  frame: Frame;
}

function formatError(file: string, message: string): never {
  throw new YamlError(YamlErrorCode.FORMAT, `[${file}] Format error: ${message}`, { file });
}

/** State shared by one expansion: resolver, limits, file cache and the cycle graphs. */
export class ExpansionContext {
  private readonly cache = new Map<string, Promise<TemplateFile>>();
  private readonly graphs = new Map<CycleKind, ReferenceGraph>();

  constructor(
    private readonly resolver: TemplateResolver,
    readonly limits: TemplateLimits,
    readonly legacy: boolean,
  ) {}

  checkSize(file: string, content: string): void {
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > this.limits.maxFileBytes) {
      throw new YamlError(
        YamlErrorCode.FILE_TOO_LARGE,
        `file is ${bytes} bytes, more than the limit of ${this.limits.maxFileBytes}`,
        { file },
      );
    }
  }

  graph(kind: CycleKind): ReferenceGraph {
    let graph = this.graphs.get(kind);
    if (!graph) {
      graph = new ReferenceGraph(kind);
      this.graphs.set(kind, graph);
    }
    return graph;
  }

  /** `path` or `path@alias` written in `frame`'s file → where it lives. */
  locate(frame: Frame, reference: string): { location: TemplateLocation; id: string } {
    const at = reference.indexOf('@');
    if (at < 0) {
      const repository = frame.file.repository;
      return { location: { path: reference, repository }, id: repository ? `${reference}@${repository.name}` : reference };
    }
    const path = reference.slice(0, at);
    const alias = reference.slice(at + 1);
    const resources = frame.file.data.resources;
    const repositories = isPlainObject(resources) && Array.isArray(resources.repositories) ? resources.repositories : [];
    const declared = repositories.find((r) => isPlainObject(r) && kotlinToString(r.name) === alias) as
      | Record<string, unknown>
      | undefined;
    if (!declared || declared.repository === null || declared.repository === undefined) {
      throw new YamlError(
        YamlErrorCode.REPOSITORY_NOT_FOUND,
        `[${frame.file.id}]The referenced repository [${alias}] should first be declared by the resources keyword`,
        { file: frame.file.file },
      );
    }
    const name = kotlinToString(declared.repository);
    const ref = declared.ref === null || declared.ref === undefined ? undefined : kotlinToString(declared.ref);
    this.graph('repository').add(frame.file.repository?.name ?? '(self)', name, { file: frame.file.file });
    return { location: { path, repository: ref === undefined ? { name } : { name, ref } }, id: `${path}@${name}` };
  }

  private load(location: TemplateLocation, id: string): Promise<TemplateFile> {
    let pending = this.cache.get(id);
    if (!pending) {
      pending = this.read(location, id);
      this.cache.set(id, pending);
    }
    return pending;
  }

  private async read(location: TemplateLocation, id: string): Promise<TemplateFile> {
    let source: { file: string; content: string };
    try {
      source = await this.resolver.read(location);
    } catch (error) {
      if (error instanceof YamlError) throw error;
      throw new YamlError(YamlErrorCode.TEMPLATE_NOT_FOUND, `template [${id}] cannot be read: ${(error as Error).message}`, {
        file: id,
      });
    }
    this.checkSize(source.file, source.content);
    const { text, data } = formatTemplateYaml(source.content, source.file);
    if (!isPlainObject(data)) formatError(id, 'a template must be a YAML mapping');
    return { id, path: location.path, repository: location.repository, file: source.file, source: source.content, text, data };
  }

  /**
   * One `template:` reference made from `frame`: counted, cycle-checked, read, parameters applied.
   * An error that knows no line is placed at the reference.
   */
  async instantiate(kind: TemplateKind, frame: Frame, reference: string, caller: CallerParameters): Promise<Instance> {
    try {
      return await this.instantiateAt(kind, frame, reference, caller);
    } catch (error) {
      if (!(error instanceof YamlError) || error.location?.line !== undefined) throw error;
      throw error.at(locateReference(frame.file.file, frame.file.source, reference));
    }
  }

  private async instantiateAt(kind: TemplateKind, frame: Frame, reference: string, caller: CallerParameters): Promise<Instance> {
    frame.references += 1;
    if (frame.references > this.limits.maxTemplatesPerFile) {
      throw new YamlError(
        YamlErrorCode.TOO_MANY_TEMPLATES,
        `[${frame.file.id}]The number of referenced template files exceeds the threshold [${this.limits.maxTemplatesPerFile}]`,
        { file: frame.file.file },
      );
    }
    const { location, id } = this.locate(frame, reference);
    if (NESTING.has(kind)) this.graph(kind as CycleKind).add(frame.file.id, id, { file: frame.file.file });
    const depth = kind === 'extends' ? frame.depth : frame.depth + 1;
    const file = await this.load(location, id);
    const child = new Frame(file, depth, frame);
    if (NESTING.has(kind) && depth > this.limits.maxDepth) {
      throw new YamlError(
        YamlErrorCode.TEMPLATE_TOO_DEEP,
        `The template nesting depth exceeds the threshold [${this.limits.maxDepth}]: ${child.chain()}`,
        { file: file.file },
      );
    }
    if (kind === 'parameters') return { file, data: file.data, frame: child };
    const declarations = await this.declarations(child);
    const text = substituteParameters({
      fromFile: frame.file.id,
      templateFile: file.id,
      text: file.text,
      declarations,
      caller,
      legacy: this.legacy,
    });
    const data = text === file.text ? file.data : parseSubstitutedTemplate(text, file.file);
    if (!isPlainObject(data)) formatError(file.id, 'a template must be a YAML mapping');
    return { file, data, frame: child };
  }

  /** A template's `parameters:` list with imports merged by name (a later entry wins). */
  private async declarations(frame: Frame): Promise<ParameterDeclaration[]> {
    const list = frame.file.data.parameters;
    if (list === null || list === undefined) return [];
    if (!Array.isArray(list)) formatError(frame.file.id, 'parameters must be a list');
    const byName = new Map<string, ParameterDeclaration>();
    for (const entry of list) {
      if (isPlainObject(entry) && entry.template !== undefined && entry.template !== null) {
        const imported = await this.instantiate('parameters', frame, kotlinToString(entry.template), null);
        const params = imported.data.parameters;
        if (params === null || params === undefined) continue;
        if (!Array.isArray(params)) formatError(imported.file.id, 'parameters must be a list');
        for (const raw of params) {
          const param = readDeclaration(imported.file.id, raw);
          byName.set(param.name, param);
        }
      } else {
        const param = readDeclaration(frame.file.id, entry);
        byName.set(param.name, param);
      }
    }
    return [...byName.values()];
  }
}
