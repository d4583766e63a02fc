import { ExpressionError } from './expression-error';
import { ExprText, javaNumberToString } from './values';

/** How deep JSON-like data may nest before writers refuse it (guards against cyclic or hostile data). */
export const MAX_DATA_DEPTH = 100;

function depthGuard(depth: number): void {
  if (depth > MAX_DATA_DEPTH) throw new ExpressionError('LIMIT', `data nested deeper than ${MAX_DATA_DEPTH} levels`);
}

/** Compact JSON as Jackson writes it: integers without a fraction, other numbers as Java prints them. */
export function toCompactJson(value: unknown, depth = 0): string {
  depthGuard(depth);
  if (value === null || value === undefined) return 'null';
  if (value instanceof ExprText) return JSON.stringify(value.text);
  if (typeof value === 'number') return Number.isFinite(value) ? javaNumberToString(value) : JSON.stringify(String(value));
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => toCompactJson(item, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toCompactJson(v, depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(String(value));
}

/** Jackson's DefaultPrettyPrinter layout (`[ "a", "b" ]`, objects one field per line, `" : "`). */
export function toPrettyJson(value: unknown, nesting = 0): string {
  depthGuard(nesting);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((item) => toPrettyJson(item, nesting + 1)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof ExprText)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{ }';
    const inner = '  '.repeat(nesting + 1);
    const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${toPrettyJson(v, nesting + 1)}`);
    return `{\n${body.join(',\n')}\n${'  '.repeat(nesting)}}`;
  }
  return toCompactJson(value, nesting);
}

/**
 * Apache commons-text `StringEscapeUtils.escapeJava`: backslash, double quote and control characters
 * escaped, every character outside printable ASCII as `\uXXXX`. The result is valid inside a YAML
 * double-quoted scalar, which is where BK-CI inserts it.
 */
export function escapeJava(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\r':
        out += '\\r';
        continue;
    }
    if (code < 32 || code > 0x7f) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Kotlin's `toString()` of a value decoded from YAML (lists `[a, b]`, maps `{k=v}`). */
export function kotlinToString(value: unknown, depth = 0): string {
  depthGuard(depth);
  if (value === null || value === undefined) return 'null';
  if (value instanceof ExprText) return value.text;
  if (typeof value === 'number') return javaNumberToString(value);
  if (Array.isArray(value)) return `[${value.map((v) => kotlinToString(v, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${k}=${kotlinToString(v, depth + 1)}`).join(', ')}}`;
  }
  return String(value);
}
