import { isScalar, Pair, visit } from 'yaml';
import { parseYamlDocument } from '../parse/parse-yaml-document';
import { YamlLocation } from '../yaml-error';
import { SNAKE_SCHEMA } from './snake-schema';

/**
 * Where a file refers to a template: the first `template:` or `name:` entry whose value is
 * `reference`, as the user wrote the file. Errors about a reference (not found, cycle, limits,
 * parameter values) are reported there. Without a match, the file alone.
 */
export function locateReference(file: string, source: string, reference: string): YamlLocation {
  let parsed;
  try {
    parsed = parseYamlDocument(source, file, { schema: SNAKE_SCHEMA, maxFileBytes: Number.POSITIVE_INFINITY });
  } catch {
    return { file };
  }
  let offset: number | null = null;
  visit(parsed.document, {
    Pair(_key, pair: Pair) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if ((key === 'template' || key === 'name') && isScalar(pair.value) && String(pair.value.value) === reference && pair.value.range) {
        offset = pair.value.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (offset === null) return { file };
  const { line, col } = parsed.lineCounter.linePos(offset);
  return { file, line, column: col };
}
