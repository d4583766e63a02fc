import { YamlError, YamlErrorCode } from '../yaml-error';
import { parseYamlDocument } from './parse-yaml-document';

function syntaxErrorOf(text: string, options = {}): YamlError {
  try {
    parseYamlDocument(text, 'p.yml', options);
  } catch (error) {
    if (error instanceof YamlError) return error;
    throw error;
  }
  throw new Error('expected a YamlError');
}

describe('parseYamlDocument', () => {
  const text = ['version: v3.0', 'stages:', '  - name: build', '    jobs:', '      job-1:', '        steps:', '          - run: echo hi', ''].join('\n');

  it('returns the data as plain objects', () => {
    const parsed = parseYamlDocument(text, 'p.yml');
    expect(parsed.data).toEqual({ version: 'v3.0', stages: [{ name: 'build', jobs: { 'job-1': { steps: [{ run: 'echo hi' }] } } }] });
    expect(parsed.file).toBe('p.yml');
  });

  it('maps a path to the line and column of its value, or of its key', () => {
    const parsed = parseYamlDocument(text, 'p.yml');
    expect(parsed.locate(['stages', 0, 'jobs', 'job-1', 'steps', 0, 'run'])).toEqual({ file: 'p.yml', line: 7, column: 18 });
    expect(parsed.locate(['stages', 0, 'jobs', 'job-1'], 'key')).toEqual({ file: 'p.yml', line: 5, column: 7 });
    expect(parsed.locate(['stages', '0', 'name'])).toEqual({ file: 'p.yml', line: 3, column: 11 });
    expect(parsed.locate([])).toEqual({ file: 'p.yml', line: 1, column: 1 });
  });

  it('maps a path that leads nowhere to the deepest node that exists', () => {
    const parsed = parseYamlDocument(text, 'p.yml');
    expect(parsed.locate(['stages', 0, 'jobs', 'missing', 'steps'])).toEqual({ file: 'p.yml', line: 5, column: 7 });
    expect(parsed.locate(['stages', 5])).toEqual({ file: 'p.yml', line: 3, column: 3 });
  });

  it('resolves anchors, aliases and << merges, and locates through aliases', () => {
    const parsed = parseYamlDocument('base: &b\n  image: x\n  tag: 1\nother:\n  <<: *b\n  tag: 2\nsame: *b\n', 'p.yml');
    expect(parsed.data).toEqual({ base: { image: 'x', tag: 1 }, other: { image: 'x', tag: 2 }, same: { image: 'x', tag: 1 } });
    expect(parsed.locate(['same', 'tag'])).toEqual({ file: 'p.yml', line: 3, column: 8 });
  });

  it('reads YAML 1.2 by default, and YAML 1.1 with duplicate keys when asked', () => {
    const text = 'a: yes\nb: on\na: 2\n';
    expect(() => parseYamlDocument(text, 'p.yml')).toThrow('Map keys must be unique');
    expect(parseYamlDocument(text, 'p.yml', { schema: { version: '1.1', uniqueKeys: false } }).data).toEqual({ a: 2, b: true });
    expect(parseYamlDocument('a: yes\n', 'p.yml').data).toEqual({ a: 'yes' });
  });

  it('reads an empty document as null', () => {
    expect(parseYamlDocument('', 'e.yml').data).toBeNull();
    expect(parseYamlDocument('# only a comment\n', 'e.yml').data).toBeNull();
  });

  it.each([
    ['an unterminated quoted string, where it opens', 'a: 1\nb: "never closed\nc: 2\n', 2, 4],
    ['a duplicate key', 'name: a\nname: b\n', 2, 1],
    ['tabs used as indentation', 'steps:\n\t- run: x\n', 2, 1],
    ['a flow list that does not end', 'label: [a, b\nname: x\n', 2, 1],
    ['a mapping after a list at the same level', '- a\nb: c\n', 2, 1],
    ['a second document', 'a: 1\n---\nb: 2\n', 2, 1],
    ['an alias without an anchor', 'a: 1\nb: *nowhere\n', 2, 4],
    ['a list used as a key', 'a: 1\n[x, y]: 2\n', 2, 1],
    ['a mapping used as a key through an alias', 'a: &m {x: 1}\n*m : 2\n', 2, 1],
    ['a << merge of a list through an alias', 'a: &a [1]\nb:\n  <<: *a\n', 3, 7],
    ['a << merge of a list holding a number', 'b:\n  <<: [{x: 1}, 2]\n', 2, 16],
  ])('reports %s as SYNTAX with its line and column', (_what, source, line, column) => {
    const error = syntaxErrorOf(source);
    expect(error.code).toBe(YamlErrorCode.SYNTAX);
    expect(error.location).toEqual({ file: 'p.yml', line, column });
    expect(error.message.startsWith(`p.yml:${line}:${column}: `)).toBe(true);
  });

  it('refuses nested aliases that would expand too far (billion laughs) as ALIAS_LIMIT, at the alias that crosses the limit', () => {
    // 81 aliases, under the count limit; each level multiplies the expansion by 9.
    let source = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    let previous = 'a';
    for (let i = 0; i < 9; i++) {
      source += `b${i}: &b${i} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
      previous = `b${i}`;
    }
    const error = syntaxErrorOf(source);
    expect(error.code).toBe(YamlErrorCode.ALIAS_LIMIT);
    expect(error.message).toContain('Aliases would add more than 10000 nodes when expanded');
    // a: 10 nodes; b0 adds 9 × 10, b1 9 × 91, b2 9 × 820: 8,289 so far; b3's first alias adds 7,381 more.
    expect(error.location).toEqual({ file: 'p.yml', line: 5, column: 10 });
  });

  it('refuses a 48 KB file with one anchor used 16,000 times as ALIAS_LIMIT, at the first alias over the count', () => {
    const source = `a: &a x\nl: [${Array(16_000).fill('*a').join(',')}]\n`;
    expect(source.length).toBeGreaterThan(48_000);
    const error = syntaxErrorOf(source);
    expect(error.code).toBe(YamlErrorCode.ALIAS_LIMIT);
    expect(error.message).toBe('p.yml:2:305: The file holds more than 100 aliases');
  });

  it('refuses a 500 KB alias-heavy file as ALIAS_LIMIT', () => {
    const anchors = Array.from({ length: 50 }, (_, i) => `k${i}: &k${i} {image: x, tag: "${i}"}\n`).join('');
    const aliases = Array.from({ length: 60_000 }, (_, i) => `  - *k${i % 50}\n`).join('');
    const source = `${anchors}l:\n${aliases}`;
    expect(source.length).toBeGreaterThan(500_000);
    const error = syntaxErrorOf(source);
    expect(error.code).toBe(YamlErrorCode.ALIAS_LIMIT);
    expect(error.message).toContain('The file holds more than 100 aliases');
    expect(error.location).toEqual({ file: 'p.yml', line: 152, column: 5 });
  });

  it('counts the aliases on the full parser tokens too, where the quick count cannot read the file', () => {
    // The unclosed list at the end stops the quick count; the alias limit still fires before that error.
    const source = `a: &a x\nl:\n${'  - *a\n'.repeat(200)}m: [\n`;
    const error = syntaxErrorOf(source);
    expect(error.code).toBe(YamlErrorCode.ALIAS_LIMIT);
    expect(error.location).toEqual({ file: 'p.yml', line: 103, column: 5 });
  });

  it('accepts up to the alias limits, which can be changed', () => {
    // Each alias of {x: 1} adds three nodes: the mapping, its key and its value.
    const source = `a: &a {x: 1}\nl: [${Array(100).fill('*a').join(', ')}]\n`;
    expect(parseYamlDocument(source, 'p.yml').data).toEqual({ a: { x: 1 }, l: Array(100).fill({ x: 1 }) });
    expect(syntaxErrorOf(source, { maxAliasCount: 99 }).code).toBe(YamlErrorCode.ALIAS_LIMIT);
    expect(syntaxErrorOf(source, { maxAliasExpansion: 299 }).code).toBe(YamlErrorCode.ALIAS_LIMIT);
    expect(parseYamlDocument(source, 'p.yml', { maxAliasExpansion: 300 }).data).toBeDefined();
  });

  it('refuses an alias inside the node its anchor names as SYNTAX', () => {
    const error = syntaxErrorOf('a: &a\n  b: *a\n');
    expect(error.code).toBe(YamlErrorCode.SYNTAX);
    expect(error.message).toBe('p.yml:2:6: Alias *a refers to the node that contains it');
  });

  it.each([
    ['flow lists', `a: ${'['.repeat(20000)}x${']'.repeat(20000)}\n`, 1, 103],
    ['flow mappings', `a: ${'{b: '.repeat(5000)}x${'}'.repeat(5000)}\n`, 1, 400],
    ['compact block lists', `a:\n  ${'- '.repeat(20000)}x\n`, 2, 201],
    ['indented mappings', `a:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} x\n`, 101, 101],
  ])('refuses %s nested deeper than 100 levels as SYNTAX, without exhausting the stack', (_what, source, line, column) => {
    for (let round = 0; round < 3; round++) {
      const error = syntaxErrorOf(source);
      expect(error.code).toBe(YamlErrorCode.SYNTAX);
      expect(error.message).toContain('nest more than 100 levels deep');
      expect(error.location).toEqual({ file: 'p.yml', line, column });
    }
  });

  it('accepts nesting up to the limit, which can be changed', () => {
    const nested = (depth: number) => `${'['.repeat(depth - 1)}x${']'.repeat(depth - 1)}`;
    expect(parseYamlDocument(`a: ${nested(100)}\n`, 'p.yml').data).toBeDefined();
    expect(syntaxErrorOf(`a: ${nested(101)}\n`).code).toBe(YamlErrorCode.SYNTAX);
    expect(syntaxErrorOf(`a: ${nested(5)}\n`, { maxNestingDepth: 4 }).message).toContain('more than 4 levels');
  });

  it('refuses a text larger than the limit as FILE_TOO_LARGE before parsing it', () => {
    const error = syntaxErrorOf(`name: "${'x'.repeat(200)}"\n`, { maxFileBytes: 100 });
    expect(error.code).toBe(YamlErrorCode.FILE_TOO_LARGE);
    expect(error.message).toContain('limit is 100 bytes');
    expect(() => parseYamlDocument('name: ok\n', 'p.yml', { maxFileBytes: 100 })).not.toThrow();
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    const text = `name: ${'构'.repeat(40)}\n`; // 47 characters, 127 bytes
    expect(syntaxErrorOf(text, { maxFileBytes: 100 }).code).toBe(YamlErrorCode.FILE_TOO_LARGE);
  });
});
