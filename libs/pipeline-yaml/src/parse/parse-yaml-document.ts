import { Composer, CST, Document, DocumentOptions, ParseOptions, SchemaOptions, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, Parser, Scalar, visit, YAMLError, YAMLParseError } from 'yaml';
import { checkAliases, findAliasOverLimit, MAX_ALIAS_EXPANSION } from './aliases';
import { checkTokenLimits, MAX_ALIAS_COUNT, MAX_NESTING_DEPTH } from './token-limits';
import { YamlError, YamlErrorCode, YamlLocation } from '../yaml-error';
import { DEFAULT_TEMPLATE_LIMITS } from '../template-limits';

/** One step of a path into a parsed document: a mapping key or a sequence index. */
export type YamlPathSegment = string | number;
export type YamlPath = readonly YamlPathSegment[];

/** A YAML file read into plain data, keeping its syntax tree so that any path can be mapped back to a position. */
export interface ParsedYaml {
  file: string;
  text: string;
  /** The document as plain JSON-like data: anchors, aliases and `<<` merges resolved; `null` when empty. */
  data: unknown;
  document: Document.Parsed;
  lineCounter: LineCounter;
  /**
   * Where the node at `path` starts (1-based line and column). A path that leads nowhere gives the
   * deepest node that exists on the way. `key` asks for the mapping key's position rather than its value's.
   */
  locate(path: YamlPath, target?: 'key' | 'value'): YamlLocation;
}

export interface ParseYamlOptions {
  /** Largest accepted text, in UTF-8 bytes (default: the template limits' `maxFileBytes`). */
  maxFileBytes?: number;
  /** Aliases (`*name`) allowed in the file (default MAX_ALIAS_COUNT). */
  maxAliasCount?: number;
  /** Nodes the aliases may add to the data when expanded (default MAX_ALIAS_EXPANSION; guards against "billion laughs"). */
  maxAliasExpansion?: number;
  /** How deep lists and mappings may nest (default MAX_NESTING_DEPTH). */
  maxNestingDepth?: number;
  /**
   * How scalars and keys are read: default YAML 1.2 core schema, `<<` merges on, duplicate keys an
   * error. The v2.0 engine reads the way SnakeYAML does (YAML 1.1, its own tags, duplicate keys allowed).
   */
  schema?: Pick<ParseOptions & DocumentOptions & SchemaOptions, 'version' | 'uniqueKeys' | 'customTags' | 'merge'>;
}

/**
 * Parses one YAML document (YAML 1.2 core schema with `<<` merge keys, as BK-CI's loader resolves them).
 * The limits come first and cost one linear pass each: a text larger than the limit is FILE_TOO_LARGE
 * before anything is parsed; nesting too deep (SYNTAX) and too many aliases (ALIAS_LIMIT) are found on
 * the tokens, before the document is composed; aliases that would expand too far (ALIAS_LIMIT) before
 * the data is built. Any syntax problem becomes a YamlError SYNTAX at the line and column where it is.
 */
export function parseYamlDocument(text: string, file: string, options: ParseYamlOptions = {}): ParsedYaml {
  const maxBytes = options.maxFileBytes ?? DEFAULT_TEMPLATE_LIMITS.maxFileBytes;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new YamlError(YamlErrorCode.FILE_TOO_LARGE, `File is ${bytes} bytes; the limit is ${maxBytes} bytes`, { file });
  }
  const limits = { maxNestingDepth: options.maxNestingDepth ?? MAX_NESTING_DEPTH, maxAliasCount: options.maxAliasCount ?? MAX_ALIAS_COUNT };
  const tooManyAliases = (location: YamlLocation) =>
    new YamlError(YamlErrorCode.ALIAS_LIMIT, `The file holds more than ${limits.maxAliasCount} aliases`, location);
  const early = findAliasOverLimit(text, limits.maxAliasCount, limits.maxNestingDepth);
  if (early !== null) throw tooManyAliases({ file, ...positionInText(text, early) });
  const lineCounter = new LineCounter();
  const at = (offset: number): YamlLocation => ({ file, ...position(lineCounter, offset) });
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const problem = checkTokenLimits(tokens, limits);
  if (problem?.kind === 'depth') {
    throw new YamlError(YamlErrorCode.SYNTAX, `Lists and mappings nest more than ${limits.maxNestingDepth} levels deep`, at(problem.offset));
  }
  if (problem?.kind === 'aliases') throw tooManyAliases(at(problem.offset));
  const document = compose(tokens, text.length, options.schema);
  if (document.errors.length > 0) throw syntaxError(document, document.errors[0], at);
  checkAliases(document, options.maxAliasExpansion ?? MAX_ALIAS_EXPANSION, at);
  // The aliases are checked and bounded above; yaml's own count would resolve each alias by a scan.
  const data = document.toJS({ maxAliasCount: -1 });
  return {
    file,
    text,
    data: data === undefined ? null : data,
    document,
    lineCounter,
    locate: (path, target = 'value') => {
      const found = findNode(document, path, target);
      return found === null ? { file, line: 1, column: 1 } : at(found);
    },
  };
}

/** What yaml's parseDocument does after parsing, on tokens already checked: one document, or an error. */
function compose(tokens: CST.Token[], length: number, schema: ParseYamlOptions['schema']): Document.Parsed {
  const composer = new Composer({ merge: true, ...schema });
  let document: Document.Parsed | null = null;
  for (const next of composer.compose(tokens, true, length)) {
    if (!document) {
      document = next;
    } else {
      const message = 'A file holds one YAML document; a second one starts here';
      document.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', message));
      break;
    }
  }
  return document as Document.Parsed;
}

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** Line and column (1-based) of `offset`, counted the way yaml's LineCounter does: lines end at `\n`. */
function positionInText(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function syntaxError(document: Document.Parsed, error: YAMLError, at: (offset: number) => YamlLocation): YamlError {
  const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  const offset = error.pos[0];
  if (error.code === 'MISSING_CHAR' && /quote/i.test(message)) {
    // The parser notices an unterminated string where the file ends; the useful place is where it opened.
    const opened = unterminatedQuoteStart(document, offset);
    if (opened !== null) {
      return new YamlError(YamlErrorCode.SYNTAX, `${message} (the quoted string that starts here is never closed)`, at(opened));
    }
  }
  return new YamlError(YamlErrorCode.SYNTAX, message, at(offset));
}

function unterminatedQuoteStart(document: Document.Parsed, errorOffset: number): number | null {
  let start: number | null = null;
  visit(document, {
    Scalar(_key, node: Scalar) {
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      if (quoted && node.range && node.range[0] <= errorOffset && errorOffset <= node.range[2]) {
        start = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return start;
}

/** The offset of the node at `path` (or of its key), or of the deepest ancestor found; null for an empty document. */
function findNode(document: Document.Parsed, path: YamlPath, target: 'key' | 'value'): number | null {
  let node: unknown = document.contents;
  let best: number | null = startOf(node);
  for (let i = 0; i < path.length; i++) {
    node = deref(document, node);
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) return best;
      if (last && target === 'key') return startOf(pair.key) ?? best;
      node = pair.value;
      best = startOf(node) ?? startOf(pair.key) ?? best;
    } else if (isSeq(node)) {
      const index = typeof segment === 'number' ? segment : Number.parseInt(segment, 10);
      const item = Number.isInteger(index) ? node.items[index] : undefined;
      if (item === undefined) return best;
      node = item;
      best = startOf(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function deref(document: Document.Parsed, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 100; hops++) current = current.resolve(document);
  return current;
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? null : String(key);
}

function startOf(node: unknown): number | null {
  const range = (node as Node | null)?.range;
  return range ? range[0] : null;
}
