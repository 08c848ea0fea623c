import { AuxStore } from './aux-store.ts';
import { loadColumnCodes, codeMask, columnCodesAux, columnCodesSteps, CodedConditions, type ColumnCodes } from './column-codes.ts';
import { buildColumnOrder, firstRowsInOrder, hasStoredColumnOrder, storedColumnOrder, type OrderBuildListener } from './column-order.ts';
import { compileCondition, compileFilter, conditionColumnSql, type CompiledFilter, type FilterPart } from './compile-filter.ts';
import type { QueryColumn } from './dataset-columns.ts';
import type { OpenedDataset } from './open-dataset.ts';
import { scanRowids } from './parallel-scan.ts';
import { BackgroundBuilds, runToEnd } from './background-builds.ts';
import { isEmptyFilter, prepareSort, type PreparedCondition, type PreparedFilter, type PreparedSort } from './prepare-filter.ts';
import { RowMarks, RowTest } from './row-test.ts';
import { classMask, loadClassesByTime, loadStatusClasses, storedClassList, type StatusClass, type StatusClasses } from './status-classes.ts';
import { loadTimeOrder, lowerBound, type TimeOrder } from './time-order.ts';
import { loadPhoneDigits, matchPhone } from './phone-digits.ts';
import { isClassTag, orderByClasses, orderByCodes } from './fast-orders.ts';

/**
 * One open dataset and what the queries derive from it: the helpers (time order, status classes,
 * coded columns, column orders — built on first use, kept in the file) and the ordered rowids of the
 * last few filter × sort pairs. A page is then a slice of those rowids and one point lookup per row,
 * at any position: no OFFSET scan.
 */

/** Ordered matches of recent queries are kept up to this many bytes (10M rows take 40 MB). */
const MATCH_CACHE_BYTES = 128 * 1024 * 1024;
/** Pages of a sort whose order is not built yet are answered by SQLite's ORDER BY … LIMIT down to this row. */
export const FIRST_ROWS = 1000;
const TIME_ORDER = { column: '_time', direction: 'asc' } as const;

/** The rowids a filter selects, in a sort's order; `reversed` walks `rowids` from the end. */
export class RowList {
  readonly rowids: Int32Array;
  readonly reversed: boolean;
  constructor(rowids: Int32Array, reversed: boolean) {
    this.rowids = rowids;
    this.reversed = reversed;
  }
  get length(): number {
    return this.rowids.length;
  }
  slice(offset: number, limit: number): number[] {
    const out: number[] = [];
    const n = this.rowids.length;
    for (let i = offset; i < Math.min(n, offset + limit); i++) out.push(this.rowids[this.reversed ? n - 1 - i : i]!);
    return out;
  }
}

/** Whether an hour of time order (`YYYY-MM-DDTHH`) has one of the weekdays (0 = Monday) and hours asked for. */
function inWeekHours(hour: string, weekdays: readonly number[] | null, hours: readonly number[] | null): boolean {
  if (hours !== null && !hours.includes(Number(hour.slice(11, 13)))) return false;
  if (weekdays === null) return true;
  const day = new Date(Date.UTC(Number(hour.slice(0, 4)), Number(hour.slice(5, 7)) - 1, Number(hour.slice(8, 10)))).getUTCDay();
  return weekdays.includes((day + 6) % 7);
}

export class QueryDataset {
  readonly opened: OpenedDataset;
  readonly maxRowid: number;
  readonly #store: AuxStore;
  #timeOrder: TimeOrder | null = null;
  #classes: StatusClasses | null = null;
  #identity: Int32Array | null = null;
  readonly #codes = new Map<string, ColumnCodes | null>();
  readonly #orders = new Map<string, Int32Array>();
  readonly #builds = new BackgroundBuilds<Int32Array>();
  /** Columns a condition asked for before they were coded, coded between requests (null: too many values to code). */
  readonly #codeBuilds = new BackgroundBuilds<ColumnCodes | null>();
  readonly #codeInBackground: boolean;
  /** The first rows of sorts whose order is being built, by filter and sort (FIRST_ROWS numbers each). */
  readonly #firstRows = new Map<string, { readonly rowids: readonly number[]; readonly total: number }>();
  readonly #matches = new Map<string, RowList>();
  #phoneDigits: Uint8Array | null = null;
  #classesByTime: Uint16Array | Int32Array | null = null;
  #classList: readonly StatusClass[] | null = null;
  #codedConditions: CodedConditions | null = null;
  #lastSql: { readonly key: string; readonly rowids: Int32Array } | null = null;

  /**
   * `codeInBackground`: whether a condition on a column not coded yet has the column coded between
   * requests (the grid's engine, which returns to its event loop between requests); an export, which
   * reads one filter once, answers it by SQL and codes nothing.
   */
  constructor(opened: OpenedDataset, { codeInBackground = true }: { readonly codeInBackground?: boolean } = {}) {
    this.opened = opened;
    this.maxRowid = (opened.db.prepare('SELECT max(rowid) FROM calls').pluck().get() as number | null) ?? 0;
    this.#store = new AuxStore(opened.db, opened.fingerprint, opened.writable);
    this.#codeInBackground = codeInBackground;
  }

  get timeOrderLoaded(): boolean {
    return this.#timeOrder !== null;
  }

  timeOrder(): TimeOrder {
    this.#timeOrder ??= loadTimeOrder(this.opened, this.#store);
    return this.#timeOrder;
  }

  classes(): StatusClasses {
    this.#classes ??= loadStatusClasses(this.opened, this.#store, this.maxRowid);
    return this.#classes;
  }

  /** The status classes' list (what each class id means), without reading the classes by rowid when they are stored. */
  classList(): readonly StatusClass[] {
    if (this.#classes) return this.#classes.classes;
    this.#classList ??= storedClassList(this.#store, this.maxRowid) ?? this.classes().classes;
    return this.#classList;
  }

  /** Each call's status class in time order (status-classes.ts). */
  classesByTime(): Uint16Array | Int32Array {
    this.#classesByTime ??= loadClassesByTime(this.#store, this.timeOrder().rowids, this.classList(), () => this.classes().classOf);
    return this.#classesByTime;
  }

  /** The packed client digits (80 MB at 10M calls): kept while phone searches follow each other, dropped by the next query without one. */
  phoneDigits(): Uint8Array {
    this.#phoneDigits ??= loadPhoneDigits(this.opened, this.#store, this.maxRowid);
    return this.#phoneDigits;
  }

  codes(column: QueryColumn): ColumnCodes | null {
    if (!this.#codes.has(column.name)) {
      const building = this.#codeBuilds.take(column.name);
      this.#codes.set(column.name, building ? runToEnd(building) : loadColumnCodes(this.opened, this.#store, column, this.maxRowid));
    }
    return this.#codes.get(column.name)!;
  }

  /** All rowids in the sort's base order (ascending), and whether it is time order. `onBuild` hears when it must wait for an order. */
  baseOrder(sort: PreparedSort, onBuild?: OrderBuildListener): { rowids: Int32Array; timeOrdered: boolean } {
    const column = sort.column;
    if (column.valueKind === 'time') return { rowids: this.timeOrder().rowids, timeOrdered: true };
    if (column.name === '_line' && this.opened.denseRowids) {
      this.#identity ??= Int32Array.from({ length: this.opened.total }, (_, i) => i + 1);
      return { rowids: this.#identity, timeOrdered: false };
    }
    let order = this.#orders.get(column.valueSql) ?? this.#countedOrder(column) ?? storedColumnOrder(this.opened, this.#store, column);
    if (!order) {
      // Said before the wait starts, so a page can tell its user why the answer takes seconds.
      onBuild?.(column.name, 'building');
      try {
        order = this.#builds.finish(column.valueSql) ?? runToEnd(this.#orderBuild(column));
        this.#firstRows.clear();
      } finally {
        onBuild?.(column.name, 'ready');
      }
    }
    this.#orders.set(column.valueSql, order);
    return { rowids: order, timeOrdered: false };
  }

  /**
   * The first rows of a sort whose order is not built yet (the sorted matches from `0` to at least `end`),
   * and the number of matches: SQLite's ORDER BY … LIMIT FIRST_ROWS, one scan of the calls (seconds at 10M
   * rows, not the tens a whole order can take) kept for the pages that follow; then the order is built in
   * the background. Null when the order is ready, or the page ends past FIRST_ROWS (it waits for the order).
   */
  firstRows(
    filter: PreparedFilter,
    sort: PreparedSort,
    end: number,
    onBuild?: OrderBuildListener,
  ): { readonly rowids: readonly number[]; readonly total: number } | null {
    const column = sort.column;
    if (end > FIRST_ROWS || this.#orderReady(column)) return null;
    const key = `${filter.key}|${sort.key}`;
    let first = this.#firstRows.get(key);
    if (!first) {
      onBuild?.(column.name, 'building');
      try {
        first = {
          rowids: firstRowsInOrder(this.opened, filter, column, sort.descending, FIRST_ROWS),
          total: isEmptyFilter(filter) ? this.opened.total : this.matches(filter, prepareSort(TIME_ORDER, this.opened.columns)).length,
        };
      } finally {
        onBuild?.(column.name, 'ready');
      }
      this.#firstRows.set(key, first);
    }
    this.#builds.start(
      column.valueSql,
      () => this.#orderBuild(column),
      (order) => {
        this.#orders.set(column.valueSql, order);
        this.#firstRows.clear();
      },
    );
    return first;
  }

  /** Whether the sort's order is at hand without a read of its column (in memory, counted from what is, or kept in the file). */
  #orderReady(column: QueryColumn): boolean {
    if (column.valueKind === 'time' || (column.name === '_line' && this.opened.denseRowids) || this.#orders.has(column.valueSql)) return true;
    if (this.opened.denseRowids && (isClassTag(column) || this.#codesAtHand(column))) return true;
    return hasStoredColumnOrder(this.opened, this.#store, column);
  }

  /**
   * The codes an original column's sort can count, when they need no read of the column (in memory, or
   * kept in the file): a text column's own, a number column's typed twin's (what its sort compares: the
   * import codes `_duration_s` and `_cost` of a large file). Null when not at hand, or too many values to code.
   */
  #codesAtHand(column: QueryColumn): ColumnCodes | null {
    if (column.tag) return null;
    if (column.valueKind === 'text') return this.#codesKept(column);
    if (column.valueKind !== 'number') return null;
    const twin = this.opened.columns.withSql(column.valueSql);
    return twin ? this.#codesKept(twin) : null;
  }

  /** Any column's codes when they need no read of the column: in memory, or kept in the file (by the import, a sort, a picker). */
  #codesKept(column: QueryColumn): ColumnCodes | null {
    if (!this.#codes.has(column.name) && this.#store.info(columnCodesAux(column.name)) === null) return null;
    return this.codes(column);
  }

  /**
   * A per-column condition answered by its column's codes: its mask of codes (CodedConditions). Null
   * when it must be SQL: the column it reads (itself, or the typed twin a range compares) is not coded
   * yet, or has more values than the codes hold. Coding a column is one read of it at about a third of
   * SQL's speed (5 s against 1.2 s at 10M rows), so the first condition on an original column is SQL,
   * and the column is coded in the background (kept in the file), after which conditions on it — each
   * letter typed into a column filter, each report — read nothing. Tag columns have indexes and helpers
   * of their own: used when coded already, never coded for a condition.
   */
  #codedCondition(condition: PreparedCondition): { codes: ColumnCodes; ok: Uint8Array } | null {
    const read = conditionColumnSql(condition);
    const column = this.opened.columns.withSql(read);
    if (!column) return null;
    const codes = this.#codesKept(column);
    if (!codes) {
      if (!condition.column.tag && this.#codeInBackground && !this.#codes.has(column.name)) {
        this.#codeBuilds.start(
          column.name,
          () => columnCodesSteps(this.opened, this.#store, column, this.maxRowid),
          (built) => this.#codes.set(column.name, built),
        );
      }
      return null;
    }
    this.#codedConditions ??= new CodedConditions(this.opened.db);
    return { codes, ok: this.#codedConditions.mask(codes, column, compileCondition(condition)) };
  }

  /**
   * The order of a status tag, or of a coded column (manager, site) whose codes are at hand, as a
   * counting sort of what is in memory (fast-orders.ts): tens of milliseconds, so not stored. Null for
   * other columns.
   */
  #countedOrder(column: QueryColumn): Int32Array | null {
    if (!this.opened.denseRowids) return null;
    if (isClassTag(column)) return orderByClasses(this.classes(), column, this.opened.total);
    const codes = this.#codesAtHand(column);
    return codes ? orderByCodes(codes, this.opened.total) : null;
  }

  /**
   * Builds an order: a text column is coded first when it has few values (one read, then a counting sort;
   * the codes serve its filters and pickers too), and a column with more values than the codes hold gives
   * up within its first rows and is sorted by value (column-order.ts).
   */
  *#orderBuild(column: QueryColumn): Generator<void, Int32Array, void> {
    if (this.opened.denseRowids && !column.tag && column.valueKind === 'text') {
      if (!this.#codes.has(column.name))
        this.#codes.set(column.name, yield* this.#codeBuilds.take(column.name) ?? columnCodesSteps(this.opened, this.#store, column, this.maxRowid));
      const codes = this.#codes.get(column.name) ?? null;
      if (codes) return orderByCodes(codes, this.opened.total);
      yield;
    }
    return yield* buildColumnOrder(this.opened, this.#store, column);
  }

  /** Where a time range starts and ends in time order: [start, end). */
  timeSpan(filter: PreparedFilter): { start: number; end: number } {
    const order = this.timeOrder();
    const first = order.hours[0];
    const withTime = first && first.hour === null ? first.count : 0;
    return {
      start: filter.from === null ? withTime : lowerBound(this.opened, order, filter.from),
      end: filter.to === null ? order.rowids.length : lowerBound(this.opened, order, filter.to),
    };
  }

  /**
   * The per-row test of everything in the filter except what the caller answers by walking a stretch
   * of time order (`timeBySpan`). Managers, sites and per-column conditions on a coded column are masks
   * of codes; only what the codes cannot answer is read from the calls by SQL.
   */
  rowTest(filter: PreparedFilter, timeBySpan: boolean): RowTest {
    if (filter.phone === null) this.#phoneDigits = null;
    const classOk = classMask(this.classList(), filter);
    const coded: { codes: ColumnCodes; ok: Uint8Array }[] = [];
    const sqlParts: FilterPart[] = [];
    for (const part of [filter.managers, filter.sites]) {
      if (part === null) continue;
      const codes = this.codes(part.column);
      if (codes) coded.push({ codes, ok: codeMask(codes, part.values) });
      else sqlParts.push(part === filter.managers ? 'managers' : 'sites');
    }
    const sqlWhere: PreparedCondition[] = [];
    for (const condition of filter.where) {
      const mask = this.#codedCondition(condition);
      if (mask) coded.push(mask);
      else sqlWhere.push(condition);
    }
    if (sqlWhere.length > 0) sqlParts.push('where');
    const hasTime = filter.from !== null || filter.to !== null;
    let marks: RowMarks | null = null;
    if (hasTime && !timeBySpan) {
      marks = new RowMarks(this.maxRowid);
      const { start, end } = this.timeSpan(filter);
      marks.addSlice(this.timeOrder().rowids, start, end);
    }
    // Weekdays and hours of the day are whole hour spans of time order: no row is read for them.
    if (filter.weekdays !== null || filter.hours !== null) {
      marks ??= new RowMarks(this.maxRowid);
      const order = this.timeOrder();
      marks.addSlices(
        order.rowids,
        order.hours
          .filter((span) => span.hour !== null && inWeekHours(span.hour, filter.weekdays, filter.hours))
          .map((span) => [span.start, span.start + span.count] as const),
      );
    }
    // A phone fragment is a byte search over the packed digits (phone-digits.ts), not SQL.
    if (filter.phone !== null) {
      marks ??= new RowMarks(this.maxRowid);
      marks.add(matchPhone(this.phoneDigits(), filter.phone));
    }
    if (sqlParts.length > 0) {
      marks ??= new RowMarks(this.maxRowid);
      marks.add(this.#sqlRowids(compileFilter({ ...filter, where: sqlWhere }, sqlParts)));
    } else {
      this.#lastSql = null; // up to 40 MB at 10M calls, for a filter that has moved on
    }
    return new RowTest(() => this.classes().classOf, classOk, coded, marks?.marks ?? null, marks?.level ?? 0);
  }

  /**
   * The rowids SQL selects for the parts of a filter the helpers cannot answer: a read of every row, so
   * the last answer is kept. One filter's rows, counts, summary and a report's period ask for it in turn,
   * and so do filters that differ only in what the helpers answer (a side or a status added).
   * From 1M rows the read is split over cores (parallel-scan.ts): it is CPU-bound, 1.2 s at 10M calls on one.
   */
  #sqlRowids(filter: CompiledFilter): Int32Array {
    const key = JSON.stringify([filter.sql, filter.params]);
    if (this.#lastSql?.key !== key) this.#lastSql = { key, rowids: scanRowids(this.opened, filter, this.maxRowid) };
    return this.#lastSql.rowids;
  }

  /** The rowids the filter selects, in the sort's order. */
  matches(filter: PreparedFilter, sort: PreparedSort, onBuild?: OrderBuildListener): RowList {
    // One list per filter × sort column, walked from either end: both directions share it.
    const key = `${filter.key}|${sort.column.valueSql}`;
    const cached = this.#matches.get(key);
    if (cached) {
      this.#matches.delete(key); // most recently used goes last
      this.#matches.set(key, cached);
      return cached.reversed === sort.descending ? cached : new RowList(cached.rowids, sort.descending);
    }
    if (sort.column.name === '_line' && this.opened.denseRowids) {
      // File order is rowid order: walked as numbers, without a 40 MB array of 1…total.
      const test = this.rowTest(filter, false);
      if (!test.passesAll) {
        let count = 0;
        for (let rowid = 1; rowid <= this.opened.total; rowid++) if (test.passes(rowid)) count++;
        const out = new Int32Array(count);
        let n = 0;
        for (let rowid = 1; rowid <= this.opened.total && n < count; rowid++) if (test.passes(rowid)) out[n++] = rowid;
        const list = new RowList(out, sort.descending);
        this.#remember(key, list);
        return list;
      }
    }
    const { rowids, timeOrdered } = this.baseOrder(sort, onBuild);
    const bySpan = timeOrdered && (filter.from !== null || filter.to !== null);
    const { start, end } = bySpan ? this.timeSpan(filter) : { start: 0, end: rowids.length };
    const test = this.rowTest(filter, bySpan);
    let list: RowList;
    const classOnly = timeOrdered ? test.classOnly : null;
    if (test.passesAll) {
      // A view of the base order: nothing to keep (the cache is for lists that cost a pass to make).
      return new RowList(start === 0 && end === rowids.length ? rowids : rowids.subarray(start, end), sort.descending);
    } else if (classOnly) {
      // Side, reason, status (and a time range) sorted by time: two arrays read from start to end.
      // Counted first, so the list is allocated once at its size (up to 40 MB at 10M calls: no copy).
      const byTime = this.classesByTime();
      let count = 0;
      for (let i = start; i < end; i++) count += classOnly[byTime[i]!]!;
      const out = new Int32Array(count);
      let n = 0;
      for (let i = start; i < end && n < count; i++) if (classOnly[byTime[i]!] !== 0) out[n++] = rowids[i]!;
      list = new RowList(out, sort.descending);
    } else if (test.classOnly) {
      // Facets on another order: which rowids pass, as one bit each (1.25 MB at 10M calls, read from
      // the classes by rowid in one sequential pass), then the order walked against the bits — not
      // against 20 MB of classes at random places.
      const passing = test.classOnly;
      const { classOf } = this.classes();
      const bits = new Uint8Array((this.maxRowid >> 3) + 1);
      let count = 0;
      for (let rowid = 1; rowid <= this.maxRowid; rowid++) {
        if (passing[classOf[rowid]!] !== 0) {
          bits[rowid >> 3]! |= 1 << (rowid & 7);
          count++;
        }
      }
      const out = new Int32Array(count);
      let n = 0;
      for (let i = start; i < end && n < count; i++) {
        const rowid = rowids[i]!;
        if ((bits[rowid >> 3]! & (1 << (rowid & 7))) !== 0) out[n++] = rowid;
      }
      list = new RowList(n === count ? out : out.slice(0, n), sort.descending);
    } else {
      const out = new Int32Array(end - start);
      let n = 0;
      for (let i = start; i < end; i++) {
        const rowid = rowids[i]!;
        if (test.passes(rowid)) out[n++] = rowid;
      }
      list = new RowList(out.slice(0, n), sort.descending);
    }
    this.#remember(key, list);
    return list;
  }

  #remember(key: string, list: RowList): void {
    this.#matches.set(key, list);
    let bytes = 0;
    for (const entry of this.#matches.values()) bytes += entry.rowids.byteLength;
    for (const [oldKey, entry] of this.#matches) {
      if (bytes <= MATCH_CACHE_BYTES || oldKey === key) break;
      this.#matches.delete(oldKey);
      bytes -= entry.rowids.byteLength;
    }
  }

  close(): void {
    this.#builds.stop();
    this.#codeBuilds.stop();
    this.#matches.clear();
    this.opened.db.close();
  }
}
