/**
 * Fast paths of the tag parsers (values.ts) for cells given as UTF-8 bytes, so that a million-row
 * import does not make a string of every date, phone, duration and cost. Each handles the shapes that
 * fill real exports and gives exactly what its string twin gives; anything else reports "not handled"
 * and the caller falls back to the string parser (test/unit/import/byte-values.test.ts holds them equal).
 */

import type { KeyPairs } from '../write/sort-keys.ts';
import { MAX_PHONE_DIGITS, validDate } from './values.ts';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function digitsAt(bytes: Uint8Array, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Not handled here: the caller must use the string parser. */
export const NOT_HANDLED = -2;

/**
 * The `_time` sort key (sort-keys.ts timeKey) of `dd.mm.yyyy HH:MM[:SS]` or `yyyy-mm-ddTHH:MM:SS`
 * (also with a space for the T), as parseDateTime reads them. Returns 1 when written to out[at…],
 * 0 when the cell is such a date but invalid (parseDateTime gives null), NOT_HANDLED otherwise.
 */
export function timeKeyOfBytes(bytes: Uint8Array, start: number, end: number, out: KeyPairs, at: number): number {
  const length = end - start;
  let y: number, m: number, d: number, h: number, mi: number, s: number;
  if ((length === 19 || length === 16) && bytes[start + 2] === 46 && bytes[start + 5] === 46 && bytes[start + 10] === 32 && bytes[start + 13] === 58) {
    d = digitsAt(bytes, start, 2);
    m = digitsAt(bytes, start + 3, 2);
    y = digitsAt(bytes, start + 6, 4);
    h = digitsAt(bytes, start + 11, 2);
    mi = digitsAt(bytes, start + 14, 2);
    s = length === 16 ? 0 : bytes[start + 16] === 58 ? digitsAt(bytes, start + 17, 2) : -1;
  } else if (
    length === 19 &&
    bytes[start + 4] === 45 &&
    bytes[start + 7] === 45 &&
    (bytes[start + 10] === 84 || bytes[start + 10] === 32) &&
    bytes[start + 13] === 58 &&
    bytes[start + 16] === 58
  ) {
    y = digitsAt(bytes, start, 4);
    m = digitsAt(bytes, start + 5, 2);
    d = digitsAt(bytes, start + 8, 2);
    h = digitsAt(bytes, start + 11, 2);
    mi = digitsAt(bytes, start + 14, 2);
    s = digitsAt(bytes, start + 17, 2);
  } else {
    return NOT_HANDLED;
  }
  if (d < 0 || m < 0 || y < 0 || h < 0 || mi < 0 || s < 0) return NOT_HANDLED;
  // parseDateTime's ranges (validDate, validTime).
  if (!validDate(y, m, d) || h > 23 || mi > 59 || s > 59) return 0;
  out[at] = ((y - 1900) * 10000 + m * 100 + d) * 24 + h;
  out[at + 1] = (mi * 60 + s) * 32768;
  return 1;
}

/**
 * normalisePhone on bytes: writes the digits to `out` and returns their count, -1 for "not a phone
 * number" (null), or NOT_HANDLED when the cell starts with non-ASCII (where trimStart's idea of
 * whitespace matters). `out` must hold end - start + 1 bytes.
 */
export function phoneDigitsOfBytes(bytes: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let first = start;
  while (first < end && (bytes[first] === 32 || (bytes[first]! >= 9 && bytes[first]! <= 13))) first++;
  if (first < end && bytes[first]! >= 0x80) return NOT_HANDLED;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (isDigit(c)) out[n++] = c;
    else if (c === 59 || c === 44) break; // "a; b": the first number only
  }
  // Excel's float form "79161234567.0": drop the ".0".
  if (n === 12 && out[11] === 48 && end - start >= 2 && bytes[end - 2] === 46 && bytes[end - 1] === 48) n = 11;
  if (n < 5 || n > MAX_PHONE_DIGITS) return -1;
  if (n === 11 && (out[0] === 56 || out[0] === 55)) {
    out[0] = 55; // 8… or 7… → 7…
    return 11;
  }
  if (n === 10 && bytes[first] !== 43 /* + */) {
    out.copyWithin(1, 0, 10);
    out[0] = 55;
    return 11;
  }
  return n;
}

const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * A plain decimal `-?digits([.,]digits)?` — what parseDuration and parseCost read with Number() — or NaN
 * when the cell has any other shape (the caller then uses the string parser). Up to 15 digits, so the
 * integer and the power of ten are exact and their quotient rounds exactly as Number() rounds the text.
 */
export function plainDecimalOfBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i++;
  let value = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (isDigit(c)) {
      value = value * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if ((c === 44 || c === 46) && fraction < 0 && digits > 0) {
      fraction = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15 || fraction === 0) return NaN;
  const result = fraction > 0 ? value / POWERS_OF_TEN[fraction]! : value;
  return negative ? -result : result;
}
