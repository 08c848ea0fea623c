import type { AuxStore } from './aux-store.ts';
import type { QueryColumn } from './dataset-columns.ts';
import { orderByNumbers } from './fast-orders.ts';
import type { OpenedDataset } from './open-dataset.ts';

/**
 * All rowids sorted by one column's value (then file order): the base order of a grid sorted by a
 * column other than time or file order. Sorting 10M rows takes SQLite seconds, so the order is built
 * once per column and kept in the file for the next open; a filter then only picks rows out of it.
 */
export function loadColumnOrder(dataset: OpenedDataset, store: AuxStore, column: QueryColumn, onBuild?: OrderBuildListener): Int32Array {
  const name = `order:${column.valueSql}`;
  const stored = store.read(name, (length) => new Int32Array(length));
  if (stored && stored.array.length === dataset.total) return stored.array;
  // Said before the sort starts, so a page can tell its user why the answer takes seconds.
  onBuild?.(column.name, 'building');
  try {
    return buildColumnOrder(dataset, store, column, name);
  } finally {
    onBuild?.(column.name, 'ready');
  }
}

/** Told when an order has to be built (not when it is read from the file): the column, then 'building' and 'ready'. */
export type OrderBuildListener = (column: string, phase: 'building' | 'ready') => void;

function buildColumnOrder(dataset: OpenedDataset, store: AuxStore, column: QueryColumn, name: string): Int32Array {
  // Numbers: one read of the column and a radix sort (fast-orders.ts), several times faster than SQLite's sort.
  // Otherwise all() rather than iterate(): several times faster per row; the array is transient.
  const rowids =
    (column.valueKind === 'number' && dataset.denseRowids ? orderByNumbers(dataset, column) : null) ??
    Int32Array.from(dataset.db.prepare(`SELECT rowid FROM calls ORDER BY ${column.valueSql}, rowid`).pluck().all() as number[]);
  store.write(name, rowids, null);
  return rowids;
}
