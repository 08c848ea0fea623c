import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { facetOrderOnDisk } from '../../../src/core/import/write/scan-indexes.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { createRng } from '../../fixtures/prng.ts';

/**
 * A facet index of a big file is ordered through a temporary file (scan-indexes.ts): the rows must come
 * back exactly as the counting sort in memory gives them — by rank, ties in row order — in slices at the
 * right positions, whatever the bucket and buffer sizes; the file is removed.
 */

const temp = tempDir('facet-order');
afterAll(() => temp.cleanup());

function orderOf(ranks: number[], rankCount: number, bufferRows: number): { rows: number[]; positions: number[] } {
  const starts = new Uint32Array(rankCount + 1);
  for (const rank of ranks) starts[rank + 1]!++;
  for (let k = 1; k <= rankCount; k++) starts[k]! += starts[k - 1]!;
  const rows: number[] = [];
  const positions: number[] = [];
  const path = temp.file(`order-${rankCount}-${bufferRows}`);
  facetOrderOnDisk(
    path,
    ranks.length,
    (row) => ranks[row]!,
    starts,
    new Uint32Array(bufferRows),
    (slice, position) => {
      positions.push(position);
      expect(position).toBe(rows.length);
      rows.push(...slice);
    },
  );
  expect(fs.existsSync(path)).toBe(false);
  return { rows, positions };
}

describe('facet order on disk', () => {
  it('gives the in-memory counting sort: by rank, ties in row order', () => {
    const rng = createRng(11);
    for (const [n, rankCount, bufferRows] of [
      [10_000, 7, 1024],
      [10_000, 60, 1024],
      [5_000, 3, 3],
      [777, 1, 16],
      [20_000, 250, 256],
    ] as const) {
      // Skewed: a few ranks hold most rows, some none.
      const ranks = Array.from({ length: n }, () => (rng.next() < 0.6 ? 0 : Math.floor(rng.next() * rankCount)) % rankCount);
      const expected = ranks.map((_, row) => row).sort((a, b) => ranks[a]! - ranks[b]! || a - b);
      const { rows, positions } = orderOf(ranks, rankCount, bufferRows);
      expect(rows).toEqual(expected);
      expect(positions.length).toBe(Math.ceil(n / bufferRows));
    }
  });
});
