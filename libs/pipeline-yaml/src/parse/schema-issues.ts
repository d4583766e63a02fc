import type { ErrorObject } from 'ajv';
import type { JsonSchema } from './v3-schema/schema-builders';
import type { YamlPath, YamlPathSegment } from './parse-yaml-document';

/** One schema problem, before it is given a position: where (path, and whether the key or value is meant) and what. */
export interface RawSchemaIssue {
  keyword: string;
  path: YamlPath;
  target: 'key' | 'value';
  message: string;
}

/**
 * Turns ajv's full error list into the problems a person should fix. `anyOf`/`oneOf` produce one
 * error per failed alternative; of those, only the alternative the value most likely meant is kept
 * (the one whose type matched, that got deepest into the value, with the fewest complaints).
 */
export function explainSchemaErrors(errors: readonly ErrorObject[], schema: JsonSchema, data: unknown): RawSchemaIssue[] {
  return pickRelevant(errors).map((error) => describe(error, schema, data));
}

const isCombinator = (error: ErrorObject): boolean => error.keyword === 'anyOf' || error.keyword === 'oneOf';

function inside(error: ErrorObject, combinator: ErrorObject): boolean {
  if (error === combinator || !error.schemaPath.startsWith(`${combinator.schemaPath}/`)) return false;
  return error.instancePath === combinator.instancePath || error.instancePath.startsWith(`${combinator.instancePath}/`);
}

function pickRelevant(errors: readonly ErrorObject[]): ErrorObject[] {
  const index = new ErrorsByPath(errors);
  const outermost = errors.filter((c) => isCombinator(c) && !index.atOrAbove(c.instancePath).some((d) => isCombinator(d) && inside(c, d)));
  const claimed = new Set<ErrorObject>();
  const kept: ErrorObject[] = [];
  for (const combinator of outermost) {
    const members = index.atOrBelow(combinator.instancePath).filter((error) => inside(error, combinator));
    claimed.add(combinator);
    members.forEach((member) => claimed.add(member));
    kept.push(...resolveCombinator(combinator, members));
  }
  for (const error of errors) {
    // `if` only says "the then-branch failed"; the then-branch's own errors say why.
    if (!claimed.has(error) && error.keyword !== 'if') kept.push(error);
  }
  return kept;
}

/**
 * Errors by the place they are about, so that what lies inside a combinator is found by looking at its
 * place and the places below it, not at every error: a file with thousands of bad items stays linear.
 */
class ErrorsByPath {
  private readonly at = new Map<string, ErrorObject[]>();
  private readonly children = new Map<string, Set<string>>();
  private readonly order = new Map<ErrorObject, number>();

  constructor(errors: readonly ErrorObject[]) {
    errors.forEach((error, position) => {
      this.order.set(error, position);
      const path = error.instancePath;
      this.at.set(path, [...(this.at.get(path) ?? []), error]);
      // Instance paths are '' (the document) or '/'-separated segments: link each place to the one containing it.
      for (let child = path; child !== ''; ) {
        const parent = child.slice(0, child.lastIndexOf('/'));
        const known = this.children.get(parent);
        if (known?.has(child)) break;
        if (known) known.add(child);
        else this.children.set(parent, new Set([child]));
        child = parent;
      }
    });
  }

  /** The errors about `path` and about the places that contain it. */
  atOrAbove(path: string): ErrorObject[] {
    const found = [...(this.at.get(path) ?? [])];
    for (let above = path; above !== ''; ) {
      above = above.slice(0, above.lastIndexOf('/'));
      found.push(...(this.at.get(above) ?? []));
    }
    return found;
  }

  /** The errors about `path` and about the places inside it, in their original order. */
  atOrBelow(path: string): ErrorObject[] {
    const found: ErrorObject[] = [];
    const pending = [path];
    while (pending.length > 0) {
      const next = pending.pop() as string;
      found.push(...(this.at.get(next) ?? []));
      pending.push(...(this.children.get(next) ?? []));
    }
    return found.sort((a, b) => (this.order.get(a) as number) - (this.order.get(b) as number));
  }
}

function resolveCombinator(combinator: ErrorObject, members: ErrorObject[]): ErrorObject[] {
  if (members.length === 0) return [combinator];
  const branches = new Map<string, ErrorObject[]>();
  for (const member of members) {
    const branch = member.schemaPath.slice(combinator.schemaPath.length + 1).split('/')[0];
    branches.set(branch, [...(branches.get(branch) ?? []), member]);
  }
  const groups = [...branches.values()];
  const wrongType = (group: ErrorObject[]): boolean =>
    group.some((error) => error.keyword === 'type' && error.instancePath === combinator.instancePath);
  if (groups.every((group) => group.length === 1 && wrongType(group))) {
    const types = groups.map((group) => String(group[0].params.type));
    return [{ ...combinator, keyword: 'type', params: { type: [...new Set(types)].join(',') } }];
  }
  const depth = (group: ErrorObject[]): number => Math.max(...group.map((error) => error.instancePath.split('/').length));
  const complaints = (group: ErrorObject[]): number => group.filter((error) => error.keyword !== 'if').length;
  const score = (group: ErrorObject[]): number[] => [wrongType(group) ? 0 : 1, depth(group), -complaints(group)];
  let best = groups[0];
  for (const group of groups.slice(1)) if (compareScores(score(group), score(best)) > 0) best = group;
  return pickRelevant(best);
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function describe(error: ErrorObject, schema: JsonSchema, data: unknown): RawSchemaIssue {
  const path = pointerToPath(error.instancePath, data);
  const where = describePath(path);
  const params = error.params as Record<string, unknown>;
  const issue = (message: string, at: YamlPath = path, target: 'key' | 'value' = 'value'): RawSchemaIssue => ({
    keyword: error.keyword,
    path: at,
    target,
    message,
  });
  switch (error.keyword) {
    case 'required':
      return issue(`${where} is missing the required key \`${params.missingProperty}\``);
    case 'additionalProperties':
      return issue(`\`${params.additionalProperty}\` is not a supported key in ${where}`, [...path, String(params.additionalProperty)], 'key');
    case 'not': {
      const { forbidden, because } = mutualExclusion(error.schemaPath, schema);
      if (!forbidden) return issue(`${where} uses a combination of keys that is not allowed`);
      const together = because ? ` together with \`${because}\`` : '';
      return issue(`\`${forbidden}\` cannot be used${together} in ${where}`, [...path, forbidden], 'key');
    }
    case 'type':
      return issue(`${where} must be ${typeList(String(params.type))}`);
    case 'enum':
      return issue(`${where} must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    case 'const':
      return issue(`${where} must be ${JSON.stringify(params.allowedValue)}`);
    case 'pattern':
      return issue(`${where} does not match the expected format /${params.pattern}/`);
    case 'dependencies':
      return issue(`${where} needs \`${params.missingProperty}\` when \`${params.property}\` is given`);
    case 'oneOf':
      return issue(`${where} matches more than one of the allowed forms; it must match exactly one`);
    case 'anyOf':
      return issue(`${where} does not match any of the allowed forms`);
    case 'uniqueItems':
      return issue(`${where} must not repeat items (items ${params.j} and ${params.i} are the same)`);
    default:
      return issue(`${where} ${error.message ?? 'is not valid'}`);
  }
}

function typeList(types: string): string {
  const names = types.split(',').map((type) => (type === 'object' ? 'a mapping' : type === 'array' ? 'a list' : type === 'integer' ? 'an integer' : `a ${type}`));
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** For a failed `not: {required: [x]}` under `if: {required: [y]}, then: …`: x is forbidden because of y. */
function mutualExclusion(schemaPath: string, schema: JsonSchema): { forbidden?: string; because?: string } {
  const segments = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeSegment);
  const notSchema = walk(schema, segments) as { required?: unknown[] } | undefined;
  const forbidden = Array.isArray(notSchema?.required) ? String(notSchema.required[0]) : undefined;
  const thenAt = segments.lastIndexOf('then');
  if (thenAt < 0) return { forbidden };
  const condition = walk(schema, [...segments.slice(0, thenAt), 'if']) as { required?: unknown[] } | undefined;
  const because = Array.isArray(condition?.required) ? String(condition.required[0]) : undefined;
  return { forbidden, because };
}

function walk(value: unknown, segments: string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function decodeSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // not percent-encoded
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** An ajv instance path (`/stages/0/jobs/a~1b`) as segments, with list indexes as numbers. */
export function pointerToPath(pointer: string, data: unknown): YamlPathSegment[] {
  const path: YamlPathSegment[] = [];
  let current = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: YamlPathSegment = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(segment);
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[String(segment)] : undefined;
  }
  return path;
}

/** `stages[0].jobs.job1.steps[2]`, or "the document" for the root. */
export function describePath(path: YamlPath): string {
  if (path.length === 0) return 'the document';
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return `\`${text}\``;
}
