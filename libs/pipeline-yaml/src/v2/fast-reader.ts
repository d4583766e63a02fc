import { defineMappingTag, defineScalarTag, load, NOT_RESOLVED, Schema as FastSchema, seqTag, strTag } from 'js-yaml';
import { isScalar, Schema as YamlSchema } from 'yaml';
import { MAX_NESTING_DEPTH } from '../parse/token-limits';
import { SNAKE_SCHEMA } from './snake-schema';

/**
 * The v2 engine's fast reader: js-yaml, several times faster than the position-keeping `yaml` parser,
 * set up to give the very same data as that parser does with SNAKE_SCHEMA. It handles what pipelines and
 * templates are made of (mappings, lists, plain, quoted and block scalars); for anything else it answers
 * null and the caller reads the text with the full parser, which also reports every error with its line
 * and column: a text js-yaml refuses, with aliases or `<<` merges (whose limits the full parser applies),
 * with directives, or with tags other than `!!str`, `!!map`, `!!seq` and `!`.
 */
export function readFast(text: string): { data: unknown } | null {
  if (LEFT_TO_FULL_PARSER.test(text)) return null;
  schema ??= buildSchema();
  try {
    const data = load(text, { schema, json: true, maxAliases: 0, maxDepth: MAX_NESTING_DEPTH });
    return data === undefined ? null : { data };
  } catch {
    return null;
  }
}

let schema: FastSchema | null = null;

/**
 * Shapes the two parsers read differently, left to the full one: `<<` merges, directives, a line that
 * starts with a tab or with an empty key, and a carriage return that does not end a line.
 */
const LEFT_TO_FULL_PARSER = /<<|^%|^\t|^[ \t-]*:(?:[ \t]|$)|\r(?!\n)/m;

const FORBIDDEN_FIRST = new Set([',', '[', ']', '{', '}', '%', '@', '`']);

interface YamlScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (source: string, onError: (message: string) => void, options: { intAsBigInt: boolean }) => unknown;
}

function buildSchema(): FastSchema {
  // The scalar types a plain scalar can take, in the order the yaml parser tries them.
  const yamlSchema = new YamlSchema({ schema: 'yaml-1.1', resolveKnownTags: false, customTags: SNAKE_SCHEMA.customTags, merge: SNAKE_SCHEMA.merge });
  const implicit = (yamlSchema.tags as unknown as YamlScalarTag[]).filter((tag) => tag.default === true && tag.test instanceof RegExp);
  const refuse = (message: string): never => {
    throw new Error(message);
  };
  const plainScalar = defineScalarTag<unknown>('tag:bkci,2026:snake-plain-scalar', {
    implicit: true,
    resolve: (source, isExplicit) => {
      if (isExplicit) return NOT_RESOLVED;
      // js-yaml lets a plain scalar start with these; YAML (and SnakeYAML) do not.
      if (FORBIDDEN_FIRST.has(source.charAt(0))) refuse(`a plain value cannot start with ${source.charAt(0)}`);
      const tag = implicit.find((candidate) => candidate.test!.test(source));
      if (!tag) return NOT_RESOLVED;
      const value = tag.resolve(source, refuse, { intAsBigInt: false });
      return isScalar(value) ? value.value : value;
    },
    identify: () => false,
  });
  return new FastSchema([strTag, seqTag, snakeMapTag, plainScalar]);
}

/** Mappings as yaml's toJS builds them: a null key is '', other scalar keys their string, a repeated key keeps its place. */
const snakeMapTag = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: () => ({}),
  addPair: (map, key, value) => {
    if (key !== null && typeof key === 'object') return 'a mapping key must be a plain value';
    const name = key === null ? '' : String(key);
    if (name in map) Object.defineProperty(map, name, { value, writable: true, enumerable: true, configurable: true });
    else map[name] = value;
    return '';
  },
  has: (map, key) => Object.prototype.hasOwnProperty.call(map, key === null ? '' : String(key)),
  keys: (map) => Object.keys(map),
  get: (map, key) => map[String(key)],
  identify: () => false,
});
