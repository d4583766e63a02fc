/** Why an expression was refused. Stable: callers map these to their own error codes. */
export type ExpressionErrorKind =
  /** The text is not a valid expression (unknown token, unbalanced brackets, unknown function). */
  | 'SYNTAX'
  /** Valid syntax that this evaluator refuses (unsupported operator, forbidden member name). */
  | 'UNSUPPORTED'
  /** The expression failed while evaluating (bad fromJSON input, bad format string). */
  | 'EVALUATION'
  /** A size, depth or length bound was exceeded. */
  | 'LIMIT';

/** The only error the expression library throws. */
export class ExpressionError extends Error {
  constructor(
    readonly kind: ExpressionErrorKind,
    message: string,
    readonly expression?: string,
  ) {
    super(expression === undefined ? message : `${message} (expression: ${truncate(expression)})`);
    this.name = 'ExpressionError';
  }
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
