import { sortRowsByKey } from '../import/write/sort-keys.ts';
import type { ColumnCodes } from './column-codes.ts';
import type { QueryColumn } from './dataset-columns.ts';
import type { OpenedDataset } from './open-dataset.ts';
import type { StatusClasses } from './status-classes.ts';

/**
 * Orders of other columns without SQLite's sort (22 CPU-s for 10M texts): in SQLite's order (NULL
 * first, numbers by value, text by its UTF-8 bytes), ties in rowid order, for datasets whose rowids are
 * 1…total (as the import writes them).
 * - the status tags (`_status`, `_side`, `_reason`, `_origin`, `_benign`): a counting sort of the status
 *   classes by the rank of their value — no row is read;
 * - coded columns (manager, site, any text column with at most 65,535 values: column-codes.ts): a
 *   counting sort of the codes by rank;
 * - numbers (`_duration_s`, `_cost`, …, and original columns with a numeric role): one read of the
 *   column in rowid steps, then the import's radix sort of 64-bit keys.
 */

/** Tag columns whose value is a function of the status class. */
const CLASS_TAGS = ['_status', '_side', '_reason', '_origin', '_benign'] as const;

export function isClassTag(column: QueryColumn): boolean {
  return column.tag && (CLASS_TAGS as readonly string[]).includes(column.name);
}

/** SQLite's order of values of one column: NULL, then numbers, then text by its UTF-8 bytes. */
function compareValues(a: Buffer | number | null, b: Buffer | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return Buffer.compare(a, b);
}

/** Rowids 1…total by the rank of each row's key (`keyOf[rowid]`, an index into `values`): a stable counting sort. */
function countingOrder(keyOf: Uint16Array | Int32Array, values: readonly (string | number | null)[], total: number): Int32Array {
  // Texts compared as UTF-8 bytes, as SQLite compares them (encoded once, not per comparison).
  const sorted = values
    .map((value, key) => ({ value: typeof value === 'string' ? Buffer.from(value) : value, key }))
    .sort((a, b) => compareValues(a.value, b.value));
  // Equal values share a rank, so their rows stay in rowid order together.
  const rankOf = new Uint32Array(values.length);
  let rank = 0;
  sorted.forEach((entry, i) => {
    if (i > 0 && compareValues(sorted[i - 1]!.value, entry.value) !== 0) rank++;
    rankOf[entry.key] = rank;
  });
  const starts = new Uint32Array(rank + 2);
  for (let rowid = 1; rowid <= total; rowid++) starts[rankOf[keyOf[rowid]!]! + 1]!++;
  for (let r = 1; r < starts.length; r++) starts[r]! += starts[r - 1]!;
  const order = new Int32Array(total);
  for (let rowid = 1; rowid <= total; rowid++) order[starts[rankOf[keyOf[rowid]!]!]!++] = rowid;
  return order;
}

export function orderByClasses(classes: StatusClasses, column: QueryColumn, total: number): Int32Array {
  const value = (c: StatusClasses['classes'][number]): string | number | null => {
    switch (column.name) {
      case '_status':
        return c.code;
      case '_side':
        return c.side;
      case '_reason':
        return c.reason;
      case '_origin':
        return c.origin;
      default:
        return c.benign ? 1 : 0;
    }
  };
  return countingOrder(classes.classOf, classes.classes.map(value), total);
}

export function orderByCodes(codes: ColumnCodes, total: number): Int32Array {
  return countingOrder(codes.codeOf, codes.values, total);
}

const CHUNK = 65536;

/** A numeric column read in rowid steps and radix-sorted; null when it holds anything but numbers and NULL. */
export function orderByNumbers(dataset: OpenedDataset, column: QueryColumn): Int32Array | null {
  const total = dataset.total;
  const keys = new Int32Array(2 * total);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const step = dataset.db.prepare(`SELECT rowid, ${column.valueSql} FROM calls WHERE rowid BETWEEN ? AND ?`).raw();
  for (let first = 1; first <= total; first += CHUNK) {
    for (const [rowid, value] of step.all(first, first + CHUNK - 1) as [number, unknown][]) {
      if (value === null) continue; // (0, 0): before every number
      if (typeof value !== 'number') return null;
      // A double's bits as an unsigned 64-bit key in number order: negative numbers inverted, others with the sign bit set.
      bits[0] = value === 0 ? 0 : value; // -0 sorts with 0
      const negative = words[1]! >>> 31 === 1;
      keys[2 * (rowid - 1)] = negative ? ~words[1]! : words[1]! | 0x80000000;
      keys[2 * (rowid - 1) + 1] = negative ? ~words[0]! : words[0]!;
    }
  }
  const rows = sortRowsByKey(keys, total);
  const order = new Int32Array(rows.buffer, rows.byteOffset, total); // rows 0… become rowids 1…, in place
  for (let i = 0; i < total; i++) order[i] = rows[i]! + 1;
  return order;
}
