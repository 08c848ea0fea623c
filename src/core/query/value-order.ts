/**
 * Rows in SQLite's `ORDER BY <column>, rowid` without SQLite's sort (20+ CPU-s for 10M texts): NULL
 * first, then numbers by value (INTEGER and REAL compared as numbers), then text by its UTF-8 bytes
 * (BINARY collation: a text before every longer text it starts), then blobs by their bytes; equal
 * values in row order.
 *
 * An MSD radix sort on fixed-width keys, so memory stays at a few arrays of `total` numbers whatever the
 * values hold: a row's key is its class and 64 bits — a number's bits in number order, or the next 7
 * bytes of a text and how many bytes are left from there (capped at 8). One read of the column sorts
 * every row by those keys; runs of texts whose keys tie with 8 bytes left are read again for their next
 * 7 bytes and sorted run by run, until no run ties. Phone numbers as written (up to 18 bytes) take three
 * reads; a run of equal long texts takes one read per 7 bytes (the caller codes columns with few values
 * instead: column-codes.ts).
 *
 * A generator: it yields after each step of bounded work (a read of VALUE_CHUNK rows, a radix pass), so
 * its caller can answer other requests between steps. It returns the rows (0-based) in order.
 */

/** The values of rows `first`…`last` (0-based, inclusive), in row order, as SQLite returns them. */
export type ReadValues = (first: number, last: number) => readonly unknown[];

/**
 * Rows read per step. Kept small so a read's values die young: an array of 65,536 values is a large
 * object, which V8 keeps (and every text in it) until a full collection, and the heap grew by 130 MB
 * over a read of 10M phone numbers; with 4,096 it grows by 30-60 MB, at the same CPU.
 */
export const VALUE_CHUNK = 4096;

/** Text bytes in one key; its last byte is the bytes left from the window's start, MORE or more. */
const WINDOW = 7;
const MORE = 8;

const NULL_CLASS = 0;
const NUMBER_CLASS = 1;
const TEXT_CLASS = 2;
const BLOB_CLASS = 3;

/** Ranges shorter than this are sorted by insertion. */
const SMALL_RANGE = 32;
/** Ranges longer than this are split one byte at a time, a step each (yields between); shorter ones are sorted in one go. */
const BIG_RANGE = 1 << 17;
/** Rows sorted between two yields, roughly. */
const STEP_ROWS = 1 << 18;
/** Bytes in a key: a radix level each. */
const LEVELS = 8;
/** The first sort is by class and the key's first PREFIX_LEVELS bytes, as a counting pass from the rows straight into the order. */
const PREFIX_LEVELS = 2;
const PREFIX_BITS = 8 * PREFIX_LEVELS;
const BUCKETS = 4 << PREFIX_BITS;

export function* sortByValues(read: ReadValues, total: number): Generator<void, Uint32Array, void> {
  const keys = new Uint32Array(2 * total);
  // Scratch arrays sortWith allocates, given back however it ends.
  const scratch: ArrayBufferView[] = [keys];
  try {
    return yield* sortWith(read, total, keys, scratch);
  } finally {
    release(...scratch);
  }
}

/**
 * Gives scratch arrays' memory back now, not at the next full garbage collection, which may be long in
 * coming: the engine's RSS would carry 130 MB more while paging after an order of 10M rows was built.
 */
function release(...arrays: ArrayBufferView[]): void {
  for (const array of arrays) if (array.buffer.byteLength > 0) (array.buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}

/**
 * Memory at 10M rows: the keys (80 MB) and the order (40 MB, the result), then the radix sort's spare,
 * as long as the largest bucket of the first pass (10 MB for phone numbers written four ways, up to 40
 * MB when every value starts with the same two bytes), and bits per row: the rows to read again, the
 * runs that tie. Each row's class (2 bits) lives only until the first pass.
 */
function* sortWith(read: ReadValues, total: number, keys: Uint32Array, scratch: ArrayBufferView[]): Generator<void, Uint32Array, void> {
  // Rows per bucket of class and the key's first bytes (bucket b counted at b + 1).
  const counts = new Uint32Array(BUCKETS + 1);
  // Each row's class, 2 bits (four rows a byte).
  const classOf = new Uint8Array(Math.ceil(total / 4));
  scratch.push(classOf);
  // Bytes of the longest value, at most: runs that still tie past it mean a bug, not more to read.
  let longest = 0;
  for (let first = 0; first < total; first += VALUE_CHUNK) {
    const values = read(first, Math.min(total, first + VALUE_CHUNK) - 1);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const row = first + i;
      const type = writeKey(value, 0, keys, row);
      classOf[row >>> 2]! |= type << (2 * (row & 3));
      counts[((type << PREFIX_BITS) | (keys[2 * row]! >>> (32 - PREFIX_BITS))) + 1]!++;
      if (type >= TEXT_CLASS) longest = Math.max(longest, typeof value === 'string' ? 3 * value.length : (value as Uint8Array).length);
    }
    yield;
  }

  // By class and the first bytes in one stable counting pass from the rows (so no spare is needed for
  // it), then each bucket by the rest of its key: rows stay in row order within every range the radix
  // sort splits, so its reads of the keys go forward through memory.
  for (let b = 0; b < BUCKETS; b++) counts[b + 1]! += counts[b]!;
  const next = counts.slice(0, BUCKETS);
  const order = new Uint32Array(total);
  for (let row = 0; row < total; row++) {
    const type = (classOf[row >>> 2]! >>> (2 * (row & 3))) & 3;
    order[next[(type << PREFIX_BITS) | (keys[2 * row]! >>> (32 - PREFIX_BITS))]!++] = row;
  }
  release(classOf, next);
  yield;
  const starts = [0, 1, 2, 3, 4].map((type) => (type === 4 ? total : counts[type << PREFIX_BITS]!));
  // Every range sorted from here on lies in one bucket (rows read again tie on their first key), so the spare is as long as the largest.
  let largest = 0;
  for (let b = 1 << PREFIX_BITS; b < BUCKETS; b++) largest = Math.max(largest, counts[b + 1]! - counts[b]!);
  const spare = new Uint32Array(largest);
  scratch.push(spare);
  const sorter = new RadixSorter(order, spare, keys);
  let bucket = 1 << PREFIX_BITS;
  yield* sorter.run(() => {
    if (bucket === BUCKETS) return false;
    sorter.add(counts[bucket]!, counts[bucket + 1]!, PREFIX_LEVELS);
    bucket++;
    return true;
  });
  release(counts);

  let runs = new Runs(total);
  scratch.push(runs.bits);
  for (let type = TEXT_CLASS; type <= BLOB_CLASS; type++) tiedRuns(order, starts[type]!, starts[type + 1]!, keys, runs);
  // The rows to read again: a bit each.
  const pending = new Uint32Array(Math.ceil(total / 32));
  scratch.push(pending);
  const chunkPending = new Uint32Array(Math.ceil(total / VALUE_CHUNK));
  for (let at = WINDOW; runs.length > 0; at += WINDOW) {
    if (at > longest) throw new Error(`value order: ${runs.length} runs still tie past byte ${longest}`);
    pending.fill(0);
    chunkPending.fill(0);
    for (let start = runs.find(0), work = 0; start >= 0; start = runs.find(runs.end)) {
      for (let i = start; i < runs.end; i++) {
        const row = order[i]!;
        pending[row >>> 5]! |= 1 << (row & 31);
        chunkPending[Math.floor(row / VALUE_CHUNK)]!++;
      }
      if ((work += runs.end - start) >= STEP_ROWS) {
        work = 0;
        yield;
      }
    }
    for (let chunk = 0; chunk < chunkPending.length; chunk++) {
      if (chunkPending[chunk] === 0) continue; // no tied row here: not read
      const first = chunk * VALUE_CHUNK;
      const values = read(first, Math.min(total, first + VALUE_CHUNK) - 1);
      for (let i = 0; i < values.length; i++) {
        const row = first + i;
        if (((pending[row >>> 5]! >>> (row & 31)) & 1) === 1) writeKey(values[i], at, keys, row);
      }
      yield;
    }
    let from = 0;
    yield* sorter.run(() => {
      const start = runs.find(from);
      if (start < 0) return false;
      from = runs.end;
      sorter.add(start, runs.end, 0);
      return true;
    });
    const tied = new Runs(total);
    scratch.push(tied.bits);
    for (let start = runs.find(0), work = 0; start >= 0; start = runs.find(runs.end)) {
      tiedRuns(order, start, runs.end, keys, tied);
      if ((work += runs.end - start) >= STEP_ROWS) {
        work = 0;
        yield;
      }
    }
    release(runs.bits);
    runs = tied;
  }
  return order;
}

/**
 * Runs of positions in the order (each at least two long, disjoint), a bit per position: set when the
 * position is in the run of the one before it. A bit per row whatever the number of runs (a million at
 * 10M phone numbers: 8 MB as pairs of bounds).
 */
class Runs {
  readonly bits: Uint32Array;
  length = 0;
  /** Where the run `find` found ends. */
  end = 0;

  constructor(total: number) {
    // One more word: a run's end is found at a clear bit, and there is one after the last position.
    this.bits = new Uint32Array((total >>> 5) + 1);
  }

  push(start: number, end: number): void {
    const bits = this.bits;
    for (let i = start + 1; i < end; i++) bits[i >>> 5]! |= 1 << (i & 31);
    this.length++;
  }

  /** The start of the first run that starts at `from` or later (its end in `end`), or -1. */
  find(from: number): number {
    const bits = this.bits;
    // The run's second position: the first set bit past `from`.
    let word = (from + 1) >>> 5;
    let set = word < bits.length ? bits[word]! & (~0 << ((from + 1) & 31)) : 0;
    while (set === 0) {
      if (++word >= bits.length) return -1;
      set = bits[word]!;
    }
    const second = (word << 5) + (31 - Math.clz32(set & -set));
    let end = second + 1;
    while (((bits[end >>> 5]! >>> (end & 31)) & 1) === 1) end++;
    this.end = end;
    return second - 1;
  }
}

/** Appends to `out` the runs of order[start…end) (sorted texts or blobs of one class) that tie and go on: the same key with MORE bytes left. */
function tiedRuns(order: Uint32Array, start: number, end: number, keys: Uint32Array, out: Runs): void {
  for (let i = start; i < end;) {
    const row = order[i]!;
    const hi = keys[2 * row]!;
    const lo = keys[2 * row + 1]!;
    let j = i + 1;
    if ((lo & 0xff) === MORE) {
      while (j < end && keys[2 * order[j]!] === hi && keys[2 * order[j]! + 1] === lo) j++;
      if (j - i > 1) out.push(i, j);
    }
    i = j;
  }
}

/**
 * A stable MSD radix sort of ranges of `order` by key, a byte per level (most significant first). A
 * counting pass keeps the rows of each bucket in their order, so ranges that start in row order stay in
 * row order within equal bytes: ties end up in row order, and the reads of `keys` go forward.
 */
class RadixSorter {
  readonly #order: Uint32Array;
  readonly #spare: Uint32Array;
  readonly #keys: Uint32Array;
  /** Ranges to sort: start, end, level. */
  readonly #pending: number[] = [];
  /** Bucket bounds per level (257 each), so a level's buckets survive the sorting of the ones inside them. */
  readonly #bounds = Array.from({ length: LEVELS }, () => new Uint32Array(257));
  readonly #next = new Uint32Array(256);

  constructor(order: Uint32Array, spare: Uint32Array, keys: Uint32Array) {
    this.#order = order;
    this.#spare = spare;
    this.#keys = keys;
  }

  /** A range to sort from key byte `level` on (the bytes before it are the same in every row of it). */
  add(start: number, end: number, level: number): void {
    if (end - start > 1) this.#pending.push(start, end, level);
  }

  /**
   * Sorts every range added, then those `feed` adds one at a time until it returns false (not all at
   * once: a million runs of tied rows would be a JS array of 24 MB); yields after about STEP_ROWS rows.
   * A big range is split a level per step.
   */
  *run(feed: () => boolean): Generator<void, void, void> {
    let work = 0;
    while (this.#pending.length > 0 || feed()) {
      if (this.#pending.length === 0) continue; // a range of one row
      const level = this.#pending.pop()!;
      const end = this.#pending.pop()!;
      const start = this.#pending.pop()!;
      if (end - start > BIG_RANGE && level < LEVELS) {
        const bounds = this.#split(start, end, level);
        if (bounds === null) this.#pending.push(start, end, level + 1);
        else for (let b = 0; b < 256; b++) if (bounds[b + 1]! - bounds[b]! > 1) this.#pending.push(start + bounds[b]!, start + bounds[b + 1]!, level + 1);
      } else {
        this.#sort(start, end, level);
      }
      work += end - start;
      if (work >= STEP_ROWS) {
        work = 0;
        yield;
      }
    }
  }

  #sort(start: number, end: number, level: number): void {
    for (; level < LEVELS && end - start >= SMALL_RANGE; level++) {
      const bounds = this.#split(start, end, level);
      if (bounds === null) continue; // one byte value: on to the next byte
      for (let b = 0; b < 256; b++) if (bounds[b + 1]! - bounds[b]! > 1) this.#sort(start + bounds[b]!, start + bounds[b + 1]!, level + 1);
      return;
    }
    if (level < LEVELS) this.#insertion(start, end);
  }

  /** One counting pass by the key's byte `level`: the buckets' bounds relative to `start`, or null when every row has the same byte. */
  #split(start: number, end: number, level: number): Uint32Array | null {
    const order = this.#order;
    const keys = this.#keys;
    const word = level >> 2;
    const shift = 24 - 8 * (level & 3);
    const bounds = this.#bounds[level]!;
    bounds.fill(0);
    for (let i = start; i < end; i++) bounds[((keys[2 * order[i]! + word]! >>> shift) & 0xff) + 1]!++;
    if (bounds[((keys[2 * order[start]! + word]! >>> shift) & 0xff) + 1] === end - start) return null;
    for (let b = 0; b < 256; b++) bounds[b + 1]! += bounds[b]!;
    // The spare holds the range from its start: it is as long as the longest range sorted, not the order.
    const next = this.#next;
    for (let b = 0; b < 256; b++) next[b] = bounds[b]!;
    const spare = this.#spare;
    for (let i = start; i < end; i++) {
      const row = order[i]!;
      spare[next[(keys[2 * row + word]! >>> shift) & 0xff]!++] = row;
    }
    order.set(spare.subarray(0, end - start), start);
    return bounds;
  }

  #insertion(start: number, end: number): void {
    const order = this.#order;
    const keys = this.#keys;
    for (let i = start + 1; i < end; i++) {
      const row = order[i]!;
      const hi = keys[2 * row]!;
      const lo = keys[2 * row + 1]!;
      let j = i - 1;
      for (; j >= start; j--) {
        const other = order[j]!;
        const otherHi = keys[2 * other]!;
        if (otherHi < hi || (otherHi === hi && keys[2 * other + 1]! <= lo)) break;
        order[j + 1] = other;
      }
      order[j + 1] = row;
    }
  }
}

const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);
/** Where a text's UTF-8 bytes are written when it is not all ASCII up to its window. */
let scratch = Buffer.alloc(256);

/** Writes a value's key (its window from byte `at` for a text or blob) and returns its class. */
function writeKey(value: unknown, at: number, keys: Uint32Array, row: number): number {
  if (value === null || value === undefined) {
    keys[2 * row] = 0;
    keys[2 * row + 1] = 0;
    return NULL_CLASS;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    // A double's bits as an unsigned 64-bit key in number order: negative numbers inverted, others with the sign bit set.
    float[0] = Number(value) === 0 ? 0 : Number(value); // -0 sorts with 0
    const negative = floatWords[1]! >>> 31 === 1;
    keys[2 * row] = negative ? ~floatWords[1]! : floatWords[1]! | 0x80000000;
    keys[2 * row + 1] = negative ? ~floatWords[0]! : floatWords[0]!;
    return NUMBER_CLASS;
  }
  if (typeof value === 'string') {
    textWindow(value, at, keys, row);
    return TEXT_CLASS;
  }
  const bytes = value as Uint8Array;
  writeWindow(bytes, at, bytes.length, keys, row);
  return BLOB_CLASS;
}

function textWindow(text: string, at: number, keys: Uint32Array, row: number): void {
  const end = Math.min(text.length, at + WINDOW);
  let ascii = true;
  for (let i = 0; i < end && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  if (ascii) {
    // Characters are bytes up to the window's end; past it, a text has at least as many bytes as characters.
    let hi = 0;
    let lo = 0;
    for (let k = 0; k < 4; k++) hi = (hi << 8) | (at + k < end ? text.charCodeAt(at + k) : 0);
    for (let k = 4; k < WINDOW; k++) lo = (lo << 8) | (at + k < end ? text.charCodeAt(at + k) : 0);
    keys[2 * row] = hi;
    keys[2 * row + 1] = (lo << 8) | Math.min(text.length - at, MORE);
    return;
  }
  // Encoded up to 5 bytes past the window: a character takes at most 4, so fewer than MORE bytes from
  // `at` means the text ended there.
  const room = at + WINDOW + 5;
  if (scratch.length < room) scratch = Buffer.alloc(2 * room);
  const written = scratch.write(text, 0, room, 'utf8');
  writeWindow(scratch, at, written, keys, row);
}

/** The key of bytes[at…at + WINDOW) of a value `length` bytes long. */
function writeWindow(bytes: Uint8Array, at: number, length: number, keys: Uint32Array, row: number): void {
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < 4; k++) hi = (hi << 8) | (at + k < length ? bytes[at + k]! : 0);
  for (let k = 4; k < WINDOW; k++) lo = (lo << 8) | (at + k < length ? bytes[at + k]! : 0);
  keys[2 * row] = hi;
  keys[2 * row + 1] = (lo << 8) | Math.max(0, Math.min(length - at, MORE));
}
