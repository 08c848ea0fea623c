import { QUERY_LIMITS, type CallFilter, type CallSort } from '../../shared/query.ts';
import { CallsightError } from '../../shared/result.ts';
import type { Reason, Side, StatusOrigin } from '../../shared/status/types.ts';
import type { DatasetColumns, QueryColumn } from './dataset-columns.ts';
import { QUERY_MESSAGES } from './messages.ts';

/**
 * Checks a CallFilter against one dataset and brings it to one canonical form: times as
 * `YYYY-MM-DDTHH:MM:SS`, the phone as digits, columns resolved to the dataset's own. Everything a user
 * can get wrong is reported here, in one sentence in their language (QUERY_MESSAGES); what comes out
 * compiles to SQL without further checks. Two filters that mean the same thing prepare to the same
 * value, so `key` can cache results.
 */

export type PreparedCondition =
  | { readonly column: QueryColumn; readonly op: 'contains'; readonly value: string }
  | { readonly column: QueryColumn; readonly op: 'equals'; readonly value: string | number }
  | { readonly column: QueryColumn; readonly op: 'empty' }
  | { readonly column: QueryColumn; readonly op: 'range'; readonly min: number | null; readonly max: number | null };

export interface PhoneQuery {
  /** Digits that must occur somewhere in the stored digits. */
  readonly fragment: string;
  /** A Russian trunk-prefix form (`8916…` → stored `7916…`) that may also start the stored digits. */
  readonly prefix: string | null;
}

export interface PreparedFilter {
  readonly sides: readonly Side[] | null;
  readonly reasons: readonly Reason[] | null;
  readonly statuses: readonly string[] | null;
  readonly origins: readonly StatusOrigin[] | null;
  readonly hideBenign: boolean;
  readonly from: string | null;
  readonly to: string | null;
  /** 0 = Monday … 6 = Sunday, of `_time`. */
  readonly weekdays: readonly number[] | null;
  /** 0…23, of `_time`. */
  readonly hours: readonly number[] | null;
  readonly phone: PhoneQuery | null;
  readonly managers: { readonly column: QueryColumn; readonly values: readonly string[] } | null;
  readonly sites: { readonly column: QueryColumn; readonly values: readonly string[] } | null;
  readonly where: readonly PreparedCondition[];
  /** A canonical text of the whole filter (for caches). */
  readonly key: string;
}

export interface PreparedSort {
  readonly column: QueryColumn;
  readonly descending: boolean;
  readonly key: string;
}

export const MIN_PHONE_DIGITS = 3;

export function prepareFilter(filter: CallFilter, columns: DatasetColumns): PreparedFilter {
  const values = <T>(name: string, list: readonly T[] | undefined): readonly T[] | null => {
    if (!list || list.length === 0) return null;
    if (list.length > QUERY_LIMITS.maxValues) throw invalid(QUERY_MESSAGES.tooManyValues(name, QUERY_LIMITS.maxValues));
    for (const value of list) if (typeof value === 'string') checkText(value);
    return [...new Set(list)].sort();
  };
  const statuses = values(
    'statuses',
    filter.statuses?.map((status) => canonicalStatus(status)),
  );
  const from = filter.from === undefined || filter.from.trim() === '' ? null : canonicalTime(filter.from);
  const to = filter.to === undefined || filter.to.trim() === '' ? null : canonicalTime(filter.to);
  if (from !== null && to !== null && from >= to) throw invalid(QUERY_MESSAGES.timeUpsideDown);
  const where = filter.where ?? [];
  if (where.length > QUERY_LIMITS.maxConditions) throw invalid(QUERY_MESSAGES.tooManyValues('where', QUERY_LIMITS.maxConditions));
  const prepared = {
    sides: values('sides', filter.sides),
    reasons: values('reasons', filter.reasons),
    statuses,
    origins: values('origins', filter.origins),
    hideBenign: filter.hideBenign === true,
    from,
    to,
    weekdays: values('weekdays', filter.weekdays),
    hours: values('hours', filter.hours),
    phone: filter.phone === undefined || filter.phone.trim() === '' ? null : phoneQuery(filter.phone),
    managers: roleValues('manager', values('managers', filter.managers), columns),
    sites: roleValues('site', values('sites', filter.sites), columns),
    where: where.map((condition) => prepareCondition(condition, columns)),
  };
  return { ...prepared, key: filterKey(prepared) };
}

export function prepareSort(sort: CallSort, columns: DatasetColumns): PreparedSort {
  const column = resolveColumn(sort.column, columns);
  const descending = sort.direction === 'desc';
  return { column, descending, key: `${column.valueSql}:${descending ? 'desc' : 'asc'}` };
}

export function resolveColumn(name: string, columns: DatasetColumns): QueryColumn {
  const column = columns.get(name);
  if (!column) throw invalid(QUERY_MESSAGES.unknownColumn(name));
  return column;
}

/** Whether a prepared filter selects every call. */
export function isEmptyFilter(filter: PreparedFilter): boolean {
  return (
    filter.sides === null &&
    filter.reasons === null &&
    filter.statuses === null &&
    filter.origins === null &&
    !filter.hideBenign &&
    filter.from === null &&
    filter.to === null &&
    filter.weekdays === null &&
    filter.hours === null &&
    filter.phone === null &&
    filter.managers === null &&
    filter.sites === null &&
    filter.where.length === 0
  );
}

const invalid = (text: { en: string; ru: string }): CallsightError => new CallsightError('invalid-argument', text);

function checkText(value: string): void {
  if (value.length > QUERY_LIMITS.maxText) throw invalid(QUERY_MESSAGES.textTooLong(QUERY_LIMITS.maxText));
}

function canonicalStatus(raw: string): string {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(raw);
  if (!match) throw invalid(QUERY_MESSAGES.badStatus(raw));
  return `${Number(match[1])}/${Number(match[2])}`;
}

/** `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM:SS` → `YYYY-MM-DDTHH:MM:SS` (the form `_time` is stored in). */
export function canonicalTime(raw: string): string {
  const match = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(raw);
  if (!match) throw invalid(QUERY_MESSAGES.badTime(raw));
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const valid = date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
  if (!valid) throw invalid(QUERY_MESSAGES.badTime(raw));
  return `${y}-${mo}-${d}T${h}:${mi}:${s}`;
}

/**
 * The digits of what the user typed. Stored numbers are normalised to `7XXXXXXXXXX` for Russia, so a
 * fragment typed with the trunk prefix 8 (`8916123`) also matches as `7916123` at the start.
 */
export function phoneQuery(raw: string): PhoneQuery {
  checkText(raw);
  const digits = raw.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) throw invalid(QUERY_MESSAGES.phoneTooShort(MIN_PHONE_DIGITS));
  return { fragment: digits, prefix: digits.startsWith('8') && digits.length > 1 ? `7${digits.slice(1)}` : null };
}

function roleValues(role: 'manager' | 'site', list: readonly string[] | null, columns: DatasetColumns) {
  if (list === null) return null;
  const column = columns.withRole(role);
  if (!column) throw invalid(QUERY_MESSAGES.noRoleColumn(role));
  return { column, values: list };
}

function prepareCondition(condition: NonNullable<CallFilter['where']>[number], columns: DatasetColumns): PreparedCondition {
  const column = resolveColumn(condition.column, columns);
  switch (condition.op) {
    case 'contains':
      checkText(condition.value);
      if (column.kind === 'number') throw invalid(QUERY_MESSAGES.textOnNumber(column.name));
      return { column, op: 'contains', value: condition.value.toLowerCase() };
    case 'equals': {
      checkText(condition.value);
      if (column.kind !== 'number') return { column, op: 'equals', value: condition.value };
      const number = Number(condition.value.trim().replace(',', '.'));
      if (condition.value.trim() === '' || !Number.isFinite(number)) throw invalid(QUERY_MESSAGES.textOnNumber(column.name));
      return { column, op: 'equals', value: number };
    }
    case 'empty':
      return { column, op: 'empty' };
    case 'range': {
      if (column.valueKind !== 'number') throw invalid(QUERY_MESSAGES.rangeOnText(column.name));
      const min = condition.min ?? null;
      const max = condition.max ?? null;
      if (min === null && max === null) throw invalid(QUERY_MESSAGES.rangeWithoutEnds(column.name));
      if (min !== null && max !== null && min > max) throw invalid(QUERY_MESSAGES.rangeUpsideDown(column.name));
      return { column, op: 'range', min, max };
    }
  }
}

function filterKey(filter: Omit<PreparedFilter, 'key'>): string {
  return JSON.stringify({
    ...filter,
    managers: filter.managers?.values ?? null,
    sites: filter.sites?.values ?? null,
    where: filter.where.map((condition) => ({ ...condition, column: condition.column.name })),
  });
}
