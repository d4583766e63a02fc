import { ExpressionError } from './expression-error';
import { MAX_DATA_DEPTH, toCompactJson } from './text';
import { isPrimitive, looseEquals, toStringValue } from './values';

/** Longest string a function may build (BK-CI bounds evaluation memory the same way). */
export const MAX_RESULT_LENGTH = 1024 * 1024;

export interface FunctionInfo {
  name: string;
  min: number;
  max: number;
  call(args: unknown[]): unknown;
}

function bounded(text: string): string {
  if (text.length > MAX_RESULT_LENGTH) {
    throw new ExpressionError('LIMIT', `function result longer than ${MAX_RESULT_LENGTH} characters`);
  }
  return text;
}

function contains([haystack, needle]: unknown[]): boolean {
  if (isPrimitive(haystack)) {
    return isPrimitive(needle) && toStringValue(haystack).includes(toStringValue(needle));
  }
  if (Array.isArray(haystack)) return haystack.some((item) => looseEquals(needle, item));
  return false;
}

function join([items, separator]: unknown[]): string {
  if (Array.isArray(items)) {
    if (items.length === 0) return '';
    const sep = separator !== undefined && isPrimitive(separator) ? toStringValue(separator) : ',';
    let out = '';
    items.forEach((item, i) => {
      out = bounded(out + (i > 0 ? sep : '') + toStringValue(item));
    });
    return out;
  }
  return isPrimitive(items) ? toStringValue(items) : '';
}

function fromJsonValue(value: unknown, depth: number): unknown {
  if (depth >= MAX_DATA_DEPTH) return JSON.stringify(value);
  if (Array.isArray(value)) return value.map((item) => fromJsonValue(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: fromJsonValue(v, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function fromJson([text]: unknown[]): unknown {
  const json = toStringValue(text);
  if (json.length > MAX_RESULT_LENGTH) throw new ExpressionError('LIMIT', 'fromJSON input too long');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new ExpressionError('EVALUATION', `fromJSON: ${(error as Error).message}`);
  }
  return fromJsonValue(parsed, 1);
}

function toJson([value]: unknown[]): string | null {
  if (value === null || value === undefined) return null;
  return bounded(toCompactJson(value));
}

/** BK-CI Format: `{0}` placeholders, `{{`/`}}` escapes, no format specifiers. */
function format(args: unknown[]): string {
  const fmt = toStringValue(args[0]);
  const invalid = (): never => {
    throw new ExpressionError('EVALUATION', `format: invalid format string '${fmt}'`);
  };
  let out = '';
  let index = 0;
  while (index < fmt.length) {
    const lbrace = fmt.indexOf('{', index);
    const rbrace = fmt.indexOf('}', index);
    if (lbrace >= 0 && (rbrace < 0 || rbrace > lbrace)) {
      if (fmt[lbrace + 1] === '{') {
        out += fmt.slice(index, lbrace + 1);
        index = lbrace + 2;
        continue;
      }
      const match = /^(\d+)(:[^}]*)?}/.exec(fmt.slice(lbrace + 1));
      if (!match) invalid();
      if (match![2] !== undefined && match![2].length > 1) {
        throw new ExpressionError('EVALUATION', `format: format specifiers are not supported ('${match![2].slice(1)}')`);
      }
      const argIndex = Number(match![1]);
      if (argIndex > args.length - 2) {
        throw new ExpressionError('EVALUATION', `format: argument index ${argIndex} out of range in '${fmt}'`);
      }
      out = bounded(out + fmt.slice(index, lbrace) + toStringValue(args[argIndex + 1]));
      index = lbrace + 1 + match![0].length;
    } else if (rbrace >= 0) {
      if (fmt[rbrace + 1] !== '}') invalid();
      out += fmt.slice(index, rbrace + 1);
      index = rbrace + 2;
    } else {
      out = bounded(out + fmt.slice(index));
      break;
    }
  }
  return out;
}

/** `yyyy-MM-dd` or `yyyy-MM-dd HH:mm:ss` in the process time zone → epoch seconds (BK-CI StrToTime). */
function strToTime([value]: unknown[]): number {
  const text = toStringValue(value);
  const match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  if (!match || (text.length !== 10 && text.length !== 19)) {
    throw new ExpressionError('EVALUATION', `strToTime: invalid date '${text}'`);
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(date.getTime()) || date.getMonth() !== Number(mo) - 1) {
    throw new ExpressionError('EVALUATION', `strToTime: invalid date '${text}'`);
  }
  return Math.floor(date.getTime() / 1000);
}

const startsWith = ([a, b]: unknown[]): boolean =>
  isPrimitive(a) && isPrimitive(b) && toStringValue(a).startsWith(toStringValue(b));
const endsWith = ([a, b]: unknown[]): boolean =>
  isPrimitive(a) && isPrimitive(b) && toStringValue(a).endsWith(toStringValue(b));

/** BK-CI common-expression WELL_KNOWN_FUNCTIONS (names are case-insensitive). */
const FUNCTIONS: FunctionInfo[] = [
  { name: 'contains', min: 2, max: 2, call: contains },
  { name: 'endsWith', min: 2, max: 2, call: endsWith },
  { name: 'startsWith', min: 2, max: 2, call: startsWith },
  { name: 'fromJSON', min: 1, max: 1, call: fromJson },
  { name: 'toJSON', min: 1, max: 1, call: toJson },
  { name: 'strToTime', min: 1, max: 1, call: strToTime },
  { name: 'join', min: 1, max: 2, call: join },
  { name: 'format', min: 1, max: 127, call: format },
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), f]));

export function findFunction(name: string): FunctionInfo | undefined {
  return BY_NAME.get(name.toLowerCase());
}

export function functionNames(): string[] {
  return FUNCTIONS.map((f) => f.name);
}
