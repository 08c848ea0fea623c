/**
 * Time ranges in the form the engine reads (`YYYY-MM-DDTHH:MM[:SS]`, local time as written in the
 * file, `to` exclusive) and the form a `datetime-local` input holds (`YYYY-MM-DDTHH:MM`).
 */

export const QUICK_RANGES = ['today', 'yesterday', 'last7', 'thisMonth', 'all'] as const;
export type QuickRange = (typeof QUICK_RANGES)[number];

const two = (n: number): string => String(n).padStart(2, '0');

/** Midnight of a local date as `YYYY-MM-DDT00:00`. */
const day = (date: Date): string => `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T00:00`;

/**
 * What the quick ranges count from: `date` is "today" for them. An analyst who opens last month's
 * export and picks "Today" or "Last 7 days" means the end of that log, not the calendar's today, on
 * which it has no call at all: an empty grid answers nothing and looks like a fault. So when the file
 * ends before today (its last call is on an earlier day by the machine's clock), the ranges count back
 * from the day of its last call, and the screen says so and names the days in the labels. A file that
 * reaches today (an export made this morning, a live log) keeps the machine's clock, which is then the
 * same day. A file without times has nothing to anchor to: the clock.
 */
export function quickAnchor(lastCall: string | null, now: Date = new Date()): { date: Date; ofFile: boolean } {
  const match = lastCall ? /^(\d{4})-(\d{2})-(\d{2})/.exec(lastCall) : null;
  if (!match || `${match[1]}-${match[2]}-${match[3]}T00:00` >= day(now)) return { date: now, ofFile: false };
  return { date: new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])), ofFile: true };
}

/** A quick range relative to `now` (the machine's clock, or the file's last day: quickAnchor; the calls' times are local times too). */
export function quickRange(range: QuickRange, now: Date = new Date()): { from?: string; to?: string } {
  const y = now.getFullYear();
  const m = now.getMonth();
  const d = now.getDate();
  switch (range) {
    case 'today':
      return { from: day(new Date(y, m, d)), to: day(new Date(y, m, d + 1)) };
    case 'yesterday':
      return { from: day(new Date(y, m, d - 1)), to: day(new Date(y, m, d)) };
    case 'last7':
      return { from: day(new Date(y, m, d - 6)), to: day(new Date(y, m, d + 1)) };
    case 'thisMonth':
      return { from: day(new Date(y, m, 1)), to: day(new Date(y, m + 1, 1)) };
    case 'all':
      return {};
  }
}

/** A filter time as a `datetime-local` value (seconds dropped: the input shows minutes). */
export const toInputValue = (time: string | undefined): string => (time ? time.slice(0, 16) : '');

/** A `datetime-local` value as a filter time; empty means open. */
export const fromInputValue = (value: string): string | undefined => (value === '' ? undefined : value);

/** `2026-03-01T08:30:00` → `2026-03-01 08:30` for tokens and headings. */
export const shortTime = (time: string): string => time.replace('T', ' ').slice(0, 16);

/** The hour or day bucket of the summary's chart as a time range (a bar's click narrows the grid to it). */
export function bucketRange(start: string, bucket: 'hour' | 'day'): { from: string; to: string } {
  const [datePart = '', timePart = '00:00:00'] = start.split('T');
  const [y = 1970, mo = 1, d = 1] = datePart.split('-').map(Number);
  const h = Number(timePart.slice(0, 2));
  const begin = new Date(y, mo - 1, d, bucket === 'hour' ? h : 0);
  const end = bucket === 'hour' ? new Date(y, mo - 1, d, h + 1) : new Date(y, mo - 1, d + 1);
  const fmt = (date: Date) => `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:00`;
  return { from: fmt(begin), to: fmt(end) };
}
