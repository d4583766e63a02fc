import { GroupNumbering, PreparedLine } from './group-numbering';

const line = (tag: string, message: string): PreparedLine => ({
  buildId: 'b-1', executeCount: 1, timestamp: 1, message, logType: 'LOG', tag, subTag: 's', containerHashId: '', jobId: '', stepId: '',
});

describe('GroupNumbering', () => {
  it('gives each batch its own consecutive range after the last number, and a batch row each', () => {
    const numbering = new GroupNumbering(7, [], 100);
    expect(numbering.add('k1', [line('t', 'a'), line('t', 'b')])).toEqual({ stored: 2, refused: 0 });
    expect(numbering.add('k2', [line('u', 'c')])).toEqual({ stored: 1, refused: 0 });
    expect(numbering.rows.map((row) => [row.lineNo, row.message])).toEqual([[8, 'a'], [9, 'b'], [10, 'c']]);
    expect(numbering.batches).toEqual([{ batchKey: 'k1', firstLineNo: 8, lineCount: 2 }, { batchKey: 'k2', firstLineNo: 10, lineCount: 1 }]);
    expect(numbering.lastNumber).toBe(10);
    expect([...numbering.changed].map((c) => [c.tag, c.lineCount])).toEqual([['t', 2], ['u', 1]]);
  });

  it('stores a batch sent twice into the same group once, answering the second as the first', () => {
    const numbering = new GroupNumbering(0, [{ tag: 't', executeCount: 1, lineCount: 2, limitBatchKey: null }], 3);
    const lines = [line('t', 'a'), line('t', 'b'), line('t', 'c')];
    expect(numbering.add('k', lines)).toEqual({ stored: 2, refused: 2 });
    expect(numbering.add('k', lines)).toEqual({ stored: 2, refused: 2 });
    expect(numbering.rows.map((row) => [row.lineNo, row.logType, row.message])).toEqual([
      [1, 'LOG', 'a'],
      [2, 'WARN', 'Printed logs cannot exceed 3 lines; later lines of this task are not stored.'],
    ]);
    expect(numbering.batches).toEqual([{ batchKey: 'k', firstLineNo: 1, lineCount: 2 }]);
  });

  it('keeps the task limit across the batches of a group: one WARN line, then every line refused, and no batch row for a batch that stored nothing', () => {
    const numbering = new GroupNumbering(0, [], 2);
    expect(numbering.add('k1', [line('t', 'a'), line('t', 'b')])).toEqual({ stored: 2, refused: 0 });
    expect(numbering.add('k2', [line('t', 'c'), line('t', 'd')])).toEqual({ stored: 1, refused: 2 });
    expect(numbering.add('k3', [line('t', 'e')])).toEqual({ stored: 0, refused: 1 });
    expect(numbering.rows.map((row) => row.logType)).toEqual(['LOG', 'LOG', 'WARN']);
    expect(numbering.batches.map((batch) => batch.batchKey)).toEqual(['k1', 'k2']);
    expect([...numbering.changed]).toEqual([{ tag: 't', executeCount: 1, lineCount: 3, limitBatchKey: 'k2' }]);
  });
});
