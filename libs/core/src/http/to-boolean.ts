import { Transform } from 'class-transformer';

const TRUE = new Set(['true', '1']);
const FALSE = new Set(['false', '0']);

/**
 * A boolean query parameter: `true`/`false`/`1`/`0` (any case). Anything else is left as it came,
 * so the field's `@IsBoolean()` refuses it with a 400 naming the field. (`@Type(() => Boolean)`
 * must not be used: it turns the string "false" into true.)
 */
export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }) => parseBoolean(value));
}

function parseBoolean(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  return value;
}
