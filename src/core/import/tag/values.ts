/**
 * Parsers for the typed tag columns (docs/dataset-format.md): `_time`, `_*_digits`, `_duration_s`, `_cost`.
 * They run once per row on a million-row import, so the common shapes are parsed by hand with char
 * codes; regular expressions only handle the rarer shapes. Every parser returns null instead of throwing.
 */

const ZERO = 48;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const fromCharCode = String.fromCharCode;

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));
const pad4 = (n: number): string => String(n).padStart(4, '0');

/** A day that exists: `30.02.2024`, `31.04.2024` and `29.02.2023` do not (Gregorian leap years). */
export function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
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
  // Fast paths by char codes for the shapes of nearly every row. Anything they do not accept whole goes
  // on to the regular expressions below, which define the results (the fast paths only agree with them).
  if (len === 19 || len === 16) {
    const fast = raw.charCodeAt(2) === 46 ? dottedDateTime(raw, len) : len === 19 ? isoDateTime(raw) : null;
    if (fast !== null) return fast;
  }
  let match = DOTTED.exec(raw);
  if (match) {
    const d = Number(match[1]),
      m = Number(match[2]);
    let y = Number(match[3]);
    if (match[3]!.length === 2) y += 2000;
    const h = Number(match[4] ?? 0),
      mi = Number(match[5] ?? 0),
      s = Number(match[6] ?? 0);
    if (!validDate(y, m, d) || !validTime(h, mi, s)) return null;
    return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  }
  match = ISO.exec(raw);
  if (match) {
    const y = Number(match[1]),
      m = Number(match[2]),
      d = Number(match[3]);
    const h = Number(match[4] ?? 0),
      mi = Number(match[5] ?? 0),
      s = Number(match[6] ?? 0);
    if (!validDate(y, m, d) || !validTime(h, mi, s)) return null;
    const zone = normaliseZone(match[7]);
    if (zone === null) return null;
    return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}${zone}`;
  }
  if (SERIAL.test(raw)) return excelSerialToIso(Number(raw.replace(',', '.')));
  return null;
}

/*
 * The two fast paths below read each character once (charCodeAt is most of their cost: a cell is
 * usually a slice of a large decoded chunk, read through an indirection), keep the digits' char codes
 * and build the result from them with one fromCharCode call, a single flat string: no padding, number
 * formatting or intermediate strings.
 */

/**
 * "dd.mm.yyyy HH:MM:SS" (19 chars) or "dd.mm.yyyy HH:MM" (16), the service's own format, when valid;
 * null otherwise. The caller has checked the first dot. Like the fast path this replaces, it does not
 * look at the character between date and time, so results do not change.
 */
function dottedDateTime(raw: string, len: number): string | null {
  if (raw.charCodeAt(5) !== 46 || raw.charCodeAt(13) !== 58) return null;
  const d1 = raw.charCodeAt(0),
    d2 = raw.charCodeAt(1),
    m1 = raw.charCodeAt(3),
    m2 = raw.charCodeAt(4);
  const y1 = raw.charCodeAt(6),
    y2 = raw.charCodeAt(7),
    y3 = raw.charCodeAt(8),
    y4 = raw.charCodeAt(9);
  const h1 = raw.charCodeAt(11),
    h2 = raw.charCodeAt(12),
    i1 = raw.charCodeAt(14),
    i2 = raw.charCodeAt(15);
  let s1 = ZERO,
    s2 = ZERO; // "HH:MM" means second 00
  if (len === 19) {
    if (raw.charCodeAt(16) !== 58) return null;
    s1 = raw.charCodeAt(17);
    s2 = raw.charCodeAt(18);
  }
  if (!allDigits(d1, d2, m1, m2, y1, y2, y3) || !allDigits(y4, h1, h2, i1, i2, s1, s2)) return null;
  if (!validDateTime(y1, y2, y3, y4, m1, m2, d1, d2, h1, h2, i1, i2, s1, s2)) return null;
  return fromCharCode(y1, y2, y3, y4, 45, m1, m2, 45, d1, d2, 84, h1, h2, 58, i1, i2, 58, s1, s2);
}

/**
 * "yyyy-mm-ddTHH:MM:SS" or "yyyy-mm-dd HH:MM:SS" exactly (19 chars: no zone, no fraction) when valid;
 * null otherwise.
 */
function isoDateTime(raw: string): string | null {
  const sep = raw.charCodeAt(10);
  if (raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || raw.charCodeAt(13) !== 58 || raw.charCodeAt(16) !== 58) return null;
  const y1 = raw.charCodeAt(0),
    y2 = raw.charCodeAt(1),
    y3 = raw.charCodeAt(2),
    y4 = raw.charCodeAt(3);
  const m1 = raw.charCodeAt(5),
    m2 = raw.charCodeAt(6),
    d1 = raw.charCodeAt(8),
    d2 = raw.charCodeAt(9);
  const h1 = raw.charCodeAt(11),
    h2 = raw.charCodeAt(12),
    i1 = raw.charCodeAt(14),
    i2 = raw.charCodeAt(15);
  const s1 = raw.charCodeAt(17),
    s2 = raw.charCodeAt(18);
  if (!allDigits(d1, d2, m1, m2, y1, y2, y3) || !allDigits(y4, h1, h2, i1, i2, s1, s2)) return null;
  if (!validDateTime(y1, y2, y3, y4, m1, m2, d1, d2, h1, h2, i1, i2, s1, s2)) return null;
  if (sep === 84) return raw; // already the output
  return fromCharCode(y1, y2, y3, y4, 45, m1, m2, 45, d1, d2, 84, h1, h2, 58, i1, i2, 58, s1, s2);
}

function allDigits(a: number, b: number, c: number, d: number, e: number, f: number, g: number): boolean {
  return isDigit(a) && isDigit(b) && isDigit(c) && isDigit(d) && isDigit(e) && isDigit(f) && isDigit(g);
}

/** validDate and validTime on the char codes of a date-time's digits. */
function validDateTime(
  y1: number,
  y2: number,
  y3: number,
  y4: number,
  m1: number,
  m2: number,
  d1: number,
  d2: number,
  h1: number,
  h2: number,
  i1: number,
  i2: number,
  s1: number,
  s2: number,
): boolean {
  const y = (y1 - ZERO) * 1000 + (y2 - ZERO) * 100 + (y3 - ZERO) * 10 + (y4 - ZERO);
  const m = (m1 - ZERO) * 10 + (m2 - ZERO),
    d = (d1 - ZERO) * 10 + (d2 - ZERO);
  const h = (h1 - ZERO) * 10 + (h2 - ZERO),
    mi = (i1 - ZERO) * 10 + (i2 - ZERO),
    s = (s1 - ZERO) * 10 + (s2 - ZERO);
  return validDate(y, m, d) && validTime(h, mi, s);
}

/** Real offsets run from -12:00 to +14:00; any offset beyond ±14:00 (or minutes past 59) is not one. */
const MAX_OFFSET_MINUTES = 14 * 60;

/** `Z`, `+03`, `+0300`, `+03:00` → `Z` / `+03:00`; '' for none; null for an offset that cannot be. */
function normaliseZone(zone: string | undefined): string | null {
  if (!zone) return '';
  if (zone === 'Z' || zone === 'z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  const hours = digits.slice(0, 2),
    minutes = digits.length >= 4 ? digits.slice(2, 4) : '00';
  if (Number(minutes) > 59 || Number(hours) * 60 + Number(minutes) > MAX_OFFSET_MINUTES) return null;
  return `${zone[0]}${hours}:${minutes}`;
}

const TIME_ONLY = /^\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*$/;
const FRACTION = /^\s*0?[.,]\d+\s*$/;

/** A time-of-day cell (`HH:MM[:SS]` or an Excel day fraction) → `HH:MM:SS`. */
export function parseTimeOfDay(raw: string): string | null {
  const match = TIME_ONLY.exec(raw);
  if (match) {
    const h = Number(match[1]),
      mi = Number(match[2]),
      s = Number(match[3] ?? 0);
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
 * Returns null when the cell holds fewer than 5 or more than MAX_PHONE_DIGITS digits: not a phone number.
 */
export function normalisePhone(raw: string): string | null {
  // Fast path for what nearly every cell holds: exactly 11 digits, the first 7 or 8, before any ";" or
  // "," ("+7 (912) 345-67-89", "8 912 345 67 89", "89123456789"), which the rules below turn into "7"
  // and the other ten. The digits' char codes are gathered in a reused array and the result is built by
  // one fromCharCode call, instead of a string grown one character at a time. The loop does not branch
  // on digit / not digit (every char is stored at the next free index, which only a digit then takes):
  // the separators' places vary from row to row, and mispredicted branches cost more than the stores.
  const len = raw.length;
  if (len < PHONE_CODES.length) {
    let count = 0;
    for (let i = 0; i < len; i++) {
      const c = raw.charCodeAt(i);
      if (c === 59 || c === 44) break; // "a; b": the first number only
      PHONE_CODES[count] = c;
      count += isDigit(c) ? 1 : 0;
    }
    const d = PHONE_CODES;
    if (count === 11 && (d[0] === 55 || d[0] === 56)) {
      if (len === 11 && d[0] === 55) return raw; // "79123456789": already normalised
      return fromCharCode(55, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!);
    }
  }
  return normalisePhoneGeneral(raw);
}

/**
 * The most digits a phone number has: 15 by E.164, one more for a short extension. A longer run of
 * digits is an id or a total, not a number to search by; the cell itself is kept as written.
 */
export const MAX_PHONE_DIGITS = 16;

/** Scratch for normalisePhone's fast path: one slot per char of the cells it reads. */
const PHONE_CODES: number[] = new Array<number>(32).fill(0);

/** normalisePhone for every shape (the rules; the fast path above gives the same result for its shapes). */
function normalisePhoneGeneral(raw: string): string | null {
  let digits = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (isDigit(c)) digits += raw[i];
    else if (c === 59 || c === 44) break; // "a; b": keep the first number only
  }
  // Excel turns long numbers into floats ("79161234567.0", "7,91612E+10" is hopeless): drop a ".0".
  if (raw.endsWith('.0') && digits.endsWith('0') && digits.length === 12) digits = digits.slice(0, -1);
  if (digits.length < 5 || digits.length > MAX_PHONE_DIGITS) return null;
  if (digits.length === 11 && (digits[0] === '8' || digits[0] === '7')) return '7' + digits.slice(1);
  if (digits.length === 10 && raw.trimStart()[0] !== '+') return '7' + digits;
  return digits;
}

const HMS = /^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?\s*$/;
const NUMBER = /^\s*-?\d+(?:[.,]\d+)?\s*$/;

/**
 * Exact powers of ten. A decimal with at most 15 significant digits is `integer / 10^k` with both
 * operands exact doubles, and IEEE division rounds correctly, so the quotient is the double nearest to
 * the decimal — the same double Number() parses from the text (the classic strtod fast path).
 */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** More digits than this could pass 2^53, where the integer accumulation would stop being exact. */
const MAX_FAST_DIGITS = 15;

/**
 * `-?\d+([.,]\d+)?` exactly (no spaces) with at most 15 digits → its value, as Number() would give it
 * with the comma read as a point; NaN for anything else, which the callers send down their general path.
 */
function plainDecimal(raw: string): number {
  const len = raw.length;
  let i = raw.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  const intStart = i;
  let n = 0;
  for (; i < len; i++) {
    const c = raw.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) break;
    n = n * 10 + c;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return NaN;
  let fractionDigits = 0;
  if (i < len) {
    const sep = raw.charCodeAt(i);
    if (sep !== 46 && sep !== 44) return NaN;
    for (i++; i < len; i++) {
      const c = raw.charCodeAt(i) - ZERO;
      if (c < 0 || c > 9) return NaN;
      n = n * 10 + c;
      fractionDigits++;
    }
    if (fractionDigits === 0) return NaN;
  }
  if (intDigits + fractionDigits > MAX_FAST_DIGITS) return NaN;
  const value = fractionDigits === 0 || n === 0 ? n : n / POW10[fractionDigits]!; // "0,00": no division
  return negative ? -value : value; // "-0" and "-0,00" give -0, as Number() does
}

/** Duration in seconds from `123`, `123,5`, `mm:ss`, `hh:mm:ss`. */
export function parseDuration(raw: string): number | null {
  if (raw.length === 0) return null;
  const fast = plainDecimal(raw);
  if (!Number.isNaN(fast)) return fast; // the common plain number, parsed by char codes
  if (NUMBER.test(raw)) return Number(raw.replace(',', '.'));
  const match = HMS.exec(raw);
  if (!match) return null;
  const h = Number(match[1] ?? 0),
    m = Number(match[2]),
    s = Number(match[3]);
  if (s > 59 || (match[1] !== undefined && m > 59)) return null;
  return h * 3600 + m * 60 + s;
}

const MONEY = /^-?\d+(?:\.\d+)?$/;

/** Cost with a decimal comma or point, spaces / NBSP as thousands separators, a currency sign tolerated. */
export function parseCost(raw: string): number | null {
  if (raw.length === 0) return null;
  // "18,24", "0,00", "0": cleaning would only turn the comma into a point, so parse by char codes.
  const fast = plainDecimal(raw);
  if (!Number.isNaN(fast)) return fast;
  if (MONEY.test(raw)) return Number(raw);
  const cleaned = raw.replace(/[\s\u00a0\u202f₽$€]|руб\.?|р\.|rub/gi, '').replace(',', '.');
  return MONEY.test(cleaned) ? Number(cleaned) : null;
}
