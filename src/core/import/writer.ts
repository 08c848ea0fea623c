import fs from 'node:fs';
import Database from 'better-sqlite3';
import { SIDES, type Classification, type Side } from '../../shared/status/index.ts';
import { partialPathOf, removePartialFiles } from '../datasets/dataset-file.ts';
import { IndexTreeWriter, TableTreeWriter } from '../sqlite-file/btree.ts';
import { PageFile, PageStream } from '../sqlite-file/page-file.ts';
import { RecordBuilder } from '../sqlite-file/record.ts';
import { varintLength, writeVarint } from '../sqlite-file/varint.ts';
import { writeTimeOfKey } from './sort-keys.ts';
import type { KeyedRoots } from './keyed-indexes.ts';
import { ROW_HEADER_BYTES, type PackedRowSink } from './row-block.ts';
import { TAG_COLUMNS } from './tags.ts';

/**
 * Writes one dataset file (docs/dataset-format.md). SQLite creates the file and its schema; the rows
 * of `calls` and the entries of its five indexes are then written as B-tree pages directly
 * (src/core/sqlite-file), because binding ~20 values per row into an INSERT from JavaScript costs more
 * than all the rest of an import; the rejected rows and the metadata go in through SQL at the end.
 * The file is `.partial` until complete() renames it.
 */

export const PAGE_SIZE = 16384;

/** The indexes the grid's filters use, built after the rows (docs/dataset-format.md). */
export const INDEXED_COLUMNS = ['_side', '_reason', '_status', '_time', '_client_digits'] as const;
type ClassFacet = '_side' | '_reason' | '_status';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A status class's seven facet columns, encoded once and copied into each of its rows. */
interface EncodedClass {
  readonly side: Side;
  readonly facets: Readonly<Record<ClassFacet, string | null>>;
  /** The facets' serial types, as header bytes. */
  readonly header: Buffer;
  readonly body: Buffer;
}

export class DatasetWriter implements PackedRowSink {
  readonly finalPath: string;
  readonly partialPath: string;
  readonly bySide: Record<Side, number>;
  imported = 0;
  rejected = 0;
  private readonly width: number;
  private readonly roots: ReadonlyMap<string, number>;
  private fd: number | null;
  private pages: PageFile;
  private readonly table: TableTreeWriter;
  private readonly facetEncoder = new RecordBuilder(7, 1024);
  private readonly classes: (EncodedClass | undefined)[] = [];
  private classOfRow = new Uint16Array(1 << 16);
  /** The status-facet indexes, built into a stream of their own while the scanning thread writes the other two. */
  private classIndexes: PageStream | null = null;
  /** `_time` text written back from its key. */
  private readonly timeText = new Uint8Array(32);
  /** A record too big for a leaf page is assembled here, then split into overflow pages. */
  private scratch = Buffer.alloc(64 * 1024);
  private rejectedDb: Database.Database | null = null;
  private insertRejected: Database.Statement | null = null;

  constructor(finalPath: string, columns: readonly string[]) {
    this.finalPath = finalPath;
    this.partialPath = partialPathOf(finalPath);
    this.width = columns.length;
    this.bySide = Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;
    this.removeFiles();
    this.roots = createSchema(this.partialPath, columns);
    this.fd = fs.openSync(this.partialPath, 'r+');
    this.pages = new PageFile(this.fd, PAGE_SIZE);
    this.table = new TableTreeWriter(this.pages, this.roots.get('calls')!);
  }

  defineClass(id: number, c: Classification): void {
    const e = this.facetEncoder;
    if (c.code === null) e.null(); else e.text(c.code);
    for (const leg of [c.manager, c.client]) if (leg === null) e.null(); else e.integer(leg);
    e.text(c.side);
    e.text(c.reason);
    e.integer(c.benign ? 1 : 0);
    e.text(c.origin);
    const { types, body } = e.takeFragment();
    const header = Buffer.alloc(types.reduce((sum, type) => sum + varintLength(type), 0));
    types.reduce((at, type) => writeVarint(header, at, type), 0);
    this.classes[id] = { side: c.side, facets: { _side: c.side, _reason: c.reason, _status: c.code }, header, body };
  }

  /**
   * Adds the row packed at `row` in a block (row-block.ts); returns where the next row starts.
   * The SQLite record is assembled in place — in the leaf page when it fits there, which it nearly
   * always does — from parts whose sizes are all known up front: the cells are already contiguous
   * UTF-8 in the block (one copy), the status facets were encoded once per class.
   */
  addPackedRow(bytes: Uint8Array, view: DataView, row: number, width: number): number {
    const line = view.getUint32(row, true);
    const classId = view.getUint32(row + 4, true);
    const timeHi = view.getInt32(row + 8, true);
    const timeLo = view.getInt32(row + 12, true);
    const duration = view.getFloat64(row + 16, true);
    const cost = view.getFloat64(row + 24, true);
    const clientLength = view.getInt32(row + 32, true);
    const managerLength = view.getInt32(row + 36, true);
    const lengths = row + ROW_HEADER_BYTES;
    const clientAt = lengths + 4 * width;
    const managerAt = clientAt + (clientLength > 0 ? clientLength : 0);
    const cellsAt = managerAt + (managerLength > 0 ? managerLength : 0);
    const c = this.classes[classId]!;
    const timeLength = timeHi === 0 && timeLo === 0 ? -1 : writeTimeOfKey(timeHi, timeLo, this.timeText);

    // Sizes: header (serial types) and body.
    const lineBytes = line <= 127 ? 1 : line <= 32767 ? 2 : line <= 8388607 ? 3 : line <= 2147483647 ? 4 : 6;
    let types = 1 + c.header.length + 1 + varintLength(clientLength < 0 ? 0 : 2 * clientLength + 13)
      + varintLength(managerLength < 0 ? 0 : 2 * managerLength + 13) + 2;
    let cellBytes = 0;
    for (let i = 0; i < width; i++) {
      const n = view.getUint32(lengths + 4 * i, true);
      cellBytes += n;
      types += n < 58 ? 1 : varintLength(2 * n + 13);
    }
    const header = types + (types + 1 < 128 ? 1 : 2);
    const payload = header + lineBytes + cellBytes + c.body.length + (timeLength > 0 ? timeLength : 0)
      + (clientLength > 0 ? clientLength : 0) + (managerLength > 0 ? managerLength : 0)
      + (Number.isNaN(duration) ? 0 : 8) + (Number.isNaN(cost) ? 0 : 8);

    const index = this.imported;
    const placed = this.table.placeRow(index + 1, payload);
    if (placed < 0 && this.scratch.length < payload) this.scratch = Buffer.alloc(2 * payload);
    const out = placed < 0 ? this.scratch : this.table.leafBytes;
    let at = placed < 0 ? 0 : placed;

    // Header.
    at = writeVarint(out, at, header);
    out[at++] = lineBytes === 6 ? 5 : lineBytes; // serial types 1-4: 1-4 byte integers; 5: 6 bytes
    for (let i = 0; i < width; i++) {
      const n = view.getUint32(lengths + 4 * i, true);
      if (n < 58) out[at++] = 2 * n + 13;
      else at = writeVarint(out, at, 2 * n + 13);
    }
    for (let i = 0; i < c.header.length; i++) out[at++] = c.header[i]!;
    out[at++] = timeLength < 0 ? 0 : 2 * timeLength + 13;
    at = writeVarint(out, at, clientLength < 0 ? 0 : 2 * clientLength + 13);
    at = writeVarint(out, at, managerLength < 0 ? 0 : 2 * managerLength + 13);
    out[at++] = Number.isNaN(duration) ? 0 : 7;
    out[at++] = Number.isNaN(cost) ? 0 : 7;
    // Body.
    out.writeUIntBE(line, at, lineBytes);
    at += lineBytes;
    at = copyInto(out, at, bytes, cellsAt, cellBytes);
    at = copyInto(out, at, c.body, 0, c.body.length);
    if (timeLength > 0) at = copyInto(out, at, this.timeText, 0, timeLength);
    if (clientLength > 0) at = copyInto(out, at, bytes, clientAt, clientLength);
    if (managerLength > 0) at = copyInto(out, at, bytes, managerAt, managerLength);
    if (!Number.isNaN(duration)) at = out.writeDoubleBE(duration, at);
    if (!Number.isNaN(cost)) at = out.writeDoubleBE(cost, at);
    if (placed < 0) this.table.append(index + 1, out, 0, payload);

    if (index === this.classOfRow.length) this.growClassOfRow();
    this.classOfRow[index] = classId;
    this.bySide[c.side]++;
    this.imported++;
    return cellsAt + cellBytes;
  }

  private growClassOfRow(): void {
    const grown = new Uint16Array(this.classOfRow.length * 2);
    grown.set(this.classOfRow);
    this.classOfRow = grown;
  }

  /** Rejected rows wait in a side database and are copied in by complete(). */
  reject(line: number, reason: string, raw: string): void {
    if (this.insertRejected === null) {
      const db = new Database(`${this.partialPath}-rejected`);
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.exec('CREATE TABLE rejected (line INTEGER, reason TEXT, raw TEXT); BEGIN');
      this.rejectedDb = db;
      this.insertRejected = db.prepare('INSERT INTO rejected (line, reason, raw) VALUES (?, ?, ?)');
    }
    this.insertRejected.run(line, reason, raw);
    this.rejected++;
  }

  /**
   * Completes the calls table (its interior pages) and puts it on disk; returns the file's page count
   * and the roots of the two indexes the scanning thread builds (KeyedIndexes).
   */
  finishRows(): { pageCount: number; roots: KeyedRoots } {
    this.table.finish();
    this.pages.flush();
    return { pageCount: this.pages.pageCount, roots: { time: this.roots.get(indexName('_time'))!, digits: this.roots.get(indexName('_client_digits'))! } };
  }

  /**
   * Builds the indexes on `_side`, `_reason` and `_status` — counting sorts by status class — into a
   * page stream, while the scanning thread appends the other two indexes to the file.
   */
  buildClassIndexes(): void {
    const stream = new PageStream(fs.openSync(`${this.partialPath}-class-indexes`, 'w+'), PAGE_SIZE);
    this.classIndexes = stream;
    const n = this.imported;
    for (const column of ['_side', '_reason', '_status'] as const) {
      const tree = new IndexTreeWriter(stream, this.roots.get(indexName(column))!);
      const { order, rankOfClass, keys } = this.rowsByFacet(column);
      const classOfRow = this.classOfRow;
      for (let i = 0; i < n; i++) {
        const row = order[i]!;
        const key = keys[rankOfClass[classOfRow[row]!]!]!;
        tree.appendKey(key, key === null ? -1 : key.length, row + 1);
      }
      tree.finish();
    }
    stream.flush();
  }

  /** Appends the status-facet indexes after whatever the scanning thread wrote. */
  appendClassIndexes(): void {
    const stream = this.classIndexes!;
    this.pages = new PageFile(this.fd!, PAGE_SIZE); // the file grew in the other thread
    stream.appendTo(this.pages);
    stream.close();
    this.classIndexes = null;
    fs.rmSync(`${this.partialPath}-class-indexes`, { force: true });
  }

  /** Rows in the order of one status facet (NULL first, then by bytes), ties in row order: a counting sort by class. */
  private rowsByFacet(column: ClassFacet): { order: Uint32Array; rankOfClass: Uint32Array; keys: (Buffer | null)[] } {
    const values = [...new Set(this.classes.filter((c) => c !== undefined).map((c) => c.facets[column]))]
      .map((value) => (value === null ? null : Buffer.from(value)))
      .sort((a, b) => (a === null ? -1 : b === null ? 1 : Buffer.compare(a, b)));
    const rankOf = new Map(values.map((value, rank) => [value?.toString() ?? null, rank]));
    const rankOfClass = new Uint32Array(this.classes.length);
    this.classes.forEach((c, id) => { if (c) rankOfClass[id] = rankOf.get(c.facets[column])!; });
    const n = this.imported;
    const classOfRow = this.classOfRow;
    const starts = new Uint32Array(values.length + 1);
    for (let row = 0; row < n; row++) starts[rankOfClass[classOfRow[row]!]! + 1]!++;
    for (let k = 1; k <= values.length; k++) starts[k]! += starts[k - 1]!;
    const order = new Uint32Array(n);
    for (let row = 0; row < n; row++) order[starts[rankOfClass[classOfRow[row]!]!]!++] = row;
    return { order, rankOfClass, keys: values };
  }

  /** Makes the file valid for SQLite, adds rejected rows and meta (values JSON-encoded), marks it complete, renames it. */
  complete(meta: Readonly<Record<string, unknown>>): void {
    this.pages.finishHeader();
    fs.closeSync(this.fd!);
    this.fd = null;
    const db = new Database(this.partialPath);
    try {
      db.pragma('synchronous = OFF');
      if (this.rejectedDb) {
        this.rejectedDb.exec('COMMIT');
        this.rejectedDb.close();
        this.rejectedDb = null;
        db.prepare('ATTACH DATABASE ? AS side').run(`${this.partialPath}-rejected`);
        db.exec('INSERT INTO rejected (line, reason, raw) SELECT line, reason, raw FROM side.rejected ORDER BY rowid; DETACH DATABASE side');
      }
      const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        for (const [key, value] of Object.entries(meta)) put.run(key, JSON.stringify(value));
        put.run('complete', JSON.stringify('1')); // JSON like every meta value: the text "1"
      })();
    } finally {
      db.close();
    }
    fs.rmSync(`${this.partialPath}-rejected`, { force: true });
    fs.renameSync(this.partialPath, this.finalPath);
  }

  /** Closes and deletes the partial file and its side files (failure or cancel). Safe to call twice. */
  abort(): void {
    try {
      if (this.fd !== null) fs.closeSync(this.fd);
      this.rejectedDb?.close();
    } catch {
      // closing a broken file must not hide the original error
    }
    this.fd = null;
    this.rejectedDb = null;
    try {
      this.classIndexes?.close();
    } catch {
      // already closed
    }
    this.removeFiles();
  }

  private removeFiles(): void {
    removePartialFiles(this.finalPath);
  }
}

const indexName = (column: string): string => `calls${column}`;

/** Copies source[from, from + n) to out[at…]; returns the end. A loop below a few dozen bytes, where a native call costs more. */
function copyInto(out: Buffer, at: number, source: Uint8Array, from: number, n: number): number {
  if (n < 48) {
    for (let i = 0; i < n; i++) out[at + i] = source[from + i]!;
  } else {
    out.set(source.subarray(from, from + n), at);
  }
  return at + n;
}

/** Creates the empty file with its schema; returns the root page of `calls` and of each index. */
function createSchema(file: string, columns: readonly string[]): Map<string, number> {
  const db = new Database(file);
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`);
    const tagDefs = TAG_COLUMNS.map(([name, type]) => `${quoteIdent(name)} ${type}`);
    const columnDefs = columns.map((name) => `${quoteIdent(name)} TEXT`);
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
      CREATE TABLE rejected (line INTEGER, reason TEXT, raw TEXT);
      CREATE TABLE calls (_line INTEGER, ${[...columnDefs, ...tagDefs].join(', ')});
      ${INDEXED_COLUMNS.map((column) => `CREATE INDEX ${quoteIdent(indexName(column))} ON calls (${quoteIdent(column)});`).join('\n')}
    `);
    const rows = db.prepare("SELECT name, rootpage FROM sqlite_schema WHERE type IN ('table', 'index')").all() as { name: string; rootpage: number }[];
    return new Map(rows.map((row) => [row.name, row.rootpage]));
  } finally {
    db.close();
  }
}
