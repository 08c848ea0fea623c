/**
 * A filter's SQL scan split over threads (src/core/query/parallel-scan.ts) must select exactly the rows
 * of the one scan it replaces, `SELECT rowid FROM calls WHERE …`, in rowid order. The dataset is small,
 * made by the real import, forced onto the parallel path (minRowids 0) with 2 and 3 threads and cut
 * into chunks of 1,000 rowids; its row count divides by neither, so the last chunk is short. On so few
 * rows the calling thread could scan every chunk before a worker starts, so each case also runs with
 * the caller only waiting (callerScans false): then the workers scan every chunk. A failing worker must
 * throw the error the one scan throws, and a worker that never answers must cost a bounded wait, never
 * a hang.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallFilter } from '../../src/shared/query.ts';
import { compileFilter, type CompiledFilter } from '../../src/core/query/compile-filter.ts';
import { openDataset, type OpenedDataset } from '../../src/core/query/open-dataset.ts';
import { MIN_PARALLEL_ROWIDS, scanRowids, scanThreads, type ParallelScanOptions } from '../../src/core/query/parallel-scan.ts';
import { chunkRowids } from '../../src/core/query/scan-range.ts';
import { prepareFilter } from '../../src/core/query/prepare-filter.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { semicolonText } from '../fixtures/shapes.ts';
import { firstDifference } from '../support/first-difference.ts';
import { importOk, tempDir } from './helpers.ts';

// Prime: neither the threads nor the chunks divide it.
const ROWS = 20_011;
const CHUNK = 1_000;
const tmp = tempDir('parallel-scan');
let dataset: OpenedDataset | null = null;
let reference: Database.Database | null = null;

beforeAll(() => {
  const log = generateCallLog({ seed: 7, rows: ROWS });
  const csv = tmp.file('calls.csv', semicolonText(log));
  const file = tmp.file('calls.callsight.sqlite');
  expect(importOk(csv, file).imported).toBe(ROWS);
  dataset = openDataset(file);
  reference = openDataset(file).db;
}, 120_000);
afterAll(() => {
  dataset?.db.close();
  reference?.close();
  tmp.cleanup();
});

/** The one scan's answer, from a connection of its own. */
const singleScan = ({ sql, params }: CompiledFilter): number[] =>
  reference!
    .prepare(`SELECT rowid FROM calls WHERE ${sql} ORDER BY rowid`)
    .pluck()
    .all(...params) as number[];

const parallelScan = (filter: CompiledFilter, threads: number, options: ParallelScanOptions = {}): number[] => [
  ...scanRowids(dataset!, filter, ROWS, { threads, minRowids: 0, rowidsPerChunk: CHUNK, ...options }),
];

const compiled = (filter: CallFilter): CompiledFilter => compileFilter(prepareFilter(filter, dataset!.columns));

/** Two values of a column, as the import stored them. */
const someValues = (column: string): string[] =>
  reference!.prepare(`SELECT DISTINCT "${column}" FROM calls WHERE "${column}" <> '' ORDER BY 1 LIMIT 2`).pluck().all() as string[];

function filters(): Record<string, CallFilter> {
  const [manager, otherManager] = someValues('Менеджер');
  const [site] = someValues('Сайт');
  const middle = reference!
    .prepare('SELECT "_time" FROM calls WHERE "_time" IS NOT NULL ORDER BY "_time" LIMIT 1 OFFSET ?')
    .pluck()
    .get(ROWS >> 1) as string;
  const from = middle.slice(0, 10);
  return {
    'contains, digits only (instr)': { where: [{ column: 'Номер клиента', op: 'contains', value: '916' }] },
    'contains, letters (callsight_contains)': { where: [{ column: 'Менеджер', op: 'contains', value: 'ЁЛКИН' }] },
    equals: { where: [{ column: 'Сайт', op: 'equals', value: site! }] },
    'range on _duration_s': { where: [{ column: '_duration_s', op: 'range', min: 30, max: 120 }] },
    'range on _cost': { where: [{ column: '_cost', op: 'range', min: 1 }] },
    'managers and sites': { managers: [manager!, otherManager!], sites: [site!] },
    'managers with from/to': { managers: [manager!], from, to: `${from.slice(0, 8)}28` },
    'contains with from/to': { where: [{ column: 'Номер менеджера', op: 'contains', value: '1' }], from: '2000-01-01', to: from },
    // SQLite answers these from an index, in the index's order: the answer must still be in rowid order.
    'sides (index order)': { sides: ['client', 'manager'] },
  };
}

describe.each([
  [2, true],
  [3, true],
  [2, false],
  [3, false],
])('%i threads, caller scans: %s', (threads, callerScans) => {
  const scan = (filter: CompiledFilter): number[] => parallelScan(filter, threads, { callerScans });

  it('select the rows of the one scan, for each kind of filter', () => {
    for (const [name, filter] of Object.entries(filters())) {
      const sql = compiled(filter);
      const expected = singleScan(sql);
      expect(expected.length, `${name}: a filter that selects something`).toBeGreaterThan(0);
      expect(expected.length, `${name}: a filter that leaves something out`).toBeLessThan(ROWS);
      expect(firstDifference(scan(sql), expected), name).toBeNull();
    }
  });

  it('keep matching rows on both sides of each chunk boundary', () => {
    const around: number[] = [];
    for (let first = CHUNK + 1; first <= ROWS; first += CHUNK) around.push(first - 1, first);
    const sql = { sql: `rowid IN (${around.map(() => '?').join(', ')})`, params: around };
    expect(singleScan(sql)).toEqual(around);
    expect(scan(sql)).toEqual(around);
    // Every row: each chunk's first and last rowid, once.
    expect(firstDifference(scan({ sql: '1', params: [] }), singleScan({ sql: '1', params: [] }))).toBeNull();
  });

  it('answer an empty selection', () => {
    expect(scan(compiled({ where: [{ column: 'Комментарий', op: 'contains', value: 'нет такого текста' }] }))).toEqual([]);
  });

  it('throw an SQL error met while scanning as the one scan does, not hang', () => {
    // Past the first chunks only: with the caller only waiting, a worker meets it.
    const sql = { sql: "CASE WHEN rowid > ? THEN json_extract('not json', '$') ELSE 1 END", params: [5 * CHUNK] };
    const single = captured(() => singleScan(sql));
    expect(single).toBeInstanceOf(Database.SqliteError);
    const started = performance.now();
    const parallel = captured(() => scan(sql));
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(parallel).toBeInstanceOf(Database.SqliteError);
    expect(parallel?.message).toBe(single?.message);
    expect((parallel as { code?: string } | null)?.code).toBe((single as { code?: string } | null)?.code);
  });
});

it('cuts [1, maxRowid] into chunks that cover it once, the last one short', () => {
  for (const [maxRowid, perChunk] of [
    [10, 3],
    [11, 2],
    [3, 3],
    [ROWS, CHUNK],
  ] as const) {
    const chunks = Math.ceil(maxRowid / perChunk);
    const ranges = Array.from({ length: chunks }, (_, chunk) => chunkRowids(chunk, perChunk, maxRowid));
    expect(ranges[0]![0]).toBe(1);
    expect(ranges.at(-1)![1]).toBe(maxRowid);
    for (let i = 1; i < chunks; i++) expect(ranges[i]![0]).toBe(ranges[i - 1]![1] + 1);
    for (const [first, last] of ranges.slice(0, -1)) expect(last - first + 1).toBe(perChunk);
  }
});

it('splits only where it pays, over no more threads than chunks', () => {
  expect(scanThreads(ROWS, { threads: 3 })).toBe(1);
  expect(scanThreads(MIN_PARALLEL_ROWIDS - 1, { threads: 3 })).toBe(1);
  expect(scanThreads(MIN_PARALLEL_ROWIDS, { threads: 3 })).toBe(3);
  expect(scanThreads(ROWS, { threads: 3, minRowids: 0, rowidsPerChunk: CHUNK })).toBe(3);
  expect(scanThreads(ROWS, { threads: 3, minRowids: 0, rowidsPerChunk: 15_000 })).toBe(2);
  expect(scanThreads(ROWS, { threads: 3, minRowids: 0 })).toBe(1);
  expect(scanThreads(ROWS, { threads: 1, minRowids: 0, rowidsPerChunk: CHUNK })).toBe(1);
});

it('throws SQL that SQLite refuses on the calling thread, as the one scan does', () => {
  const sql = { sql: 'no_such_function("Сайт")', params: [] };
  const single = captured(() => singleScan(sql));
  expect(single).toBeInstanceOf(Database.SqliteError);
  expect(captured(() => parallelScan(sql, 2))?.message).toBe(single?.message);
});

describe('a worker that never starts', () => {
  const sql = (): CompiledFilter => compiled({ where: [{ column: 'Номер клиента', op: 'contains', value: '9' }] });
  const broken = (): string => tmp.file('broken-worker.mjs', "throw new Error('this worker never starts');\n");

  it('costs nothing when the caller scans: it claims no chunk', () => {
    const started = performance.now();
    const rowids = parallelScan(sql(), 3, { workerUrl: broken(), stallMs: 60_000 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(firstDifference(rowids, singleScan(sql()))).toBeNull();
  });

  it('that cannot open the file (deleted since the caller opened it) claims nothing: no error, the caller scans', () => {
    const gone = { db: dataset!.db, file: tmp.file('gone.callsight.sqlite') };
    const options = { threads: 3, minRowids: 0, rowidsPerChunk: CHUNK, stallMs: 300, callerScans: false };
    expect(firstDifference([...scanRowids(gone, sql(), ROWS, options)], singleScan(sql()))).toBeNull();
  });

  it('costs a bounded wait when the caller only waits, then the caller scans its chunks', () => {
    const started = performance.now();
    const rowids = parallelScan(sql(), 3, { workerUrl: broken(), stallMs: 300, callerScans: false });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(firstDifference(rowids, singleScan(sql()))).toBeNull();
  });
});

function captured(run: () => unknown): Error | null {
  try {
    run();
    return null;
  } catch (error) {
    return error as Error;
  }
}
