import type { AuxStore } from './aux-store.ts';
import { compileFilter } from './compile-filter.ts';
import type { QueryColumn } from './dataset-columns.ts';
import type { OpenedDataset } from './open-dataset.ts';
import type { PreparedFilter } from './prepare-filter.ts';
import { sortByValues } from './value-order.ts';

/**
 * All rowids sorted by one column's value (then file order): the base order of a grid sorted by a
 * column other than time or file order. Built once per column and kept in the file for the next open;
 * a filter then only picks rows out of it. Until it is built, the first pages come from SQLite's own
 * `ORDER BY … LIMIT` (firstRowsInOrder).
 */

const orderAux = (column: QueryColumn): string => `order:${column.valueSql}`;

/** The order kept in the file by an earlier build, or null. */
export function storedColumnOrder(dataset: OpenedDataset, store: AuxStore, column: QueryColumn): Int32Array | null {
  const stored = store.read(orderAux(column), (length) => new Int32Array(length));
  return stored && stored.array.length === dataset.total ? stored.array : null;
}

/** Whether the file keeps that order (without reading it). */
export function hasStoredColumnOrder(dataset: OpenedDataset, store: AuxStore, column: QueryColumn): boolean {
  return store.info(orderAux(column))?.length === dataset.total;
}

/** Told when a page has to wait for an order to be built: the column, then 'building' and 'ready'. */
export type OrderBuildListener = (column: string, phase: 'building' | 'ready') => void;

/**
 * Builds the order and keeps it in the file; yields between steps of bounded work (background-builds.ts runs
 * it between requests, or to its end when a request needs it).
 */
export function* buildColumnOrder(dataset: OpenedDataset, store: AuxStore, column: QueryColumn): Generator<void, Int32Array, void> {
  let rowids: Int32Array;
  if (dataset.denseRowids) {
    // One read of the column per 7 bytes its values share (value-order.ts): several times faster than SQLite's sort.
    const read = dataset.db.prepare(`SELECT ${column.valueSql} FROM calls WHERE rowid BETWEEN ? AND ?`).pluck();
    const rows = yield* sortByValues((first, last) => read.all(first + 1, last + 1), dataset.total);
    rowids = new Int32Array(rows.buffer, rows.byteOffset, rows.length); // rows 0… become rowids 1…, in place
    for (let i = 0; i < rowids.length; i++) rowids[i] = rows[i]! + 1;
  } else {
    // Rowids with gaps (a file not made by the import): SQLite sorts, in one step.
    rowids = Int32Array.from(dataset.db.prepare(`SELECT rowid FROM calls ORDER BY ${column.valueSql}, rowid`).pluck().all() as number[]);
  }
  yield;
  store.write(orderAux(column), rowids, null);
  return rowids;
}

/**
 * The first `count` rowids of the filter in the column's order, descending as the engine walks it (the
 * ascending order from its end: ties by rowid descending), by SQLite's `ORDER BY … LIMIT`: one scan of
 * calls that keeps only the best `count` rows, a second or two at 10M rows.
 */
export function firstRowsInOrder(dataset: OpenedDataset, filter: PreparedFilter, column: QueryColumn, descending: boolean, count: number): number[] {
  const { sql, params } = compileFilter(filter);
  const direction = descending ? 'DESC' : 'ASC';
  return dataset.db
    .prepare(`SELECT rowid FROM calls WHERE ${sql} ORDER BY ${column.valueSql} ${direction}, rowid ${direction} LIMIT ?`)
    .pluck()
    .all(...params, count) as number[];
}
