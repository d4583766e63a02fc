import { LogError, LogErrorCode } from '../log.errors';

/** Longer patterns are refused: a search pattern is a few words, not a program. */
export const MAX_PATTERN_LENGTH = 256;

/**
 * Compiles a user's regular expression (case-insensitive, like the plain search), refusing what
 * could backtrack catastrophically on a long line: JavaScript cannot interrupt a running match, so
 * the guard is the pattern's shape. A quantified group may hold neither a quantifier nor an
 * alternation (`(a+)+`, `(a|aa)*`); everything else backtracks at most polynomially.
 */
export function compileSearchPattern(pattern: string): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) throw invalid(`a regex may be at most ${MAX_PATTERN_LENGTH} characters`);
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'i');
  } catch (error) {
    throw invalid(`q is not a valid regular expression: ${(error as Error).message}`);
  }
  if (hasNestedRepetition(pattern)) {
    throw invalid('q repeats a group that itself repeats or alternates (e.g. (a+)+ or (a|b)*), which can take forever on a long line; repeat a character class instead');
  }
  return compiled;
}

function invalid(message: string): LogError {
  return new LogError(LogErrorCode.INVALID_INPUT, message, { field: 'q' });
}

/** True when a quantifier applies to a group containing a quantifier or a `|`. */
function hasNestedRepetition(pattern: string): boolean {
  // One entry per open group: does it contain a quantifier or an alternation?
  const groups: boolean[] = [];
  let closedGroupRisky = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    const afterGroup = closedGroupRisky;
    closedGroupRisky = false;
    if (char === '\\') {
      i++;
    } else if (char === '[') {
      // A class: skip to its closing bracket (escapes inside included).
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (char === '(') {
      groups.push(false);
    } else if (char === ')') {
      closedGroupRisky = groups.pop() ?? false;
    } else if (char === '|') {
      if (groups.length > 0) groups[groups.length - 1] = true;
    } else if (isQuantifier(pattern, i)) {
      if (afterGroup) return true;
      if (groups.length > 0) groups[groups.length - 1] = true;
      if (char === '{') i = pattern.indexOf('}', i);
      // A lazy or possessive-looking suffix belongs to this quantifier.
      if (pattern[i + 1] === '?') i++;
    }
    // A group inside a group passes its risk outwards.
    if (char === ')' && closedGroupRisky && groups.length > 0) groups[groups.length - 1] = true;
  }
  return false;
}

function isQuantifier(pattern: string, i: number): boolean {
  const char = pattern[i];
  if (char === '*' || char === '+') return true;
  // `?` right after `(` opens a special group, not a quantifier.
  if (char === '?') return pattern[i - 1] !== '(';
  return char === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i));
}
