import { parseDocument, YAMLError } from 'yaml';
import { parseYamlDocument } from '../parse/parse-yaml-document';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { readFast } from './fast-reader';
import { CACHED_CHARACTERS, copyData, ParseCache } from './parse-cache';
import { SNAKE_SCHEMA } from './snake-schema';

/**
 * YAML in and out the way BK-CI's v2 engine sees it. BK-CI loads YAML 1.1 with SnakeYAML and
 * writes it back with Jackson (`ScriptYmlUtils.formatYaml`): anchors resolved, every string
 * double-quoted on one line, sequences not indented under their key. Template parameters are then
 * substituted line by line in that text, so the layout is part of the behaviour.
 */

export interface ParseYamlOptions {
  /** A syntax error here is the caller's fault (generated text): FORMAT without a position. */
  generated?: boolean;
}

/**
 * Parses one YAML document into plain data the way SnakeYAML does. Syntax errors are YamlError
 * SYNTAX with file, line and column, or FORMAT without a position for generated text (a template
 * after parameter substitution). The file size is the caller's to check. The fast reader reads what
 * it can; the full parser reads the rest and finds the errors.
 */
export function parseYaml(text: string, file: string, options: ParseYamlOptions = {}): unknown {
  const fast = readFast(text);
  if (fast !== null) return fast.data;
  const parse = (source: string) => parseYamlDocument(source, file, { schema: SNAKE_SCHEMA, maxFileBytes: Number.POSITIVE_INFINITY }).data;
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof YamlError) || error.code !== YamlErrorCode.SYNTAX) throw error;
    const repaired = repairUnderIndentedQuotes(text);
    if (repaired !== null) return parse(repaired);
    if (options.generated) {
      throw new YamlError(YamlErrorCode.FORMAT, `[${file}] Format error after parameter substitution: ${error.message}`, { file });
    }
    throw error;
  }
}

/**
 * SnakeYAML accepts a double-quoted scalar whose continuation line is indented less than YAML
 * allows, and BK-CI's own templates rely on it. Where the strict parser reports such an unclosed
 * quote, the next line is joined onto it with the same meaning (an escaped line break drops the
 * break and the indentation, a plain one folds to a space). The repaired text, or null when the
 * repairs do not make it parse.
 */
function repairUnderIndentedQuotes(text: string): string | null {
  const firstError = (source: string) => parseDocument(source, { ...SNAKE_SCHEMA, prettyErrors: false }).errors[0];
  let repaired: string | null = null;
  let error = firstError(text);
  for (let next = joinUnderIndentedQuote(text, error); next !== null; next = joinUnderIndentedQuote(repaired, error)) {
    repaired = next;
    error = firstError(repaired);
  }
  return repaired !== null && error === undefined ? repaired : null;
}

/** Each call removes one line, so the repairs above end. */
function joinUnderIndentedQuote(text: string, error: YAMLError | undefined): string | null {
  if (!error || error.code !== 'MISSING_CHAR' || !error.message.includes('quote')) return null;
  const index = text.slice(0, error.pos[0]).split('\n').length - 1;
  const lines = text.split('\n');
  if (index + 1 >= lines.length) return null;
  const head = lines[index].replace(/\r$/, '');
  const tail = lines[index + 1].trimStart();
  const escapedBreak = /(^|[^\\])(\\\\)*\\$/.test(head);
  lines.splice(index, 2, escapedBreak ? head.slice(0, -1) + tail : `${head.trimEnd()} ${tail}`);
  return lines.join('\n');
}

/** BK-CI formatYamlCustom: trailing blanks trimmed, a top-level `on:` key renamed `triggerOn:`. */
export function renameTriggerKey(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .map((line) => (line.startsWith('on:') ? `triggerOn:${line.slice(3)}` : line))
    .join('\n');
}

/** formatYaml: load (anchors resolved, YAML 1.1 scalars) and write back in Jackson's layout. */
export function formatYaml(text: string, file: string): { text: string; data: unknown } {
  const data = parseYaml(renameTriggerKey(text), file);
  return { text: emitYaml(data), data };
}

const templateFiles = new ParseCache<{ text: string; data: unknown }>(CACHED_CHARACTERS, (read) => ({ text: read.text, data: copyData(read.data) }));
const substitutedTemplates = new ParseCache<unknown>(CACHED_CHARACTERS, copyData);

/** formatYaml of a template file, remembered by its text (see ParseCache). */
export function formatTemplateYaml(text: string, file: string): { text: string; data: unknown } {
  return templateFiles.get(text, () => formatYaml(text, file));
}

/** A template's text after parameter substitution, read as generated text and remembered (see ParseCache). */
export function parseSubstitutedTemplate(text: string, file: string): unknown {
  return substitutedTemplates.get(text, () => parseYaml(text, file, { generated: true }));
}

const RESERVED_KEY = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

function emitKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !RESERVED_KEY.test(key) ? key : quote(key);
}

function quote(text: string): string {
  // JSON escapes are valid YAML double-quoted escapes; YAML 1.1 also treats NEL, LS and PS as breaks.
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function emitScalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    const text = String(value);
    return /e/.test(text) && !text.includes('.') ? text.replace('e', '.0e') : text;
  }
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  return quote(String(value));
}

function isInline(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0;
  return true;
}

function emitMapping(obj: Record<string, unknown>, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    const head = `${pad}${emitKey(key)}:`;
    if (isInline(value)) lines.push(`${head} ${emitScalar(value)}`);
    else if (Array.isArray(value)) lines.push(head, ...emitSequence(value, indent));
    else lines.push(head, ...emitMapping(value as Record<string, unknown>, indent + 2));
  }
  return lines;
}

function emitSequence(items: unknown[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const item of items) {
    if (isInline(item)) {
      lines.push(`${pad}- ${emitScalar(item)}`);
      continue;
    }
    const nested = Array.isArray(item)
      ? emitSequence(item, indent + 2)
      : emitMapping(item as Record<string, unknown>, indent + 2);
    nested[0] = `${pad}- ${nested[0].slice(indent + 2)}`;
    lines.push(...nested);
  }
  return lines;
}

/** Jackson-style YAML text of plain data (the output half of formatYaml). */
export function emitYaml(data: unknown): string {
  let body: string[];
  if (Array.isArray(data) && data.length > 0) body = emitSequence(data, 0);
  else if (data !== null && typeof data === 'object' && !isInline(data)) {
    body = emitMapping(data as Record<string, unknown>, 0);
  } else body = [emitScalar(data)];
  return `---\n${body.join('\n')}\n`;
}
