import { MatrixConfigError, matrixCases, matrixConfigOf, matrixMaxConcurrency, replaceMatrixVariables } from './matrix-config';

const cases = (strategyStr: string, extra: { includeCaseStr?: string; excludeCaseStr?: string } = {}, variables: Record<string, string> = {}) =>
  matrixCases(matrixConfigOf({ strategyStr, ...extra }, variables));

describe('matrix config', () => {
  it('combines the axes with the first one varying slowest, as BK-CI loopCartesianProduct', () => {
    // What libs/pipeline-yaml writes for `matrix: {os: [a, b], v: [1, 2]}`.
    expect(cases('os:\n  - a\n  - b\nv:\n  - 1\n  - 2\n')).toEqual([
      { 'matrix.os': 'a', 'matrix.v': '1' },
      { 'matrix.os': 'a', 'matrix.v': '2' },
      { 'matrix.os': 'b', 'matrix.v': '1' },
      { 'matrix.os': 'b', 'matrix.v': '2' },
    ]);
  });

  it('reads a JSON strategy, with include and exclude inside it', () => {
    const strategy = JSON.stringify({ os: ['a', 'b'], v: [1], include: [{ os: 'c', v: '9' }], exclude: [{ os: 'b', v: '1' }] });
    expect(cases(strategy)).toEqual([
      { 'matrix.os': 'a', 'matrix.v': '1' },
      { 'matrix.os': 'c', 'matrix.v': '9' },
    ]);
  });

  it('merges an include case into every combination it matches and adds it once when it matches none', () => {
    const include = '- os: a\n  extra: x\n- os: z\n  v: 3\n- other: dropped\n';
    expect(cases('os: [a, b]\nv: [1, 2]', { includeCaseStr: include })).toEqual([
      { 'matrix.os': 'a', 'matrix.v': '1', 'matrix.extra': 'x' },
      { 'matrix.os': 'a', 'matrix.v': '2', 'matrix.extra': 'x' },
      { 'matrix.os': 'b', 'matrix.v': '1' },
      { 'matrix.os': 'b', 'matrix.v': '2' },
      { 'matrix.os': 'z', 'matrix.v': '3' },
    ]);
  });

  it('excludes only cases equal to an exclude case (BK-CI removeAll), after the includes', () => {
    expect(cases('os: [a, b]\nv: [1, 2]', { excludeCaseStr: '[{"os": "a", "v": "2"}, {"os": "b"}]' })).toEqual([
      { 'matrix.os': 'a', 'matrix.v': '1' },
      { 'matrix.os': 'b', 'matrix.v': '1' },
      { 'matrix.os': 'b', 'matrix.v': '2' },
    ]);
    // A merged include makes the case differ from the exclude: it stays.
    expect(cases('os: [a]', { includeCaseStr: '- {os: a, x: 1}', excludeCaseStr: '- {os: a}' })).toEqual([{ 'matrix.os': 'a', 'matrix.x': '1' }]);
  });

  it('takes include cases as the whole matrix when there are no axes, and drops duplicates', () => {
    expect(cases('', { includeCaseStr: '- {a: 1}\n- {a: 1}\n- {a: 2}' })).toEqual([{ 'matrix.a': '1' }, { 'matrix.a': '2' }]);
  });

  it('puts variables in first, a fromJSON value read as a JSON list', () => {
    const variables = { OSES: '["x","y"]', V: '7' };
    expect(cases('os: ${{ fromJSON(OSES) }}\nv: ["${V}"]', {}, variables)).toEqual([
      { 'matrix.os': 'x', 'matrix.v': '7' },
      { 'matrix.os': 'y', 'matrix.v': '7' },
    ]);
    expect(cases('${{ fromJSON(ALL) }}', {}, { ALL: '{"k": ["1"]}' })).toEqual([{ 'matrix.k': '1' }]);
    expect(cases('k: ${{ fromJSON(variables.ALL) }}', {}, { ALL: '[2]' })).toEqual([{ 'matrix.k': '2' }]);
    expect(replaceMatrixVariables('${{ matrix.os }}-${ unknown }', { 'matrix.os': 'a' })).toBe('a-${ unknown }');
  });

  it('gives a value written as a map its members too (BK-CI getAllCombinations)', () => {
    expect(cases('', { includeCaseStr: '- {tool: {name: gcc, ver: 9}}' })).toEqual([{ 'matrix.tool': '{name=gcc, ver=9}', 'matrix.tool.name': 'gcc', 'matrix.tool.ver': '9' }]);
  });

  it('refuses what is not a matrix, naming it', () => {
    expect(() => cases('- a\n- b')).toThrow(MatrixConfigError);
    expect(() => cases('os: plain')).toThrow('matrix values of "os" are not a list: plain');
    expect(() => cases('os: [a]', { includeCaseStr: 'not: a list' })).toThrow('matrix include is not a list of key: value maps');
    expect(() => cases('os: [a, b')).toThrow(/neither YAML nor JSON/);
  });

  it('runs 5 children at once by default and refuses more than 50', () => {
    expect(matrixMaxConcurrency({})).toBe(5);
    expect(matrixMaxConcurrency({ maxConcurrency: 2 })).toBe(2);
    expect(matrixMaxConcurrency({ maxConcurrency: 0 })).toBe(5);
    expect(() => matrixMaxConcurrency({ maxConcurrency: 51 })).toThrow('matrix maxConcurrency(51) is larger than 50');
  });
});
