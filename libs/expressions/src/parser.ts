import jsep from 'jsep';
import ternary from '@jsep-plugin/ternary';
import { ExpressionError } from './expression-error';
import { lex, OperandToken } from './lexer';
import { findFunction } from './functions';

// jsep ships the ternary plugin built in; registering it again is a no-op but states the dependency.
jsep.plugins.register(ternary);

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** The expression tree our evaluators walk. Nothing else is ever executed. */
export type ExprNode =
  | { type: 'literal'; value: null | boolean | number | string }
  | { type: 'named'; name: string }
  | { type: 'index'; object: ExprNode; index: ExprNode }
  | { type: 'wildcard' }
  | { type: 'embedded'; text: string }
  | { type: 'not'; operand: ExprNode }
  | { type: 'compare'; op: CompareOperator; left: ExprNode; right: ExprNode }
  | { type: 'and' | 'or'; operands: ExprNode[] }
  | { type: 'call'; name: string; args: ExprNode[] }
  | { type: 'ternary'; test: ExprNode; consequent: ExprNode; alternate: ExprNode };

export interface ParseOptions {
  /** Accept `${{ … }}` inside the expression (template expansion). Default false. */
  allowEmbedded?: boolean;
  /** Accept `a ? b : c`. Default true. */
  allowTernary?: boolean;
  /** Extra function names accepted by the parser only (rendered, never evaluated), e.g. hashFiles. */
  renderOnlyFunctions?: ReadonlyArray<{ name: string; min: number; max: number }>;
}

/** BK-CI ExpressionConstants.MAX_DEEP and MAX_LENGTH. */
export const MAX_EXPRESSION_DEPTH = 50;
export const MAX_EXPRESSION_LENGTH = 21000;

const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** Parses one expression (the text inside `${{ }}`); throws ExpressionError. Empty text → null. */
export function parseExpression(text: string, options: ParseOptions = {}): ExprNode | null {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError('LIMIT', `expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const { source, operands } = lex(text, {
    allowEmbedded: options.allowEmbedded ?? false,
    allowTernary: options.allowTernary ?? true,
    maxDepth: MAX_EXPRESSION_DEPTH,
  });
  if (operands.length === 0 && source.trim() === '') return null;
  let tree: jsep.Expression;
  try {
    tree = jsep(source);
  } catch (error) {
    throw new ExpressionError('SYNTAX', `invalid expression: ${(error as Error).message}`, text);
  }
  return new Converter(text, operands, options).convert(tree, 1);
}

class Converter {
  constructor(
    private readonly text: string,
    private readonly operands: OperandToken[],
    private readonly options: ParseOptions,
  ) {}

  private fail(message: string, kind: 'SYNTAX' | 'UNSUPPORTED' = 'SYNTAX'): never {
    throw new ExpressionError(kind, message, this.text);
  }

  private operand(node: jsep.Expression): OperandToken | undefined {
    if (node.type !== 'Identifier') return undefined;
    const name = (node as jsep.Identifier).name;
    const match = /^\$(\d+)$/.exec(name);
    return match ? this.operands[Number(match[1])] : undefined;
  }

  convert(node: jsep.Expression, depth: number): ExprNode {
    if (depth > MAX_EXPRESSION_DEPTH) {
      throw new ExpressionError('LIMIT', `expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, this.text);
    }
    switch (node.type) {
      case 'Identifier':
        return this.convertOperand(node);
      case 'MemberExpression':
        return this.convertMember(node as jsep.MemberExpression, depth);
      case 'CallExpression':
        return this.convertCall(node as jsep.CallExpression, depth);
      case 'UnaryExpression': {
        const unary = node as jsep.UnaryExpression;
        if (unary.operator !== '!') this.fail(`operator '${unary.operator}' is not supported`, 'UNSUPPORTED');
        return { type: 'not', operand: this.convert(unary.argument, depth + 1) };
      }
      case 'BinaryExpression':
        return this.convertBinary(node as jsep.BinaryExpression, depth);
      case 'ConditionalExpression': {
        if (this.options.allowTernary === false) this.fail('the ternary operator is not supported', 'UNSUPPORTED');
        const cond = node as jsep.ConditionalExpression;
        return {
          type: 'ternary',
          test: this.convert(cond.test, depth + 1),
          consequent: this.convert(cond.consequent, depth + 1),
          alternate: this.convert(cond.alternate, depth + 1),
        };
      }
      case 'Compound':
        return this.fail('expected a single expression');
      default:
        return this.fail(`${node.type} is not supported`, 'UNSUPPORTED');
    }
  }

  private convertOperand(node: jsep.Expression): ExprNode {
    const token = this.operand(node);
    if (!token) return this.fail(`unexpected identifier '${(node as jsep.Identifier).name}'`);
    switch (token.kind) {
      case 'null':
        return { type: 'literal', value: null };
      case 'boolean':
      case 'number':
      case 'string':
        return { type: 'literal', value: token.value };
      case 'name':
        return { type: 'named', name: token.name };
      case 'wildcard':
        return this.fail("'*' is only allowed as a member or index");
      case 'embedded':
        return { type: 'embedded', text: token.text };
      case 'property':
        return this.fail(`unexpected property name '${token.name}'`);
      case 'function':
        return this.fail(`function '${token.name}' must be called`);
    }
  }

  private convertMember(node: jsep.MemberExpression, depth: number): ExprNode {
    if ((node as { optional?: boolean }).optional) this.fail("'?.' is not supported", 'UNSUPPORTED');
    const object = this.convert(node.object, depth + 1);
    if (node.computed) {
      const token = this.operand(node.property);
      const index: ExprNode = token?.kind === 'wildcard' ? { type: 'wildcard' } : this.convert(node.property, depth + 1);
      return { type: 'index', object, index };
    }
    const token = this.operand(node.property);
    if (token?.kind === 'property') return { type: 'index', object, index: { type: 'literal', value: token.name } };
    if (token?.kind === 'number' && token.memberIndex) {
      return { type: 'index', object, index: { type: 'literal', value: token.value } };
    }
    if (token?.kind === 'wildcard') return { type: 'index', object, index: { type: 'wildcard' } };
    if (token?.kind === 'embedded') return { type: 'index', object, index: { type: 'embedded', text: token.text } };
    return this.fail("expected a property name after '.'");
  }

  private convertCall(node: jsep.CallExpression, depth: number): ExprNode {
    const token = this.operand(node.callee);
    if (token?.kind !== 'function') return this.fail('only named functions can be called');
    const known =
      findFunction(token.name) ??
      this.options.renderOnlyFunctions?.find((f) => f.name.toLowerCase() === token.name.toLowerCase());
    if (!known) this.fail(`unrecognized function '${token.name}'`);
    const args = node.arguments.map((arg) => this.convert(arg, depth + 1));
    if (args.length < known.min) this.fail(`too few parameters for '${token.name}'`);
    if (args.length > known.max) this.fail(`too many parameters for '${token.name}'`);
    return { type: 'call', name: token.name, args };
  }

  private convertBinary(node: jsep.BinaryExpression, depth: number): ExprNode {
    if (node.operator === '&&' || node.operator === '||') {
      // Walk the left spine of a same-operator chain iteratively: `a && b && c` is one flat node.
      const type = node.operator === '&&' ? 'and' : 'or';
      const rights: jsep.Expression[] = [];
      let spine: jsep.Expression = node;
      while (spine.type === 'BinaryExpression' && (spine as jsep.BinaryExpression).operator === node.operator) {
        rights.push((spine as jsep.BinaryExpression).right);
        spine = (spine as jsep.BinaryExpression).left;
      }
      const operands: ExprNode[] = [];
      for (const child of [spine, ...rights.reverse()]) {
        const operand = this.convert(child, depth + 1);
        if (operand.type === type) operands.push(...operand.operands);
        else operands.push(operand);
      }
      return { type, operands };
    }
    const left = this.convert(node.left, depth + 1);
    const right = this.convert(node.right, depth + 1);
    if (!COMPARE_OPS.has(node.operator)) this.fail(`operator '${node.operator}' is not supported`, 'UNSUPPORTED');
    return { type: 'compare', op: node.operator as CompareOperator, left, right };
  }
}
