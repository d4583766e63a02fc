import { Alias, isAlias, isMap, isPair, isScalar, isSeq, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { alignSequences } from './align';
import { Anchors, anchorTable, keyString, plain, sameData } from './plain';
import { Line, triviaOf, TriviaTable } from './trivia';

/** Comments salvaged from removed entries, to be written before the entry now at `index`. */
export type Orphans = WeakMap<YAMLMap | YAMLSeq, Map<number, Line[]>>;

interface MergeContext {
  trivia: TriviaTable;
  anchors: Anchors;
  newAnchors: Anchors;
  orphans: Orphans;
  /** Maps that used `<<: *anchor` in the old document, with the anchors they merged. */
  mergeUsers: Array<{ map: YAMLMap; sources: string[] }>;
}

/**
 * Merges the new document's content into the old one's nodes, in place: entries that still exist
 * keep their node (and so their comments, anchor and quoting); changed scalars take the new value
 * and style; removed entries go, leaving their trailing comments; new entries are adopted.
 * Returns the merged root (the old root unless its kind changed).
 */
export function mergeRoots(oldRoot: Node, newRoot: Node, trivia: TriviaTable, orphans: Orphans): Node {
  const anchors = anchorTable(oldRoot);
  const ctx: MergeContext = { trivia, anchors, newAnchors: anchorTable(newRoot), orphans, mergeUsers: [] };
  const root = mergeNode(oldRoot, newRoot, ctx);
  restoreMergeKeys(ctx, anchorTable(root));
  return root;
}

function kind(node: unknown): 'map' | 'seq' | 'scalar' | 'alias' | 'none' {
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (isScalar(node)) return 'scalar';
  if (isAlias(node)) return 'alias';
  return 'none';
}

function mergeNode(oldNode: unknown, newNode: unknown, ctx: MergeContext): Node {
  if (isAlias(oldNode)) {
    const same = sameData(plain(oldNode, ctx.anchors), plain(newNode, ctx.newAnchors));
    return same ? oldNode : adopt(oldNode, newNode as Node, ctx);
  }
  if (isMap(oldNode) && isMap(newNode)) return mergeMap(oldNode, newNode, ctx);
  if (isSeq(oldNode) && isSeq(newNode)) return mergeSeq(oldNode, newNode, ctx);
  if (isScalar(oldNode) && isScalar(newNode)) {
    if (oldNode.value !== newNode.value || typeof oldNode.value !== typeof newNode.value) {
      oldNode.value = newNode.value;
      oldNode.type = newNode.type;
      oldNode.srcToken = newNode.srcToken;
    }
    return oldNode;
  }
  return adopt(oldNode as Node, newNode as Node, ctx);
}

/** A node of another kind replaces the old one; the comments above the old one stay. */
function adopt(oldNode: Node | null, newNode: Node, ctx: MergeContext): Node {
  if (!oldNode || !newNode) return newNode;
  const from = triviaOf(ctx.trivia, oldNode);
  const to = triviaOf(ctx.trivia, newNode);
  to.before = [...from.before, ...to.before];
  return newNode;
}

/** Comments at the tail of a removed node: its own trailing ones and those of its last child. */
function trailingComments(node: unknown, ctx: MergeContext): Line[] {
  if (!node || typeof node !== 'object') return [];
  const trivia = triviaOf(ctx.trivia, node);
  const lines: Line[] = [];
  if (isMap(node) || isSeq(node)) {
    const last = node.items[node.items.length - 1];
    lines.push(...trailingComments(isPair(last) ? last.value : last, ctx));
  } else if (trivia.inline !== undefined) {
    lines.push({ blank: false, text: trivia.inline });
  }
  lines.push(...trivia.after.filter((line) => !line.blank));
  return lines;
}

function addOrphans(ctx: MergeContext, owner: YAMLMap | YAMLSeq, index: number, lines: Line[]): void {
  if (lines.length === 0) return;
  let table = ctx.orphans.get(owner);
  if (!table) ctx.orphans.set(owner, (table = new Map()));
  table.set(index, [...(table.get(index) ?? []), ...lines]);
}

/** Places the trailing comments of removed old entries before the next surviving one. */
function salvage<T>(
  ctx: MergeContext,
  owner: YAMLMap | YAMLSeq,
  oldItems: T[],
  survivors: Map<T, number>,
  valueOf: (item: T) => unknown,
  resultLength: number,
): void {
  oldItems.forEach((item, i) => {
    if (survivors.has(item)) return;
    const next = oldItems.slice(i + 1).find((later) => survivors.has(later));
    addOrphans(ctx, owner, next === undefined ? resultLength : survivors.get(next)!, trailingComments(valueOf(item), ctx));
  });
}

function mergeMap(oldMap: YAMLMap, newMap: YAMLMap, ctx: MergeContext): YAMLMap {
  const oldPairs = oldMap.items as Pair[];
  const survivors = new Map<Pair, number>();
  const result: Pair[] = [];
  for (const newPair of newMap.items as Pair[]) {
    const key = keyString(newPair.key);
    const oldPair = oldPairs.find((p) => !survivors.has(p) && keyString(p.key) === key);
    if (oldPair) {
      oldPair.value = mergeNode(oldPair.value, newPair.value, ctx);
      survivors.set(oldPair, result.length);
      result.push(oldPair);
    } else {
      result.push(newPair);
    }
  }
  const mergeSources = oldPairs
    .filter((p) => !survivors.has(p) && keyString(p.key) === '<<')
    .flatMap((p) => (isAlias(p.value) ? [p.value.source] : isSeq(p.value) ? p.value.items.filter(isAlias).map((a) => a.source) : []));
  if (mergeSources.length > 0) ctx.mergeUsers.push({ map: oldMap, sources: mergeSources });
  salvage(ctx, oldMap, oldPairs, survivors, (p) => p.value, result.length);
  oldMap.items = result;
  return oldMap;
}

function mergeSeq(oldSeq: YAMLSeq, newSeq: YAMLSeq, ctx: MergeContext): YAMLSeq {
  const oldItems = oldSeq.items as Node[];
  const newItems = newSeq.items as Node[];
  const oldData = oldItems.map((item) => plain(item, ctx.anchors));
  const newData = newItems.map((item) => plain(item, ctx.newAnchors));
  const pairing = alignSequences(oldData, newData, (i, j) => kind(oldItems[i]) === kind(newItems[j]));
  const survivors = new Map<Node, number>();
  const result = newItems.map((newItem, j) => {
    const i = pairing.get(j);
    if (i === undefined) return newItem;
    survivors.set(oldItems[i], j);
    return mergeNode(oldItems[i], newItem, ctx);
  });
  salvage(ctx, oldSeq, oldItems, survivors, (item) => item, result.length);
  oldSeq.items = result;
  return oldSeq;
}

/**
 * A map that merged `<<: *anchor` and whose new version spells the anchor's entries out again
 * gets the merge key back: entries equal to the anchor's are dropped, `<<: *anchor` is appended.
 */
function restoreMergeKeys(ctx: MergeContext, anchors: Anchors): void {
  for (const { map, sources } of ctx.mergeUsers) {
    for (const source of sources) {
      const anchored = anchors.get(source);
      if (!isMap(anchored)) continue;
      const keys = (map.items as Pair[]).map((p) => keyString(p.key));
      const sourcePairs = anchored.items as Pair[];
      if (!sourcePairs.every((p) => keys.includes(keyString(p.key)))) continue;
      map.items = (map.items as Pair[]).filter((p) => {
        const twin = sourcePairs.find((s) => keyString(s.key) === keyString(p.key));
        return !twin || !sameData(plain(p.value, anchors), plain(twin.value, anchors));
      });
      map.items.push(new Pair(new Scalar('<<'), new Alias(source)));
    }
  }
}
