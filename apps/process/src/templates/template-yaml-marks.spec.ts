import { highlightMarks, previewOf, topLevelMarks } from './template-yaml-marks';

const YAML = [
  'version: v3.0',
  'name: demo',
  '# labels',
  'label: [a, b]',
  'on:',
  '  manual: enabled',
  'stages:',
  '  - name: s',
  '    jobs:',
  '      j:',
  '        steps:',
  '          - run: make',
  '# trailing',
  'notices:',
  '  - type: email',
  'concurrency:',
  '  group: g',
  '',
].join('\n');

const mark = (startLine: number, startColumn: number, endLine: number, endColumn: number) => ({
  startMark: { line: startLine, column: startColumn },
  endMark: { line: endLine, column: endColumn },
});

describe('template YAML marks', () => {
  it('marks each top-level value as SnakeYAML does: scalars and flow values to their end, block values to the next key', () => {
    expect(topLevelMarks(YAML)).toEqual([
      { key: 'version', mark: mark(0, 9, 0, 13) },
      { key: 'name', mark: mark(1, 6, 1, 10) },
      { key: 'label', mark: mark(3, 7, 3, 13) },
      { key: 'on', mark: mark(5, 2, 6, 0) },
      { key: 'stages', mark: mark(7, 2, 13, 0) },
      { key: 'notices', mark: mark(14, 2, 15, 0) },
      { key: 'concurrency', mark: mark(16, 2, 17, 0) },
    ]);
  });

  it('groups the marks as BK-CI’s preview does', () => {
    expect(previewOf(YAML)).toEqual({
      yaml: YAML,
      pipeline: [mark(7, 2, 13, 0)],
      trigger: [mark(5, 2, 6, 0)],
      notice: [mark(14, 2, 15, 0)],
      setting: [mark(0, 9, 0, 13), mark(1, 6, 1, 10), mark(3, 7, 3, 13), mark(16, 2, 17, 0)],
    });
  });

  it('highlights the part a preview asks for', () => {
    expect(highlightMarks(YAML, 'PIPELINE_MODEL')).toEqual([mark(7, 2, 13, 0)]);
    expect(highlightMarks(YAML, 'LABEL')).toEqual([mark(3, 7, 3, 13)]);
    expect(highlightMarks(YAML, 'NOTIFY')).toEqual([mark(14, 2, 15, 0)]);
    expect(highlightMarks(YAML, 'CONCURRENCY')).toEqual([mark(16, 2, 17, 0)]);
    expect(highlightMarks('version: v3.0\nsteps:\n  - run: a\nlabel: x', 'CONCURRENCY')).toEqual([]);
  });

  it('finds nothing in text that is not one mapping', () => {
    expect(topLevelMarks('- a\n- b\n')).toEqual([]);
    expect(topLevelMarks('a: [\n')).toEqual([]);
    expect(topLevelMarks('a: 1\n---\nb: 2\n')).toEqual([]);
  });
});
