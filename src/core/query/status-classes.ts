import type { Reason, Side, StatusOrigin } from '../../shared/status/types.ts';
import type { AuxStore } from './aux-store.ts';
import type { OpenedDataset } from './open-dataset.ts';

/**
 * Each call's status class: one small number per rowid standing for its status and facets. A file
 * holds a few dozen distinct statuses, so side, reason, status, origin and benign filters become a
 * lookup in a table of classes, and counts by side or reason one pass over an array, instead of
 * SQL that reads the rows.
 *
 * Derived from the `_status` index; the facets are a function of the status (the classifier derives
 * them from the canonical code alone, src/shared/status/classify.ts), so one row per status gives them.
 */
export interface StatusClass {
  readonly code: string | null;
  readonly side: Side;
  readonly reason: Reason;
  readonly benign: boolean;
  readonly origin: StatusOrigin;
}

export interface StatusClasses {
  /** Indexed by rowid (slot 0 unused). */
  readonly classOf: Uint16Array | Int32Array;
  readonly classes: readonly StatusClass[];
}

/** Their names in the dataset's helper tables (the import stores them under these names too): 2 or 4 bytes a row. */
export const STATUS_CLASSES_AUX = 'status-classes';
export const STATUS_CLASSES_WIDE_AUX = 'status-classes-32';

export function loadStatusClasses(dataset: OpenedDataset, store: AuxStore, maxRowid: number): StatusClasses {
  const wide = store.read(STATUS_CLASSES_WIDE_AUX, (length) => new Int32Array(length));
  const stored = wide ?? store.read(STATUS_CLASSES_AUX, (length) => new Uint16Array(length));
  if (stored && stored.array.length === maxRowid + 1) return { classOf: stored.array, classes: stored.info as StatusClass[] };
  const built = buildStatusClasses(dataset, maxRowid);
  store.write(built.classOf instanceof Int32Array ? STATUS_CLASSES_WIDE_AUX : STATUS_CLASSES_AUX, built.classOf, built.classes);
  return built;
}

/** Each call's class in time order (position i: the class of time order's i-th rowid), under these names. */
export const CLASSES_BY_TIME_AUX = 'status-classes-by-time';
export const CLASSES_BY_TIME_WIDE_AUX = 'status-classes-by-time-32';

/**
 * The classes of the calls in time order: with them a facet filter sorted by time, and the counts and
 * summary of a time range, read two arrays from start to end instead of one class per rowid all over
 * memory (several times faster at 10M calls). The import stores them (with the same class list as the
 * classes by rowid); otherwise derived from `classes` and `timeOrder` once and kept in the file.
 */
export function loadClassesByTime(
  store: AuxStore,
  timeOrder: Int32Array,
  classList: readonly StatusClass[],
  classOf: () => Uint16Array | Int32Array,
): Uint16Array | Int32Array {
  // Usable only with the very class list the classes by rowid use (the ids must mean the same classes).
  const list = JSON.stringify(classList);
  const narrow = store.read(CLASSES_BY_TIME_AUX, (length) => new Uint16Array(length));
  if (narrow && narrow.array.length === timeOrder.length && JSON.stringify(narrow.info) === list) return narrow.array;
  const wide = store.read(CLASSES_BY_TIME_WIDE_AUX, (length) => new Int32Array(length));
  if (wide && wide.array.length === timeOrder.length && JSON.stringify(wide.info) === list) return wide.array;
  const byRowid = classOf();
  const byTime = byRowid instanceof Int32Array ? new Int32Array(timeOrder.length) : new Uint16Array(timeOrder.length);
  for (let i = 0; i < timeOrder.length; i++) byTime[i] = byRowid[timeOrder[i]!]!;
  store.write(byTime instanceof Int32Array ? CLASSES_BY_TIME_WIDE_AUX : CLASSES_BY_TIME_AUX, byTime, classList);
  return byTime;
}

/** The class list stored with the classes by rowid, without reading their array (null: none stored for this file). */
export function storedClassList(store: AuxStore, maxRowid: number): StatusClass[] | null {
  for (const name of [STATUS_CLASSES_WIDE_AUX, STATUS_CLASSES_AUX]) {
    const head = store.info(name);
    if (head) return head.length === maxRowid + 1 ? (head.info as StatusClass[]) : null;
  }
  return null;
}

/** The engine's own derivation (from the `_status` index), whatever is stored: for tests of what the import stores. */
export function deriveStatusClasses(dataset: OpenedDataset, maxRowid: number): StatusClasses {
  return buildStatusClasses(dataset, maxRowid);
}

function buildStatusClasses(dataset: OpenedDataset, maxRowid: number): StatusClasses {
  const db = dataset.db;
  const facetsOf = db.prepare('SELECT "_side", "_reason", "_benign", "_origin" FROM calls WHERE "_status" IS ? LIMIT 1').raw();
  const rowidsOf = db.prepare('SELECT rowid FROM calls WHERE "_status" IS ?').pluck();
  // Both read the `_status` index only; all() per status, because it is several times faster per row than iterate().
  const codes = db.prepare('SELECT DISTINCT "_status" FROM calls').pluck().all() as (string | null)[];
  const classOf = codes.length <= 0xffff ? new Uint16Array(maxRowid + 1) : new Int32Array(maxRowid + 1);
  const classes = codes.map((code, id): StatusClass => {
    for (const rowid of rowidsOf.all(code) as number[]) classOf[rowid] = id;
    const [side, reason, benign, origin] = facetsOf.get(code) as [Side, Reason, number, StatusOrigin];
    return { code, side, reason, benign: benign === 1, origin };
  });
  return { classOf, classes };
}

/** A table over classes saying which pass a filter's facet conditions; null when the filter has none. */
export function classMask(
  classes: readonly StatusClass[],
  facets: {
    sides: readonly Side[] | null;
    reasons: readonly Reason[] | null;
    statuses: readonly string[] | null;
    origins: readonly StatusOrigin[] | null;
    hideBenign: boolean;
  },
): Uint8Array | null {
  const { sides, reasons, statuses, origins, hideBenign } = facets;
  if (sides === null && reasons === null && statuses === null && origins === null && !hideBenign) return null;
  return Uint8Array.from(classes, (c) =>
    Number(
      (sides === null || sides.includes(c.side)) &&
        (reasons === null || reasons.includes(c.reason)) &&
        (statuses === null || (c.code !== null && statuses.includes(c.code))) &&
        (origins === null || origins.includes(c.origin)) &&
        (!hideBenign || !c.benign),
    ),
  );
}
