import type { OpenedDataset } from './open-dataset.ts';
import type { AuxStore } from './aux-store.ts';

/**
 * The dataset's rowids in time order (`_time`, then file order; calls without a time first, as SQLite
 * sorts NULL), and where each hour starts in that order. With it a page at any position of a
 * time-sorted grid is a slice plus point lookups, a time range is a contiguous stretch found by binary
 * search, and charts count hour by hour without reading a time per row.
 *
 * Derived from the `_time` index (its entries hold the rowid, so the table is not read).
 */
export interface HourSpan {
  /** `YYYY-MM-DDTHH`, or null for the calls without a time. */
  readonly hour: string | null;
  readonly start: number;
  readonly count: number;
}

export interface TimeOrder {
  readonly rowids: Int32Array;
  readonly hours: readonly HourSpan[];
}

/** Its name in the dataset's helper tables (the import stores it under this name too). */
export const TIME_ORDER_AUX = 'time-order';

export function loadTimeOrder(dataset: OpenedDataset, store: AuxStore): TimeOrder {
  const stored = store.read(TIME_ORDER_AUX, (length) => new Int32Array(length));
  if (stored && stored.array.length === dataset.total) return { rowids: stored.array, hours: stored.info as HourSpan[] };
  const built = buildTimeOrder(dataset);
  store.write(TIME_ORDER_AUX, built.rowids, built.hours);
  return built;
}

/** Rows per step of the build: better-sqlite3's all() is several times faster per row than iterate(). */
const CHUNK = 65536;

function buildTimeOrder(dataset: OpenedDataset): TimeOrder {
  const db = dataset.db;
  const rowids = new Int32Array(dataset.total);
  let n = 0;
  const put = (ids: number[]): void => {
    rowids.set(ids, n);
    n += ids.length;
  };
  put(db.prepare('SELECT rowid FROM calls WHERE "_time" IS NULL ORDER BY rowid').pluck().all() as number[]);
  const withTime = n;
  // Keyset steps along the `_time` index (a search, not an OFFSET): the next CHUNK entries after the last one read.
  const next = db.prepare('SELECT rowid FROM calls WHERE ("_time", rowid) > (?, ?) ORDER BY "_time", rowid LIMIT ?').pluck();
  const timeOf = db.prepare('SELECT "_time" FROM calls WHERE rowid = ?').pluck();
  let after: [string, number] = ['', 0];
  for (;;) {
    const ids = next.all(...after, CHUNK) as number[];
    if (ids.length === 0) break;
    put(ids);
    const last = ids[ids.length - 1]!;
    after = [timeOf.get(last) as string, last];
  }
  const order = { rowids: n === rowids.length ? rowids : rowids.slice(0, n), hours: [] as HourSpan[] };
  return { ...order, hours: hourSpans(order, withTime, (rowid) => timeOf.get(rowid) as string) };
}

/**
 * Where each hour starts in time order, found by binary search from one hour to the next (a few dozen
 * point lookups per hour that has calls) instead of reading every call's time.
 */
function hourSpans(order: Omit<TimeOrder, 'hours'>, withTime: number, timeOf: (rowid: number) => string): HourSpan[] {
  const { rowids } = order;
  const hours: HourSpan[] = withTime > 0 ? [{ hour: null, start: 0, count: withTime }] : [];
  let at = withTime;
  while (at < rowids.length) {
    const hour = timeOf(rowids[at]!).slice(0, 13);
    // '~' sorts after every character of an ISO time, so this is the first time of a later hour.
    const bound = `${hour}~`;
    let low = at + 1;
    let high = rowids.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (timeOf(rowids[mid]!) < bound) low = mid + 1;
      else high = mid;
    }
    hours.push({ hour, start: at, count: low - at });
    at = low;
  }
  return hours;
}

/**
 * The first position in time order whose `_time` is at or after `bound` (calls without a time count
 * as before everything). Binary search over the hour spans, then over rows by point lookups.
 */
export function lowerBound(dataset: OpenedDataset, order: TimeOrder, bound: string): number {
  const boundHour = bound.slice(0, 13);
  let span = 0;
  let high = order.hours.length;
  while (span < high) {
    const mid = (span + high) >> 1;
    const hour = order.hours[mid]!.hour;
    if (hour === null || hour < boundHour) span = mid + 1;
    else high = mid;
  }
  // Every call of an earlier hour is before the bound; the bound falls inside hour `span` or at its start.
  const at = order.hours[span];
  if (!at) return order.rowids.length;
  if (at.hour! > boundHour) return at.start;
  const timeOf = dataset.db.prepare('SELECT "_time" FROM calls WHERE rowid = ?').pluck();
  let low = at.start;
  let end = at.start + at.count;
  while (low < end) {
    const mid = (low + end) >> 1;
    if ((timeOf.get(order.rowids[mid]) as string) < bound) low = mid + 1;
    else end = mid;
  }
  return low;
}
