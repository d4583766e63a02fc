import { PipeTransform } from '@nestjs/common';
import { invalidRequest } from '@bkci/core';

/** At most this many ids or names in one body. */
const MAX_ITEMS = 500;

/**
 * A body that is a JSON array of strings (BK-CI's `nodeHashIds: List<String>`, `envNames`):
 * anything else is a 400 naming the bad item, before any work starts.
 */
export class StringListBodyPipe implements PipeTransform<unknown, string[]> {
  transform(value: unknown): string[] {
    if (!Array.isArray(value)) throw invalidRequest([{ field: '(body)', problems: ['must be a JSON array of strings'] }]);
    if (value.length > MAX_ITEMS) throw invalidRequest([{ field: '(body)', problems: [`must hold at most ${MAX_ITEMS} items`] }]);
    const bad = value.findIndex((item) => typeof item !== 'string' || item.trim() === '');
    if (bad >= 0) throw invalidRequest([{ field: `[${bad}]`, problems: ['must be a non-empty string'] }]);
    return [...new Set(value as string[])];
  }
}
