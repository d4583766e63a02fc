import { ParsedYaml, YamlPath } from '../../parse';
import { YamlError, YamlErrorCode } from '../../yaml-error';
import type { YamlMap } from '../types';

/**
 * Reading the data of a schema-checked file: the schema already fixed the shapes, so these helpers only
 * narrow types. A value the transfer cannot express becomes a FORMAT error at its line and column.
 */
export class ReadContext {
  private templateReferences = 0;

  constructor(
    private readonly parsed: ParsedYaml,
    private readonly maxTemplateReferences: number,
  ) {}

  /** Counts one `template:` reference (at `path`): a file may make at most the v2 engine's number of them. */
  templateReference(path: YamlPath): void {
    this.templateReferences += 1;
    if (this.templateReferences > this.maxTemplateReferences) {
      throw new YamlError(
        YamlErrorCode.TOO_MANY_TEMPLATES,
        `[${this.parsed.file}]The number of referenced template files exceeds the threshold [${this.maxTemplateReferences}]`,
        this.parsed.locate(path),
      );
    }
  }

  /** `target: 'key'` points at the mapping key itself (for a key that should not be there). */
  fail(path: YamlPath, message: string, target: 'key' | 'value' = 'value'): never {
    throw new YamlError(YamlErrorCode.FORMAT, message, this.parsed.locate(path, target));
  }

  /** Keys this transfer does not carry into the Model: refused rather than silently dropped. */
  refuseKeys(map: YamlMap, keys: readonly string[], path: YamlPath): void {
    const found = keys.find((key) => map[key] !== undefined);
    if (found) this.fail([...path, found], `"${found}" is not supported by the Model transfer yet`, 'key');
  }
}

export function asMap(value: unknown): YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as YamlMap) : {};
}

export function asString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? undefined : String(value);
}

export function asBool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function asInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** A string, or a list of strings (YAML lets many keys take either). */
export function asStringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** `a,b` from a list: BK-CI keeps branch/path filters as comma-joined strings. */
export function joined(value: unknown): string | undefined {
  const list = asStringList(value);
  return list && list.length > 0 ? list.join(',') : undefined;
}
