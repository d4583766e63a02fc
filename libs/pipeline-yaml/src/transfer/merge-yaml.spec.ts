import { parse } from 'yaml';
import { readYamlFixture } from '../../../../test/fixtures/yaml';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { mergeYaml } from './merge-yaml';

/** The project's merge cases (test/fixtures/yaml/merge): anchors and merge keys, flow and block styles, a v3 pipeline. */
const CASES = ['anchors', 'flow', 'pipeline'];
const fixture = (path: string): string => readYamlFixture(`merge/${path}`);

describe('mergeYaml: the merge fixtures', () => {
  it.each(CASES)('%s: merge(old, new) equals out.yml exactly', (name) => {
    expect(mergeYaml(fixture(`${name}/old.yml`), fixture(`${name}/new.yml`))).toBe(fixture(`${name}/out.yml`));
  });

  it.each(CASES)('%s: the merged text reads back as the new data', (name) => {
    const edited = fixture(`${name}/new.yml`);
    const merged = mergeYaml(fixture(`${name}/old.yml`), edited);
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
    for (const name of CASES) {
      const out = fixture(`${name}/out.yml`);
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
