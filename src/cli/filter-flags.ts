import { QUERY_LIMITS, type CallFilter, type CallSort, type ColumnCondition } from '../shared/query.ts';
import { ORIGINS } from '../shared/query-schema.ts';
import { REASONS, SIDES } from '../shared/status/types.ts';

/**
 * The filter grammar of the command line (issue #8, item 5), shared by `query`, `summary` and the
 * export that follows: flags → one CallFilter and CallSort, the same model the grid sends. Only the
 * shape of each flag is checked here; what the dataset must agree with (columns, ranges, times) is
 * checked by the engine, which says it in one sentence.
 */
export const FILTER_OPTIONS = {
  side: { type: 'string', multiple: true },
  reason: { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  origin: { type: 'string', multiple: true },
  'hide-benign': { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  weekday: { type: 'string', multiple: true },
  hour: { type: 'string', multiple: true },
  phone: { type: 'string' },
  manager: { type: 'string', multiple: true },
  site: { type: 'string', multiple: true },
  where: { type: 'string', multiple: true },
} as const;

export const FILTER_USAGE =
  '[--side client,carrier] [--reason busy,no-answer] [--status 200/487,487/0] [--origin inferred] [--hide-benign] ' +
  '[--from ISO] [--to ISO] [--weekday mon,sat] [--hour 9,12-14] ' +
  "[--phone TEXT] [--manager NAME] [--site NAME] [--where 'COLUMN~TEXT'|'COLUMN=TEXT'|'COLUMN>=N'|'COLUMN<=N']";

export interface FilterFlagValues {
  side?: string[];
  reason?: string[];
  status?: string[];
  origin?: string[];
  'hide-benign'?: boolean;
  from?: string;
  to?: string;
  weekday?: string[];
  hour?: string[];
  phone?: string;
  manager?: string[];
  site?: string[];
  where?: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** `--side a,b --side c` → [a, b, c]. */
const listOf = (values: string[] | undefined): string[] | undefined =>
  values
    ?.flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');

function oneOf<T extends string>(flag: string, values: string[] | undefined, allowed: readonly T[]): Parsed<T[] | undefined> {
  const list = listOf(values);
  const wrong = list?.find((value) => !(allowed as readonly string[]).includes(value));
  if (wrong !== undefined) return { ok: false, problem: `--${flag} "${wrong}" is not one of ${allowed.join(', ')}` };
  return { ok: true, value: list as T[] | undefined };
}

export function filterFromFlags(values: FilterFlagValues): Parsed<CallFilter> {
  const sides = oneOf('side', values.side, SIDES);
  if (!sides.ok) return sides;
  const reasons = oneOf('reason', values.reason, REASONS);
  if (!reasons.ok) return reasons;
  const origins = oneOf('origin', values.origin, ORIGINS);
  if (!origins.ok) return origins;
  const weekdays = weekdaysOf(values.weekday);
  if (!weekdays.ok) return weekdays;
  const hours = hoursOf(values.hour);
  if (!hours.ok) return hours;
  const where: ColumnCondition[] = [];
  for (const text of values.where ?? []) {
    const condition = conditionOf(text);
    if (!condition.ok) return condition;
    where.push(condition.value);
  }
  const filter: CallFilter = {
    ...(sides.value ? { sides: sides.value } : {}),
    ...(reasons.value ? { reasons: reasons.value } : {}),
    ...(listOf(values.status) ? { statuses: listOf(values.status)! } : {}),
    ...(origins.value ? { origins: origins.value } : {}),
    ...(values['hide-benign'] ? { hideBenign: true } : {}),
    ...(values.from !== undefined ? { from: values.from } : {}),
    ...(values.to !== undefined ? { to: values.to } : {}),
    ...(weekdays.value ? { weekdays: weekdays.value } : {}),
    ...(hours.value ? { hours: hours.value } : {}),
    ...(values.phone !== undefined ? { phone: values.phone } : {}),
    // Manager and site names may hold commas, so these flags repeat instead of splitting.
    ...(values.manager ? { managers: values.manager } : {}),
    ...(values.site ? { sites: values.site } : {}),
    ...(where.length > 0 ? { where } : {}),
  };
  return { ok: true, value: filter };
}

/** Weekday names as the flag takes them; their index is CallFilter's weekday (0 = Monday, as in the summary's heatmap). */
export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const WEEKDAY_FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/**
 * `--weekday mon,sat` → [0, 5]. Names, not numbers: 0 = Monday is the filter's convention, but a
 * number on the command line is ambiguous (ISO counts Monday as 1, cron and SQLite Sunday as 0).
 * Full English names (`monday`) are accepted too.
 */
function weekdaysOf(values: string[] | undefined): Parsed<number[] | undefined> {
  const list = listOf(values);
  if (!list) return { ok: true, value: undefined };
  const out: number[] = [];
  for (const value of list) {
    const name = value.toLowerCase();
    const index = WEEKDAY_NAMES.findIndex((day, i) => name === day || name === WEEKDAY_FULL_NAMES[i]);
    if (index < 0) return { ok: false, problem: `--weekday "${value}" is not one of ${WEEKDAY_NAMES.join(', ')}` };
    if (!out.includes(index)) out.push(index);
  }
  return { ok: true, value: out };
}

/** `--hour 9,12-14` → [9, 12, 13, 14]: hours of the day 0…23 of the call time, a range with both ends inclusive. */
function hoursOf(values: string[] | undefined): Parsed<number[] | undefined> {
  const list = listOf(values);
  if (!list) return { ok: true, value: undefined };
  const out: number[] = [];
  for (const value of list) {
    const match = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(value);
    const first = Number(match?.[1]);
    const last = match?.[2] === undefined ? first : Number(match[2]);
    if (!match || first > 23 || last > 23 || first > last) {
      return { ok: false, problem: `--hour "${value}" is not an hour 0-23 or a range like 9-17` };
    }
    for (let hour = first; hour <= last; hour++) if (!out.includes(hour)) out.push(hour);
  }
  return { ok: true, value: out };
}

/** `COLUMN~TEXT` contains, `COLUMN=TEXT` equals (`COLUMN=` is empty), `COLUMN>=N` / `COLUMN<=N` a range end. */
export function conditionOf(text: string): Parsed<ColumnCondition> {
  const match = /^(.+?)(~|>=|<=|=)(.*)$/s.exec(text);
  if (!match || match[1]!.trim() === '') return { ok: false, problem: `--where "${text}" is not COLUMN~TEXT, COLUMN=TEXT, COLUMN>=N or COLUMN<=N` };
  const [, column, op, value] = match as unknown as [string, string, string, string];
  if (op === '~') return { ok: true, value: { column, op: 'contains', value } };
  if (op === '=') return { ok: true, value: value === '' ? { column, op: 'empty' } : { column, op: 'equals', value } };
  const number = Number(value.trim().replace(',', '.'));
  if (value.trim() === '' || !Number.isFinite(number)) return { ok: false, problem: `--where "${text}": "${value}" is not a number` };
  return { ok: true, value: { column, op: 'range', ...(op === '>=' ? { min: number } : { max: number }) } };
}

export function sortFromFlag(text: string | undefined): Parsed<CallSort> {
  if (text === undefined) return { ok: true, value: { column: '_line', direction: 'asc' } };
  const match = /^(.*?)(?::(asc|desc))?$/s.exec(text);
  const column = match?.[1] ?? '';
  if (column === '') return { ok: false, problem: `--sort "${text}" is not COLUMN or COLUMN:desc` };
  return { ok: true, value: { column, direction: match?.[2] === 'desc' ? 'desc' : 'asc' } };
}

export function countFromFlag(flag: string, text: string | undefined, fallback: number, min: number, max: number): Parsed<number> {
  if (text === undefined) return { ok: true, value: fallback };
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) return { ok: false, problem: `--${flag} must be a whole number from ${min} to ${max}` };
  return { ok: true, value };
}

export const MAX_CLI_LIMIT = QUERY_LIMITS.maxPage;
