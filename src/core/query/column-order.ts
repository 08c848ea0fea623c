import type { AuxStore } from './aux-store.ts';
import type { QueryColumn } from './dataset-columns.ts';
import type { OpenedDataset } from './open-dataset.ts';

/**
 * All rowids sorted by one column's value (then file order): the base order of a grid sorted by a
 * column other than time or file order. Sorting 10M rows takes SQLite seconds, so the order is built
 * once per column and kept in the file for the next open; a filter then only picks rows out of it.
 */
export function loadColumnOrder(dataset: OpenedDataset, store: AuxStore, column: QueryColumn): Int32Array {
  const name = `order:${column.valueSql}`;
  const stored = store.read(name, (length) => new Int32Array(length));
  if (stored && stored.array.length === dataset.total) return stored.array;
  // all() rather than iterate(): several times faster per row; the array is transient.
  const rowids = Int32Array.from(dataset.db.prepare(`SELECT rowid FROM calls ORDER BY ${column.valueSql}, rowid`).pluck().all() as number[]);
  store.write(name, rowids, null);
  return rowids;
}
