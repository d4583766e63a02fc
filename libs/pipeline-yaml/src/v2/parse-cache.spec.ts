import { InMemoryTemplateResolver } from '../resolver/in-memory-template-resolver';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { expandPipelineYaml } from './expand-pipeline';
import { copyData, fingerprint, ParseCache } from './parse-cache';

describe('ParseCache', () => {
  it('reads a text once and hands out a fresh copy each time', () => {
    const cache = new ParseCache<{ list: number[] }>(100, copyData);
    let reads = 0;
    const read = () => {
      reads += 1;
      return { list: [1, 2] };
    };
    const first = cache.get('a: 1', read);
    first.list.push(3);
    const second = cache.get('a: 1', read);
    expect(reads).toBe(1);
    expect(second).toEqual({ list: [1, 2] });
    expect(second).not.toBe(first);
  });

  it('keeps no failed read: the error is raised again', () => {
    const cache = new ParseCache<number>(100, (n) => n);
    let reads = 0;
    const failing = () => {
      reads += 1;
      throw new Error(`read ${reads}`);
    };
    expect(() => cache.get('bad', failing)).toThrow('read 1');
    expect(() => cache.get('bad', failing)).toThrow('read 2');
  });

  it('holds at most its characters, dropping the least recently used texts first', () => {
    const cache = new ParseCache<string>(10, (s) => s);
    const reads: string[] = [];
    const get = (text: string) => cache.get(text, () => (reads.push(text), text));
    get('aaaa');
    get('bbbb');
    get('aaaa'); // now the most recently used
    get('cccc'); // 12 characters: bbbb goes
    get('aaaa');
    get('bbbb');
    get('dddddddddddd'); // longer than the whole cache: never kept
    get('dddddddddddd');
    expect(reads).toEqual(['aaaa', 'bbbb', 'cccc', 'bbbb', 'dddddddddddd', 'dddddddddddd']);
  });

  it('clears every cache at once', () => {
    const cache = new ParseCache<string>(100, (s) => s);
    let reads = 0;
    cache.get('x', () => String((reads += 1)));
    ParseCache.clearAll();
    expect(cache.get('x', () => String((reads += 1)))).toBe('2');
  });
});

describe('copyData', () => {
  it('copies lists, mappings, Maps and Sets deeply, and keeps a __proto__ key a key', () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}, "a": [{"b": 1}]}') as Record<string, unknown>;
    original.m = new Map([['k', { v: 1 }]]);
    original.s = new Set(['x']);
    const copy = copyData(original);
    expect(copy).toEqual(original);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a', 'm', 's']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy.a as unknown[])[0]).not.toBe((original.a as unknown[])[0]);
    expect((copy.m as Map<string, unknown>).get('k')).not.toBe((original.m as Map<string, unknown>).get('k'));
  });
});

describe('fingerprint', () => {
  it('tells apart values that are not equal, type for type', () => {
    const values = [1, '1', -0, 0, NaN, null, 'null', true, 'true', [], {}, [1], ['1'], { a: 1 }, { a: '1' }, [[1, 2]], [[1], 2], new Map([['a', 1]]), new Set(['a'])];
    const prints = values.map(fingerprint);
    expect(new Set(prints).size).toBe(values.length);
    expect(fingerprint({ a: [1, { b: null }] })).toBe(fingerprint({ a: [1, { b: null }] }));
  });
});

describe('expansions that reuse what earlier ones read', () => {
  const templates = {
    'step.yml': 'parameters:\n  - name: who\n    type: string\n    default: you\nsteps:\n  - run: echo ${{ parameters.who }}\n    with:\n      list: [a, b]\n',
    'broken.yml': 'steps:\n  - run: echo\n    with: [\n',
  };
  const resolver = new InMemoryTemplateResolver(templates);
  const expand = (content: string) => expandPipelineYaml({ file: 'pipeline.yml', content }, { resolver });
  const steps = (result: Record<string, unknown>) =>
    (result.stages as Array<{ jobs: Array<{ steps: Array<Record<string, unknown>> }> }>)[0].jobs[0].steps;

  it('give the same result each time, which the caller may change without affecting the next', async () => {
    const content = 'version: v2.0\nsteps:\n  - template: step.yml\n    parameters:\n      who: me\n  - template: step.yml\n';
    const first = await expand(content);
    expect(steps(first).map((step) => step.run)).toEqual(['echo me', 'echo you']);
    (steps(first)[0].with as { list: string[] }).list.push('changed');
    steps(first)[1].run = 'changed';
    const second = await expand(content);
    expect(steps(second).map((step) => step.run)).toEqual(['echo me', 'echo you']);
    expect(steps(second)[0].with).toEqual({ list: ['a', 'b'] });
  });

  it('report a broken template with its file, line and column every time', async () => {
    for (let round = 0; round < 2; round++) {
      const error = await expand('version: v2.0\nsteps:\n  - template: broken.yml\n').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(YamlError);
      expect((error as YamlError).code).toBe(YamlErrorCode.SYNTAX);
      expect((error as YamlError).location).toEqual({ file: 'broken.yml', line: 4, column: 1 });
    }
  });

  it('check the caller’s parameter values every time', async () => {
    const strict = {
      'mode.yml': 'parameters:\n  - name: mode\n    type: string\n    default: a\n    values: [a, b]\nsteps:\n  - run: echo ${{ parameters.mode }}\n',
    };
    const call = (mode: string) =>
      expandPipelineYaml({ file: 'p.yml', content: `steps:\n  - template: mode.yml\n    parameters:\n      mode: ${mode}\n` }, { resolver: new InMemoryTemplateResolver(strict) });
    expect(steps(await call('b'))[0].run).toBe('echo b');
    const error = await call('c').catch((e: unknown) => e);
    expect((error as YamlError).code).toBe(YamlErrorCode.PARAMETER_INVALID);
    expect(steps(await call('b'))[0].run).toBe('echo b');
  });
});
