/** How much text each cache holds, in characters: far more than the templates of a busy server use. */
export const CACHED_CHARACTERS = 2_000_000;

/**
 * Results of reading YAML, kept across expansions and keyed by the text itself (a Map hashes it):
 * templates are shared by many pipelines, and each expansion of a pipeline reads the same templates
 * with the same parameters again. Only successful reads are kept, so an error is raised anew, with its
 * file, line and column, each time. Bounded by the characters of the texts held (the least recently
 * used go first), and what it hands out is a copy, so that no caller can change what another reads.
 */
export class ParseCache<V> {
  private static readonly all: Array<ParseCache<unknown>> = [];
  private readonly entries = new Map<string, V>();
  private characters = 0;

  constructor(
    private readonly maxCharacters: number,
    private readonly copy: (value: V) => V,
  ) {
    ParseCache.all.push(this as ParseCache<unknown>);
  }

  /** Empties every cache (the benchmark measures expansions that read everything anew). */
  static clearAll(): void {
    for (const cache of ParseCache.all) cache.clear();
  }

  get(text: string, read: () => V): V {
    let value = this.entries.get(text);
    if (value === undefined) {
      value = read();
      this.add(text, value);
    } else {
      // Map keeps insertion order: moving the entry to the end makes the first one the least recently used.
      this.entries.delete(text);
      this.entries.set(text, value);
    }
    return this.copy(value);
  }

  private clear(): void {
    this.entries.clear();
    this.characters = 0;
  }

  private add(text: string, value: V): void {
    if (text.length > this.maxCharacters) return;
    this.entries.set(text, value);
    this.characters += text.length;
    for (const [oldest] of this.entries) {
      if (this.characters <= this.maxCharacters) break;
      this.entries.delete(oldest);
      this.characters -= oldest.length;
    }
  }
}

/** A deep copy of parsed YAML data: lists, mappings (a `__proto__` key stays a key), Maps and Sets of `!!omap`/`!!set`. */
export function copyData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = copyData(value[i]);
    return copy as T;
  }
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [copyData(k), copyData(v)])) as T;
  if (value instanceof Set) return new Set([...value].map(copyData)) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyData((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, writable: true, enumerable: true, configurable: true });
    else copy[key] = item;
  }
  return copy as T;
}

/**
 * A text that names parsed YAML data exactly: two values give the same text only when they are equal,
 * type for type (1 and "1", null and NaN, -0 and 0 all differ), so that it can be part of a cache key.
 */
export function fingerprint(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return `n${Object.is(value, -0) ? '-0' : String(value)}`;
  if (value === null || typeof value !== 'object') return String(value);
  // Every item ends with a comma, and each kind of collection has its own opening: the text reads back one way only.
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (const item of value) text += `${fingerprint(item)},`;
  } else if (value instanceof Map) {
    text = 'M[';
    for (const [k, v] of value) text += `${fingerprint(k)}:${fingerprint(v)},`;
  } else if (value instanceof Set) {
    text = 'S[';
    for (const item of value) text += `${fingerprint(item)},`;
  } else {
    text = '{';
    for (const key of Object.keys(value)) text += `${JSON.stringify(key)}:${fingerprint((value as Record<string, unknown>)[key])},`;
  }
  return `${text}}`;
}
