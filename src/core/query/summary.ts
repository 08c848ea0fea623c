import {
  FAILURE_SIDES,
  type CallCounts,
  type CallSummary,
  type FailureSide,
  type ManagerStats,
  type StatusCount,
  type TimeBucket,
} from '../../shared/query.ts';
import { SIDES, type Reason, type Side } from '../../shared/status/types.ts';
import type { PreparedFilter } from './prepare-filter.ts';
import type { QueryDataset } from './query-dataset.ts';
import type { StatusClass } from './status-classes.ts';

/**
 * Counts and the summary of a filter in one pass over the dataset's time order: per status class,
 * per hour (charts) and per manager × class (the manager table). Everything else — sides, reasons,
 * top statuses, failure rates — is added up from those few counters.
 */

/** Ranges up to this many hours are charted by the hour, longer ones by the day. */
const HOURLY_UP_TO_HOURS = 72;
const TOP_STATUSES = 20;
/** Manager × class counters beyond this many fall back to fewer details (a column that is not really managers). */
const MAX_MANAGER_CELLS = 4_000_000;

export const isFailure = (c: StatusClass): boolean => c.side !== 'success' && c.side !== 'pending' && !c.benign;

interface Pass {
  readonly classCounts: Float64Array;
  /** Per hour span of time order: failures per failure side. */
  readonly hourFailures: Map<string, Float64Array>;
  readonly managerCounts: Float64Array | null;
  readonly managerValues: readonly (string | null)[];
}

function walk(dataset: QueryDataset, filter: PreparedFilter, withDetails: boolean): Pass {
  const classes = dataset.classList();
  const order = dataset.timeOrder();
  const test = dataset.rowTest(filter, true);
  const { start, end } = dataset.timeSpan(filter);
  const classCounts = new Float64Array(classes.length);
  const hourFailures = new Map<string, Float64Array>();
  const failureSlot = classes.map((c) => (isFailure(c) ? FAILURE_SIDES.indexOf(c.side as FailureSide) : -1));
  const managerColumn = withDetails ? dataset.opened.columns.withRole('manager') : undefined;
  const codes = managerColumn ? dataset.codes(managerColumn) : null;
  const managerCells = codes ? codes.values.length * classes.length : 0;
  const managerCounts = codes && managerCells <= MAX_MANAGER_CELLS ? new Float64Array(managerCells) : null;
  const codeOf = codes?.codeOf;
  const width = classes.length;
  const rowids = order.rowids;
  // Facets and a time range only: the classes in time order, read from start to end (status-classes.ts).
  const classOnly = test.classOnly;
  const byTime = test.passesAll || classOnly ? dataset.classesByTime() : null;
  const classOf = byTime ? null : dataset.classes().classOf;
  for (const span of order.hours) {
    const from = Math.max(start, span.start);
    const to = Math.min(end, span.start + span.count);
    if (from >= to) continue;
    let failures: Float64Array | undefined;
    if (withDetails && span.hour !== null) {
      failures = hourFailures.get(span.hour);
      if (!failures) hourFailures.set(span.hour, (failures = new Float64Array(FAILURE_SIDES.length)));
    }
    if (byTime) {
      for (let i = from; i < to; i++) {
        const c = byTime[i]!;
        if (classOnly && classOnly[c] === 0) continue;
        classCounts[c]!++;
        if (failures && failureSlot[c]! >= 0) failures[failureSlot[c]!]!++;
        if (managerCounts) managerCounts[codeOf![rowids[i]!]! * width + c]!++;
      }
      continue;
    }
    for (let i = from; i < to; i++) {
      const rowid = rowids[i]!;
      if (!test.passes(rowid)) continue;
      const c = classOf![rowid]!;
      classCounts[c]!++;
      if (failures && failureSlot[c]! >= 0) failures[failureSlot[c]!]!++;
      if (managerCounts) managerCounts[codeOf![rowid]! * width + c]!++;
    }
  }
  return { classCounts, hourFailures, managerCounts, managerValues: codes?.values ?? [] };
}

export function countCalls(dataset: QueryDataset, filter: PreparedFilter): CallCounts {
  const classes = dataset.classList();
  return countsOf(classes, walk(dataset, filter, false).classCounts);
}

function countsOf(classes: readonly StatusClass[], classCounts: Float64Array): CallCounts {
  const bySide = Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;
  const byReason: Partial<Record<Reason, number>> = {};
  let total = 0;
  classes.forEach((c, i) => {
    const n = classCounts[i]!;
    if (n === 0) return;
    total += n;
    bySide[c.side] += n;
    byReason[c.reason] = (byReason[c.reason] ?? 0) + n;
  });
  return { total, bySide, byReason };
}

export function summarise(dataset: QueryDataset, filter: PreparedFilter): CallSummary {
  return summariseByClass(dataset, filter).summary;
}

/** A summary and, from the same pass, the matches per status class (indexed as classList()). */
export interface SummaryByClass {
  readonly summary: CallSummary;
  readonly classCounts: Float64Array;
}

export function summariseByClass(dataset: QueryDataset, filter: PreparedFilter): SummaryByClass {
  const classes = dataset.classList();
  const pass = walk(dataset, filter, true);
  return { summary: summaryOf(classes, pass), classCounts: pass.classCounts };
}

/**
 * Failures (a failure side, not benign) by reason among counted calls: what a second pass narrowed to
 * the failure sides with benign statuses hidden would count, since side and benign belong to a status class.
 */
export function failureReasons(classes: readonly StatusClass[], classCounts: Float64Array): Partial<Record<Reason, number>> {
  const byReason: Partial<Record<Reason, number>> = {};
  classes.forEach((c, i) => {
    const n = classCounts[i]!;
    if (n > 0 && isFailure(c)) byReason[c.reason] = (byReason[c.reason] ?? 0) + n;
  });
  return byReason;
}

function summaryOf(classes: readonly StatusClass[], pass: Pass): CallSummary {
  const counts = countsOf(classes, pass.classCounts);
  let benign = 0;
  let failures = 0;
  const byCode = new Map<string | null, StatusCount>();
  classes.forEach((c, i) => {
    const n = pass.classCounts[i]!;
    if (n === 0) return;
    if (c.benign) benign += n;
    if (isFailure(c)) failures += n;
    const seen = byCode.get(c.code);
    byCode.set(c.code, { code: c.code, side: c.side, reason: c.reason, count: (seen?.count ?? 0) + n });
  });
  const topStatuses = [...byCode.values()].sort((a, b) => b.count - a.count || String(a.code).localeCompare(String(b.code))).slice(0, TOP_STATUSES);
  return {
    ...counts,
    benign,
    failures,
    topStatuses,
    managers: managerTable(classes, pass),
    failuresOverTime: timeSeries(pass.hourFailures),
    heatmap: heatmapOf(pass.hourFailures),
  };
}

function managerTable(classes: readonly StatusClass[], pass: Pass): ManagerStats[] {
  const counts = pass.managerCounts;
  if (!counts) return [];
  const width = classes.length;
  const rows: ManagerStats[] = [];
  pass.managerValues.forEach((value, code) => {
    let calls = 0;
    let answered = 0;
    let failed = 0;
    const failuresBySide = Object.fromEntries(FAILURE_SIDES.map((side) => [side, 0])) as Record<FailureSide, number>;
    for (let c = 0; c < width; c++) {
      const n = counts[code * width + c]!;
      if (n === 0) continue;
      const cls = classes[c]!;
      calls += n;
      if (cls.side === 'success') answered += n;
      if (isFailure(cls)) {
        failed += n;
        failuresBySide[cls.side as FailureSide] += n;
      }
    }
    if (calls > 0) rows.push({ manager: value ?? '', calls, answered, failuresBySide, failureRate: failed / calls });
  });
  return rows.sort((a, b) => b.calls - a.calls || a.manager.localeCompare(b.manager));
}

function timeSeries(hours: Map<string, Float64Array>): CallSummary['failuresOverTime'] {
  const keys = [...hours.keys()].filter(isHourKey).sort();
  if (keys.length === 0) return { bucket: 'hour', buckets: [] };
  const spanHours = (hourMs(keys.at(-1)!) - hourMs(keys[0]!)) / 3_600_000;
  const bucket = spanHours <= HOURLY_UP_TO_HOURS ? 'hour' : 'day';
  const merged = new Map<string, Float64Array>();
  for (const key of keys) {
    const start = bucket === 'hour' ? `${key}:00:00` : `${key.slice(0, 10)}T00:00:00`;
    let sums = merged.get(start);
    if (!sums) merged.set(start, (sums = new Float64Array(FAILURE_SIDES.length)));
    hours.get(key)!.forEach((n, i) => {
      sums[i]! += n;
    });
  }
  // Every bucket of the range is listed, empty ones too, so a chart's axis is even.
  const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const first = hourMs(bucket === 'hour' ? keys[0]! : `${keys[0]!.slice(0, 10)}T00`);
  const last = hourMs(bucket === 'hour' ? keys.at(-1)! : `${keys.at(-1)!.slice(0, 10)}T00`);
  const buckets: TimeBucket[] = [];
  for (let at = first; at <= last; at += step) {
    const start = `${new Date(at).toISOString().slice(0, 13)}:00:00`;
    const sums = merged.get(start);
    buckets.push({ start, failures: Object.fromEntries(FAILURE_SIDES.map((side, i) => [side, sums?.[i] ?? 0])) as Record<FailureSide, number> });
  }
  return { bucket, buckets };
}

function heatmapOf(hours: Map<string, Float64Array>): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const [key, sums] of hours) {
    if (!isHourKey(key)) continue;
    const date = new Date(hourMs(key));
    const weekday = (date.getUTCDay() + 6) % 7; // Monday first
    grid[weekday]![date.getUTCHours()]! += sums.reduce((a, b) => a + b, 0);
  }
  return grid;
}

/** `_time` is local time as written; it is read as UTC here only to step through the calendar. */
const hourMs = (key: string): number => Date.parse(`${key}:00:00Z`);
const isHourKey = (key: string): boolean => /^\d{4}-\d{2}-\d{2}T\d{2}$/.test(key);
