import { parseYamlDocument } from '../parse/parse-yaml-document';
import { readFast } from './fast-reader';
import { SNAKE_SCHEMA } from './snake-schema';

/** The full parser's reading, as the fast reader must reproduce it. */
function fullRead(text: string): unknown {
  return parseYamlDocument(text, 'f.yml', { schema: SNAKE_SCHEMA, maxFileBytes: Number.POSITIVE_INFINITY }).data;
}

/** Type for type and key order included: 1 and "1", NaN and null, -0 and 0 must not pass for each other. */
function exact(value: unknown): unknown {
  if (typeof value === 'number') return `number ${Object.is(value, -0) ? '-0' : String(value)}`;
  if (Array.isArray(value)) return value.map(exact);
  if (value !== null && typeof value === 'object') return Object.keys(value).map((key) => [key, exact((value as Record<string, unknown>)[key])]);
  return value;
}

const SCALARS = [
  '1', '-1', '+1', '0', '012', '0o12', '0x1F', '0b101', '1_000', '1:20', '-1:20:30', '190:20:30.15', '1.5', '.5', '5.',
  '1e3', '1.0e+3', '-.inf', '.Inf', '.NaN', 'NaN', '1.2.3', '9007199254740993', '~', 'null', 'NULL', 'nULL', 'y', 'n',
  'yes', 'YES', 'yEs', 'no', 'on', 'Off', 'true', 'TRUE', 'tRue', 'false', '2001-12-14', '2001-12-14t21:59:43.10-05:00',
  '-0', '-0.0', '0777', '08', 'e3', '?x', ':x', 'x:y', 'a b', 'foo]', 'b}', '${{ parameters.x }}', 'a  #b',
];

const DOCUMENTS = [
  'a: "\\x41\\u0042\\U00000043\\N\\_\\L\\P\\e\\0\\t\\/\\ "\n',
  "a: 'it''s'\n",
  'a: "multi\n  line\n\n  para"\n',
  'a: |\n  x\n  y\n\n',
  'a: |-\n  x\n',
  'a: |+\n  x\n\n\n',
  'a: >\n  x\n  y\n\n  z\n   more\n  w\n',
  'a: |2\n    x\n   y\n',
  'a: plain\n  continued\n  lines\n',
  'a: x # comment\nb: y#z\n',
  '- a\n- - b\n  - c\n- k: v\n  k2: v2\n',
  'a: {b: [1, {c: d}], e: }\n',
  'a: 1\na: 2\nb: 3\n',
  'null: 1\n~: 2\n',
  '__proto__: 1\nconstructor: 2\ntoString: 3\n',
  'a: !!str 1\nb: ! 12\nc: !!map {d: 1}\ne: !!seq [1]\n',
  '\ufeffa: 1\n',
  '---\na: 1\n...\n',
  'a: x\u2028y\nb: "x\u0085y"\n',
  'steps:\n  - run: "echo \\\n      next"\n',
];

describe('the fast reader', () => {
  it.each(SCALARS.flatMap((scalar) => [`k: ${scalar}\n`, `- ${scalar}\n`, `${scalar}: v\n`]))(
    'reads %j as the full parser does',
    (text) => {
      const fast = readFast(text);
      expect(fast).not.toBeNull();
      expect(exact(fast!.data)).toEqual(exact(fullRead(text)));
    },
  );

  it('reads scalars in flow lists as the full parser does, or leaves them to it', () => {
    const texts = SCALARS.map((scalar) => `f: [${scalar}]\n`);
    const read = texts.filter((text) => readFast(text) !== null);
    for (const text of read) expect([text, exact(readFast(text)!.data)]).toEqual([text, exact(fullRead(text))]);
    // These are not YAML in a flow list: the full parser reports them.
    expect(texts.filter((text) => !read.includes(text))).toEqual(['f: [foo]]\n', 'f: [b}]\n', 'f: [${{ parameters.x }}]\n', 'f: [a  #b]\n']);
  });

  it.each(DOCUMENTS)('reads %j as the full parser does', (text) => {
    const fast = readFast(text);
    expect(fast).not.toBeNull();
    expect(exact(fast!.data)).toEqual(exact(fullRead(text)));
  });

  it.each([
    ['aliases (their limits are the full parser’s)', 'a: &x 1\nb: *x\n'],
    ['a << merge', 'a: &x {b: 1}\nc:\n  <<: *x\n'],
    ['a directive', '%YAML 1.2\n---\na: yes\n'],
    ['a tag it does not know', 'a: !!int "1"\n'],
    ['a line that starts with a tab', 'a:\n\t- x\n'],
    ['an empty key', 'stages:\n  : x: y\n'],
    ['a carriage return inside a line', 'a: 1 # x\ry: 2\n'],
    ['a plain value that starts with a flow indicator', 'a: ,x\n'],
    ['a plain value that starts with a closing bracket', 'a: ]\n'],
    ['a list used as a key', '? [a, b]\n: c\n'],
    ['nesting deeper than the limit', `a: ${'['.repeat(101)}x${']'.repeat(101)}\n`],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['an empty document', '# nothing\n'],
    ['a syntax error', 'a: [\n'],
    ['a double-quoted line indented less than its key (BK-CI templates have them)', 'a:\n  b: "x\n y"\n'],
  ])('leaves %s to the full parser', (_what, text) => {
    expect(readFast(text)).toBeNull();
  });
});
