/** One difference between two JSON documents, at a path like `stages[1].containers[0].name`. */
export interface JsonChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Lists of objects that all carry a distinct string `id` (stages, containers, elements) are paired by id. */
function idKeyed(items: unknown[]): items is JsonObject[] {
  const ids = items.map((item) => (isObject(item) && typeof item.id === 'string' ? item.id : null));
  return ids.every((id) => id !== null) && new Set(ids).size === ids.length;
}

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/**
 * The structured difference `before` → `after`. Objects are compared key by key; lists of
 * id-carrying objects are paired by id (so a moved or inserted step does not show every later one
 * as changed), other lists by position. Paths use the positions in `after` (in `before` for
 * removals).
 */
export function diffJson(before: unknown, after: unknown, path = ''): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((key) => !Object.hasOwn(after, key))];
    return keys.flatMap((key) => {
      if (!Object.hasOwn(before, key)) return [{ path: join(path, key), kind: 'added' as const, after: after[key] }];
      if (!Object.hasOwn(after, key)) return [{ path: join(path, key), kind: 'removed' as const, before: before[key] }];
      return diffJson(before[key], after[key], join(path, key));
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (idKeyed(before) && idKeyed(after)) {
      const earlier = new Map(before.map((item, index) => [item.id as string, { item, index }]));
      const later = new Set(after.map((item) => item.id as string));
      const changes = after.flatMap((item, index) => {
        const match = earlier.get(item.id as string);
        return match ? diffJson(match.item, item, `${path}[${index}]`) : [{ path: `${path}[${index}]`, kind: 'added' as const, after: item }];
      });
      before.forEach((item, index) => {
        if (!later.has(item.id as string)) changes.push({ path: `${path}[${index}]`, kind: 'removed', before: item });
      });
      return changes;
    }
    const changes: JsonChange[] = [];
    for (let index = 0; index < Math.max(before.length, after.length); index++) {
      const at = `${path}[${index}]`;
      if (index >= before.length) changes.push({ path: at, kind: 'added', after: after[index] });
      else if (index >= after.length) changes.push({ path: at, kind: 'removed', before: before[index] });
      else changes.push(...diffJson(before[index], after[index], at));
    }
    return changes;
  }
  return Object.is(before, after) ? [] : [{ path, kind: 'changed', before, after }];
}
