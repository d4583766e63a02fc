import { ExpressionError } from './expression-error';
import { evaluateExpression } from './evaluator';
import { parseExpression } from './parser';

const contexts = {
  parameters: { name: 'bk-ci', count: 3, flag: true, list: ['a', 'b'], nested: { deep: { x: 1 } }, items: [{ id: 1 }, { id: 2 }] },
  variables: { 'my-var': 'hyphen', num: '10', empty: '', t: 'true' },
  ci: { actor: 'alice', branch: 'master' },
  settings: {},
  envs: { HOME: '/root' },
};
const ev = (text: string) => evaluateExpression(text, contexts);

function expectError(fn: () => unknown, kind: ExpressionError['kind']): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ExpressionError);
  expect((caught as ExpressionError).kind).toBe(kind);
}

describe('evaluateExpression', () => {
  it('reads contexts, members, indexes and hyphenated names', () => {
    expect(ev('parameters.name')).toBe('bk-ci');
    expect(ev("parameters['name']")).toBe('bk-ci');
    expect(ev('parameters.list[1]')).toBe('b');
    expect(ev('parameters.list.1')).toBe('b');
    expect(ev('parameters.nested.deep.x')).toBe(1);
    expect(ev('variables.my-var')).toBe('hyphen');
    expect(ev('envs.HOME')).toBe('/root');
    expect(ev('parameters.missing')).toBeNull();
    expect(ev('parameters.list[9]')).toBeNull();
  });

  it('supports wildcards over arrays and objects', () => {
    expect(ev('parameters.items.*.id')).toEqual([1, 2]);
    expect(ev('contains(parameters.items.*.id, 2)')).toBe(true);
  });

  it('compares loosely as BK-CI does', () => {
    expect(ev("variables.num == 10")).toBe(true);
    expect(ev("variables.t == true")).toBe(true);
    expect(ev("'TRUE' == true")).toBe(false);
    expect(ev("null == 0")).toBe(true);
    expect(ev("'' == 0")).toBe(true);
    expect(ev("'abc' == 'ABC'")).toBe(false);
    expect(ev("'b' > 'a'")).toBe(true);
    expect(ev('parameters.count >= 3')).toBe(true);
    expect(ev('parameters.count < 3')).toBe(false);
    expect(ev("'x' != 'y'")).toBe(true);
    expect(ev('NaN == NaN')).toBe(false);
  });

  it('returns operand values from && and ||, and negates with !', () => {
    expect(ev("variables.empty || 'fallback'")).toBe('fallback');
    expect(ev("parameters.name && parameters.count")).toBe(3);
    expect(ev("!variables.empty")).toBe(true);
    expect(ev("!'false'")).toBe(true);
    expect(ev('parameters.flag && ci.actor == \'alice\' && !false')).toBe(true);
  });

  it('implements the BK-CI functions', () => {
    expect(ev("contains('hello', 'ell')")).toBe(true);
    expect(ev("contains(parameters.list, 'b')")).toBe(true);
    expect(ev("startsWith(ci.branch, 'mas')")).toBe(true);
    expect(ev("endsWith(ci.branch, 'ter')")).toBe(true);
    expect(ev('join(parameters.list)')).toBe('a,b');
    expect(ev("join(parameters.list, ' | ')")).toBe('a | b');
    expect(ev("fromJSON('{\"a\":[1,2]}').a[1]")).toBe(2);
    expect(ev('toJSON(parameters.list)')).toBe('["a","b"]');
    expect(ev("format('{0}-{1} {{x}}', ci.actor, parameters.count)")).toBe('alice-3 {x}');
    expect(ev("FORMAT('{0}', 1.5)")).toBe('1.5');
    expect(typeof ev("strToTime('2024-01-02 03:04:05')")).toBe('number');
  });

  it('supports the ternary extension and literals', () => {
    expect(ev("parameters.flag ? 'yes' : 'no'")).toBe('yes');
    expect(ev("'it''s'")).toBe("it's");
    expect(ev('-1.5')).toBe(-1.5);
    expect(ev('0x10')).toBe(16);
  });

  it('rejects syntax BK-CI does not accept', () => {
    expectError(() => ev('"double"'), 'SYNTAX');
    expectError(() => ev('a = b'), 'SYNTAX');
    expectError(() => ev('parameters.name parameters.count'), 'SYNTAX');
    expectError(() => ev('unknownFn(1)'), 'SYNTAX');
    expectError(() => ev('contains(1)'), 'SYNTAX');
    expectError(() => ev('nope.x'), 'SYNTAX');
    expectError(() => ev("'unterminated"), 'SYNTAX');
    expectError(() => ev('1 + 2'), 'SYNTAX');
    expectError(() => ev('${{ x }}'), 'SYNTAX');
  });

  it('allows unknown contexts only when asked to', () => {
    expect(evaluateExpression('nope.x', contexts, { allowUnknownNames: true })).toBeNull();
  });
});

describe('security', () => {
  it('refuses prototype and constructor members', () => {
    expectError(() => ev('parameters.__proto__'), 'UNSUPPORTED');
    expectError(() => ev("parameters['__proto__']"), 'UNSUPPORTED');
    expectError(() => ev("parameters['constructor']"), 'UNSUPPORTED');
    expect(ev("parameters.list['constructor']")).toBeNull();
    expectError(() => ev('parameters.prototype'), 'UNSUPPORTED');
    expect(() => evaluateExpression('constructor', {})).toThrow(ExpressionError);
    expect(() => evaluateExpression('toString', {})).toThrow(ExpressionError);
  });

  it('does not read inherited members or call anything but whitelisted functions', () => {
    expect(ev("parameters['hasOwnProperty']")).toBeNull();
    expect(ev("parameters.name['length']")).toBeNull();
    expectError(() => ev("parameters.name.constructor('return 1')"), 'SYNTAX');
    expectError(() => ev('eval(1)'), 'SYNTAX');
    expectError(() => ev('Function(1)'), 'SYNTAX');
    expectError(() => ev('this'), 'SYNTAX');
    expectError(() => ev('[1, 2]'), 'UNSUPPORTED');
  });

  it('does not pollute prototypes through fromJSON', () => {
    const value = ev('fromJSON(\'{"__proto__": {"polluted": true}}\')') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('bounds depth, length and output size', () => {
    expectError(() => ev(`${'('.repeat(60)}1${')'.repeat(60)}`), 'LIMIT');
    expectError(() => ev(`${'!'.repeat(5000)}true`), 'LIMIT');
    expectError(() => ev(`'${'a'.repeat(30000)}'`), 'LIMIT');
    const big = { list: Array.from({ length: 2000 }, () => 'x'.repeat(1000)) };
    expectError(() => evaluateExpression("join(p.list, '')", { p: big }), 'LIMIT');
    expect(ev(Array.from({ length: 300 }, () => 'true').join(' && '))).toBe(true);
  });

  it('parses to a closed set of node types', () => {
    expect(parseExpression("a.b && !c[0] || join(1)", {})).toBeDefined();
    expect(parseExpression('   ')).toBeNull();
  });
});
