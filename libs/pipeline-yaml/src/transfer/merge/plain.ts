import { isAlias, isMap, isPair, isScalar, isSeq, Node, visit } from 'yaml';

export type Anchors = Map<string, Node>;

/** Anchor name → anchored node, for every anchor under `root` (a later definition wins). */
export function anchorTable(root: unknown): Anchors {
  const anchors: Anchors = new Map();
  visit(root as Node, {
    Node(_key, node) {
      if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return anchors;
}

export function keyString(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return JSON.stringify(plain(key as Node, new Map()));
}

/**
 * The data a node stands for: aliases resolved through `anchors`, `<<` merge keys applied
 * (explicit keys win), as YAML 1.1 loaders such as SnakeYAML read them.
 */
export function plain(node: unknown, anchors: Anchors, depth = 0): unknown {
  if (depth > 64 || node === null || node === undefined) return null;
  if (isScalar(node)) return node.value ?? null;
  if (isAlias(node)) return plain(anchors.get(node.source), anchors, depth + 1);
  if (isSeq(node)) return node.items.map((item) => plain(item, anchors, depth + 1));
  if (isMap(node)) {
    const merged: Record<string, unknown> = {};
    const own: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = keyString(pair.key);
      const value = plain(pair.value, anchors, depth + 1);
      if (key === '<<' && isMergeSource(pair.value)) {
        const sources = Array.isArray(value) ? value : [value];
        for (const source of sources) {
          if (source && typeof source === 'object' && !Array.isArray(source)) {
            for (const [k, v] of Object.entries(source)) if (!(k in merged)) merged[k] = v;
          }
        }
      } else {
        own[key] = value;
      }
    }
    return { ...merged, ...own };
  }
  return null;
}

function isMergeSource(value: unknown): boolean {
  return isAlias(value) || (isSeq(value) && value.items.every((item) => isAlias(item)));
}

/** Canonical text of a plain value: equal data ⇔ equal text (object key order ignored). */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function sameData(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
