import { isAlias, isMap, isPair, isScalar, isSeq, Node, Scalar } from 'yaml';

function reindent(lines: string[], indent: number): string[] {
  const widths = lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
  const strip = widths.length ? Math.min(...widths) : 0;
  return lines.map((line) => (line.trim() === '' ? line.slice(strip) : ' '.repeat(indent) + line.slice(strip)));
}

/**
 * A scalar as the document spelled it (quotes, escapes, number format kept), re-indented for its
 * new place: continuation lines and block-scalar bodies start at `indent`.
 */
function scalarText(scalar: Scalar, indent: number): string {
  const token = scalar.srcToken;
  if (!token) return scalar.value === null || scalar.value === undefined ? '' : String(scalar.value);
  if (token.type === 'block-scalar') {
    const header = token.props.find((prop) => prop.type === 'block-scalar-header');
    const body = token.source.endsWith('\n') ? token.source.slice(0, -1) : token.source;
    const lines = body === '' ? [] : reindent(body.split('\n'), indent);
    return [header && 'source' in header ? header.source : '|', ...lines].join('\n');
  }
  if (!('source' in token) || typeof token.source !== 'string') return String(scalar.value ?? '');
  const [first, ...rest] = token.source.split('\n');
  if (rest.length === 0) return first;
  return [first, ...rest.map((line) => (line.trim() === '' ? '' : ' '.repeat(indent) + line.trimStart()))].join('\n');
}

function props(node: Node): string {
  return node.anchor ? `&${node.anchor} ` : '';
}

/** A node written in flow style, SnakeYAML's way: `{a: b, c: [d, e]}`. */
export function flowText(node: unknown, indent: number): string {
  if (node === null || node === undefined) return '';
  if (isAlias(node)) return `*${node.source}`;
  if (isScalar(node)) return props(node) + scalarText(node, indent);
  if (isMap(node)) {
    const entries = node.items.map((pair) => {
      if (!isPair(pair)) return '';
      const value = flowText(pair.value, indent);
      return `${flowText(pair.key, indent)}:${value === '' ? '' : ` ${value}`}`;
    });
    return `${props(node)}{${entries.join(', ')}}`;
  }
  if (isSeq(node)) return `${props(node)}[${node.items.map((item) => flowText(item, indent)).join(', ')}]`;
  return '';
}
