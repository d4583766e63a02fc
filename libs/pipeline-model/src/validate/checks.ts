/** A problem found in a Model document, at a JSON path like `stages[1].containers[0].name`. */
export interface ModelIssue {
  path: string;
  message: string;
}

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `stages` + 1 → `stages[1]`; `stages[1]` + `name` → `stages[1].name`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

interface FieldRule {
  required?: boolean;
}

/** Collects issues; each check reads `obj[key]` and reports at `path.key`. */
export class Checker {
  readonly issues: ModelIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path: path || '(root)', message });
  }

  private present(obj: Json, key: string, path: string, rule: FieldRule): boolean {
    const value = obj[key];
    if (value !== undefined && value !== null) return true;
    if (rule.required) this.add(at(path, key), 'is required');
    return false;
  }

  object(obj: Json, key: string, path: string, rule: FieldRule = {}): Json | undefined {
    if (!this.present(obj, key, path, rule)) return undefined;
    const value = obj[key];
    if (isObject(value)) return value;
    this.add(at(path, key), `must be an object, not ${describe(value)}`);
    return undefined;
  }

  array(obj: Json, key: string, path: string, rule: FieldRule & { nonEmpty?: boolean } = {}): unknown[] | undefined {
    if (!this.present(obj, key, path, rule)) return undefined;
    const value = obj[key];
    if (!Array.isArray(value)) {
      this.add(at(path, key), `must be an array, not ${describe(value)}`);
      return undefined;
    }
    if (rule.nonEmpty && value.length === 0) this.add(at(path, key), 'must not be empty');
    return value;
  }

  string(obj: Json, key: string, path: string, rule: FieldRule & { nonEmpty?: boolean } = {}): string | undefined {
    if (!this.present(obj, key, path, rule)) return undefined;
    const value = obj[key];
    if (typeof value !== 'string') {
      this.add(at(path, key), `must be a string, not ${describe(value)}`);
      return undefined;
    }
    if (rule.nonEmpty && value.trim() === '') {
      this.add(at(path, key), 'must not be empty');
      return undefined;
    }
    return value;
  }

  boolean(obj: Json, key: string, path: string, rule: FieldRule = {}): boolean | undefined {
    if (!this.present(obj, key, path, rule)) return undefined;
    const value = obj[key];
    if (typeof value === 'boolean') return value;
    this.add(at(path, key), `must be true or false, not ${describe(value)}`);
    return undefined;
  }

  integer(obj: Json, key: string, path: string, rule: FieldRule & { min?: number } = {}): number | undefined {
    if (!this.present(obj, key, path, rule)) return undefined;
    const value = obj[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(at(path, key), `must be an integer, not ${describe(value)}`);
      return undefined;
    }
    if (rule.min !== undefined && value < rule.min) {
      this.add(at(path, key), `must be at least ${rule.min}, not ${value}`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(
    obj: Json,
    key: string,
    values: readonly T[],
    path: string,
    rule: FieldRule = {},
  ): T | undefined {
    const value = this.string(obj, key, path, rule);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.add(at(path, key), `must be one of ${values.join(', ')}, not "${value}"`);
    return undefined;
  }

  stringArray(obj: Json, key: string, path: string, rule: FieldRule = {}): string[] | undefined {
    const list = this.array(obj, key, path, rule);
    if (!list) return undefined;
    let ok = true;
    list.forEach((item, index) => {
      if (typeof item !== 'string') {
        this.add(at(at(path, key), index), `must be a string, not ${describe(item)}`);
        ok = false;
      }
    });
    return ok ? (list as string[]) : undefined;
  }

  /** `[{key, value}]` lists (`NameAndValue`). */
  nameValues(obj: Json, key: string, path: string): void {
    const list = this.array(obj, key, path);
    list?.forEach((item, index) => {
      const itemPath = at(at(path, key), index);
      if (!isObject(item)) return this.add(itemPath, `must be an object, not ${describe(item)}`);
      this.string(item, 'key', itemPath);
      this.string(item, 'value', itemPath);
    });
  }
}

/** Tracks ids that must be unique; reports the second and later occurrences. */
export class UniqueIds {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly checker: Checker,
    private readonly what: string,
  ) {}

  check(id: string | undefined, path: string): void {
    if (id === undefined || id === '') return;
    const first = this.seen.get(id);
    if (first === undefined) this.seen.set(id, path);
    else this.checker.add(path, `${this.what} "${id}" is already used at ${first}`);
  }
}
