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

/** Rows read per step. */
export const VALUE_CHUNK = 65536;

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

export function* sortByValues(read: ReadValues, total: number): Generator<void, Uint32Array, void> {
  const keys = new Uint32Array(2 * total);
  const classOf = new Uint8Array(total);
  const spare = new Uint32Array(total);
  try {
    return yield* sortWith(read, total, keys, classOf, spare);
  } finally {
    release(keys, classOf, spare);
  }
}

/**
 * Gives scratch arrays' memory back now, not at the next full garbage collection, which may be long in
 * coming: the engine's RSS would carry 130 MB more while paging after an order of 10M rows was built.
 */
function release(...arrays: ArrayBufferView[]): void {
  for (const array of arrays) (array.buffer as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}

function* sortWith(read: ReadValues, total: number, keys: Uint32Array, classOf: Uint8Array, spare: Uint32Array): Generator<void, Uint32Array, void> {
  const perClass = [0, 0, 0, 0];
  // Bytes of the longest value, at most: runs that still tie past it mean a bug, not more to read.
  let longest = 0;
  for (let first = 0; first < total; first += VALUE_CHUNK) {
    const values = read(first, Math.min(total, first + VALUE_CHUNK) - 1);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const type = writeKey(value, 0, keys, first + i);
      classOf[first + i] = type;
      perClass[type]!++;
      if (type >= TEXT_CLASS) longest = Math.max(longest, typeof value === 'string' ? 3 * value.length : (value as Uint8Array).length);
    }
    yield;
  }

  // By class first (a stable counting pass), then each class by key: rows stay in row order within every
  // range the radix sort splits, so its reads of the keys go forward through memory.
  const order = new Uint32Array(total);
  const starts = [0, perClass[0]!, perClass[0]! + perClass[1]!, perClass[0]! + perClass[1]! + perClass[2]!, total];
  const next = starts.slice();
  for (let row = 0; row < total; row++) order[next[classOf[row]!]!++] = row;
  const sorter = new RadixSorter(order, spare, keys);
  for (let type = NUMBER_CLASS; type <= BLOB_CLASS; type++) sorter.add(starts[type]!, starts[type + 1]!);
  yield* sorter.run();

  let runs = new Runs();
  for (let type = TEXT_CLASS; type <= BLOB_CLASS; type++) tiedRuns(order, starts[type]!, starts[type + 1]!, keys, runs);
  // From here on `classOf` marks the rows to read again.
  const pending = classOf;
  const chunkPending = new Uint32Array(Math.ceil(total / VALUE_CHUNK));
  for (let at = WINDOW; runs.length > 0; at += WINDOW) {
    if (at > longest) throw new Error(`value order: ${runs.length} runs still tie past byte ${longest}`);
    pending.fill(0);
    chunkPending.fill(0);
    for (let r = 0, work = 0; r < runs.length; r++) {
      for (let i = runs.start(r); i < runs.end(r); i++) {
        pending[order[i]!] = 1;
        chunkPending[Math.floor(order[i]! / VALUE_CHUNK)]!++;
      }
      if ((work += runs.end(r) - runs.start(r)) >= STEP_ROWS) {
        work = 0;
        yield;
      }
    }
    for (let chunk = 0; chunk < chunkPending.length; chunk++) {
      if (chunkPending[chunk] === 0) continue; // no tied row here: not read
      const first = chunk * VALUE_CHUNK;
      const values = read(first, Math.min(total, first + VALUE_CHUNK) - 1);
      for (let i = 0; i < values.length; i++) if (pending[first + i] === 1) writeKey(values[i], at, keys, first + i);
      yield;
    }
    for (let r = 0; r < runs.length; r++) sorter.add(runs.start(r), runs.end(r));
    yield* sorter.run();
    const tied = new Runs();
    for (let r = 0, work = 0; r < runs.length; r++) {
      tiedRuns(order, runs.start(r), runs.end(r), keys, tied);
      if ((work += runs.end(r) - runs.start(r)) >= STEP_ROWS) {
        work = 0;
        yield;
      }
    }
    runs = tied;
  }
  return order;
}

/** Start and end positions of runs in the order, appended as found. */
class Runs {
  #bounds = new Uint32Array(64);
  length = 0;
  push(start: number, end: number): void {
    if (2 * this.length + 2 > this.#bounds.length) {
      const grown = new Uint32Array(2 * this.#bounds.length);
      grown.set(this.#bounds);
      this.#bounds = grown;
    }
    this.#bounds[2 * this.length] = start;
    this.#bounds[2 * this.length + 1] = end;
    this.length++;
  }
  start(r: number): number {
    return this.#bounds[2 * r]!;
  }
  end(r: number): number {
    return this.#bounds[2 * r + 1]!;
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

  add(start: number, end: number): void {
    if (end - start > 1) this.#pending.push(start, end, 0);
  }

  /** Sorts every range added; yields after about STEP_ROWS rows. A big range is split a level per step. */
  *run(): Generator<void, void, void> {
    let work = 0;
    while (this.#pending.length > 0) {
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
    const next = this.#next;
    for (let b = 0; b < 256; b++) next[b] = start + bounds[b]!;
    const spare = this.#spare;
    for (let i = start; i < end; i++) {
      const row = order[i]!;
      spare[next[(keys[2 * row + word]! >>> shift) & 0xff]!++] = row;
    }
    order.set(spare.subarray(start, end), start);
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
