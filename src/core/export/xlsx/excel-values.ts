/**
 * Values as Excel stores them: a date-time is days since 1899-12-30 (the 1900 date system, with
 * Lotus's leap-year bug folded in by that epoch for every date after February 1900), the time of day
 * the fraction.
 */
const EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * `_time` (`YYYY-MM-DDTHH:MM:SS`, maybe with `Z` or an offset: local time as written) → Excel serial.
 * The offset is dropped: the sheet shows the time the file showed.
 */
export function excelDateTime(iso: string): number | null {
  if (iso.length < 19 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(10) !== 84) return null;
  const ms = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10), +iso.slice(11, 13), +iso.slice(14, 16), +iso.slice(17, 19));
  if (!Number.isFinite(ms)) return null;
  return Math.round(((ms - EPOCH_MS) / DAY_MS) * 1e10) / 1e10;
}

/** Seconds → a fraction of a day (a duration cell formatted `[h]:mm:ss`). */
export const excelDuration = (seconds: number): number => seconds / 86_400;
