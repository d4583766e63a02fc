import { ExpressionError } from './expression-error';
import { evaluateNode } from './evaluator';
import { isLegalKeyword } from './lexer';
import { ExprNode, parseExpression } from './parser';
import { toCompactJson } from './text';
import { ExprText, formatDecimal, javaNumberToString, ownMember } from './values';

/**
 * Partial evaluation for template expansion (BK-CI "sub name value" evaluation): references into
 * the known contexts (at template time only `parameters`) are replaced by their values; everything
 * else (operators, functions, `ci.*`, `variables.*`) is kept as expression text for run time.
 */

export type PartialResultType = 'ARRAY' | 'BOOL' | 'STRING' | 'DICT' | 'NUMBER' | 'EXPRESSION';

export interface PartialResult {
  value: string;
  /** True when the whole expression became a value; false when expression text remains. */
  isComplete: boolean;
  type: PartialResultType;
}

/** Functions the template stage may mention but never evaluates (BK-CI registers hashFiles there). */
export const RENDER_ONLY_FUNCTIONS = [{ name: 'hashFiles', min: 1, max: 127 }] as const;

interface Core {
  raw: unknown;
  complete: boolean;
}

/** Partially evaluates one expression; `contexts` holds the values known now. */
export function partialEvaluate(expression: string, contexts: Record<string, unknown>): PartialResult {
  const node = parseExpression(expression, {
    allowEmbedded: true,
    renderOnlyFunctions: RENDER_ONLY_FUNCTIONS,
  });
  if (node === null) throw new ExpressionError('SYNTAX', 'empty expression', expression);
  return new PartialEvaluator(contexts).evaluate(node);
}

class PartialEvaluator {
  constructor(private readonly contexts: Record<string, unknown>) {}

  evaluate(node: ExprNode): PartialResult {
    const { raw, complete } = this.core(node);
    return classify(raw, complete);
  }

  /** An operand as it appears inside a larger expression: complete strings and JSON are quoted. */
  private operand(node: ExprNode): string {
    const result = this.evaluate(node);
    if (!result.isComplete) return result.value;
    return result.type === 'STRING' || result.type === 'DICT' || result.type === 'ARRAY'
      ? `'${result.value}'`
      : result.value;
  }

  private core(node: ExprNode): Core {
    switch (node.type) {
      case 'literal':
        return { raw: typeof node.value === 'string' ? stringEscape(node.value) : node.value, complete: true };
      case 'embedded':
        return { raw: node.text, complete: true };
      case 'wildcard':
        return { raw: '*', complete: true };
      case 'named': {
        const { found, value } = ownMember(this.contexts, node.name);
        return found ? { raw: value, complete: true } : { raw: node.name, complete: false };
      }
      case 'index':
        return this.index(node);
      case 'not':
        return { raw: `!${this.operand(node.operand)}`, complete: false };
      case 'compare':
        return { raw: `(${this.operand(node.left)} ${node.op} ${this.operand(node.right)})`, complete: false };
      case 'and':
      case 'or': {
        const op = node.type === 'and' ? ' && ' : ' || ';
        return { raw: `(${node.operands.map((o) => this.operand(o)).join(op)})`, complete: false };
      }
      case 'call':
        return { raw: `${node.name}(${node.args.map((a) => this.operand(a)).join(', ')})`, complete: false };
      case 'ternary':
        return {
          raw: `(${this.operand(node.test)} ? ${this.operand(node.consequent)} : ${this.operand(node.alternate)})`,
          complete: false,
        };
    }
  }

  private index(node: Extract<ExprNode, { type: 'index' }>): Core {
    let root: ExprNode = node.object;
    while (root.type === 'index') root = root.object;
    if (root.type !== 'named') {
      const left = this.operand(node.object);
      const key = node.index;
      if (key.type === 'literal' && typeof key.value === 'string' && isLegalKeyword(key.value)) {
        return { raw: `${left}.${key.value}`, complete: false };
      }
      return { raw: `${left}[${this.operand(key)}]`, complete: false };
    }
    const { found, value } = ownMember(this.contexts, root.name);
    if (!found || value === null || value === undefined) return { raw: render(node), complete: false };
    return { raw: evaluateNode(node, this.contexts, { allowUnknownNames: true }), complete: true };
  }
}

function classify(raw: unknown, complete: boolean): PartialResult {
  if (raw === null || raw === undefined) return { value: '', isComplete: true, type: 'STRING' };
  if (raw instanceof ExprText) return { value: raw.text, isComplete: complete, type: 'EXPRESSION' };
  if (typeof raw === 'string') {
    const type = raw.trim().startsWith('${{') && raw.endsWith('}}') ? 'EXPRESSION' : 'STRING';
    return { value: raw, isComplete: complete, type };
  }
  if (typeof raw === 'boolean') return { value: String(raw), isComplete: complete, type: 'BOOL' };
  if (typeof raw === 'number') return { value: javaNumberToString(raw), isComplete: complete, type: 'NUMBER' };
  const type = Array.isArray(raw) ? 'ARRAY' : 'DICT';
  // BK-CI escapes the JSON's quotes so it can sit inside a double-quoted YAML scalar.
  return { value: toCompactJson(raw).replace(/"/g, '\\"'), isComplete: complete, type };
}

/** BK-CI ExpressionUtility.stringEscape: `'` doubled, blank strings become empty. */
function stringEscape(value: string): string {
  return value.trim() === '' ? '' : value.replace(/'/g, "''");
}

/** An expression node back to source text (BK-CI convertToExpression). */
export function render(node: ExprNode): string {
  switch (node.type) {
    case 'literal':
      if (node.value === null) return 'null';
      if (typeof node.value === 'boolean') return String(node.value);
      if (typeof node.value === 'number') return formatDecimal(node.value);
      return `'${stringEscape(node.value)}'`;
    case 'named':
      return node.name;
    case 'embedded':
      return node.text;
    case 'wildcard':
      return '*';
    case 'index': {
      const key = node.index;
      if (key.type === 'literal' && typeof key.value === 'string' && isLegalKeyword(key.value)) {
        return `${render(node.object)}.${key.value}`;
      }
      return `${render(node.object)}[${render(key)}]`;
    }
    case 'not':
      return `!${render(node.operand)}`;
    case 'compare':
      return `(${render(node.left)} ${node.op} ${render(node.right)})`;
    case 'and':
    case 'or':
      return `(${node.operands.map(render).join(node.type === 'and' ? ' && ' : ' || ')})`;
    case 'call':
      return `${node.name}(${node.args.map(render).join(', ')})`;
    case 'ternary':
      return `(${render(node.test)} ? ${render(node.consequent)} : ${render(node.alternate)})`;
  }
}
