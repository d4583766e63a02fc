/**
 * A LIKE pattern matching values that contain `text` literally: `%` and `_` in it are escaped with
 * `!`, which SQLite and MariaDB both honour with `ESCAPE '!'` (a backslash does not work on both).
 * Use it as `column LIKE :pattern ESCAPE '!'`.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, '!$&')}%`;
}
