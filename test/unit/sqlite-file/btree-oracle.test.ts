import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexTreeWriter, TableTreeWriter } from '../../../src/core/sqlite-file/btree.ts';
import { appendStream, PageFile, PageStream } from '../../../src/core/sqlite-file/page-file.ts';
import { RecordBuilder } from '../../../src/core/sqlite-file/record.ts';
import { createRng, type Rng } from '../../fixtures/prng.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { expectSameAsReference, NULL, recordSize, varintLen, type Cell } from '../../support/sqlite-oracle.ts';

/**
 * The bulk B-tree writers against an oracle that is not the writer: the same rows and index entries
 * written (1) by TableTreeWriter / IndexTreeWriter (one index through a PageStream, appended with its
 * child pointers shifted, as the import does) and (2) by SQLite from plain INSERTs and CREATE INDEX,
 * at every page size from 512 to 65536 bytes, then compared row by row and index entry by index entry
 * in index order (test/support/sqlite-oracle.ts). Seeded: a failure names the seed, the page size and
 * the position of the first difference.
 *
 * Records are swept across every overflow threshold of the page size — the table leaf's maxLocal
 * (U-35), minLocal ((U-12)*32/255-23), the index's maxLocal ((U-12)*64/255-23), and the points where
 * the local part of an overflowing payload switches between minLocal and more — with tables of up to
 * 2000 columns (SQLite's limit), NULLs, equal keys, integers and reals that compare equal, rowids of
 * every varint width, and Cyrillic and 4-byte characters.
 */

const tmp = tempDir('btree-oracle');
afterAll(() => tmp.cleanup());

type Value = string | number | bigint | null;
const ALPHABET = ['a', 'z', ' ', '0', 'Я', 'ж', '€', '😀', '𝄞'];

/** A pool of random characters and the UTF-8 offset of each, so long texts are cut from it quickly. */
const POOL = (() => {
  const rng = createRng(4242);
  const chars = Array.from({ length: 1 << 18 }, () => rng.pick(ALPHABET));
  const offsets = new Float64Array(chars.length + 1);
  chars.forEach((ch, i) => {
    offsets[i + 1] = offsets[i]! + Buffer.byteLength(ch);
  });
  return { chars, offsets };
})();

/** A string of exactly `bytes` UTF-8 bytes, mixing 1-, 2-, 3- and 4-byte characters. */
function textOfBytes(rng: Rng, bytes: number): string {
  const { chars, offsets } = POOL;
  const n = chars.length;
  const parts: string[] = [];
  let left = bytes;
  let at = rng.int(0, n - 1);
  while (left > 4) {
    // The furthest end with offsets[end] - offsets[at] <= left: whole characters from the pool.
    let lo = at,
      hi = n;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (offsets[mid]! - offsets[at]! <= left) lo = mid;
      else hi = mid - 1;
    }
    if (lo === at) break;
    parts.push(chars.slice(at, lo).join(''));
    left -= offsets[lo]! - offsets[at]!;
    at = lo === n ? 0 : lo;
  }
  parts.push('x'.repeat(left));
  return parts.join('');
}

function randomCell(rng: Rng): Cell {
  return rng.weighted<() => Cell>([
    [() => NULL, 2],
    [() => ({ kind: 'int', v: rng.pick([0, 1, -1, 127, 128, -129, 32767, 32768, 8388608, 2 ** 31, -(2 ** 31) - 1, 2 ** 47, -(2 ** 47) - 1, 2 ** 52]) }), 2],
    [() => ({ kind: 'int', v: rng.int(-1000, 1000) }), 3],
    [() => ({ kind: 'real', v: rng.chance(0.3) ? rng.int(-50, 50) : (rng.next() - 0.5) * 10 ** rng.int(0, 9) }), 2],
    [() => ({ kind: 'text', v: textOfBytes(rng, rng.int(0, 12)) }), 4],
    [() => ({ kind: 'text', v: rng.pick(['', 'equal', 'Equal', 'ёлка', 'елка']) }), 2],
  ])();
}

const utf8Cache = new Map<string, Buffer>();
const bytesOf = (s: string): Buffer => {
  let b = utf8Cache.get(s);
  if (b === undefined) {
    b = Buffer.from(s);
    utf8Cache.set(s, b);
  }
  return b;
};

/** SQLite's order of two values of one column: NULL, numbers (integer and real together), text by bytes. */
function compareCells(a: Cell, b: Cell): number {
  const rank = (c: Cell): number => (c.kind === 'null' ? 0 : c.kind === 'text' ? 2 : 1);
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  if (a.kind === 'null') return 0;
  if (a.kind === 'text') return Buffer.compare(bytesOf(a.v), bytesOf((b as { v: string }).v));
  return (a as { v: number }).v - (b as { v: number }).v;
}

interface Plan {
  readonly seed: number;
  readonly pageSize: number;
  readonly columns: number;
  readonly randomRows: number;
}

interface Table {
  readonly rowids: number[];
  readonly rows: Cell[][];
  /** Records aimed at an exact size, and how many of them were made. */
  readonly aimed?: { readonly tried: number; readonly made: number };
}

/** Column 0: integer/real/NULL (streamed index); 1: the filler text (its own index); 2: a small text (two-column index with 1). */
function makeTable(plan: Plan): Table {
  const rng = createRng(plan.seed);
  const u = plan.pageSize;
  const tableMax = u - 35;
  const minLocal = Math.floor(((u - 12) * 32) / 255) - 23;
  const indexMax = Math.floor(((u - 12) * 64) / 255) - 23;
  const rows: Cell[][] = [];
  const rowids: number[] = [];
  let rowid = 0;
  const nextRowid = (): number => {
    rowid += rng.weighted<() => number>([
      [() => 1, 20],
      [() => rng.int(2, 300), 2],
      [() => rng.int(1, 2 ** 24), 0.3],
      [() => rng.int(1, 2 ** 40), 0.05],
    ])();
    return rowid;
  };
  const base = (): Cell[] => {
    const cells: Cell[] = [];
    cells.push(
      rng.chance(0.1) ? NULL : rng.chance(0.5) ? { kind: 'int', v: rng.int(-5, 5) } : { kind: 'real', v: rng.int(-5, 5) + (rng.chance(0.5) ? 0.5 : 0) },
    );
    cells.push(NULL);
    cells.push(rng.chance(0.15) ? NULL : { kind: 'text', v: rng.pick(['a', 'b', 'Я', '😀']) });
    for (let i = 3; i < plan.columns; i++) cells.push(rng.chance(0.6) ? randomCell(rng) : NULL);
    return cells;
  };
  const add = (cells: Cell[]): void => {
    rows.push(cells);
    rowids.push(nextRowid());
  };

  // Records whose payload is exactly `target` bytes (the filler, column 1, sized to fit).
  let tried = 0,
    made = 0;
  const ofRecordSize = (target: number): void => {
    tried++;
    const cells = base();
    const fixed = recordSize(cells.map((c, i) => (i === 1 ? { kind: 'text', v: '' } : c)));
    let n = Math.max(0, target - fixed);
    while (n > 0 && recordSize(cells.map((c, i) => (i === 1 ? { kind: 'text', v: 'x'.repeat(n) } : c))) > target) n--;
    cells[1] = { kind: 'text', v: textOfBytes(rng, n) };
    if (recordSize(cells) === target) {
      add(cells);
      made++;
    } // (a header varint growing by one byte can skip a size)
  };
  // Index entries (filler key + rowid) of about `target` bytes.
  const ofKeySize = (target: number): void => {
    const cells = base();
    cells[1] = { kind: 'text', v: textOfBytes(rng, Math.max(0, target - 3 - varintLen(2 * target + 13) - 4)) };
    add(cells);
  };
  const around = (t: number, f: (size: number) => void): void => {
    for (let d = -3; d <= 3; d++) if (t + d > 0) f(t + d);
  };

  for (let i = 0; i < plan.randomRows; i++) {
    const cells = base();
    cells[1] = rng.chance(0.08)
      ? NULL
      : rng.chance(0.2)
        ? { kind: 'text', v: rng.pick(['dup', 'dup', 'Дубль']) }
        : {
            kind: 'text',
            v: textOfBytes(
              rng,
              rng.weighted<() => number>([
                [() => rng.int(0, 30), 8],
                [() => rng.int(30, 300), 2],
                [() => rng.int(0, u), 0.5],
                [() => rng.int(u, 3 * u), 0.08],
              ])(),
            ),
          };
    add(cells);
  }
  const minRecord = recordSize(base().map((c, i) => (i === 1 ? { kind: 'text', v: '' } : c))) + 8;
  for (const t of [tableMax, minLocal, indexMax]) if (t > minRecord) around(t, ofRecordSize);
  for (let k = 1; k <= 3; k++) {
    // Overflow: the local part is minLocal + (P - minLocal) % (U - 4), or minLocal when that exceeds maxLocal.
    for (const max of [tableMax, indexMax]) {
      around(minLocal + k * (u - 4) + (max - minLocal), ofRecordSize);
      around(max + k * (u - 4), ofRecordSize);
    }
  }
  for (const t of [indexMax, minLocal, tableMax]) around(t, ofKeySize);
  // The threshold rows again, shuffled into the random ones: equal fillers, in other leaves.
  const count = rows.length;
  for (let i = 0; i < 20; i++) add(rows[rng.int(0, count - 1)]!.map((c) => c));
  return { rowids, rows, aimed: { tried, made } };
}

function put(builder: RecordBuilder, c: Cell): void {
  if (c.kind === 'null') builder.null();
  else if (c.kind === 'int') builder.integer(c.v);
  else if (c.kind === 'real') builder.real(c.v);
  else builder.text(c.v);
}

const SCHEMA = (columns: number): string => {
  const defs = Array.from({ length: columns }, (_, i) => `c${i}`);
  return `CREATE TABLE t (${defs.join(', ')});
    CREATE INDEX t_num ON t (c0);
    CREATE INDEX t_filler ON t (c1);
    CREATE INDEX t_pair ON t (c2, c1);`;
};

function orderBy(table: Table, keys: readonly number[]): number[] {
  utf8Cache.clear();
  return table.rows
    .map((_, i) => i)
    .sort((a, b) => {
      for (const k of keys) {
        const d = compareCells(table.rows[a]![k]!, table.rows[b]![k]!);
        if (d !== 0) return d;
      }
      return table.rowids[a]! - table.rowids[b]!;
    });
}

/** Writes the table with the bulk writers; t_num goes through a PageStream, appended last. */
function writeWithWriters(file: string, plan: Plan, table: Table): void {
  const db = new Database(file);
  db.pragma(`page_size = ${plan.pageSize}`);
  db.exec(SCHEMA(plan.columns));
  const roots = new Map(
    (db.prepare('SELECT name, rootpage FROM sqlite_schema').all() as { name: string; rootpage: number }[]).map((r) => [r.name, r.rootpage]),
  );
  db.close();
  const fd = fs.openSync(file, 'r+');
  try {
    const pages = new PageFile(fd, plan.pageSize);
    const builder = new RecordBuilder(plan.columns + 2);
    const tree = new TableTreeWriter(pages, roots.get('t')!);
    table.rows.forEach((cells, i) => {
      cells.forEach((c) => put(builder, c));
      const start = builder.finish();
      expect(builder.recordEnd - start, 'record size as computed by the test').toBe(recordSize(cells));
      tree.append(table.rowids[i]!, builder.bytes, start, builder.recordEnd);
    });
    tree.finish();

    const filler = new IndexTreeWriter(pages, roots.get('t_filler')!);
    for (const i of orderBy(table, [1])) {
      const c = table.rows[i]![1]!;
      const key = c.kind === 'text' ? Buffer.from(c.v) : null;
      filler.appendKey(key, key === null ? -1 : key.length, table.rowids[i]!);
    }
    filler.finish();
    const pair = new IndexTreeWriter(pages, roots.get('t_pair')!);
    for (const i of orderBy(table, [2, 1])) {
      put(builder, table.rows[i]![2]!);
      put(builder, table.rows[i]![1]!);
      builder.integer(table.rowids[i]!);
      const start = builder.finish();
      pair.append(builder.bytes, start, builder.recordEnd);
    }
    pair.finish();
    const streamPath = `${file}-stream`;
    const stream = new PageStream(fs.openSync(streamPath, 'w+'), plan.pageSize);
    const num = new IndexTreeWriter(stream, roots.get('t_num')!);
    for (const i of orderBy(table, [0])) {
      put(builder, table.rows[i]![0]!);
      builder.integer(table.rowids[i]!);
      const start = builder.finish();
      num.append(builder.bytes, start, builder.recordEnd);
    }
    num.finish();
    stream.close();
    appendStream(pages, streamPath, stream.roots);
    fs.rmSync(streamPath);
    pages.finishHeader();
  } finally {
    fs.closeSync(fd);
  }
}

/** The same rows through SQLite: INSERT with explicit rowids into an index-less table, then CREATE INDEX. */
function writeWithSqlite(file: string, plan: Plan, table: Table): void {
  const db = new Database(file);
  try {
    db.pragma(`page_size = ${plan.pageSize}`);
    const statements = SCHEMA(plan.columns)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    db.exec(statements[0]!);
    const placeholders = Array.from({ length: plan.columns + 1 }, () => '?').join(', ');
    const names = ['rowid', ...Array.from({ length: plan.columns }, (_, i) => `c${i}`)].join(', ');
    const insert = db.prepare(`INSERT INTO t (${names}) VALUES (${placeholders})`);
    const bind = (c: Cell): Value => (c.kind === 'null' ? null : c.kind === 'int' ? BigInt(c.v) : c.v);
    db.transaction(() => {
      table.rows.forEach((cells, i) => insert.run(BigInt(table.rowids[i]!), ...cells.map(bind)));
    })();
    for (const s of statements.slice(1)) db.exec(s);
  } finally {
    db.close();
  }
}

const PLANS: Plan[] = [
  { seed: 101, pageSize: 512, columns: 3, randomRows: 1500 },
  { seed: 102, pageSize: 512, columns: 60, randomRows: 300 },
  { seed: 103, pageSize: 1024, columns: 8, randomRows: 1500 },
  { seed: 104, pageSize: 2048, columns: 400, randomRows: 150 },
  { seed: 105, pageSize: 4096, columns: 5, randomRows: 2500 },
  { seed: 106, pageSize: 8192, columns: 30, randomRows: 1000 },
  { seed: 107, pageSize: 16384, columns: 13, randomRows: 2000 },
  { seed: 108, pageSize: 16384, columns: 2000, randomRows: 60 },
  { seed: 109, pageSize: 32768, columns: 4, randomRows: 1000 },
  { seed: 110, pageSize: 65536, columns: 20, randomRows: 800 },
  { seed: 111, pageSize: 65536, columns: 2000, randomRows: 40 },
];

describe('bulk B-tree writers against SQLite INSERT + CREATE INDEX', () => {
  it.each(PLANS)('seed $seed, page size $pageSize, $columns columns', (plan) => {
    const table = makeTable(plan);
    expect(table.aimed!.made, 'records of an exact size around the thresholds').toBeGreaterThanOrEqual(table.aimed!.tried * 0.75);
    const written = tmp.file(`w-${plan.seed}.sqlite`);
    const reference = tmp.file(`r-${plan.seed}.sqlite`);
    writeWithWriters(written, plan, table);
    writeWithSqlite(reference, plan, table);
    const result = expectSameAsReference(written, reference, 't');
    expect(result.rows).toBe(table.rows.length);
    fs.rmSync(written);
    fs.rmSync(reference);
  });
});

describe('bulk B-tree writers: smallest cases found by the oracle', () => {
  it('page size 512: a one-column index entry of 103-127 bytes spills (the index maxLocal there is 102)', () => {
    // appendKey's short-entry path must respect maxLocal too: at 512-byte pages it is below 128.
    for (const size of [100, 102, 103, 105, 110, 124]) {
      const plan: Plan = { seed: size, pageSize: 512, columns: 3, randomRows: 0 };
      const key = 'k'.repeat(size);
      const table: Table = {
        rowids: [1, 2, 3],
        rows: [
          [NULL, { kind: 'text', v: key }, NULL],
          [NULL, NULL, NULL],
          [NULL, { kind: 'text', v: `${key}я` }, NULL],
        ],
      };
      const written = tmp.file(`small-w-${size}.sqlite`);
      const reference = tmp.file(`small-r-${size}.sqlite`);
      writeWithWriters(written, plan, table);
      writeWithSqlite(reference, plan, table);
      expectSameAsReference(written, reference, 't');
    }
  });
});
