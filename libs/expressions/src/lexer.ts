import { ExpressionError } from './expression-error';
import { parseNumber } from './values';

/**
 * A lexer with BK-CI's token rules (common-expression LexicalAnalyzer): `'…'` strings with `''`
 * escapes, names made of letters, digits, `_` and `-`, numbers in JavaScript `Number()` syntax,
 * `a.0` numeric members, `*` wildcards and, when enabled, embedded `${{ … }}` blocks. Its output
 * feeds jsep: every operand becomes a `$n` placeholder, so jsep only sees operators and structure.
 */

export type OperandToken =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; value: number; memberIndex: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'name'; name: string }
  | { kind: 'property'; name: string }
  | { kind: 'function'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'embedded'; text: string };

type Punct = '(' | ')' | '[' | ']' | ',' | '.' | '?' | ':';
type Token =
  | { kind: 'punct'; value: Punct }
  | { kind: 'operator'; value: string }
  | { kind: 'operand'; operand: OperandToken };

export interface LexOptions {
  /** Accept `${{ … }}` blocks as operands (template expansion). */
  allowEmbedded: boolean;
  /** Accept `?` and `:` (ternary, an extension over BK-CI). */
  allowTernary: boolean;
  /** Nesting bound (BK-CI ExpressionConstants.MAX_DEEP). */
  maxDepth: number;
}

export interface LexResult {
  /** The expression as jsep sees it. */
  source: string;
  operands: OperandToken[];
}

const BOUNDARY = new Set(['(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|']);
const TWO_CHAR_OPS = new Set(['!=', '>=', '<=', '==', '&&', '||']);

function isWhitespace(ch: string): boolean {
  return /\s/.test(ch);
}

function isBoundary(ch: string): boolean {
  return BOUNDARY.has(ch) || isWhitespace(ch);
}

export function isLegalKeyword(str: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(str);
}

export function lex(expression: string, options: LexOptions): LexResult {
  const tokens: Token[] = [];
  let index = 0;
  let depth = 0;
  let unaryRun = 0;
  const fail = (message: string): never => {
    throw new ExpressionError('SYNTAX', message, expression);
  };
  const last = (): Token | undefined => tokens[tokens.length - 1];
  const lastIsDereference = (): boolean => {
    const t = last();
    return t !== undefined && t.kind === 'punct' && t.value === '.';
  };
  const startsOperand = (): boolean => {
    const t = last();
    if (t === undefined || t.kind === 'operator') return true;
    return t.kind === 'punct' && (t.value === ',' || t.value === '(' || t.value === '[' || t.value === '?' || t.value === ':');
  };

  while (index < expression.length) {
    const ch = expression[index];
    if (isWhitespace(ch)) {
      index++;
      continue;
    }
    if (ch === '(' || ch === '[') {
      depth++;
      if (depth + unaryRun > options.maxDepth) {
        throw new ExpressionError('LIMIT', `expression nests deeper than ${options.maxDepth} levels`, expression);
      }
      tokens.push({ kind: 'punct', value: ch });
      index++;
      continue;
    }
    if (ch === ')' || ch === ']' || ch === ',') {
      if (ch !== ',') depth = Math.max(0, depth - 1);
      tokens.push({ kind: 'punct', value: ch });
      index++;
      continue;
    }
    if ((ch === '?' || ch === ':') && options.allowTernary) {
      tokens.push({ kind: 'punct', value: ch });
      index++;
      continue;
    }
    if (ch === '*') {
      tokens.push({ kind: 'operand', operand: { kind: 'wildcard' } });
      index++;
      continue;
    }
    if (ch === "'") {
      let value = '';
      let closed = false;
      index++;
      while (index < expression.length) {
        const c = expression[index++];
        if (c === "'") {
          if (expression[index] !== "'") {
            closed = true;
            break;
          }
          index++;
        }
        value += c;
      }
      if (!closed) fail('unterminated string literal');
      tokens.push({ kind: 'operand', operand: { kind: 'string', value } });
      continue;
    }
    if ('!><=&|'.includes(ch)) {
      const two = expression.slice(index, index + 2);
      if (TWO_CHAR_OPS.has(two)) {
        tokens.push({ kind: 'operator', value: two });
        index += 2;
        unaryRun = 0;
        continue;
      }
      if (ch === '!' || ch === '>' || ch === '<') {
        tokens.push({ kind: 'operator', value: ch });
        index++;
        unaryRun = ch === '!' ? unaryRun + 1 : 0;
        if (depth + unaryRun > options.maxDepth) {
          throw new ExpressionError('LIMIT', `expression nests deeper than ${options.maxDepth} levels`, expression);
        }
        continue;
      }
      fail(`unexpected symbol '${ch}'`);
    }
    unaryRun = 0;
    if (ch === '.' && !startsOperand()) {
      tokens.push({ kind: 'punct', value: '.' });
      index++;
      continue;
    }
    if (ch === '.' || ch === '-' || ch === '+' || (ch >= '0' && ch <= '9')) {
      const memberIndex = lastIsDereference();
      const start = index;
      index++;
      while (index < expression.length) {
        const c = expression[index];
        if (c === '.' && memberIndex) break;
        if (isBoundary(c) && c !== '.') break;
        index++;
      }
      const raw = expression.slice(start, index);
      const value = parseNumber(raw);
      if (Number.isNaN(value) && raw !== 'NaN') fail(`unexpected symbol '${raw}'`);
      tokens.push({ kind: 'operand', operand: { kind: 'number', value, memberIndex } });
      continue;
    }
    if (ch === '$' && options.allowEmbedded) {
      if (!expression.startsWith('${{', index)) fail("unexpected symbol '$'");
      const end = expression.indexOf('}}', index + 3);
      if (end < 0) fail('unterminated ${{ block');
      tokens.push({ kind: 'operand', operand: { kind: 'embedded', text: expression.slice(index, end + 2) } });
      index = end + 2;
      continue;
    }
    const start = index;
    index++;
    while (index < expression.length && !isBoundary(expression[index])) index++;
    const word = expression.slice(start, index);
    if (!isLegalKeyword(word)) fail(`unexpected symbol '${word}'`);
    tokens.push({ kind: 'operand', operand: keywordOperand(word, lastIsDereference(), expression, index) });
  }

  const operands: OperandToken[] = [];
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'operand') {
      parts.push(`$${operands.length}`);
      operands.push(token.operand);
    } else if (token.kind === 'operator') {
      parts.push(` ${token.value} `);
    } else {
      parts.push(token.value === '?' || token.value === ':' ? ` ${token.value} ` : token.value);
    }
  }
  return { source: parts.join(''), operands };
}

function keywordOperand(word: string, afterDot: boolean, expression: string, end: number): OperandToken {
  if (afterDot) return { kind: 'property', name: word };
  switch (word) {
    case 'null':
      return { kind: 'null' };
    case 'true':
      return { kind: 'boolean', value: true };
    case 'false':
      return { kind: 'boolean', value: false };
    case 'NaN':
      return { kind: 'number', value: NaN, memberIndex: false };
    case 'Infinity':
      return { kind: 'number', value: Infinity, memberIndex: false };
  }
  let look = end;
  while (look < expression.length && isWhitespace(expression[look])) look++;
  return expression[look] === '(' ? { kind: 'function', name: word } : { kind: 'name', name: word };
}
