import { GroupCommit } from './group-commit';

/** A writer whose calls can be held open, so that items queue behind them. */
function recorder() {
  const calls: Array<{ key: string; items: number[] }> = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  const write = async (key: string, items: number[]): Promise<number[]> => {
    calls.push({ key, items });
    await gate;
    if (items.includes(-1)) throw new Error('bad item');
    if (items.includes(-2)) throw new Error('busy');
    return items.map((item) => item * 10);
  };
  const hold = () => (gate = new Promise((resolve) => (open = resolve)));
  return { calls, write, hold, release: () => open() };
}

describe('GroupCommit', () => {
  it('writes a lone item at once, and the items that wait behind a write as one group, in order', async () => {
    const w = recorder();
    const groups = new GroupCommit(w.write, () => 1, 100, () => false);
    w.hold();
    const first = groups.submit('b', 1);
    const waiting = [groups.submit('b', 2), groups.submit('b', 3), groups.submit('other', 4)];
    w.release();
    expect(await Promise.all([first, ...waiting])).toEqual([10, 20, 30, 40]);
    expect(w.calls).toEqual([
      { key: 'b', items: [1] },
      { key: 'other', items: [4] },
      { key: 'b', items: [2, 3] },
    ]);
  });

  it('caps a group at the weight given, the first item always going', async () => {
    const w = recorder();
    const groups = new GroupCommit(w.write, (item: number) => item, 5, () => false);
    w.hold();
    const all = [groups.submit('b', 1), groups.submit('b', 9), groups.submit('b', 2), groups.submit('b', 3)];
    w.release();
    await Promise.all(all);
    expect(w.calls.map((call) => call.items)).toEqual([[1], [9], [2, 3]]);
  });

  it('writes each item of a failed group alone, so only the bad one fails', async () => {
    const w = recorder();
    const groups = new GroupCommit(w.write, () => 1, 100, () => false);
    w.hold();
    const first = groups.submit('b', 1);
    const [good, bad, last] = [groups.submit('b', 2), groups.submit('b', -1), groups.submit('b', 3)];
    w.release();
    await first;
    await expect(bad).rejects.toThrow('bad item');
    expect(await Promise.all([good, last])).toEqual([20, 30]);
    expect(w.calls.map((call) => call.items)).toEqual([[1], [2, -1, 3], [2], [-1], [3]]);
  });

  it('fails the whole group at once on an error every item would meet alone', async () => {
    const w = recorder();
    const groups = new GroupCommit(w.write, () => 1, 100, (error) => (error as Error).message === 'busy');
    w.hold();
    const first = groups.submit('b', 1);
    const rest = [groups.submit('b', 2), groups.submit('b', -2)];
    w.release();
    await first;
    for (const item of rest) await expect(item).rejects.toThrow('busy');
    expect(w.calls.map((call) => call.items)).toEqual([[1], [2, -2]]);
    // The build's queue is free again afterwards.
    expect(await groups.submit('b', 5)).toBe(50);
  });
});
