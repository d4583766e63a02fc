export { ExpressionError } from './expression-error';
export type { ExpressionErrorKind } from './expression-error';
export { parseExpression, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './parser';
export type { ExprNode, CompareOperator, ParseOptions } from './parser';
export { evaluateExpression, evaluateNode } from './evaluator';
export type { EvaluateOptions, ExpressionContexts } from './evaluator';
export { findFunction, functionNames, MAX_RESULT_LENGTH } from './functions';
export { partialEvaluate, render, RENDER_ONLY_FUNCTIONS } from './partial';
export type { PartialResult, PartialResultType } from './partial';
export { findExpressionBlocks, substituteBlocks } from './blocks';
export type { ExpressionBlock, BlockEvaluator } from './blocks';
export { isLegalKeyword } from './lexer';
export { escapeJava, kotlinToString, toCompactJson, toPrettyJson, MAX_DATA_DEPTH } from './text';
export {
  ExprText,
  formatDecimal,
  isFalsy,
  isPlainObject,
  javaNumberToString,
  kindOf,
  looseEquals,
  parseNumber,
  toStringValue,
} from './values';
export type { ValueKind } from './values';
