/**
 * Values an expression works on: plain JSON-like data (null, boolean, number, string, arrays, plain
 * objects) plus `ExprText`, a string that is itself a `${{ … }}` expression and must be inserted
 * as-is when a template is expanded. Coercions follow BK-CI's common-expression (JavaScript-like
 * abstract equality, case-sensitive strings, `'true'`/`'false'` strings compare with booleans).
 */

/** A string value that is an unevaluated `${{ … }}` expression (BK-CI ExpressionContextData). */
export class ExprText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type ValueKind = 'Null' | 'Boolean' | 'Number' | 'String' | 'Array' | 'Object';

/** Member names that are never read, whatever the data. */
export const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof ExprText) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return 'Null';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'string' || value instanceof ExprText) return 'String';
  if (Array.isArray(value)) return 'Array';
  return 'Object';
}

export function isPrimitive(value: unknown): boolean {
  const kind = kindOf(value);
  return kind !== 'Array' && kind !== 'Object';
}

/** An own property of a plain object; never the prototype chain, never a forbidden name. */
export function ownMember(obj: Record<string, unknown>, key: string): { found: boolean; value: unknown } {
  if (FORBIDDEN_MEMBERS.has(key) || !Object.prototype.hasOwnProperty.call(obj, key)) {
    return { found: false, value: null };
  }
  return { found: true, value: obj[key] };
}

/** BK-CI ExpressionUtility.parseNumber: JavaScript Number() rules for strings. */
export function parseNumber(text: string): number {
  const str = text.trim();
  if (str === '') return 0;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(str)) return Number(str.replace(/[dDfF]$/, ''));
  if (/^0x[0-9a-fA-F]+$/.test(str)) {
    const n = parseInt(str.slice(2), 16);
    return n <= 0x7fffffff ? n : NaN;
  }
  if (/^0o[0-7]+$/.test(str)) {
    const n = parseInt(str.slice(2), 8);
    return n <= 0x7fffffff ? n : NaN;
  }
  if (str === 'Infinity') return Infinity;
  if (str === 'NaN') return NaN;
  return NaN;
}

export function toNumber(value: unknown): number {
  switch (kindOf(value)) {
    case 'Null':
      return 0;
    case 'Boolean':
      return value ? 1 : 0;
    case 'Number':
      return value as number;
    case 'String':
      return parseNumber(String(value));
    default:
      return NaN;
  }
}

/** BK-CI FormatUtil.doubleToString (DecimalFormat "###.###########"): no exponent, ≤ 11 decimals. */
export function formatDecimal(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n)) return Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
  const fixed = n.toFixed(11).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** Java's Double.toString / Kotlin number printing as BK-CI's templates see it. */
export function javaNumberToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(n) && Math.abs(n) <= 9223372036854775807) {
    return Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
  }
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = n.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.replace('+', '')}`;
}

/** BK-CI EvaluationResult.convertToString. */
export function toStringValue(value: unknown): string {
  switch (kindOf(value)) {
    case 'Null':
      return '';
    case 'Boolean':
      return value ? 'true' : 'false';
    case 'Number':
      return formatDecimal(value as number);
    case 'String':
      return String(value);
    default:
      return kindOf(value);
  }
}

/** BK-CI EvaluationResult.equalsFalse (the negation is truthiness). */
export function isFalsy(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'Null':
      return true;
    case 'Boolean':
      return !value;
    case 'Number':
      return value === 0 || Number.isNaN(value);
    case 'String': {
      const str = String(value);
      if (str === 'false') return true;
      if (str === 'true') return false;
      return str.trim() === '';
    }
    default:
      return false;
  }
}

interface Coerced {
  left: unknown;
  right: unknown;
  leftKind: ValueKind;
  rightKind: ValueKind;
}

function canonical(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof ExprText) return value.text;
  return value;
}

function coerce(leftValue: unknown, rightValue: unknown): Coerced {
  let left = canonical(leftValue);
  let right = canonical(rightValue);
  const leftKind = kindOf(left);
  const rightKind = kindOf(right);
  if (leftKind === rightKind) return { left, right, leftKind, rightKind };
  if (leftKind === 'Number' && rightKind === 'String') {
    return { left, right: toNumber(right), leftKind, rightKind: 'Number' };
  }
  if (leftKind === 'String' && rightKind === 'Number') {
    return { left: toNumber(left), right, leftKind: 'Number', rightKind };
  }
  if (leftKind === 'Boolean') {
    if (rightKind === 'String' && (right === 'true' || right === 'false')) right = right === 'true';
    return coerce(toNumber(left), right);
  }
  if (rightKind === 'Boolean') {
    if (leftKind === 'String' && (left === 'true' || left === 'false')) left = left === 'true';
    return coerce(left, toNumber(right));
  }
  if (leftKind === 'Null') return coerce(toNumber(left), right);
  if (rightKind === 'Null') return coerce(left, toNumber(right));
  return { left, right, leftKind, rightKind };
}

export function looseEquals(a: unknown, b: unknown): boolean {
  const { left, right, leftKind, rightKind } = coerce(a, b);
  if (leftKind !== rightKind) return false;
  if (leftKind === 'Number') {
    return !Number.isNaN(left as number) && !Number.isNaN(right as number) && left === right;
  }
  return left === right;
}

export function looseGreaterThan(a: unknown, b: unknown): boolean {
  const { left, right, leftKind, rightKind } = coerce(a, b);
  if (leftKind !== rightKind) return false;
  switch (leftKind) {
    case 'Number':
    case 'String':
      return (left as number | string) > (right as number | string);
    case 'Boolean':
      return (left as boolean) && !(right as boolean);
    default:
      return false;
  }
}

export function looseLessThan(a: unknown, b: unknown): boolean {
  const { left, right, leftKind, rightKind } = coerce(a, b);
  if (leftKind !== rightKind) return false;
  switch (leftKind) {
    case 'Number':
    case 'String':
      return (left as number | string) < (right as number | string);
    case 'Boolean':
      return !(left as boolean) && (right as boolean);
    default:
      return false;
  }
}
