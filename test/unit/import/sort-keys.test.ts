import { describe, expect, it } from 'vitest';
import { digitsKeyOfBytes, KeyOrder, sortRowsByKey, SpilledKeys, timeKey, writeDigitsOfKey, writeTimeOfKey } from '../../../src/core/import/write/sort-keys.ts';
import { afterAll } from 'vitest';
import { tempDir } from '../../support/temp-dir.ts';
import { createRng } from '../../fixtures/prng.ts';

/**
 * The numeric sort keys must order values exactly as SQLite orders TEXT (NULL first, then by bytes) and
 * give the value back, since the index entries are written from the keys.
 */

const byBytes = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : Buffer.compare(Buffer.from(a), Buffer.from(b));

function check(values: (string | null)[], toKey: typeof timeKey, fromKey: typeof writeTimeOfKey): void {
  const keys = new Int32Array(2 * values.length);
  values.forEach((value, row) => toKey(value, keys, 2 * row));
  const scratch = Buffer.alloc(64);
  values.forEach((value, row) => {
    const length = fromKey(keys[2 * row]!, keys[2 * row + 1]!, scratch);
    expect(length < 0 ? null : scratch.toString('latin1', 0, length)).toBe(value);
  });
  const order = [...sortRowsByKey(keys, values.length)];
  const expected = values.map((_, row) => row).sort((a, b) => byBytes(values[a]!, values[b]!) || a - b);
  expect(order).toEqual(expected);
}

describe('sort keys', () => {
  it('times: every zone form, NULL first, ties in row order', () => {
    const rng = createRng(7);
    const two = (n: number): string => String(n).padStart(2, '0');
    const values = Array.from({ length: 5000 }, () => {
      if (rng.chance(0.05)) return null;
      const base = `${rng.int(1900, 9999)}-${two(rng.int(1, 12))}-${two(rng.int(1, 31))}T${two(rng.int(0, 23))}:${two(rng.int(0, 59))}:${two(rng.int(0, 59))}`;
      const zone = rng.pick(['', '', 'Z', `+${two(rng.int(0, 14))}:${two(rng.pick([0, 30, 45]))}`, `-${two(rng.int(0, 12))}:00`]);
      return rng.chance(0.2) ? '2026-03-01T08:05:21' + zone : base + zone;
    });
    check(values, timeKey, writeTimeOfKey);
  });

  it('phone digits: any length up to the exact limit, prefixes before their extensions', () => {
    const rng = createRng(8);
    const values = Array.from({ length: 5000 }, () => {
      if (rng.chance(0.05)) return null;
      const length = rng.int(5, 16);
      let s = rng.pick(['7', '79', '3', '0', '']);
      while (s.length < length) s += String(rng.int(0, 9));
      return s.slice(0, length);
    });
    values.push('79123456789', '791234567890', '7912345678', '0000000000000000', '9999999999999999');
    const digitsKey = (digits: string | null, out: Int32Array, at: number): void => {
      digitsKeyOfBytes(Buffer.from(digits ?? ''), 0, digits === null ? -1 : digits.length, out, at);
    };
    check(values, digitsKey, writeDigitsOfKey);
    expect(() => digitsKeyOfBytes(Buffer.from('1'.repeat(17)), 0, 17, new Int32Array(2), 0)).toThrow(/sort key/);
  });
});

describe('KeyOrder', () => {
  const tmp = tempDir('key-order');
  afterAll(() => tmp.cleanup());

  it.each([
    [0, 1000],
    [1, 1000],
    [999, 1000],
    [10_000, 1000],
    [10_000, 20_000],
    [7_777, 1234],
  ])('%i rows in runs of %i: the same order as one big stable sort', (rows, runRows) => {
    const rng = createRng(rows + runRows);
    const spilled = new SpilledKeys(tmp.file(`keys-${rows}-${runRows}`));
    const keys = new Int32Array(2 * rows);
    for (let row = 0; row < rows; row++) {
      keys[2 * row] = rng.int(0, 20);
      keys[2 * row + 1] = rng.int(0, 3);
      spilled.keys[spilled.at] = keys[2 * row]!;
      spilled.keys[spilled.at + 1] = keys[2 * row + 1]!;
      spilled.commit();
    }
    const expected = Array.from({ length: rows }, (_, row) => row).sort((a, b) => keys[2 * a]! - keys[2 * b]! || keys[2 * a + 1]! - keys[2 * b + 1]! || a - b);
    const order = new KeyOrder(spilled, rows, tmp.file(`runs-${rows}-${runRows}`), runRows);
    const got: number[] = [];
    while (order.next()) {
      expect([order.hi, order.lo]).toEqual([keys[2 * order.row], keys[2 * order.row + 1]]);
      got.push(order.row);
    }
    order.dispose();
    spilled.dispose();
    expect(got).toEqual(expected);
  });
});
