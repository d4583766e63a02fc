import { isAlias, isMap, isScalar, isSeq, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Orphans } from './merge-nodes';
import { flowText } from './scalar-text';
import { commentLines, Line, triviaOf, TriviaTable } from './trivia';

function isBlock(node: unknown): node is YAMLMap | YAMLSeq {
  return (isMap(node) || isSeq(node)) && !node.flow && node.items.length > 0;
}

/**
 * Writes a document in the block layout BK-CI's SnakeYAML dumper produces: two-space indent,
 * sequences at their key's indent (`key:\n- a`), flow collections compact (`{a: [b, c]}`), and
 * comments where SnakeYAML puts them: above a map key at its indent, after a `- ` indicator on the
 * same line, and a node's trailing comments before whatever follows it.
 */
export class SnakeWriter {
  private readonly lines: string[] = [];
  private line = '';
  private pending: Line[] = [];

  constructor(
    private readonly trivia: TriviaTable,
    private readonly orphans: Orphans,
  ) {}

  write(root: Node, docBefore: string | null | undefined, docAfter: string | null | undefined): string {
    const head = commentLines(docBefore);
    if (head.length > 0) this.pending.push(...head, { blank: true });
    if (isBlock(root)) this.writeBlock(root, 0, null);
    else this.writeItem(root, 0, this.takePending());
    this.pending.push(...commentLines(docAfter));
    this.writeLines(this.takePending(), 0);
    if (this.line !== '') this.endLine();
    return this.lines.map((line) => `${line}\n`).join('');
  }

  private endLine(): void {
    this.lines.push(this.line);
    this.line = '';
  }

  private takePending(): Line[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  /** Lines above an entry that starts its own line: blank lines empty, comments at `indent`. */
  private writeLines(lines: Line[], indent: number): void {
    for (const item of lines) this.lines.push(item.blank ? '' : `${' '.repeat(indent)}#${item.text}`);
  }

  /** Lines right after an indicator: the first comment stays on the indicator's line. */
  private writeLeading(lines: Line[], indent: number): void {
    for (const item of lines) {
      if (!item.blank) this.line += `#${item.text}`;
      this.endLine();
      this.line = ' '.repeat(indent);
    }
  }

  private before(owner: YAMLMap | YAMLSeq, index: number, node: unknown): Line[] {
    const orphaned = this.orphans.get(owner)?.get(index) ?? [];
    return [...this.takePending(), ...orphaned, ...triviaOf(this.trivia, node).before];
  }

  private finish(owner: YAMLMap | YAMLSeq): void {
    this.pending.push(...(this.orphans.get(owner)?.get(owner.items.length) ?? []));
    this.pending.push(...triviaOf(this.trivia, owner).after.filter((line) => !line.blank));
  }

  /** A block collection; `leading` is non-null when it starts right after an indicator. */
  private writeBlock(node: YAMLMap | YAMLSeq, indent: number, leading: Line[] | null): void {
    if (isMap(node)) this.writeMap(node, indent, leading);
    else this.writeSeq(node, indent, leading);
  }

  private writeMap(map: YAMLMap, indent: number, leading: Line[] | null): void {
    (map.items as Pair[]).forEach((pair, index) => {
      const lines = this.before(map, index, pair.key);
      if (index === 0 && leading !== null) {
        this.writeLeading([...leading, ...lines], indent);
      } else {
        this.writeLines(lines, indent);
        this.line = ' '.repeat(indent);
      }
      this.line += `${flowText(pair.key, indent + 2)}:`;
      this.writeValue(pair.value, indent);
    });
    this.finish(map);
  }

  private writeSeq(seq: YAMLSeq, indent: number, leading: Line[] | null): void {
    seq.items.forEach((item, index) => {
      let lines = this.before(seq, index, item);
      if (index === 0 && leading !== null) {
        lines = [...leading, ...lines];
      } else {
        this.line = ' '.repeat(indent);
      }
      this.line += '- ';
      this.writeItem(item, indent + 2, lines);
    });
    this.finish(seq);
  }

  /** A sequence item (or the root), after its indicator. */
  private writeItem(node: unknown, indent: number, leading: Line[]): void {
    if (isBlock(node)) {
      if (node.anchor) {
        this.line += `&${node.anchor}`;
        leading = [{ blank: true }, ...leading];
      }
      this.writeBlock(node, indent, leading);
      return;
    }
    this.writeLeading(leading, indent);
    this.writeInline(node, indent);
  }

  /** The value of `key:`; block collections go on the following lines. */
  private writeValue(value: unknown, indent: number): void {
    if (isBlock(value)) {
      const trivia = triviaOf(this.trivia, value);
      if (value.anchor) this.line += ` &${value.anchor}`;
      if (trivia.inline !== undefined) this.line += ` #${trivia.inline}`;
      this.endLine();
      if (isMap(value)) this.writeMap(value, indent + 2, null);
      else this.writeSeq(value, indent, null);
      return;
    }
    const text = flowText(value, indent + 2);
    this.line += text === '' ? '' : ' ';
    this.writeInline(value, indent + 2, text);
  }

  /** A scalar, alias or flow collection, its inline comment, then the end of the line. */
  private writeInline(node: unknown, indent: number, text = flowText(node, indent)): void {
    this.line += text;
    const trivia = triviaOf(this.trivia, node);
    if (trivia.inline !== undefined && (isScalar(node) || isAlias(node) || isMap(node) || isSeq(node))) {
      this.line += ` #${trivia.inline}`;
    }
    this.endLine();
    this.pending.push(...trivia.after.filter((line) => !line.blank));
    if (isMap(node) || isSeq(node)) {
      const owner = node as YAMLMap | YAMLSeq;
      this.pending.push(...(this.orphans.get(owner)?.get(owner.items.length) ?? []));
    }
  }
}

