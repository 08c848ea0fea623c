import { describe, expect, it } from 'vitest';
import { digitsKey, sortRowsByKey, timeKey, writeDigitsOfKey, writeTimeOfKey } from '../../../src/core/import/sort-keys.ts';
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
    check(values, digitsKey, writeDigitsOfKey);
  });
});
