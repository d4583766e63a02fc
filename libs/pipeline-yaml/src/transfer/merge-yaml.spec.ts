import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { mergeYaml } from './merge-yaml';

const FIXTURES = join(__dirname, '../../../../../shared/fixtures/bkci-yaml');

/**
 * Reads a fixture the way BK-CI's own MergeYamlTest does (`readLine()` + "\n" per line): every
 * line ends with "\n", whether or not the file ends with a newline. This is the only
 * normalisation; out.yml of base-1 and base-3 have no final newline, base-2's has one.
 */
function fixture(path: string): string {
  const lines = readFileSync(join(FIXTURES, path), 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => `${line}\n`).join('');
}

describe('mergeYaml: BK-CI TransferYaml fixtures', () => {
  it.each(['base-1', 'base-2', 'base-3'])('%s: merge(old, new) equals out.yml exactly', (name) => {
    const old = fixture(`TransferYaml/${name}/old.yml`);
    const edited = fixture(`TransferYaml/${name}/new.yml`);
    expect(mergeYaml(old, edited)).toBe(fixture(`TransferYaml/${name}/out.yml`));
  });

  it.each(['base-1', 'base-2', 'base-3'])('%s: the merged text reads back as the new data', (name) => {
    const edited = fixture(`TransferYaml/${name}/new.yml`);
    const merged = mergeYaml(fixture(`TransferYaml/${name}/old.yml`), edited);
    expect(parse(merged, { merge: true })).toEqual(parse(edited, { merge: true }));
  });
});

describe('mergeYaml', () => {
  it('keeps comments, blank lines and quoting of untouched entries', () => {
    const old = '# head\nname: demo # the name\n\n# build it\nrun: \'make\'\nlist: [a, b]\n';
    const edited = 'name: demo2\nrun: make\nlist:\n- a\n- b\n';
    expect(mergeYaml(old, edited)).toBe('# head\nname: demo2 # the name\n\n# build it\nrun: \'make\'\nlist: [a, b]\n');
  });

  it('follows the new key order and inserts new keys before the next kept one', () => {
    const old = 'a: 1 # one\n# about b\nb: 2\n';
    expect(mergeYaml(old, 'b: 2\nnew: 3\na: 1\n')).toBe('# about b\nb: 2\nnew: 3\na: 1 # one\n');
  });

  it('moves the trailing comments of a removed entry to what follows it', () => {
    const old = 'steps:\n- run: a\n- run: b # second\n  # after b\n- run: c\nnext: 1\n';
    const edited = 'steps:\n- run: a\n- run: c\nnext: 1\n';
    expect(mergeYaml(old, edited)).toBe('steps:\n- run: a\n- # second\n  # after b\n  run: c\nnext: 1\n');
  });

  it('drops the comments above a removed entry', () => {
    expect(mergeYaml('a: 1\n# about b\nb: 2\n', 'a: 1\n')).toBe('a: 1\n');
  });

  it('keeps an anchor and its alias while the data still match, and spells out what diverged', () => {
    const old = 'base: &b\n  image: x\nuse: *b\n';
    expect(mergeYaml(old, 'base:\n  image: y\nuse:\n  image: y\n')).toBe('base: &b\n  image: y\nuse: *b\n');
    expect(mergeYaml(old, 'base:\n  image: y\nuse:\n  image: x\n')).toBe('base: &b\n  image: y\nuse:\n  image: x\n');
  });

  it('re-indents block scalars and keeps their chomping', () => {
    const old = 'steps:\n    - run: |-\n        echo a\n        echo b\n';
    const edited = 'steps:\n- run: |-\n    echo a\n    echo c\n';
    expect(mergeYaml(old, edited)).toBe('steps:\n- run: |-\n    echo a\n    echo c\n');
  });

  it('returns the new text when the old one is blank or cannot be parsed', () => {
    expect(mergeYaml('  \n', 'a: 1\n')).toBe('a: 1\n');
    expect(mergeYaml('a: [1\n', 'a: 1\n')).toBe('a: 1\n');
  });

  it('is a fixed point on its own output', () => {
    for (const name of ['base-1', 'base-2', 'base-3']) {
      const out = fixture(`TransferYaml/${name}/out.yml`);
      const once = mergeYaml(out, out);
      expect(mergeYaml(once, once)).toBe(once);
      expect(parse(once, { merge: true })).toEqual(parse(out, { merge: true }));
    }
  });

  it('reports a syntax error in the new text as a YamlError with its position', () => {
    let error: unknown;
    try {
      mergeYaml('a: 1\n', 'a: 1\nb: [2\n');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(YamlError);
    expect((error as YamlError).code).toBe(YamlErrorCode.SYNTAX);
    expect((error as YamlError).location).toMatchObject({ file: 'new.yml', line: expect.any(Number) });
  });
});
