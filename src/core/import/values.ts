/**
 * Parsers for the typed tag columns (docs/dataset-format.md): `_time`, `_*_digits`, `_duration_s`, `_cost`.
 * They run once per row on a million-row import, so the common shapes are parsed by hand with char
 * codes; regular expressions only handle the rarer shapes. Every parser returns null instead of throwing.
 */

const ZERO = 48;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function digitsAt(s: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

function validTime(h: number, mi: number, s: number): boolean {
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

/**
 * Excel counts from 1899-12-30 for serials ≥ 61; below that its fictitious 1900-02-29 shifts
 * dates by a day (serial 1 is 1900-01-01).
 */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** An Excel serial date-time (days since 1899-12-30, fraction = time of day) as ISO local time. */
export function excelSerialToIso(serial: number, withTime = true): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  // Round to the second: Excel stores times as binary fractions (0.5s errors are common).
  const days = serial < 61 ? serial + 1 : serial;
  const ms = Math.round((days * DAY_MS) / 1000) * 1000 + EXCEL_EPOCH_MS;
  const iso = new Date(ms).toISOString(); // the epoch is UTC, so this is the wall time as written
  return withTime ? iso.slice(0, 19) : iso.slice(0, 10);
}

const DOTTED = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*$/;
const ISO = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/i;
const SERIAL = /^\s*\d{5}(?:[.,]\d+)?\s*$/;

/**
 * One datetime cell → `YYYY-MM-DDTHH:MM:SS` (local, as written), with `Z`/offset kept when present.
 * Shapes: `dd.mm.yyyy HH:MM[:SS]` (also `/` and `-`), ISO 8601 with or without zone, Excel serials.
 * A date alone gives midnight.
 */
export function parseDateTime(raw: string): string | null {
  const len = raw.length;
  // Fast path: "dd.mm.yyyy HH:MM:SS" (19 chars) and "dd.mm.yyyy HH:MM" (16), the service's own format.
  if ((len === 19 || len === 16) && raw.charCodeAt(2) === 46 && raw.charCodeAt(5) === 46 && raw.charCodeAt(13) === 58) {
    const d = digitsAt(raw, 0, 2), m = digitsAt(raw, 3, 2), y = digitsAt(raw, 6, 4);
    const h = digitsAt(raw, 11, 2), mi = digitsAt(raw, 14, 2);
    const s = len === 19 && raw.charCodeAt(16) === 58 ? digitsAt(raw, 17, 2) : len === 16 ? 0 : -1;
    if (d >= 0 && m >= 0 && y >= 0 && h >= 0 && mi >= 0 && s >= 0 && validDate(y, m, d) && validTime(h, mi, s)) {
      return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
    }
  }
  let match = DOTTED.exec(raw);
  if (match) {
    const d = Number(match[1]), m = Number(match[2]);
    let y = Number(match[3]);
    if (match[3]!.length === 2) y += 2000;
    const h = Number(match[4] ?? 0), mi = Number(match[5] ?? 0), s = Number(match[6] ?? 0);
    if (!validDate(y, m, d) || !validTime(h, mi, s)) return null;
    return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  }
  match = ISO.exec(raw);
  if (match) {
    const y = Number(match[1]), m = Number(match[2]), d = Number(match[3]);
    const h = Number(match[4] ?? 0), mi = Number(match[5] ?? 0), s = Number(match[6] ?? 0);
    if (!validDate(y, m, d) || !validTime(h, mi, s)) return null;
    return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}${normaliseZone(match[7])}`;
  }
  if (SERIAL.test(raw)) return excelSerialToIso(Number(raw.replace(',', '.')));
  return null;
}

function normaliseZone(zone: string | undefined): string {
  if (!zone) return '';
  if (zone === 'Z' || zone === 'z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.length >= 4 ? digits.slice(2, 4) : '00'}`;
}

const TIME_ONLY = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*$/;
const FRACTION = /^\s*0?[.,]\d+\s*$/;

/** A time-of-day cell (`HH:MM[:SS]` or an Excel day fraction) → `HH:MM:SS`. */
export function parseTimeOfDay(raw: string): string | null {
  const match = TIME_ONLY.exec(raw);
  if (match) {
    const h = Number(match[1]), mi = Number(match[2]), s = Number(match[3] ?? 0);
    return validTime(h, mi, s) ? `${pad2(h)}:${pad2(mi)}:${pad2(s)}` : null;
  }
  if (FRACTION.test(raw)) {
    const total = Math.round(Number(raw.replace(',', '.')) * 86_400);
    if (total >= 86_400) return null;
    return `${pad2(Math.floor(total / 3600))}:${pad2(Math.floor(total / 60) % 60)}:${pad2(total % 60)}`;
  }
  return null;
}

/** Separate date and time columns → one `_time`. The date cell may itself carry a time (Excel). */
export function combineDateTime(dateRaw: string, timeRaw: string | undefined): string | null {
  const date = parseDateTime(dateRaw);
  if (!date) return null;
  if (timeRaw === undefined || timeRaw.trim() === '') return date;
  const time = parseTimeOfDay(timeRaw);
  return time ? `${date.slice(0, 10)}T${time}` : date;
}

/**
 * Phone digits, normalised so the same number written differently compares equal: Russian numbers
 * become `7XXXXXXXXXX` (+7, 8, bare 10 digits starting with 9/4/3/8); others keep their digits.
 * Returns null when the cell holds fewer than 5 digits (not a phone number).
 */
export function normalisePhone(raw: string): string | null {
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isDigit(c)) digits += raw[i];
    else if (c === 59 || c === 44) break; // "a; b": keep the first number only
  }
  // Excel turns long numbers into floats ("79161234567.0", "7,91612E+10" is hopeless): drop a ".0".
  if (raw.endsWith('.0') && digits.endsWith('0') && digits.length === 12) digits = digits.slice(0, -1);
  if (digits.length < 5) return null;
  if (digits.length === 11 && (digits[0] === '8' || digits[0] === '7')) return '7' + digits.slice(1);
  if (digits.length === 10 && raw.trimStart()[0] !== '+') return '7' + digits;
  return digits;
}

const HMS = /^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?\s*$/;
const NUMBER = /^\s*-?\d+(?:[.,]\d+)?\s*$/;

/** Duration in seconds from `123`, `123,5`, `mm:ss`, `hh:mm:ss`. */
export function parseDuration(raw: string): number | null {
  if (raw.length === 0) return null;
  if (NUMBER.test(raw)) return Number(raw.replace(',', '.'));
  const match = HMS.exec(raw);
  if (!match) return null;
  const h = Number(match[1] ?? 0), m = Number(match[2]), s = Number(match[3]);
  if (s > 59 || (match[1] !== undefined && m > 59)) return null;
  return h * 3600 + m * 60 + s;
}

const MONEY = /^-?\d+(?:\.\d+)?$/;

/** Cost with a decimal comma or point, spaces / NBSP as thousands separators, a currency sign tolerated. */
export function parseCost(raw: string): number | null {
  if (raw.length === 0) return null;
  if (MONEY.test(raw)) return Number(raw);
  const cleaned = raw.replace(/[\s\u00a0\u202f₽$€]|руб\.?|р\.|rub/gi, '').replace(',', '.');
  return MONEY.test(cleaned) ? Number(cleaned) : null;
}
