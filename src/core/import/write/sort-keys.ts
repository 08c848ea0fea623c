import fs from 'node:fs';
import { MAX_PHONE_DIGITS } from '../tag/values.ts';

/**
 * Sort keys for the dataset's indexes on `_time` and `_client_digits`. SQLite orders an index on a TEXT
 * column by the UTF-8 bytes of the values, NULL first. Both columns hold a known alphabet, so each value
 * maps to a pair of numbers (hi, lo) below 2^31 whose numeric order is exactly that byte order: a
 * million rows sort with a few counting passes instead of a million string comparisons, and the text
 * is written back from the key with small-integer arithmetic (V8 keeps numbers below 2^31 unboxed).
 */

/** Key pairs, `keys[2 * row]` and `keys[2 * row + 1]`. */
export type KeyPairs = Int32Array;

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);

/**
 * `YYYY-MM-DDTHH:MM:SS` + '' | '+HH:MM' | '-HH:MM' | 'Z' (all that parseDateTime produces; years ≥ 1900).
 * hi = (days since 1900 as YYYYMMDD arithmetic) × 24 + hour; lo = (minute × 60 + second) × 32768 + zone rank.
 * NULL → (0, 0), below every time.
 */
export function timeKey(iso: string | null, out: KeyPairs, at: number): void {
  if (iso === null) {
    out[at] = 0;
    out[at + 1] = 0;
    return;
  }
  const date = (two(iso, 0) * 100 + two(iso, 2) - 1900) * 10000 + two(iso, 5) * 100 + two(iso, 8);
  out[at] = date * 24 + two(iso, 11);
  out[at + 1] = (two(iso, 14) * 60 + two(iso, 17)) * 32768 + zoneRank(iso);
}

/** Byte order of the zone suffixes: '' < '+…' < '-…' < 'Z', and by digits within a sign. */
function zoneRank(iso: string): number {
  if (iso.length === 19) return 0;
  const sign = iso.charCodeAt(19);
  if (sign === 90 /* Z */) return 20001;
  return (sign === 43 /* + */ ? 1 : 10001) + two(iso, 20) * 100 + two(iso, 23);
}

/** ASCII of '00'…'99', for writing two digits at a time. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

function writeTwo(out: Uint8Array, at: number, n: number): void {
  out[at] = PAIRS[2 * n]!;
  out[at + 1] = PAIRS[2 * n + 1]!;
}

/** Writes the `_time` text of a key as ASCII into `out`; returns its length, or -1 for NULL. */
export function writeTimeOfKey(hi: number, lo: number, out: Uint8Array): number {
  if (hi === 0 && lo === 0) return -1;
  const date = (hi / 24) | 0;
  const year = 1900 + ((date / 10000) | 0);
  const monthDay = date % 10000;
  const minuteSecond = (lo / 32768) | 0;
  writeTwo(out, 0, (year / 100) | 0);
  writeTwo(out, 2, year % 100);
  out[4] = 45; // -
  writeTwo(out, 5, (monthDay / 100) | 0);
  out[7] = 45;
  writeTwo(out, 8, monthDay % 100);
  out[10] = 84; // T
  writeTwo(out, 11, hi % 24);
  out[13] = 58; // :
  writeTwo(out, 14, (minuteSecond / 60) | 0);
  out[16] = 58;
  writeTwo(out, 17, minuteSecond % 60);
  const rank = lo & 32767;
  if (rank === 0) return 19;
  if (rank === 20001) {
    out[19] = 90; // Z
    return 20;
  }
  const hhmm = (rank - 1) % 10000;
  out[19] = rank <= 10000 ? 43 : 45;
  writeTwo(out, 20, (hhmm / 100) | 0);
  out[22] = 58;
  writeTwo(out, 23, hhmm % 100);
  return 25;
}

/** Digits a key holds exactly (8 base-11 positions per number: 11^8 < 2^31): MAX_PHONE_DIGITS, no fewer. */
export const KEY_DIGITS = MAX_PHONE_DIGITS;

/**
 * The key of ASCII digits `bytes[start, start + length)` (length -1: NULL): two base-11 numbers of 8
 * positions each (digit + 1, 0 past the end), so a shorter string sorts before its extensions, as bytes
 * do. NULL → (0, 0); any value has a non-zero first position.
 */
export function digitsKeyOfBytes(bytes: Uint8Array, start: number, length: number, out: KeyPairs, at: number): void {
  if (length > KEY_DIGITS) throw new Error(`${length} phone digits do not fit a sort key`); // normalisePhone caps them
  let hi = 0,
    lo = 0;
  if (length >= 0) {
    for (let i = 0; i < 8; i++) hi = hi * 11 + (i < length ? bytes[start + i]! - 47 : 0);
    for (let i = 8; i < KEY_DIGITS; i++) lo = lo * 11 + (i < length ? bytes[start + i]! - 47 : 0);
  }
  out[at] = hi;
  out[at + 1] = lo;
}

/** Writes the digits of a key as ASCII into `out`; returns their count, or -1 for NULL. */
export function writeDigitsOfKey(hi: number, lo: number, out: Uint8Array): number {
  if (hi === 0 && lo === 0) return -1;
  const hiEnd = writeBase11(hi, 0, out);
  const loEnd = writeBase11(lo, 8, out);
  return loEnd > 0 ? loEnd : hiEnd;
}

/** Writes the 8 base-11 positions of `word` at out[from…]; returns the end of the last digit, 0 if none. */
function writeBase11(word: number, from: number, out: Uint8Array): number {
  let end = 0;
  for (let i = from + 7; i >= from; i--) {
    const d = word % 11;
    word = (word / 11) | 0;
    if (d !== 0) {
      out[i] = 47 + d;
      if (end === 0) end = i + 1;
    }
  }
  return end;
}

/**
 * Stable LSD radix sort of row numbers 0…n-1 by (hi, lo) pairs in `keys` (keys[2r], keys[2r+1]), in
 * 16-bit digits; passes in which every key has the same digit are skipped. Stable, so equal keys keep
 * row order — which is the rowid order an index needs for ties.
 */
export function sortRowsByKey(keys: KeyPairs, n: number, buffers?: { readonly a: Uint32Array; readonly b: Uint32Array }): Uint32Array {
  let order = buffers ? buffers.a.subarray(0, n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = buffers ? buffers.b.subarray(0, n) : new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (const [word, shift] of [
    [1, 0],
    [1, 16],
    [0, 0],
    [0, 16],
  ] as const) {
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
  readonly path: string;
  private readonly fd: number;
  private readonly block: KeyPairs = new Int32Array(2 * 65536);
  private inBlock = 0;
  count = 0;

  constructor(path: string) {
    this.path = path;
    this.fd = fs.openSync(path, 'w+');
  }

  /** The next row's key goes to keys[at], keys[at + 1]; then call commit(). */
  get keys(): KeyPairs {
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

  /** The keys of rows [from, from + count), in row order (into `into` when given: reused across runs). */
  read(from: number, count: number, into?: Int32Array): KeyPairs {
    this.flush();
    const keys = into ? into.subarray(0, 2 * count) : new Int32Array(2 * count);
    readFully(this.fd, new Uint8Array(keys.buffer, keys.byteOffset, 8 * count), from * 8);
    return keys;
  }

  dispose(): void {
    closeAndRemove(this.fd, this.path);
  }
}

/** Closes a temporary file (if still open) and deletes it. */
function closeAndRemove(fd: number, path: string): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
  fs.rmSync(path, { force: true });
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('index keys file ended early');
    done += n;
  }
}

/** Rows sorted at a time. Memory: 28 bytes per row (keys, two orders, merged triples): 14 MB; 10M rows sort in 20 runs. */
const RUN_ROWS = 1 << 19;
/** Triples (hi, lo, row) read at a time from each run while merging. */
const MERGE_BUFFER = 8 * 1024;

/**
 * The rows of a SpilledKeys in key order (ties in row order), one at a time: `while (order.next())`
 * then hi, lo, row. Up to RUN_ROWS rows are sorted in memory at once; more are sorted in runs written
 * to a temporary file and merged, so a 10M-row import sorts within a few tens of MB.
 */
export class KeyOrder {
  hi = 0;
  lo = 0;
  row = 0;
  private readonly source: RowSource;

  constructor(spilled: SpilledKeys, rows: number, runPath: string, runRows = RUN_ROWS) {
    this.source = rows <= runRows ? new SortedRun(spilled.read(0, rows), 0, rows) : new MergedRuns(spilled, rows, runPath, runRows);
  }

  next(): boolean {
    const s = this.source;
    if (!s.next()) return false;
    this.hi = s.hi;
    this.lo = s.lo;
    this.row = s.row;
    return true;
  }

  dispose(): void {
    this.source.dispose();
  }
}

interface RowSource {
  hi: number;
  lo: number;
  row: number;
  next(): boolean;
  dispose(): void;
}

/** Rows [first, first + count) sorted in memory. */
class SortedRun implements RowSource {
  hi = 0;
  lo = 0;
  row = 0;
  private readonly keys: KeyPairs;
  private readonly order: Uint32Array;
  private readonly first: number;
  private at = 0;

  constructor(keys: KeyPairs, first: number, count: number, buffers?: RunBuffers) {
    this.keys = keys;
    this.first = first;
    this.order = sortRowsByKey(keys, count, buffers);
  }

  next(): boolean {
    if (this.at === this.order.length) return false;
    const local = this.order[this.at++]!;
    this.hi = this.keys[2 * local]!;
    this.lo = this.keys[2 * local + 1]!;
    this.row = this.first + local;
    return true;
  }

  dispose(): void {}
}

interface RunBuffers {
  readonly keys: Int32Array;
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  readonly triples: Int32Array;
}

/** Runs of RUN_ROWS rows, each sorted and written out as (hi, lo, row) triples, merged through a small heap. */
class MergedRuns implements RowSource {
  hi = 0;
  lo = 0;
  row = 0;
  private readonly fd: number;
  private readonly path: string;
  private readonly cursors: RunCursor[] = [];
  private readonly heap: RunCursor[] = [];

  constructor(spilled: SpilledKeys, rows: number, path: string, runRows: number) {
    this.path = path;
    this.fd = fs.openSync(path, 'w+');
    // One set of buffers for every run: big typed arrays are freed only by a full GC, so allocating them
    // per run would pile up hundreds of MB on a 10M-row import.
    const buffers: RunBuffers = {
      keys: new Int32Array(2 * runRows),
      a: new Uint32Array(runRows),
      b: new Uint32Array(runRows),
      triples: new Int32Array(3 * runRows),
    };
    let position = 0;
    for (let first = 0; first < rows; first += runRows) {
      const count = Math.min(runRows, rows - first);
      const run = new SortedRun(spilled.read(first, count, buffers.keys), first, count, buffers);
      const triples = buffers.triples.subarray(0, 3 * count);
      for (let i = 0; run.next(); i++) {
        triples[3 * i] = run.hi;
        triples[3 * i + 1] = run.lo;
        triples[3 * i + 2] = run.row;
      }
      const bytes = new Uint8Array(triples.buffer, 0, 12 * count);
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done, position + done);
      this.cursors.push(new RunCursor(this.fd, position, count));
      position += bytes.length;
    }
    for (const cursor of this.cursors) if (cursor.next()) this.push(cursor);
  }

  private before(a: RunCursor, b: RunCursor): boolean {
    if (a.hi !== b.hi) return a.hi < b.hi;
    if (a.lo !== b.lo) return a.lo < b.lo;
    return a.row < b.row;
  }

  private push(cursor: RunCursor): void {
    const heap = this.heap;
    let i = heap.push(cursor) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private siftDown(): void {
    const heap = this.heap;
    for (let i = 0; ;) {
      const left = 2 * i + 1,
        right = left + 1;
      let least = i;
      if (left < heap.length && this.before(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && this.before(heap[right]!, heap[least]!)) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }

  next(): boolean {
    const heap = this.heap;
    if (heap.length === 0) return false;
    const top = heap[0]!;
    this.hi = top.hi;
    this.lo = top.lo;
    this.row = top.row;
    if (!top.next()) {
      const last = heap.pop()!;
      if (heap.length === 0) return true;
      heap[0] = last;
    }
    this.siftDown();
    return true;
  }

  dispose(): void {
    closeAndRemove(this.fd, this.path);
  }
}

/** Reads one sorted run back through a small buffer. */
class RunCursor {
  hi = 0;
  lo = 0;
  row = 0;
  private readonly fd: number;
  private position: number;
  private left: number;
  private readonly buffer = new Int32Array(3 * MERGE_BUFFER);
  private inBuffer = 0;
  private at = 0;

  constructor(fd: number, position: number, count: number) {
    this.fd = fd;
    this.position = position;
    this.left = count;
  }

  next(): boolean {
    if (this.at === this.inBuffer) {
      if (this.left === 0) return false;
      const n = Math.min(MERGE_BUFFER, this.left);
      readFully(this.fd, new Uint8Array(this.buffer.buffer, 0, 12 * n), this.position);
      this.position += 12 * n;
      this.left -= n;
      this.inBuffer = n;
      this.at = 0;
    }
    const b = this.buffer,
      k = 3 * this.at++;
    this.hi = b[k]!;
    this.lo = b[k + 1]!;
    this.row = b[k + 2]! >>> 0; // stored in an Int32Array: rows from 2^31 on (up to the 2^32 the import allows) read back unsigned
    return true;
  }
}
