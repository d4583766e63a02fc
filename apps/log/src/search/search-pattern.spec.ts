import { LogError } from '../log.errors';
import { compileSearchPattern, MAX_PATTERN_LENGTH } from './search-pattern';

function refusal(pattern: string): string {
  try {
    compileSearchPattern(pattern);
  } catch (error) {
    expect(error).toBeInstanceOf(LogError);
    expect((error as LogError).code).toBe(2108001);
    return (error as LogError).message;
  }
  throw new Error(`${pattern} was accepted`);
}

describe('compileSearchPattern', () => {
  it('compiles ordinary patterns, case-insensitive', () => {
    for (const pattern of ['error: .*not found', '^\\[\\d+/\\d+\\] (build|test)$', 'took \\d{2,4} ?ms', '(?:foo)bar', '[(+*]+', 'a{3}b', '(ab)+c', '(?<word>x)?y']) {
      expect(compileSearchPattern(pattern)).toBeInstanceOf(RegExp);
    }
    expect(compileSearchPattern('ERROR').test('an error')).toBe(true);
  });

  it('refuses a pattern that does not compile, naming the problem', () => {
    expect(refusal('(unclosed')).toContain('not a valid regular expression');
    expect(refusal('a**')).toContain('not a valid regular expression');
  });

  it('refuses repeated groups that repeat or alternate inside', () => {
    for (const pattern of ['(a+)+$', '(a|aa)*', '(\\w+\\s?)*$', '((ab)*c)+', '(x+){2,}', '(?:a*)*']) {
      expect(refusal(pattern)).toContain('repeats a group');
    }
  });

  it('refuses an over-long pattern', () => {
    expect(refusal('a'.repeat(MAX_PATTERN_LENGTH + 1))).toContain(`at most ${MAX_PATTERN_LENGTH}`);
  });
});
