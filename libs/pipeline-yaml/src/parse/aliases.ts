import { EVENT_ID, parseEvents } from 'js-yaml';
import { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Node, Pair, YAMLMap } from 'yaml';
import { YamlError, YamlErrorCode, YamlLocation } from '../yaml-error';

/**
 * How many nodes the aliases of one file may add to its data: each alias stands for a copy of the
 * node it names, so nested anchors can make a small file expand to billions of nodes ("billion laughs").
 */
export const MAX_ALIAS_EXPANSION = 10_000;

/**
 * The offset of the first alias (`*`) over `maxAliasCount`, found before the slower, position-keeping
 * parser runs: a text with no more `*` than that cannot hold more aliases; otherwise js-yaml's event
 * parser counts them. Null when within the limit, or when js-yaml cannot read the text (the full parse
 * then reports what is wrong, and counts the aliases on its own tokens).
 */
export function findAliasOverLimit(text: string, maxAliasCount: number, maxNestingDepth: number): number | null {
  let stars = 0;
  for (let i = text.indexOf('*'); i >= 0 && stars <= maxAliasCount; i = text.indexOf('*', i + 1)) stars += 1;
  if (stars <= maxAliasCount) return null;
  let events;
  try {
    events = parseEvents(text, { maxDepth: maxNestingDepth });
  } catch {
    return null;
  }
  let aliases = 0;
  for (const event of events) {
    if (event.type === EVENT_ID.ALIAS && ++aliases > maxAliasCount) return event.anchorStart - 1;
  }
  return null;
}

/**
 * One pass over a composed document, in file order. Every alias must name an anchor defined before it
 * and outside it; mapping keys must be plain values (JSON has no other keys); a `<<` merge must take
 * mappings (as building the data requires, which would fail without a place); and the nodes the aliases
 * would add when expanded must stay within `maxAliasExpansion`. Each node is visited once and each alias
 * resolved through a map of the anchors seen so far, so the cost is linear in the size of the document.
 */
export function checkAliases(document: Document.Parsed, maxAliasExpansion: number, at: (offset: number) => YamlLocation): void {
  const where = (node: unknown): YamlLocation => at((node as Node | null)?.range?.[0] ?? 0);
  /** The node each anchor names at this point of the file: a later anchor of the same name replaces it. */
  const anchors = new Map<string, Node>();
  /** How many nodes each finished node stands for, its aliases expanded. */
  const sizes = new Map<unknown, number>();
  let added = 0;
  const stack: Array<{ node: unknown; leaving: boolean }> = [{ node: document.contents, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop() as { node: unknown; leaving: boolean };
    if (node === null || node === undefined) continue;
    if (leaving) {
      sizes.set(node, sizeOfFinished(node, sizes));
      continue;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) {
        throw new YamlError(YamlErrorCode.SYNTAX, `Unknown alias *${node.source}: no anchor &${node.source} is defined before it`, where(node));
      }
      const size = sizes.get(target);
      if (size === undefined) {
        throw new YamlError(YamlErrorCode.SYNTAX, `Alias *${node.source} refers to the node that contains it`, where(node));
      }
      added += size;
      if (added > maxAliasExpansion) {
        throw new YamlError(
          YamlErrorCode.ALIAS_LIMIT,
          `Aliases would add more than ${maxAliasExpansion} nodes when expanded; the limit guards against alias bombs`,
          where(node),
        );
      }
      sizes.set(node, size);
      continue;
    }
    if (isPair(node)) {
      checkKey(node, anchors, where);
      checkMerge(node, anchors, where);
      stack.push({ node, leaving: true }, { node: node.value, leaving: false }, { node: node.key, leaving: false });
      continue;
    }
    const anchor = (node as Node).anchor;
    if (anchor) anchors.set(anchor, node as Node);
    if (isScalar(node)) {
      sizes.set(node, 1);
    } else if (isCollection(node)) {
      stack.push({ node, leaving: true });
      for (let i = node.items.length - 1; i >= 0; i--) stack.push({ node: node.items[i], leaving: false });
    }
  }
}

function checkKey(pair: Pair, anchors: Map<string, Node>, where: (node: unknown) => YamlLocation): void {
  const key = isAlias(pair.key) ? anchors.get(pair.key.source) : pair.key;
  if (isCollection(key)) {
    throw new YamlError(YamlErrorCode.SYNTAX, 'A mapping key must be a plain value, not a list or a mapping', where(pair.key));
  }
}

/** A merge key's value: a mapping, an alias of one, or a list of those (yaml's rule for `<<`). */
function checkMerge(pair: Pair, anchors: Map<string, Node>, where: (node: unknown) => YamlLocation): void {
  const isMergeKey = isScalar(pair.key) && typeof (pair.key as { addToJSMap?: unknown }).addToJSMap === 'function';
  if (!isMergeKey) return;
  // An alias that names no anchor is reported as such when the walk reaches it.
  const resolve = (node: unknown): unknown => (isAlias(node) ? (anchors.get(node.source) ?? new YAMLMap()) : node);
  const value = resolve(pair.value);
  const sources = isSeq(value) ? value.items.map(resolve) : [value];
  if (!sources.every((source) => isMap(source))) {
    const place = isSeq(pair.value) ? pair.value.items.find((item) => !isMap(resolve(item))) : (pair.value ?? pair.key);
    throw new YamlError(YamlErrorCode.SYNTAX, 'A << merge takes a mapping, an alias of one, or a list of them', where(place));
  }
}

function sizeOfFinished(node: unknown, sizes: Map<unknown, number>): number {
  if (isPair(node)) return (sizes.get(node.key) ?? 0) + (sizes.get(node.value) ?? 0);
  let size = 1;
  for (const item of (node as { items: unknown[] }).items) size += sizes.get(item) ?? 0;
  return size;
}
