import fs from 'node:fs';

/**
 * SQLite keeps the page that holds byte offset 2^30 (the "pending byte") for file locks and never uses
 * it for data (https://www.sqlite.org/fileformat2.html#the_lock_byte_page; on Windows the OS locks that
 * range, so the page cannot even be read). Any file over 1 GB must leave it out of every B-tree.
 */
export const PENDING_BYTE = 0x40000000;

/** The 1-based number of the lock-byte page at `pageSize`. */
export function lockBytePage(pageSize: number): number {
  return Math.floor(PENDING_BYTE / pageSize) + 1;
}

/**
 * Raw page I/O on a closed SQLite database file, for the bulk B-tree writers: new pages are appended in
 * page-number order through a large write buffer (one write per ~1 MB instead of one per page), and a
 * table's or index's root page — allocated earlier by CREATE TABLE / CREATE INDEX — is overwritten in place.
 */
export class PageFile {
  readonly pageSize: number;
  protected readonly fd: number;
  /** Pages in the file, counting the ones still in the buffer. */
  private pages: number;
  private readonly buffer: Buffer;
  private buffered = 0;
  private readonly bufferPages: number;
  /** The page append() skips (0 in a PageStream, whose pages are renumbered when appended). */
  readonly skippedPage: number;

  constructor(fd: number, pageSize: number, bufferBytes = 1 << 20) {
    this.fd = fd;
    this.pageSize = pageSize;
    this.skippedPage = this.isDatabaseFile ? lockBytePage(pageSize) : 0;
    const size = fs.fstatSync(fd).size;
    if (size % pageSize !== 0) throw new Error(`database size ${size} is not a multiple of the page size ${pageSize}`);
    this.pages = size / pageSize;
    this.bufferPages = Math.max(1, Math.floor(bufferBytes / pageSize));
    this.buffer = Buffer.alloc(this.bufferPages * pageSize);
  }

  get pageCount(): number {
    return this.pages;
  }

  /** False for a PageStream, whose pages are relocated later: overflow pointers could not be. */
  get allowsOverflow(): boolean {
    return true;
  }

  /** True when the pages are a SQLite database's own (so the lock-byte page is left out). */
  protected get isDatabaseFile(): boolean {
    return true;
  }

  /** The number the page appended after page `n` will get. */
  numberAfter(n: number): number {
    return n + 1 === this.skippedPage ? n + 2 : n + 1;
  }

  /** The number the next append() will return. */
  get nextPageNumber(): number {
    return this.numberAfter(this.pages);
  }

  /** Appends one page (exactly pageSize bytes are taken from `page`); returns its 1-based number. */
  append(page: Uint8Array): number {
    // The lock-byte page stays in the file (SQLite counts it) but holds nothing: zeros.
    if (this.pages + 1 === this.skippedPage) this.put(ZERO_PAGE);
    this.put(page);
    return this.pages;
  }

  private put(page: Uint8Array): void {
    this.buffer.set(page.subarray(0, this.pageSize), this.buffered * this.pageSize);
    this.buffered++;
    this.pages++;
    if (this.buffered === this.bufferPages) this.flush();
  }

  /** Overwrites an existing page (a root page made by SQLite). */
  writeAt(pageNumber: number, page: Uint8Array): void {
    if (pageNumber === this.skippedPage) throw new Error(`page ${pageNumber} is the lock-byte page`);
    if (pageNumber > this.pages - this.buffered) throw new Error(`page ${pageNumber} is not on disk yet`);
    writeFully(this.fd, page.subarray(0, this.pageSize), (pageNumber - 1) * this.pageSize);
  }

  flush(): void {
    if (this.buffered === 0) return;
    writeFully(this.fd, this.buffer.subarray(0, this.buffered * this.pageSize), (this.pages - this.buffered) * this.pageSize);
    this.buffered = 0;
  }

  /**
   * Makes SQLite trust the new size: the header's page count (offset 28) is only believed when the
   * "version-valid-for" number (92) equals the change counter (24), so both are bumped together.
   */
  finishHeader(): void {
    this.flush();
    const header = Buffer.alloc(100);
    fs.readSync(this.fd, header, 0, 100, 0);
    const counter = (header.readUInt32BE(24) + 1) >>> 0;
    header.writeUInt32BE(counter, 24);
    header.writeUInt32BE(this.pages, 28);
    header.writeUInt32BE(counter, 92);
    writeFully(this.fd, header, 0);
  }
}

/** Zeros for the lock-byte page, at the largest page size. */
const ZERO_PAGE = Buffer.alloc(65536);

function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
}

const TABLE_INTERIOR = 0x05;
const INDEX_INTERIOR = 0x02;

/**
 * Pages written to a file of their own, numbered from 1, to be appended to a database later at an
 * offset not yet known (so two threads can build B-trees at once). Root pages are kept aside. Only
 * trees without overflow pages may go through a stream: then the only page numbers in it are the child
 * pointers of interior pages, which appendStream renumbers to where the pages land.
 */
export class PageStream extends PageFile {
  readonly roots = new Map<number, Buffer>();

  override get allowsOverflow(): boolean {
    return false;
  }

  /** A stream's pages are numbered 1… in a file of their own; appendStream renumbers them, skipping the lock-byte page there. */
  protected override get isDatabaseFile(): boolean {
    return false;
  }

  override writeAt(pageNumber: number, page: Uint8Array): void {
    this.roots.set(pageNumber, Buffer.from(page.subarray(0, this.pageSize)));
  }

  /** Closes the stream's file; appendStream reads it from there. */
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/**
 * Appends the pages of a stream file (PageStream, now closed) to `target`, child pointers renumbered to
 * where they land, then writes the stream's roots, renumbered the same way, at their page numbers.
 */
export function appendStream(target: PageFile, streamPath: string, roots: ReadonlyMap<number, Uint8Array>): void {
  const fd = fs.openSync(streamPath, 'r');
  try {
    const pageSize = target.pageSize;
    const count = fs.fstatSync(fd).size / pageSize;
    const placeOf = landingPlaces(target, count);
    const page = Buffer.alloc(pageSize);
    for (let n = 1; n <= count; n++) {
      fs.readSync(fd, page, 0, pageSize, (n - 1) * pageSize);
      relocate(page, placeOf);
      const landed = target.append(page);
      if (landed !== placeOf(n)) throw new Error(`stream page ${n} landed on ${landed}, not ${placeOf(n)}`);
    }
    target.flush();
    for (const [root, content] of roots) {
      const copy = Buffer.from(content);
      relocate(copy, placeOf);
      target.writeAt(root, copy);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Where stream page n (1…count) lands in `target`: after its last page, stepping over the lock-byte page. */
function landingPlaces(target: PageFile, count: number): (n: number) => number {
  const base = target.pageCount;
  const skipped = target.skippedPage > base ? target.skippedPage : Infinity;
  return (n) => {
    if (!(n >= 1 && n <= count)) throw new Error(`child page ${n} is not in the stream (1…${count})`);
    return base + n >= skipped ? base + n + 1 : base + n;
  };
}

/** Renumbers the child page numbers of an interior B-tree page; other pages are left as they are. */
function relocate(page: Buffer, placeOf: (n: number) => number): void {
  const type = page[0];
  if (type !== TABLE_INTERIOR && type !== INDEX_INTERIOR) return;
  const cells = page.readUInt16BE(3);
  page.writeUInt32BE(placeOf(page.readUInt32BE(8)), 8);
  for (let i = 0; i < cells; i++) {
    const at = page.readUInt16BE(12 + 2 * i);
    page.writeUInt32BE(placeOf(page.readUInt32BE(at)), at);
  }
}
