import { sameData } from './plain';

/**
 * Pairs new sequence items with old ones: first a longest common subsequence of equal items,
 * then, in each gap between two matches, items of the same kind in order (an edited entry).
 * Returns new index → old index; unpaired new items are insertions, unpaired old ones removals.
 */
export function alignSequences(
  oldData: unknown[],
  newData: unknown[],
  sameKind: (oldIndex: number, newIndex: number) => boolean,
): Map<number, number> {
  const n = oldData.length;
  const m = newData.length;
  const equal = (i: number, j: number) => sameData(oldData[i], newData[j]);
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = equal(i, j) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const matches: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (equal(i, j)) matches.push([i++, j++]);
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  const pairing = new Map<number, number>();
  let oldFrom = 0;
  let newFrom = 0;
  for (const [oi, nj] of [...matches, [n, m] as [number, number]]) {
    let cursor = oldFrom;
    for (let j = newFrom; j < nj; j++) {
      for (let i = cursor; i < oi; i++) {
        if (sameKind(i, j)) {
          pairing.set(j, i);
          cursor = i + 1;
          break;
        }
      }
    }
    if (oi < n) pairing.set(nj, oi);
    oldFrom = oi + 1;
    newFrom = nj + 1;
  }
  return pairing;
}
