import { Tags } from 'yaml';

/** The way SnakeYAML, BK-CI's YAML library, reads scalars, as options of the yaml parser. */

const SNAKE_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const SNAKE_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

/** SnakeYAML's booleans (YAML 1.1 without `y`/`n`). */
const snakeBool = {
  identify: (value: unknown) => typeof value === 'boolean',
  default: true,
  tag: 'tag:yaml.org,2002:bool',
  test: SNAKE_BOOL,
  resolve: (str: string) => SNAKE_TRUE.test(str),
};

function snakeTags(tags: Tags): Tags {
  // Timestamps stay strings (SnakeYAML would make dates that Jackson prints as epoch numbers).
  const kept = tags.filter((t) => {
    const tag = (t as { tag?: string }).tag;
    return tag !== 'tag:yaml.org,2002:bool' && tag !== 'tag:yaml.org,2002:timestamp' && tag !== 'tag:yaml.org,2002:binary';
  });
  return [snakeBool as never, ...kept];
}

/** How SnakeYAML reads: YAML 1.1 scalars, `<<` merges, a repeated key keeps its last value. */
export const SNAKE_SCHEMA = { version: '1.1', uniqueKeys: false, merge: true, customTags: snakeTags } as const;

