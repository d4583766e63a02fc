import { addCall, Buckets, emptyCounts, hourOf, minuteOf, pairOf, summarize, window } from './call-windows';

const NOW = Date.UTC(2024, 0, 1, 10, 30, 30);
const API = 'GET /v4/projects/{projectId}/templates';

/** Buckets holding `counts` for one pair at each index given. */
function buckets(pair: string, counts: Record<number, { calls: number; activeSeconds?: number; peak?: number }>): Buckets {
  return new Map(Object.entries(counts).map(([index, { calls, activeSeconds = calls, peak = 1 }]) => [Number(index), new Map([[pair, { calls, activeSeconds, peak }]])]));
}

describe('call windows', () => {
  it('lists a window as the current bucket and the ones before it', () => {
    expect(window(100, 3)).toEqual([100, 99, 98]);
  });

  it('counts a second’s first call as a new busy second and keeps its busiest second', () => {
    const counts = emptyCounts();
    for (const callsThisSecond of [1, 2, 3, 1]) addCall(counts, callsThisSecond);
    expect(counts).toEqual({ calls: 4, activeSeconds: 2, peak: 3 });
  });

  it('sums minutes into 5 min and 1 h, hours into 24 h and 7 d, at whole bucket edges', () => {
    const pair = pairOf(API, 'user:ann');
    const minute = minuteOf(NOW);
    const hour = hourOf(NOW);
    const minutes = buckets(pair, { [minute]: { calls: 2 }, [minute - 4]: { calls: 3 }, [minute - 5]: { calls: 5 }, [minute - 59]: { calls: 7 }, [minute - 60]: { calls: 11 } });
    const hours = buckets(pair, { [hour]: { calls: 1, peak: 2 }, [hour - 23]: { calls: 10, peak: 6 }, [hour - 24]: { calls: 100, peak: 9 }, [hour - 167]: { calls: 1000 }, [hour - 168]: { calls: 10000 } });
    expect(summarize(NOW, minutes, hours)).toEqual([
      { api: API, key: 'user:ann', secondLevelConcurrency: 1, peakConcurrency: 6, call5m: 5, call1h: 17, call24h: 11, call7d: 1111 },
    ]);
  });

  it('averages calls over busy seconds, rounding down, and answers 0 with no call in 5 min', () => {
    const pair = pairOf(API, 'app:ci-bot');
    const minute = minuteOf(NOW);
    expect(summarize(NOW, buckets(pair, { [minute]: { calls: 7, activeSeconds: 3 } }), new Map())[0]).toMatchObject({ key: 'app:ci-bot', secondLevelConcurrency: 2, call5m: 7 });
    expect(summarize(NOW, buckets(pair, { [minute - 10]: { calls: 7, activeSeconds: 3 } }), new Map())[0]).toMatchObject({ secondLevelConcurrency: 0, call5m: 0, call1h: 7 });
  });
});
