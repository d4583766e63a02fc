import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, YAMLMap, YAMLSeq } from 'yaml';

/** One line of layout around a node: an empty line, or a comment (the text after `#`). */
export type Line = { blank: true } | { blank: false; text: string };

/** Comments and blank lines that belong to a node. */
export interface Trivia {
  /** Lines above the node (for a map entry: above its key). */
  before: Line[];
  /** A comment on the node's own line: after a scalar, or after `key:` of a block collection. */
  inline?: string;
  /** Comment lines after the node; they are written before whatever comes next. */
  after: Line[];
}

export type TriviaTable = WeakMap<Node, Trivia>;

export function triviaOf(table: TriviaTable, node: unknown): Trivia {
  if (!node || typeof node !== 'object') return { before: [], after: [] };
  let trivia = table.get(node as Node);
  if (!trivia) {
    trivia = { before: [], after: [] };
    table.set(node as Node, trivia);
  }
  return trivia;
}

/** eemeli keeps comments as text without `#`, one line each; an empty line stands for a blank line. */
export function commentLines(text: string | null | undefined): Line[] {
  if (text === null || text === undefined) return [];
  return text.split('\n').map((line) => (line === '' ? { blank: true } : { blank: false, text: line }));
}

/** Blank lines directly above the line that holds `offset`. */
function blankLinesAbove(src: string, offset: number): number {
  let lineStart = src.lastIndexOf('\n', offset - 1) + 1;
  let count = 0;
  while (lineStart > 0) {
    const prevStart = src.lastIndexOf('\n', lineStart - 2) + 1;
    if (src.slice(prevStart, lineStart - 1).trim() !== '') break;
    count++;
    lineStart = prevStart;
  }
  return count;
}

function rangeStart(node: Node): number {
  return node.range ? node.range[0] : 0;
}

/** The blank lines and comments eemeli put before `node`, with blank lines counted in the source. */
function beforeLines(src: string, node: Node): Line[] {
  const comments = commentLines(node.commentBefore);
  if (!node.spaceBefore) return comments;
  const first = comments.find((line): line is { blank: false; text: string } => !line.blank);
  const anchor = first ? src.lastIndexOf(`#${first.text}`, rangeStart(node)) : rangeStart(node);
  const blanks = blankLinesAbove(src, anchor < 0 ? rangeStart(node) : anchor);
  return [...Array.from({ length: blanks }, (): Line => ({ blank: true })), ...comments];
}

/** Splits a node's trailing comment into the part on its own line and the lines after it. */
function splitTrailing(src: string, node: Node, into: Trivia): void {
  if (!node.comment) return;
  const lines = commentLines(node.comment);
  const end = node.range ? node.range[1] : -1;
  const hash = end >= 0 ? src.indexOf('#', end) : -1;
  const sameLine = (isScalar(node) || isAlias(node)) && hash >= 0 && !src.slice(end, hash).includes('\n');
  const head = lines[0];
  if (sameLine && head && !head.blank) {
    into.inline = head.text;
    into.after.push(...lines.slice(1));
  } else {
    into.after.push(...lines);
  }
}

function firstChild(node: YAMLMap | YAMLSeq): Node | null {
  const first = node.items[0];
  if (first === undefined) return null;
  return isPair(first) ? (first.key as Node) : (first as Node);
}

/**
 * A block collection that is a map value: a comment on the key's line becomes the collection's
 * inline comment (`key: # note`); everything else above the first entry moves to that entry.
 */
function liftValueComments(src: string, key: Node, value: YAMLMap | YAMLSeq, table: TriviaTable): void {
  const trivia = triviaOf(table, value);
  const lines = trivia.before;
  trivia.before = [];
  const child = firstChild(value);
  const keyEnd = key.range ? key.range[1] : -1;
  const hash = keyEnd >= 0 ? src.indexOf('#', keyEnd) : -1;
  const head = lines.find((line) => !line.blank);
  if (head && !head.blank && hash >= 0 && !src.slice(keyEnd, hash).includes('\n') && lines[0] === head) {
    trivia.inline = head.text;
    lines.shift();
  }
  if (child) triviaOf(table, child).before.unshift(...lines);
  else trivia.after.unshift(...lines.filter((line) => !line.blank));
}

/** Builds the trivia table of a parsed document (parsed with `keepSourceTokens`). */
export function collectTrivia(doc: Document, src: string, table: TriviaTable = new WeakMap()): TriviaTable {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    const trivia = triviaOf(table, n);
    trivia.before.push(...beforeLines(src, n));
    splitTrailing(src, n, trivia);
    if (isMap(n)) {
      for (const pair of n.items) {
        visit(pair.key);
        visit(pair.value);
        if ((isMap(pair.value) || isSeq(pair.value)) && !pair.value.flow && isScalar(pair.key)) {
          liftValueComments(src, pair.key, pair.value, table);
        }
      }
    } else if (isSeq(n)) {
      n.items.forEach(visit);
    }
  };
  visit(doc.contents);
  return table;
}
