import type { PageFile } from './page-file.ts';
import { varintLength, writeVarint } from './varint.ts';

/**
 * Bulk writers for SQLite B-trees (https://www.sqlite.org/fileformat2.html#b_tree_pages), used by the
 * import to write a dataset's calls table and its indexes without going through SQL: rows arrive in
 * rowid order and index entries in key order, so every page is filled once, left to right, and the
 * interior levels are built at the end. This is what makes an import faster than binding values into
 * INSERT statements; `PRAGMA integrity_check` in the tests holds it to SQLite's own rules.
 *
 * The tree's root page is allocated beforehand by SQLite (CREATE TABLE / CREATE INDEX on an empty
 * file) and overwritten at the end, so the schema needs no change.
 */

const TABLE_LEAF = 0x0d;
const TABLE_INTERIOR = 0x05;
const INDEX_LEAF = 0x0a;
const INDEX_INTERIOR = 0x02;

/** One B-tree page being filled: cell pointers grow from the header down, cell bodies up from the end. */
class PageBuilder {
  readonly bytes: Buffer;
  private readonly size: number;
  private headerSize = 8;
  cells = 0;
  contentStart: number;
  lastCellSize = 0;

  constructor(pageSize: number) {
    this.size = pageSize;
    this.bytes = Buffer.alloc(pageSize);
    this.contentStart = pageSize;
  }

  reset(type: number): void {
    this.bytes[0] = type;
    this.headerSize = type === TABLE_LEAF || type === INDEX_LEAF ? 8 : 12;
    this.cells = 0;
    this.contentStart = this.size;
  }

  fits(cellSize: number): boolean {
    return this.headerSize + 2 * (this.cells + 1) + cellSize <= this.contentStart;
  }

  /** Reserves `cellSize` bytes for a new cell and returns where to write it. */
  place(cellSize: number): number {
    // SQLite never reads a cell as shorter than 4 bytes, so a smaller one still takes 4.
    const size = cellSize < 4 ? 4 : cellSize;
    const at = (this.contentStart -= size);
    const pointer = this.headerSize + 2 * this.cells;
    this.bytes[pointer] = at >>> 8;
    this.bytes[pointer + 1] = at & 0xff;
    this.cells++;
    this.lastCellSize = size;
    return this.contentStart;
  }

  /** Takes back the last cell (its bytes stay readable until the next place). */
  unplaceLast(): Buffer {
    const cell = Buffer.from(this.bytes.subarray(this.contentStart, this.contentStart + this.lastCellSize));
    this.contentStart += this.lastCellSize;
    this.cells--;
    this.lastCellSize = 0;
    return cell;
  }

  /** Writes the page header; `rightChild` only for interior pages. */
  seal(rightChild = 0): Buffer {
    const b = this.bytes;
    b.writeUInt16BE(0, 1); // no freeblocks
    b.writeUInt16BE(this.cells, 3);
    b.writeUInt16BE(this.contentStart === 65536 ? 0 : this.contentStart, 5);
    b[7] = 0; // no fragmented bytes
    if (this.headerSize === 12) b.writeUInt32BE(rightChild, 8);
    // Zero the gap so the file is deterministic and holds no stale bytes.
    b.fill(0, this.headerSize + 2 * this.cells, this.contentStart);
    return b;
  }
}

/** Copies source[from, to) to out[at…]: a loop for short ranges (index entries), a native copy (no view allocated) for long ones. */
function copyBytes(source: Uint8Array, from: number, to: number, out: Buffer, at: number): void {
  if (to - from < 64) {
    for (let i = from; i < to; i++) out[at++] = source[i]!;
  } else {
    (Buffer.prototype as Buffer).copy.call(source, out, at, from, to); // Buffer.prototype is typed `any`
  }
}

/** How many payload bytes stay on the B-tree page (the rest goes to overflow pages): SQLite's formula. */
function localPayload(payload: number, maxLocal: number, minLocal: number, usable: number): number {
  if (payload <= maxLocal) return payload;
  const k = minLocal + ((payload - minLocal) % (usable - 4));
  return k <= maxLocal ? k : minLocal;
}

/** Writes `bytes[from, to)` as a chain of overflow pages; returns the first page's number. */
function writeOverflow(file: PageFile, scratch: Buffer, bytes: Uint8Array, from: number, to: number): number {
  if (!file.allowsOverflow) throw new Error('a record too big for its page cannot go through a page stream');
  const perPage = file.pageSize - 4;
  const first = file.nextPageNumber;
  let here = first;
  for (let at = from; at < to; at += perPage) {
    const end = Math.min(to, at + perPage);
    const next = end < to ? file.numberAfter(here) : 0;
    scratch.writeUInt32BE(next, 0);
    scratch.set(bytes.subarray(at, end), 4);
    scratch.fill(0, 4 + end - at);
    const landed = file.append(scratch);
    if (landed !== here) throw new Error(`overflow page landed on ${landed}, not ${here}`);
    here = next;
  }
  return first;
}

/**
 * A level of interior pages over `children`, separated by `dividers` (dividers[i] lies between children i
 * and i+1; its interior cell is the 4-byte child pointer followed by `dividers[i]`). Returns the pages'
 * contents, their right children being the last child of each group, and the dividers that go one
 * level up (the one after each page but the last).
 */
function packInterior(
  type: number,
  pageSize: number,
  children: readonly number[],
  dividers: readonly Uint8Array[],
): { pages: Buffer[]; promoted: Uint8Array[] } {
  const pages: Buffer[] = [];
  const promoted: Uint8Array[] = [];
  const m = dividers.length;
  const builder = new PageBuilder(pageSize);
  let first = 0;
  while (first <= m) {
    builder.reset(type);
    let i = first;
    for (let used = 0; i < m && builder.fits(used + 4 + dividers[i]!.length); i++) used += 2 + 4 + dividers[i]!.length;
    // Cells first … i-1 fit; child i is this page's right child and divider i goes up.
    if (i < m && i + 1 === m && i - 1 > first) i--; // leave the last page a cell of its own
    for (let k = first; k < i; k++) {
      const at = builder.place(4 + dividers[k]!.length);
      builder.bytes.writeUInt32BE(children[k]!, at);
      builder.bytes.set(dividers[k]!, at + 4);
    }
    pages.push(Buffer.from(builder.seal(children[i])));
    if (i < m) promoted.push(dividers[i]!);
    first = i + 1;
  }
  return { pages, promoted };
}

/** Builds the interior levels above `children` and puts the top page at `rootPage`. */
function finishTree(file: PageFile, type: number, rootPage: number, children: number[], dividers: Uint8Array[]): void {
  for (;;) {
    const { pages, promoted } = packInterior(type, file.pageSize, children, dividers);
    if (pages.length === 1) {
      file.flush();
      file.writeAt(rootPage, pages[0]!);
      return;
    }
    children = pages.map((page) => file.append(page));
    dividers = promoted;
  }
}

/** What both tree writers keep: where they write, the leaf being filled, the flushed children, payload limits. */
abstract class TreeWriter {
  protected readonly file: PageFile;
  protected readonly rootPage: number;
  protected readonly leaf: PageBuilder;
  protected readonly overflowScratch: Buffer;
  protected readonly maxLocal: number;
  protected readonly minLocal: number;
  protected readonly children: number[] = [];

  constructor(file: PageFile, rootPage: number, leafType: number, maxLocal: number) {
    this.file = file;
    this.rootPage = rootPage;
    this.leaf = new PageBuilder(file.pageSize);
    this.leaf.reset(leafType);
    this.overflowScratch = Buffer.alloc(file.pageSize);
    this.maxLocal = maxLocal;
    this.minLocal = Math.floor(((file.pageSize - 12) * 32) / 255) - 23;
  }
}

/** A table B-tree (rowid table) written from rows in ascending rowid order. */
export class TableTreeWriter extends TreeWriter {
  /** The largest rowid in each flushed leaf, as interior-cell keys. */
  private readonly keys: Uint8Array[] = [];
  private lastRowid = 0;

  constructor(file: PageFile, rootPage: number) {
    super(file, rootPage, TABLE_LEAF, file.pageSize - 35);
  }

  /** The leaf page being filled (placeRow writes into it). */
  get leafBytes(): Buffer {
    return this.leaf.bytes;
  }

  /**
   * Starts the row `rowid` whose record is `payload` bytes long, when it fits on a leaf without overflow:
   * returns the offset in leafBytes where the caller writes the record. Returns -1 otherwise (use append).
   */
  placeRow(rowid: number, payload: number): number {
    if (payload > this.maxLocal) return -1;
    const size = varintLength(payload) + varintLength(rowid) + payload;
    if (!this.leaf.fits(size)) this.flushLeaf();
    let at = this.leaf.place(size);
    at = writeVarint(this.leaf.bytes, at, payload);
    at = writeVarint(this.leaf.bytes, at, rowid);
    this.lastRowid = rowid;
    return at;
  }

  /** Appends the row `rowid` whose record (header + body) is `record[start, end)`. Rowids must increase. */
  append(rowid: number, record: Uint8Array, start: number, end: number): void {
    const payload = end - start;
    const local = localPayload(payload, this.maxLocal, this.minLocal, this.file.pageSize);
    const size = varintLength(payload) + varintLength(rowid) + local + (local < payload ? 4 : 0);
    if (!this.leaf.fits(size)) this.flushLeaf();
    // Overflow pages go out before the leaf that points at them; the leaf's own number is known only when it is flushed.
    const overflow = local < payload ? writeOverflow(this.file, this.overflowScratch, record, start + local, end) : 0;
    const page = this.leaf.bytes;
    let at = this.leaf.place(size);
    at = writeVarint(page, at, payload);
    at = writeVarint(page, at, rowid);
    copyBytes(record, start, start + local, page, at);
    if (overflow !== 0) page.writeUInt32BE(overflow, at + local);
    this.lastRowid = rowid;
  }

  private flushLeaf(): void {
    this.children.push(this.file.append(this.leaf.seal()));
    const key = Buffer.alloc(varintLength(this.lastRowid));
    writeVarint(key, 0, this.lastRowid);
    this.keys.push(key);
    this.leaf.reset(TABLE_LEAF);
  }

  finish(): void {
    if (this.children.length === 0) {
      this.file.flush();
      this.file.writeAt(this.rootPage, this.leaf.seal());
      return;
    }
    this.flushLeaf();
    this.keys.pop(); // the last leaf is a right child: no key
    finishTree(this.file, TABLE_INTERIOR, this.rootPage, this.children, this.keys);
  }
}

/** An index B-tree written from entries (records ending with the rowid) in ascending key order. */
export class IndexTreeWriter extends TreeWriter {
  private readonly dividers: Uint8Array[] = [];
  /**
   * An entry that did not fit the full leaf: it becomes the divider after that leaf once another entry
   * follows. If none does, the leaf gives up its last entry as the divider instead, so that no leaf is empty.
   */
  private pending: Uint8Array | null = null;

  constructor(file: PageFile, rootPage: number) {
    super(file, rootPage, INDEX_LEAF, Math.floor(((file.pageSize - 12) * 64) / 255) - 23);
  }

  private entryScratch = Buffer.alloc(256);

  /**
   * Appends the entry (key, rowid) of a one-column index on TEXT: `key[0, keyLength)` as UTF-8, or NULL
   * when keyLength is -1. The common small entry is written straight into the leaf page.
   */
  appendKey(key: Uint8Array | null, keyLength: number, rowid: number): void {
    const keyType = keyLength < 0 ? 0 : keyLength * 2 + 13;
    const rowidBytes = rowid === 1 ? 0 : rowid <= 127 ? 1 : rowid <= 32767 ? 2 : rowid <= 8388607 ? 3 : rowid <= 2147483647 ? 4 : 6;
    const headerSize = 2 + varintLength(keyType);
    const payload = headerSize + (keyLength > 0 ? keyLength : 0) + rowidBytes;
    // Straight into the leaf only when the entry stays whole on the page (below 128 bytes, its size is one varint byte).
    const direct = payload < 128 && payload <= this.maxLocal && this.pending === null && this.leaf.fits(1 + payload);
    if (!direct && payload + 16 > this.entryScratch.length) this.entryScratch = Buffer.alloc(2 * payload + 16);
    const out = direct ? this.leaf.bytes : this.entryScratch;
    const start = direct ? this.leaf.place(1 + payload) + 1 : 0;
    if (direct) out[start - 1] = payload;
    out[start] = headerSize;
    let at = writeVarint(out, start + 1, keyType);
    out[at++] = rowidBytes === 0 ? 9 : rowidBytes === 6 ? 5 : rowidBytes;
    for (let i = 0; i < keyLength; i++) out[at++] = key![i]!;
    // The rowid, big-endian (a division, not shifts, past 32 bits).
    for (let i = rowidBytes - 1, v = rowid; i >= 0; i--, v = Math.floor(v / 256)) out[at + i] = v % 256;
    if (!direct) this.append(out, 0, payload);
  }

  /** Appends one entry, `record[start, end)`; entries must come in index order. */
  append(record: Uint8Array, start: number, end: number): void {
    const payload = end - start;
    const local = localPayload(payload, this.maxLocal, this.minLocal, this.file.pageSize);
    const size = varintLength(payload) + local + (local < payload ? 4 : 0);
    if (this.pending !== null) {
      this.flushLeaf();
      this.dividers.push(this.pending);
      this.pending = null;
    }
    const overflow = local < payload ? writeOverflow(this.file, this.overflowScratch, record, start + local, end) : 0;
    if (!this.leaf.fits(size)) {
      const cell = Buffer.alloc(size);
      this.writeCell(cell, 0, record, start, payload, local, overflow);
      this.pending = cell;
      return;
    }
    this.writeCell(this.leaf.bytes, this.leaf.place(size), record, start, payload, local, overflow);
  }

  private writeCell(out: Buffer, at: number, record: Uint8Array, start: number, payload: number, local: number, overflow: number): void {
    at = writeVarint(out, at, payload);
    copyBytes(record, start, start + local, out, at);
    if (overflow !== 0) out.writeUInt32BE(overflow, at + local);
  }

  private flushLeaf(): void {
    this.children.push(this.file.append(this.leaf.seal()));
    this.leaf.reset(INDEX_LEAF);
  }

  finish(): void {
    if (this.pending !== null) {
      if (this.leaf.cells < 2) throw new Error('index leaf too small to split');
      const divider = this.leaf.unplaceLast();
      this.flushLeaf();
      this.dividers.push(divider);
      const cell = this.pending;
      this.pending = null;
      this.leaf.bytes.set(cell, this.leaf.place(cell.length));
    }
    if (this.children.length === 0) {
      this.file.flush();
      this.file.writeAt(this.rootPage, this.leaf.seal());
      return;
    }
    this.flushLeaf();
    finishTree(this.file, INDEX_INTERIOR, this.rootPage, this.children, this.dividers);
  }
}
