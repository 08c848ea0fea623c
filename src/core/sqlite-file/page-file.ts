import fs from 'node:fs';

/**
 * Raw page I/O on a closed SQLite database file, for the bulk B-tree writers: new pages are appended in
 * page-number order through a large write buffer (one write per ~1 MB instead of one per page), and a
 * table's or index's root page — allocated earlier by CREATE TABLE / CREATE INDEX — is overwritten in place.
 */
export class PageFile {
  readonly pageSize: number;
  private readonly fd: number;
  /** Pages in the file, counting the ones still in the buffer. */
  private pages: number;
  private readonly buffer: Buffer;
  private buffered = 0;
  private readonly bufferPages: number;

  constructor(fd: number, pageSize: number, bufferBytes = 1 << 20) {
    this.fd = fd;
    this.pageSize = pageSize;
    const size = fs.fstatSync(fd).size;
    if (size % pageSize !== 0) throw new Error(`database size ${size} is not a multiple of the page size ${pageSize}`);
    this.pages = size / pageSize;
    this.bufferPages = Math.max(1, Math.floor(bufferBytes / pageSize));
    this.buffer = Buffer.alloc(this.bufferPages * pageSize);
  }

  get pageCount(): number {
    return this.pages;
  }

  /** Appends one page (exactly pageSize bytes are taken from `page`); returns its 1-based number. */
  append(page: Uint8Array): number {
    this.buffer.set(page.subarray(0, this.pageSize), this.buffered * this.pageSize);
    this.buffered++;
    this.pages++;
    if (this.buffered === this.bufferPages) this.flush();
    return this.pages;
  }

  /** Overwrites an existing page (a root page made by SQLite). */
  writeAt(pageNumber: number, page: Uint8Array): void {
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

function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
}
