import type { ColumnCodes } from './column-codes.ts';
import type { QueryColumn } from './dataset-columns.ts';
import type { StatusClasses } from './status-classes.ts';

/**
 * Orders of columns whose values are in memory, without SQLite's sort: in SQLite's order (NULL first,
 * numbers by value, text by its UTF-8 bytes), ties in rowid order, for datasets whose rowids are
 * 1…total (as the import writes them).
 * - the status tags (`_status`, `_side`, `_reason`, `_origin`, `_benign`): a counting sort of the status
 *   classes by the rank of their value — no row is read;
 * - coded columns (manager, site, any text column with at most 65,535 values: column-codes.ts): a
 *   counting sort of the codes by rank.
 * Other columns are read and radix-sorted by value (value-order.ts).
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
