/**
 * value-order.ts against SQLite itself: the rows of a real SQLite table, sorted by sortByValues, must be
 * SQLite's `ORDER BY v, rowid` — on values chosen to break a radix sort of fixed-width keys: NULLs, empty
 * texts, integers, reals and texts in one column, Cyrillic and 4-byte characters across the 7-byte
 * windows, equal prefixes longer than a key, texts that differ only after 100 bytes, blobs, and runs of
 * ties long enough for each way runs are sorted (insertion, 8-bit and 16-bit radix passes), and first-pass
 * buckets (class and first two bytes) of very different sizes.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sortByValues } from '../../../src/core/query/value-order.ts';
import { runToEnd } from '../../../src/core/query/background-builds.ts';
import { firstDifference } from '../../support/first-difference.ts';

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sorts `values` (inserted in this order as rows 1…n) both ways: where ours first differs from SQLite's, or null. */
function difference(values: readonly unknown[], declared = ''): string | null {
  const db = new Database(':memory:');
  try {
    db.exec(`CREATE TABLE t (v ${declared})`);
    const insert = db.prepare('INSERT INTO t (rowid, v) VALUES (?, ?)');
    db.transaction(() => values.forEach((value, i) => insert.run(i + 1, value)))();
    const read = db.prepare('SELECT v FROM t WHERE rowid BETWEEN ? AND ?').pluck();
    const rows = runToEnd(
      (function* () {
        const order = yield* sortByValues((first, last) => read.all(first + 1, last + 1), values.length);
        return Int32Array.from(order, (row) => row + 1);
      })(),
    );
    return firstDifference(Array.from(rows), db.prepare('SELECT rowid FROM t ORDER BY v, rowid').pluck().all() as number[]);
  } finally {
    db.close();
  }
}

const LONG = 'x'.repeat(100);
const ADVERSARIAL: readonly unknown[] = [
  null,
  '',
  ' ',
  '\u0000',
  'a',
  'a\u0000',
  'a\u0000b',
  'A',
  'ab',
  'abcdefg',
  'abcdefgh',
  'abcdefg\u0000',
  'abcdefgh\u0000',
  'abcdef\u0416', // Ж across the first window's end
  'abcdefg\u0416',
  'abcdef\u0415',
  'abcdeЖЖЖЖЖЖЖЖ',
  'abcdeЖЖЖЖЖЖЖЗ',
  'Ёж',
  'ёж',
  'Жук',
  'жук',
  'а',
  'я',
  'ÿ',
  '\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff',
  '😀',
  'a😀b',
  'abcdef😀',
  'abcdefg😀',
  '\uffff',
  '+7 (912) 432-92-52',
  '+7 (912) 432-92-5',
  '+7 (912) 432-92-53',
  '+7 (912) 432-92-52 ',
  '89124329252',
  `${LONG}a`,
  `${LONG}b`,
  LONG,
  `${LONG}`,
  `${LONG}ab`,
  `${LONG}Ж`,
  'same-prefix-longer-than-any-key/1',
  'same-prefix-longer-than-any-key/10',
  'same-prefix-longer-than-any-key/2',
  'same-prefix-longer-than-any-key/',
  0,
  -0,
  1,
  1.0,
  1.5,
  -1,
  -1.5,
  2 ** 40,
  -(2 ** 40),
  1e300,
  -1e300,
  5e-324,
  -5e-324,
  Number.MAX_SAFE_INTEGER,
  '1',
  '01',
  '-1',
  'null',
  Buffer.from([]),
  Buffer.from([0]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from('abcdefgh'),
  Buffer.from('abcdefg'),
];

describe('sortByValues equals SQLite ORDER BY v, rowid', () => {
  it('on adversarial values, each several times in shuffled rows (ties in rowid order)', () => {
    const next = random(1);
    const values = Array.from({ length: 3000 }, () => ADVERSARIAL[Math.floor(next() * ADVERSARIAL.length)]);
    expect(difference(values)).toBeNull();
  });

  it('on every value once, in a column declared TEXT (numbers stored as text) and in one of no type', () => {
    for (const declared of ['TEXT', '']) {
      expect(difference([...ADVERSARIAL].reverse(), declared), declared).toBeNull();
    }
  });

  it('on a column whose every value is equal (long and short), one run to the last row at a 32-row boundary or not', () => {
    for (const length of [500, 511, 512]) {
      for (const value of [`${LONG}${LONG}Ж`, 'a', null, 7]) {
        expect(difference(Array.from({ length }, () => value))).toBeNull();
      }
    }
  });

  it('on first-pass buckets (class and first two bytes) of every size: most rows in one, ending or differing at bytes 1-3', () => {
    // The radix sort's spare is as long as the largest bucket of the first pass: every range it sorts
    // later, runs read again included, must lie in one bucket.
    const next = random(4);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const tail = (): string => Array.from({ length: Math.floor(next() * 20) }, () => pick(['0', '1', '\u0000', 'Ж', ' '])).join('');
    const values = Array.from({ length: 20_000 }, () => {
      const roll = next();
      if (roll < 0.6) return `zz${tail()}`; // the big bucket, tied well past the first window
      if (roll < 0.75) return `${pick(['', 'z', 'zy', 'z{', 'y', 'z\u0000', '\u0000', 'Ж', 'ж'])}${next() < 0.5 ? '' : tail()}`;
      if (roll < 0.9) return pick([-1, 1]) * 2 ** Math.floor(next() * 80 - 40) * (1 + Math.floor(next() * 4) / 4);
      if (roll < 0.95) return Buffer.from(Array.from({ length: Math.floor(next() * 4) }, () => pick([0, 0x7a, 0xff])));
      return null;
    });
    expect(difference(values)).toBeNull();
  });

  it('on 100,000 phone numbers as written: long runs tied on their first 7 and 14 bytes', () => {
    const next = random(2);
    const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
    const formats = [
      (d: string) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
      (d: string) => `8${d}`,
      (d: string) => `7-${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
      (d: string) => `8 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 8)} ${d.slice(8)}`,
    ];
    const values = Array.from({ length: 100_000 }, () => {
      const roll = next();
      if (roll < 0.02) return null;
      if (roll < 0.03) return '';
      return formats[Math.floor(next() * formats.length)]!(`9${['12', '16', '26'][Math.floor(next() * 3)]}${digits(7)}`);
    });
    expect(difference(values)).toBeNull();
  });
});
