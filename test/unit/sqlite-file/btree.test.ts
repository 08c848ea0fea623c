import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexTreeWriter, TableTreeWriter } from '../../../src/core/sqlite-file/btree.ts';
import { appendStream, PageFile, PageStream } from '../../../src/core/sqlite-file/page-file.ts';
import { RecordBuilder } from '../../../src/core/sqlite-file/record.ts';
import { createRng, type Rng } from '../../fixtures/prng.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * The bulk B-tree writers against SQLite itself: a file whose table and index pages were written by
 * them must pass `PRAGMA integrity_check` (which also checks every index entry against its row) and
 * read back exactly what was written, through the table and through the index.
 */

const tmp = tempDir('btree');
afterAll(() => tmp.cleanup());

type Value = string | number | null;
interface Row {
  n: number | null;
  r: number | null;
  t: string | null;
}

function randomText(rng: Rng): string | null {
  const size = rng.weighted<() => number>([
    [() => 0, 1],
    [() => rng.int(1, 20), 8],
    [() => rng.int(100, 3000), 2],
    [() => rng.int(4000, 40_000), 0.2],
  ])();
  if (rng.chance(0.05)) return null;
  const alphabet = ['a', 'Я', '€', '😀', ' ', '0', 'z'];
  let s = '';
  for (let i = 0; i < size; i++) s += rng.pick(alphabet);
  return s;
}

function randomInt(rng: Rng): number | null {
  if (rng.chance(0.05)) return null;
  return rng.weighted<() => number>([
    [() => rng.int(0, 1), 2],
    [() => rng.int(-200, 200), 3],
    [() => rng.int(-70_000, 70_000), 2],
    [() => rng.int(-(2 ** 31), 2 ** 31), 2],
    [() => rng.int(-(2 ** 50), 2 ** 50), 1],
  ])();
}

function encode(builder: RecordBuilder, values: readonly Value[], asReal: readonly boolean[]): { start: number; end: number } {
  values.forEach((value, i) => {
    if (value === null) builder.null();
    else if (typeof value === 'string') builder.text(value);
    else if (asReal[i]) builder.real(value);
    else builder.integer(value);
  });
  const start = builder.finish();
  return { start, end: builder.recordEnd };
}

/** SQLite's order for one column: NULL, numbers, then text by bytes. */
function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** With `viaStream`, the integer index is built in a PageStream (as the writer thread does) and appended after the text index. */
function buildFile(name: string, rows: readonly Row[], pageSize: number, viaStream = false): string {
  const file = tmp.file(name);
  const db = new Database(file);
  db.pragma(`page_size = ${pageSize}`);
  db.exec('CREATE TABLE t (n INTEGER, r REAL, t TEXT); CREATE INDEX t_n ON t (n); CREATE INDEX t_t ON t (t)');
  const roots = new Map(
    db
      .prepare('SELECT name, rootpage FROM sqlite_schema')
      .all()
      .map((row) => {
        const { name: n, rootpage } = row as { name: string; rootpage: number };
        return [n, rootpage] as const;
      }),
  );
  db.close();

  const fd = fs.openSync(file, 'r+');
  const pages = new PageFile(fd, pageSize);
  const builder = new RecordBuilder(3);
  const table = new TableTreeWriter(pages, roots.get('t')!);
  rows.forEach((row, i) => {
    const { start, end } = encode(builder, [row.n, row.r, row.t], [false, true, false]);
    table.append(i + 1, builder.bytes, start, end);
  });
  table.finish();
  const streamPath = `${file}-stream`;
  const stream = viaStream ? new PageStream(fs.openSync(streamPath, 'w+'), pageSize) : null;
  for (const [index, column] of [
    ['t_n', 'n'],
    ['t_t', 't'],
  ] as const) {
    const order = rows.map((_, i) => i).sort((a, b) => compareValues(rows[a]![column], rows[b]![column]) || a - b);
    // Index t_n holds NULLs and integers (generic entries); t_t NULLs and texts of every size (appendKey).
    const tree = new IndexTreeWriter(index === 't_n' && stream ? stream : pages, roots.get(index)!);
    for (const i of order) {
      const value = rows[i]![column];
      if (typeof value === 'number') {
        const { start, end } = encode(builder, [value, i + 1], [false, false]);
        tree.append(builder.bytes, start, end);
      } else {
        // Text keys through the one-column fast path (small entries go straight into the leaf).
        const key = value === null ? null : Buffer.from(value);
        tree.appendKey(key, key === null ? -1 : key.length, i + 1);
      }
    }
    tree.finish();
  }
  if (stream) {
    stream.close();
    appendStream(pages, streamPath, stream.roots);
  }
  pages.finishHeader();
  fs.closeSync(fd);
  return file;
}

function randomRows(rng: Rng, count: number): Row[] {
  return Array.from({ length: count }, () => ({
    n: randomInt(rng),
    r: rng.chance(0.1) ? null : (rng.next() - 0.5) * 10 ** rng.int(0, 12),
    t: randomText(rng),
  }));
}

function check(file: string, rows: readonly Row[]): void {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = db.prepare('SELECT rowid AS id, n, r, t FROM t ORDER BY rowid').all() as (Row & { id: number })[];
    expect(stored.length).toBe(rows.length);
    stored.forEach((row, i) => {
      expect(row.id).toBe(i + 1);
      expect({ n: row.n, r: row.r, t: row.t }).toEqual(rows[i]);
    });
    // Through the indexes: a range scan must come back in index order and find every row.
    const byText = db.prepare('SELECT count(*) AS c FROM t INDEXED BY t_t WHERE t >= ?').get('') as { c: number };
    expect(byText.c).toBe(rows.filter((row) => row.t !== null).length);
    const byNumber = db.prepare('SELECT count(*) AS c FROM t INDEXED BY t_n WHERE n > ?').get(-Infinity) as { c: number };
    expect(byNumber.c).toBe(rows.filter((row) => row.n !== null).length);
  } finally {
    db.close();
  }
}

describe('bulk B-tree writers', () => {
  it('an empty table and index stay valid', () => {
    const file = buildFile('empty.sqlite', [], 4096);
    check(file, []);
  });

  it('one row, and a few rows that fit the root page', () => {
    check(buildFile('one.sqlite', [{ n: 1, r: 1.5, t: 'a' }], 4096), [{ n: 1, r: 1.5, t: 'a' }]);
    const rows = randomRows(createRng(1), 5).map((row) => ({ ...row, t: row.t === null ? null : [...row.t].slice(0, 10).join('') }));
    check(buildFile('few.sqlite', rows, 4096), rows);
  });

  it.each([
    [512, 1, 2000],
    [1024, 2, 3000],
    [4096, 3, 8000],
    [16_384, 4, 10_000],
    [65_536, 5, 6000],
  ])('page size %i, seed %i: %i random rows with overflowing texts, several levels', (pageSize, seed, count) => {
    const rows = randomRows(createRng(seed), count);
    check(buildFile(`random-${pageSize}.sqlite`, rows, pageSize), rows);
    // The same, with one index built in a page stream and appended with its child pointers shifted.
    check(buildFile(`random-${pageSize}-stream.sqlite`, rows, pageSize, true), rows);
  });

  it('a page stream refuses overflow pages (it could not relocate their pointers)', () => {
    const stream = new PageStream(fs.openSync(tmp.file('refuses-stream'), 'w+'), 512);
    const tree = new IndexTreeWriter(stream, 2);
    expect(() => tree.appendKey(Buffer.alloc(2000, 97), 2000, 1)).toThrow(/page stream/);
    stream.close();
  });

  it('rows of every size around the overflow thresholds', () => {
    const rows: Row[] = [];
    for (let size = 400; size < 1200; size++) rows.push({ n: size, r: null, t: 'x'.repeat(size) });
    check(buildFile('thresholds.sqlite', rows, 1024), rows);
  });

  it('many equal keys, and an index whose last entry does not fit the last leaf', () => {
    for (let count = 100; count < 160; count++) {
      const rows = Array.from({ length: count }, (_, i) => ({ n: i % 3, r: i, t: `key-${String(i).padStart(20, '0')}` }));
      check(buildFile(`equal-${count}.sqlite`, rows, 512), rows);
    }
  });
});
