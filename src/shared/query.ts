import type { Reason, Side, StatusOrigin } from './status/types.ts';

/**
 * The one query model (issue #8): the grid, its counts and summary, the CLI and the export all
 * describe "which calls" with a CallFilter and "in what order" with a CallSort, and the engine
 * compiles both to one SQL with bound parameters (src/core/query). The zod schema is beside it
 * (query-schema.ts).
 *
 * Fields combine with AND; the values inside one field combine with OR. An absent or empty field
 * does not filter.
 */
export interface CallFilter {
  readonly sides?: readonly Side[];
  readonly reasons?: readonly Reason[];
  /** Canonical status codes, `200/487`. */
  readonly statuses?: readonly string[];
  readonly origins?: readonly StatusOrigin[];
  /** Hides calls whose outcome is expected (200/201, 701/0, …): an analyst's "real failures only". */
  readonly hideBenign?: boolean;
  /** Call time from (inclusive), local time as written in the file: `YYYY-MM-DD[THH:MM[:SS]]`. */
  readonly from?: string;
  /** Call time to (exclusive), same form. */
  readonly to?: string;
  /** Weekdays of the call time, 0 = Monday … 6 = Sunday (the rows of the summary's heatmap). */
  readonly weekdays?: readonly number[];
  /** Hours of the day of the call time, 0…23 (the heatmap's columns). */
  readonly hours?: readonly number[];
  /** Client phone as the user typed it (`+7 916 123-45`, `8916123`, `916123`): any fragment of its digits. */
  readonly phone?: string;
  /** Exact values of the file's manager column. */
  readonly managers?: readonly string[];
  /** Exact values of the file's site column. */
  readonly sites?: readonly string[];
  /** Per-column conditions (original or tag columns, by name). */
  readonly where?: readonly ColumnCondition[];
}

/** A condition on one column; the column must exist in the dataset and have the condition's kind. */
export type ColumnCondition =
  | { readonly column: string; readonly op: 'contains'; readonly value: string }
  | { readonly column: string; readonly op: 'equals'; readonly value: string }
  | { readonly column: string; readonly op: 'empty' }
  /** Number and duration ranges, both ends inclusive, either open. */
  | { readonly column: string; readonly op: 'range'; readonly min?: number; readonly max?: number };

export const CONDITION_OPS = ['contains', 'equals', 'empty', 'range'] as const;

export interface CallSort {
  /** Any column of the dataset; `_line` is file order. */
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

/** File order: the order the calls were in the file. */
export const FILE_ORDER: CallSort = { column: '_line', direction: 'asc' };

/** Limits that keep one request cheap to validate and to answer. */
export const QUERY_LIMITS = {
  /** Values in one field of a filter (sides, statuses, managers, …). */
  maxValues: 200,
  maxConditions: 32,
  maxText: 200,
  maxPage: 1000,
  maxDistinct: 1000,
} as const;

/** What a column holds, which decides the conditions it accepts and how it sorts. */
export type ColumnKind = 'text' | 'number' | 'time';

export interface DatasetColumn {
  /** The name in the dataset (original columns as in the file's header; tag columns start with `_`). */
  readonly name: string;
  readonly kind: ColumnKind;
  /** True for columns the import added (`_status`, `_side`, …). */
  readonly tag: boolean;
  /** The role the import gave an original column (status, manager, site, duration, …), if any. */
  readonly role: string | null;
}

export type CellValue = string | number | null;

export interface CallColumns {
  readonly columns: readonly DatasetColumn[];
  readonly total: number;
}

export interface CallRow {
  /** Stable id of the call in its dataset (for `calls/row`). */
  readonly id: number;
  /** One value per column of CallColumns.columns, in that order. */
  readonly values: readonly CellValue[];
}

export interface PageRequest {
  readonly filter: CallFilter;
  readonly sort: CallSort;
  readonly offset: number;
  readonly limit: number;
}

export interface CallPage {
  /** Calls matching the filter. */
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly CallRow[];
}

export interface CallCounts {
  readonly total: number;
  readonly bySide: Readonly<Record<Side, number>>;
  readonly byReason: Readonly<Partial<Record<Reason, number>>>;
}

export interface StatusCount {
  /** Canonical code, or null for calls whose status could not be read. */
  readonly code: string | null;
  readonly side: Side;
  readonly reason: Reason;
  readonly count: number;
}

/** One row of the per-manager table. A failure is a call that did not succeed, is not pending and is not benign. */
export interface ManagerStats {
  readonly manager: string;
  readonly calls: number;
  readonly answered: number;
  readonly failuresBySide: Readonly<Record<FailureSide, number>>;
  /** failures / calls, 0…1. */
  readonly failureRate: number;
}

/** The sides a failure can be on. */
export const FAILURE_SIDES = ['manager', 'client', 'carrier', 'service', 'unknown'] as const;
export type FailureSide = (typeof FAILURE_SIDES)[number];

export interface TimeBucket {
  /** Start of the bucket, `YYYY-MM-DDTHH:00:00` or `YYYY-MM-DDT00:00:00`. */
  readonly start: string;
  readonly failures: Readonly<Record<FailureSide, number>>;
}

export interface CallSummary extends CallCounts {
  readonly benign: number;
  readonly failures: number;
  /** Most frequent statuses first. */
  readonly topStatuses: readonly StatusCount[];
  /** Most calls first; empty when the file has no manager column. */
  readonly managers: readonly ManagerStats[];
  /** Failures by side over time: hour buckets for ranges up to three days, day buckets beyond. */
  readonly failuresOverTime: { readonly bucket: 'hour' | 'day'; readonly buckets: readonly TimeBucket[] };
  /** Failures by weekday (0 = Monday … 6 = Sunday) × hour of day (0…23): `heatmap[weekday][hour]`. */
  readonly heatmap: readonly (readonly number[])[];
}

export interface DistinctRequest {
  readonly column: string;
  readonly filter: CallFilter;
  readonly limit: number;
}

export interface DistinctValues {
  /** Most frequent first. */
  readonly values: readonly { readonly value: CellValue; readonly count: number }[];
  /** True when the column has more distinct values than were returned. */
  readonly more: boolean;
}

/** A whole call, keyed by column name. */
export interface CallDetail {
  readonly id: number;
  readonly fields: Readonly<Record<string, CellValue>>;
}
