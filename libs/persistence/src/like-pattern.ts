import { FindOperator, Raw } from 'typeorm';

/**
 * The escape character of every LIKE built from user input. `!` because SQLite has no default
 * escape and MariaDB's default (a backslash) depends on the SQL mode; with an explicit
 * `ESCAPE '!'` both read the pattern the same way.
 */
export const LIKE_ESCAPE = '!';

/** `text` with LIKE's wildcards (`%`, `_`) and the escape character itself taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, `${LIKE_ESCAPE}$&`);
}

/** Distinct parameter names, so that two of these conditions can sit in one query. */
let parameterCount = 0;

/** A find condition: the column contains `text`, literally (`%` and `_` in it are not wildcards). */
export function containing(text: string): FindOperator<string> {
  parameterCount += 1;
  const parameter = `containing${parameterCount}`;
  return Raw((column) => `${column} LIKE :${parameter} ESCAPE '${LIKE_ESCAPE}'`, { [parameter]: containsPattern(text) });
}

/** A LIKE pattern for query builders: values containing `text` literally. Use it with `ESCAPE '${LIKE_ESCAPE}'`. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}
