import fs from 'node:fs';

/**
 * Sort keys for the dataset's indexes on `_time` and `_client_digits`. SQLite orders an index on a TEXT
 * column by the UTF-8 bytes of the values, NULL first. Both columns hold a known alphabet, so each value
 * maps to a pair of 32-bit numbers (hi, lo) whose numeric order is exactly that byte order, and a
 * million rows sort with a few counting passes instead of a million string comparisons.
 */

/** `YYYY-MM-DDTHH:MM:SS` + '' | '+HH:MM' | '-HH:MM' | 'Z' (all parseDateTime produces); NULL → (0, 0). */
export function timeKey(iso: string | null, out: Uint32Array, at: number): void {
  if (iso === null) {
    out[at] = 0;
    out[at + 1] = 0;
    return;
  }
  const d = (i: number): number => iso.charCodeAt(i) - 48;
  // YYYYMMDDHHMMSS < 10^14 < 2^47: split at 2^17 so that (hi, lo) with a 15-bit zone rank fits 2 × 32 bits.
  const number = ((((d(0) * 10 + d(1)) * 10 + d(2)) * 10 + d(3)) * 10000 + (d(5) * 10 + d(6)) * 100 + d(8) * 10 + d(9)) * 1e6
    + (d(11) * 10 + d(12)) * 10000 + (d(14) * 10 + d(15)) * 100 + d(17) * 10 + d(18);
  out[at] = Math.floor(number / 131072);
  out[at + 1] = (number % 131072) * 32768 + zoneRank(iso);
}

/** Byte order of the zone suffixes: '' < '+…' < '-…' < 'Z', and by digits within a sign. */
function zoneRank(iso: string): number {
  if (iso.length === 19) return 0;
  const sign = iso.charCodeAt(19);
  if (sign === 90 /* Z */) return 20001;
  const hhmm = (iso.charCodeAt(20) - 48) * 1000 + (iso.charCodeAt(21) - 48) * 100 + (iso.charCodeAt(23) - 48) * 10 + (iso.charCodeAt(24) - 48);
  return (sign === 43 /* + */ ? 1 : 10001) + hhmm;
}

/** Positions of the 14 digits of `YYYY-MM-DDTHH:MM:SS`. */
const TIME_DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/** Writes the `_time` text of a key as ASCII into `out`; returns its length, or -1 for NULL. */
export function writeTimeOfKey(hi: number, lo: number, out: Uint8Array): number {
  if (hi === 0 && lo === 0) return -1;
  let number = hi * 131072 + Math.floor(lo / 32768);
  for (let k = 13; k >= 0; k--) {
    out[TIME_DIGIT_AT[k]!] = 48 + (number % 10);
    number = Math.floor(number / 10);
  }
  out[4] = 45; out[7] = 45; out[10] = 84; out[13] = 58; out[16] = 58; // - - T : :
  const rank = lo % 32768;
  if (rank === 0) return 19;
  if (rank === 20001) {
    out[19] = 90; // Z
    return 20;
  }
  const hhmm = (rank - 1) % 10000;
  out[19] = rank <= 10000 ? 43 : 45;
  out[20] = 48 + Math.floor(hhmm / 1000);
  out[21] = 48 + (Math.floor(hhmm / 100) % 10);
  out[22] = 58;
  out[23] = 48 + (Math.floor(hhmm / 10) % 10);
  out[24] = 48 + (hhmm % 10);
  return 25;
}

/** Digits kept exactly in a key; a longer value shares its key with its 18-digit prefix and is kept aside by the writer. */
export const KEY_DIGITS = 18;

/**
 * A digit string as two base-11 numbers of 9 positions each (digit + 1, 0 past the end), so a shorter
 * string sorts before its extensions, as bytes do. NULL → (0, 0); any value has a non-zero first position.
 */
export function digitsKey(digits: string | null, out: Uint32Array, at: number): void {
  if (digits === null) {
    out[at] = 0;
    out[at + 1] = 0;
    return;
  }
  let hi = 0, lo = 0;
  for (let i = 0; i < 9; i++) hi = hi * 11 + (i < digits.length ? digits.charCodeAt(i) - 47 : 0);
  for (let i = 9; i < KEY_DIGITS; i++) lo = lo * 11 + (i < digits.length ? digits.charCodeAt(i) - 47 : 0);
  out[at] = hi;
  out[at + 1] = lo;
}

/** Writes the digits of a key as ASCII into `out`; returns their count, or -1 for NULL. */
export function writeDigitsOfKey(hi: number, lo: number, out: Uint8Array): number {
  if (hi === 0 && lo === 0) return -1;
  let length = 0;
  for (const [word, from] of [[hi, 0], [lo, 9]] as const) {
    let v = word;
    for (let i = from + 8; i >= from; i--) {
      const d = v % 11;
      v = Math.floor(v / 11);
      if (d !== 0) {
        out[i] = 47 + d;
        if (i >= length) length = i + 1;
      }
    }
  }
  return length;
}


/**
 * Stable LSD radix sort of row numbers 0…n-1 by (hi, lo) pairs in `keys` (keys[2r], keys[2r+1]), in
 * 16-bit digits; passes in which every key has the same digit are skipped. Stable, so equal keys keep
 * row order — which is the rowid order an index needs for ties.
 */
export function sortRowsByKey(keys: Uint32Array, n: number): Uint32Array {
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (const [word, shift] of [[1, 0], [1, 16], [0, 0], [0, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[2 * i + word]! >>> shift) & 0xffff]!++;
    if (n === 0 || counts[(keys[word]! >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      spare[counts[(keys[2 * row + word]! >>> shift) & 0xffff]!++] = row;
    }
    [order, spare] = [spare, order];
  }
  return order;
}

/**
 * Key pairs appended row by row and kept in a temporary file, so a 10M-row import does not hold 80 MB
 * of keys per index while it scans; read back once, when its index is built.
 */
export class SpilledKeys {
  private readonly path: string;
  private readonly fd: number;
  private readonly block = new Uint32Array(2 * 65536);
  private inBlock = 0;
  count = 0;

  constructor(path: string) {
    this.path = path;
    this.fd = fs.openSync(path, 'w+');
  }

  /** The next row's key goes to keys[at], keys[at + 1]; then call commit(). */
  get keys(): Uint32Array {
    return this.block;
  }

  get at(): number {
    return 2 * this.inBlock;
  }

  commit(): void {
    this.count++;
    if (++this.inBlock === 65536) this.flush();
  }

  private flush(): void {
    const bytes = new Uint8Array(this.block.buffer, 0, this.inBlock * 8);
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    this.inBlock = 0;
  }

  /** All keys, in row order. */
  readAll(): Uint32Array {
    this.flush();
    const all = new Uint32Array(2 * this.count);
    const bytes = new Uint8Array(all.buffer);
    let done = 0;
    while (done < bytes.length) {
      const n = fs.readSync(this.fd, bytes, done, bytes.length - done, done);
      if (n === 0) throw new Error('index keys file ended early');
      done += n;
    }
    return all;
  }

  dispose(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.path, { force: true });
  }
}
