/**
 * Deterministic text mutations of YAML files for the fuzz test. Every choice comes from a seeded
 * generator, so a case is reproduced from its seed and index alone.
 */

/** mulberry32: a small, fast, seedable generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly next: () => number) {}
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** What one mutation did, for the failure report. */
export interface Mutated {
  text: string;
  note: string;
}

export type Mutation = (text: string, dice: Dice, context: MutationContext) => Mutated;

export interface MutationContext {
  /** The file being mutated, as the resolver names it (for self-references). */
  self: string;
  /** Other template keys that exist (for cross-references and cycles). */
  others: readonly string[];
}

const SPECIAL_CHARS = [':', '-', '{', '}', '[', ']', '"', "'", '&', '*', '!', '|', '>', '#', '%', '@', '`', ',', '?', '\t', '\n', ' ', '\\', '\0', '\u00a0', '构', '😀', '$', '{{'];

const KEYS = [
  'version', 'name', 'template', 'parameters', 'extends', 'stages', 'jobs', 'steps', 'finally', 'variables', 'resources',
  'repositories', 'repository', 'on', 'if', 'with', 'uses', 'run', 'runs-on', 'check-in', 'gates', 'mutex', 'depend-on',
  'type', 'default', 'values', 'value', 'props', 'options', 'datasource', 'id', 'label', 'notices', 'concurrency', '<<', '',
  'constructor', '__proto__', 'toString',
];

const VALUES = [
  '[]', '{}', '~', 'null', 'true', 'false', '0', '-1', '3.14', '""', "''", '[a, b]', '{a: 1}', '"${{ parameters.x }}"',
  '${{ parameters }}', '${{ fromJSON(parameters.x) }}', '${{ join(parameters.x, ",") }}', '"${{ ${{ x }} }}"', '!!binary aGk=',
  '&anchor x', '*undefined_alias', '|\n  block', '>-\n  folded', 'v2.0', 'v3.0', 'v4.0', '2.0',
];

const HUGE = ['1e400', '-1e400', '99999999999999999999999999999', '0x7fffffffffffffff', '.inf', '-.inf', '.nan', '-0', '1e-400', '9'.repeat(400)];

function lines(text: string): string[] {
  return text.split('\n');
}

function replaceLine(text: string, dice: Dice, change: (line: string) => string): { text: string; index: number } {
  const all = lines(text);
  const index = dice.int(all.length);
  all[index] = change(all[index]);
  return { text: all.join('\n'), index };
}

/** Lines that look like `  key: value` or `  - key: value`. */
function keyLines(text: string): number[] {
  return lines(text)
    .map((line, index) => (/^\s*(- )?[^\s#:][^:#]*:(\s|$)/.test(line) ? index : -1))
    .filter((index) => index >= 0);
}

function onKeyLine(text: string, dice: Dice, change: (indent: string, key: string, value: string) => string): { text: string; index: number } | null {
  const candidates = keyLines(text);
  if (candidates.length === 0) return null;
  const all = lines(text);
  const index = dice.pick(candidates);
  const match = /^(\s*(?:- )?)([^:]+):(.*)$/.exec(all[index]);
  if (!match) return null;
  all[index] = change(match[1], match[2], match[3]);
  return { text: all.join('\n'), index };
}

export const byteFlip: Mutation = (text, dice) => {
  if (text.length === 0) return { text: dice.pick(SPECIAL_CHARS), note: 'byte flip in empty text' };
  const flips = 1 + dice.int(4);
  let out = text;
  for (let i = 0; i < flips; i++) {
    const at = dice.int(out.length);
    const replacement = dice.chance(0.5) ? dice.pick(SPECIAL_CHARS) : String.fromCharCode(dice.int(128));
    out = out.slice(0, at) + replacement + out.slice(at + 1);
  }
  return { text: out, note: `${flips} byte flip(s)` };
};

export const deleteLines: Mutation = (text, dice) => {
  const all = lines(text);
  const start = dice.int(all.length);
  const count = 1 + dice.int(3);
  all.splice(start, count);
  return { text: all.join('\n'), note: `delete lines ${start + 1}..${start + count}` };
};

export const duplicateLines: Mutation = (text, dice) => {
  const all = lines(text);
  const start = dice.int(all.length);
  const count = 1 + dice.int(4);
  all.splice(start, 0, ...all.slice(start, start + count));
  return { text: all.join('\n'), note: `duplicate lines from ${start + 1} (${count})` };
};

export const reindent: Mutation = (text, dice) => {
  const shift = dice.pick([-4, -2, -1, 1, 2, 3, 4, 8]);
  const useTab = dice.chance(0.1);
  const result = replaceLine(text, dice, (line) => {
    if (useTab) return `\t${line}`;
    if (shift > 0) return ' '.repeat(shift) + line;
    return line.replace(new RegExp(`^ {0,${-shift}}`), '');
  });
  return { text: result.text, note: `indent line ${result.index + 1} by ${useTab ? 'a tab' : shift}` };
};

export const renameKey: Mutation = (text, dice) => {
  const key = dice.pick(KEYS);
  const result = onKeyLine(text, dice, (indent, _old, value) => `${indent}${key}:${value}`);
  return result ? { text: result.text, note: `rename key on line ${result.index + 1} to "${key}"` } : byteFlip(text, dice, { self: '', others: [] });
};

export const swapType: Mutation = (text, dice) => {
  const value = dice.pick(VALUES);
  const result = onKeyLine(text, dice, (indent, key) => `${indent}${key}: ${value.replace(/\n/g, `\n${indent}`)}`);
  return result ? { text: result.text, note: `value on line ${result.index + 1} becomes ${JSON.stringify(value)}` } : byteFlip(text, dice, { self: '', others: [] });
};

export const hugeNumber: Mutation = (text, dice) => {
  const value = dice.pick(HUGE);
  const result = onKeyLine(text, dice, (indent, key) => `${indent}${key}: ${value}`);
  return result ? { text: result.text, note: `value on line ${result.index + 1} becomes a huge number` } : { text: `${text}\nx: ${value}\n`, note: 'huge number appended' };
};

export const deepNesting: Mutation = (text, dice) => {
  const depth = dice.pick([50, 200, 1000, 3000]);
  const flow = dice.chance(0.5);
  const nested = flow ? `${'['.repeat(depth)}x${']'.repeat(depth)}` : Array.from({ length: Math.min(depth, 400) }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' leaf';
  const result = onKeyLine(text, dice, (indent, key) => (flow ? `${indent}${key}: ${nested}` : `${indent}${key}:\n${nested.replace(/^/gm, `${indent}  `)}`));
  return result ? { text: result.text, note: `${flow ? 'flow' : 'block'} nesting of ${depth} at line ${result.index + 1}` } : { text: `${text}\nx: ${nested}\n`, note: 'deep nesting appended' };
};

/** Points template references at the file itself, at a file that refers back, at nothing, or outside the root. */
export const templateReference: Mutation = (text, dice, context) => {
  const targets = [context.self, context.self, ...context.others, 'missing.yml', '../outside.yml', '/etc/passwd', `${context.self}@noSuchRepo`, `${context.self}@repoA`, ''];
  const target = dice.pick(targets);
  const all = lines(text);
  const existing = all.map((line, index) => (/^\s*(- )?template:\s*\S/.test(line) ? index : -1)).filter((index) => index >= 0);
  if (existing.length > 0 && dice.chance(0.7)) {
    const index = dice.pick(existing);
    all[index] = all[index].replace(/template:.*$/, `template: ${target}`);
    return { text: all.join('\n'), note: `template on line ${index + 1} now refers to "${target}"` };
  }
  const block = dice.pick([
    `steps:\n  - template: ${target}\n`,
    `stages:\n  - template: ${target}\n`,
    `jobs:\n  template:\n    - name: ${target}\n`,
    `variables:\n  template:\n    - name: ${target}\n`,
    `extends:\n  template: ${target}\n`,
    `parameters:\n  - template: ${target}\n`,
  ]);
  return { text: `${text.replace(/\n?$/, '\n')}${block}`, note: `appended a reference to "${target}"` };
};

export const MUTATIONS: Record<string, Mutation> = {
  byteFlip,
  deleteLines,
  duplicateLines,
  reindent,
  renameKey,
  swapType,
  hugeNumber,
  deepNesting,
  templateReference,
};
