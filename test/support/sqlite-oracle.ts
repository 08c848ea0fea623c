/**
 * Helpers for differential tests against SQLite itself: a file written by the bulk page writers is
 * compared with one SQLite built from plain INSERTs and CREATE INDEX. Nothing here imports the writer.
 *
 * What "compare" means:
 * - both files pass `PRAGMA integrity_check` (the written one also through the `sqlite3` CLI where the
 *   system has it — a second SQLite build, not the one better-sqlite3 bundles);
 * - the schema (columns and index definitions) is the same;
 * - every table row, read by rowid, is the same value for value, with its storage class (integers come
 *   back as BigInt, reals as number, text as string, NULL as null);
 * - every index, read through the index itself — a covering scan in index order, which EXPLAIN QUERY
 *   PLAN must show as `USING COVERING INDEX <name>` with no temp B-tree for the ORDER BY — gives the
 *   same (key…, rowid) entries in the same order. A covering scan reads the index's own pages, not the
 *   table, so a wrong key, a missing or extra entry, or an entry out of order changes the result.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'vitest';

export const SQLITE3_CLI = '/usr/bin/sqlite3';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** integrity_check through better-sqlite3, and through the system's sqlite3 CLI when there is one. */
export function expectIntact(file: string, label = file, withCli = true): void {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true }), `${label}: integrity_check`).toBe('ok');
  } finally {
    db.close();
  }
  if (withCli && fs.existsSync(SQLITE3_CLI)) {
    const run = spawnSync(SQLITE3_CLI, ['-readonly', file, 'PRAGMA integrity_check;'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(`${run.stdout.trim()}${run.stderr.trim()}`, `${label}: sqlite3 CLI integrity_check`).toBe('ok');
  }
}

interface IndexInfo {
  readonly name: string;
  readonly columns: string[];
}

function indexesOf(db: Database.Database, table: string): IndexInfo[] {
  const names = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name").all(table) as { name: string }[];
  return names.map(({ name }) => ({
    name,
    columns: (db.prepare(`PRAGMA index_info(${quote(name)})`).all() as { seqno: number; name: string }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name),
  }));
}

/** The statement that reads an index's own entries in index order, checked to be a covering index scan. */
function indexScan(db: Database.Database, table: string, index: IndexInfo): Database.Statement {
  // (Integers as BigInt, so an integer and a real of the same value stay apart.)
  const keys = index.columns.map(quote).join(', ');
  const sql = `SELECT ${keys}, rowid FROM ${quote(table)} INDEXED BY ${quote(index.name)} ORDER BY ${keys}, rowid`;
  const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);
  expect(
    plan.some((d) => d.includes(`USING COVERING INDEX ${index.name}`)),
    `plan of ${sql}: ${plan.join(' | ')}`,
  ).toBe(true);
  expect(
    plan.some((d) => d.includes('TEMP B-TREE')),
    `plan of ${sql}: ${plan.join(' | ')}`,
  ).toBe(false);
  return db.prepare(sql).raw(true).safeIntegers(true);
}

/** Rows of a statement, one at a time, in lock step; the first difference fails with its position. */
function expectSameRows(label: string, actual: Iterable<unknown[]>, expected: Iterable<unknown[]>): number {
  const a = actual[Symbol.iterator]();
  const e = expected[Symbol.iterator]();
  let n = 0;
  for (;;) {
    const x = a.next();
    const y = e.next();
    if (x.done || y.done) {
      expect({ label, position: n, writerEnded: !!x.done, referenceEnded: !!y.done }).toEqual({ label, position: n, writerEnded: true, referenceEnded: true });
      return n;
    }
    if (!sameRow(x.value, y.value)) {
      a.return?.();
      e.return?.();
      expect({ label, position: n, row: shorten(x.value) }).toEqual({ label, position: n, row: shorten(y.value) });
    }
    n++;
  }
}

function sameRow(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i],
      y = b[i];
    if (typeof x !== typeof y) return false;
    if (x !== y && !(typeof x === 'number' && Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** Long texts shortened in failure messages (length and both ends kept). */
function shorten(row: unknown[]): unknown[] {
  return row.map((v) => (typeof v === 'string' && v.length > 200 ? `${v.slice(0, 80)}…[${v.length} chars]…${v.slice(-80)}` : v));
}

export interface CompareResult {
  readonly rows: number;
  readonly indexEntries: Record<string, number>;
}

/**
 * Compares table `table` and all its indexes in the writer's file with the reference file (see the
 * top of this file). Tables of up to 2000 columns (a result row cannot hold more than 2000 columns,
 * so rowids are compared by a query of their own). With `inSql`, the table rows are compared by SQLite
 * (EXCEPT both ways over rowid, every value and its typeof) instead of row by row in JavaScript, which
 * is what a test of hundreds of thousands of rows can afford; the indexes are still read in lock step.
 * It also leaves out the slowest checks there: the CLI's integrity_check of the written file (better-sqlite3's
 * still runs) and the integrity_check of the reference, which SQLite itself wrote.
 */
export function expectSameAsReference(written: string, reference: string, table: string, inSql = false): CompareResult {
  expectIntact(written, 'written file', !inSql);
  const w = new Database(written, { readonly: true });
  const r = new Database(reference, { readonly: true });
  try {
    if (!inSql) expect(r.pragma('integrity_check', { simple: true }), 'reference file: integrity_check').toBe('ok');
    const columnsOf = (db: Database.Database): unknown[] => db.prepare(`PRAGMA table_info(${quote(table)})`).all();
    const columns = columnsOf(w) as { name: string }[];
    expect(columns, 'columns').toEqual(columnsOf(r));
    const wIndexes = indexesOf(w, table);
    expect(wIndexes, 'indexes').toEqual(indexesOf(r, table));

    const rowids = `SELECT rowid FROM ${quote(table)} ORDER BY rowid`;
    const rows = expectSameRows(
      'rowids',
      w.prepare(rowids).raw(true).safeIntegers(true).iterate() as Iterable<unknown[]>,
      r.prepare(rowids).raw(true).safeIntegers(true).iterate() as Iterable<unknown[]>,
    );
    if (inSql) {
      w.prepare('ATTACH DATABASE ? AS ref').run(reference);
      const list = ['rowid', ...columns.flatMap((c) => [quote(c.name), `typeof(${quote(c.name)})`])].join(', ');
      for (const [a, b] of [
        ['main', 'ref'],
        ['ref', 'main'],
      ] as const) {
        const diff = w
          .prepare(`SELECT ${list} FROM ${a}.${quote(table)} EXCEPT SELECT ${list} FROM ${b}.${quote(table)} ORDER BY 1 LIMIT 3`)
          .raw(true)
          .all();
        expect({ rowsOnlyIn: a, rows: diff.map((row) => shorten(row as unknown[])) }).toEqual({ rowsOnlyIn: a, rows: [] });
      }
      w.exec('DETACH DATABASE ref');
    } else {
      const all = `SELECT * FROM ${quote(table)} ORDER BY rowid`;
      expectSameRows(
        'table rows',
        w.prepare(all).raw(true).safeIntegers(true).iterate() as Iterable<unknown[]>,
        r.prepare(all).raw(true).safeIntegers(true).iterate() as Iterable<unknown[]>,
      );
    }
    const indexEntries: Record<string, number> = {};
    for (const index of wIndexes) {
      indexEntries[index.name] = expectSameRows(
        `index ${index.name}`,
        indexScan(w, table, index).iterate() as Iterable<unknown[]>,
        indexScan(r, table, index).iterate() as Iterable<unknown[]>,
      );
      expect(indexEntries[index.name], `entries of ${index.name}`).toBe(rows);
    }
    return { rows, indexEntries };
  } finally {
    w.close();
    r.close();
  }
}

/** Sizes of SQLite records, by the file format (independent of src/core/sqlite-file/record.ts). */
/** A value with its storage class: reals are tagged so that 3 and 3.0 stay apart. */
export type Cell = { kind: 'null' } | { kind: 'int'; v: number } | { kind: 'real'; v: number } | { kind: 'text'; v: string };

export const NULL: Cell = { kind: 'null' };

export const varintLen = (v: number): number => {
  let n = 1;
  while (v > 127 && n < 9) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
};

/** Serial type and body size, by the file format (independent of RecordBuilder). */
export function cellSize(c: Cell): { type: number; body: number } {
  switch (c.kind) {
    case 'null':
      return { type: 0, body: 0 };
    case 'real':
      return { type: 7, body: 8 };
    case 'text': {
      const n = Buffer.byteLength(c.v);
      return { type: 2 * n + 13, body: n };
    }
    case 'int': {
      const v = c.v;
      if (v === 0 || v === 1) return { type: 8 + v, body: 0 };
      if (v >= -128 && v <= 127) return { type: 1, body: 1 };
      if (v >= -32768 && v <= 32767) return { type: 2, body: 2 };
      if (v >= -8388608 && v <= 8388607) return { type: 3, body: 3 };
      if (v >= -2147483648 && v <= 2147483647) return { type: 4, body: 4 };
      if (v >= -(2 ** 47) && v < 2 ** 47) return { type: 5, body: 6 };
      return { type: 6, body: 8 };
    }
  }
}

export function recordSize(cells: readonly Cell[]): number {
  let types = 0,
    body = 0;
  for (const c of cells) {
    const s = cellSize(c);
    types += varintLen(s.type);
    body += s.body;
  }
  let header = types + 1;
  while (varintLen(header) + types !== header) header = varintLen(header) + types;
  return header + body;
}
