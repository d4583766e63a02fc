import { ExpressionError } from './expression-error';
import { findFunction } from './functions';
import { ExprNode, parseExpression, ParseOptions } from './parser';
import {
  FORBIDDEN_MEMBERS,
  isFalsy,
  isPlainObject,
  isPrimitive,
  looseEquals,
  looseGreaterThan,
  looseLessThan,
  ownMember,
  toNumber,
  toStringValue,
} from './values';

/** The named values an expression may read, e.g. `{ parameters, variables, ci, settings, envs }`. */
export type ExpressionContexts = Record<string, unknown>;

export interface EvaluateOptions {
  /** An unknown context name evaluates to null instead of failing. Default false. */
  allowUnknownNames?: boolean;
}

/** Arrays produced by `*` (BK-CI FilteredArray): a further index applies to every item. */
const filtered = new WeakSet<unknown[]>();

function filteredArray(items: unknown[]): unknown[] {
  filtered.add(items);
  return items;
}

export function evaluateNode(node: ExprNode, contexts: ExpressionContexts, options: EvaluateOptions = {}): unknown {
  return new Evaluator(contexts, options).eval(node);
}

/** Parses and evaluates one expression (the text inside `${{ }}`). Empty text evaluates to null. */
export function evaluateExpression(
  text: string,
  contexts: ExpressionContexts,
  options: EvaluateOptions & ParseOptions = {},
): unknown {
  const node = parseExpression(text, options);
  return node === null ? null : evaluateNode(node, contexts, options);
}

class Evaluator {
  constructor(
    private readonly contexts: ExpressionContexts,
    private readonly options: EvaluateOptions,
  ) {}

  eval(node: ExprNode): unknown {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'embedded':
        return node.text;
      case 'wildcard':
        return '*';
      case 'named':
        return this.named(node.name);
      case 'index':
        return this.index(this.eval(node.object), node.index);
      case 'not':
        return isFalsy(this.eval(node.operand));
      case 'compare':
        return compare(node.op, this.eval(node.left), this.eval(node.right));
      case 'and': {
        let result: unknown = null;
        for (const operand of node.operands) {
          result = this.eval(operand);
          if (isFalsy(result)) return result;
        }
        return result;
      }
      case 'or': {
        let result: unknown = null;
        for (const operand of node.operands) {
          result = this.eval(operand);
          if (!isFalsy(result)) return result;
        }
        return result;
      }
      case 'ternary':
        return isFalsy(this.eval(node.test)) ? this.eval(node.alternate) : this.eval(node.consequent);
      case 'call': {
        const fn = findFunction(node.name);
        if (!fn) throw new ExpressionError('UNSUPPORTED', `function '${node.name}' cannot be evaluated here`);
        return fn.call(node.args.map((arg) => this.eval(arg)));
      }
    }
  }

  private named(name: string): unknown {
    const { found, value } = ownMember(this.contexts, name);
    if (!found) {
      if (this.options.allowUnknownNames) return null;
      throw new ExpressionError('SYNTAX', `unrecognized named value '${name}'`);
    }
    return value ?? null;
  }

  private index(left: unknown, indexNode: ExprNode): unknown {
    const wildcard = indexNode.type === 'wildcard';
    const key = wildcard ? undefined : this.eval(indexNode);
    return indexValue(left, wildcard, key);
  }
}

export function indexValue(left: unknown, wildcard: boolean, key: unknown): unknown {
  if (Array.isArray(left) && filtered.has(left)) {
    const out: unknown[] = [];
    for (const item of left) {
      if (isPlainObject(item)) {
        if (wildcard) out.push(...Object.values(item));
        else if (isPrimitive(key)) {
          const member = readMember(item, toStringValue(key));
          if (member.found) out.push(member.value);
        }
      } else if (Array.isArray(item)) {
        if (wildcard) out.push(...item);
        else {
          const i = integerIndex(key);
          if (i !== null && i < item.length) out.push(item[i]);
        }
      }
    }
    return filteredArray(out);
  }
  if (isPlainObject(left)) {
    if (wildcard) return filteredArray(Object.values(left));
    if (!isPrimitive(key)) return null;
    return readMember(left, toStringValue(key)).value ?? null;
  }
  if (Array.isArray(left)) {
    if (wildcard) return filteredArray([...left]);
    const i = integerIndex(key);
    return i !== null && i < left.length ? (left[i] ?? null) : null;
  }
  return wildcard ? filteredArray([]) : null;
}

function readMember(obj: Record<string, unknown>, key: string): { found: boolean; value: unknown } {
  if (FORBIDDEN_MEMBERS.has(key)) {
    throw new ExpressionError('UNSUPPORTED', `access to member '${key}' is not allowed`);
  }
  return ownMember(obj, key);
}

function integerIndex(key: unknown): number | null {
  const n = toNumber(key);
  if (Number.isNaN(n) || n < 0) return null;
  const i = Math.floor(n);
  return i > 0x7fffffff ? null : i;
}

function compare(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    case '>':
      return looseGreaterThan(left, right);
    case '>=':
      return looseEquals(left, right) || looseGreaterThan(left, right);
    case '<':
      return looseLessThan(left, right);
    default:
      return looseEquals(left, right) || looseLessThan(left, right);
  }
}
