import fs from 'node:fs';
import Database from 'better-sqlite3';
import { SIDES, type Classification, type Side } from '../../../shared/status/index.ts';
import { partialPathOf, removePartialFiles, removeSqliteSideFiles } from '../../datasets/dataset-file.ts';
import { durableRename } from '../../durable-file.ts';
import { TableTreeWriter } from '../../sqlite-file/btree.ts';
import { appendStream, PageFile } from '../../sqlite-file/page-file.ts';
import { RecordBuilder } from '../../sqlite-file/record.ts';
import { varintLength, writeVarint } from '../../sqlite-file/varint.ts';
import { digitsKeyOfBytes, SpilledKeys, writeTimeOfKey } from './sort-keys.ts';
import { buildDigitsIndex, type BuiltStream, type ScanIndexRoots } from './scan-indexes.ts';
import { storeTimeOrder, type RecordedTimeOrder } from './time-order-file.ts';
import { storeStatusClasses, type RecordedStatusClasses } from './status-class-file.ts';
import { PhoneDigitsRecorder, storePhoneDigits } from './phone-digits-file.ts';
import { ColumnCodesFiles, type RecordedCodes } from './column-codes-file.ts';
import { AuxStore, datasetFingerprint } from '../../query/aux-store.ts';
import { cellNumbers } from '../tag/byte-tagger.ts';
import { SHAPE_COLUMNS, type ColumnRole } from '../../../shared/import-types.ts';
import { ROW_HEADER_BYTES, type PackedRowSink } from './row-block.ts';
import { roleColumns, TAG_COLUMNS } from '../tag/tags.ts';

/**
 * Writes one dataset file (docs/dataset-format.md), in the import's writer thread. SQLite creates the
 * file and its schema; the rows of `calls` and the `_client_digits` index are then written as B-tree
 * pages directly (src/core/sqlite-file), because binding ~20 values per row into an INSERT from
 * JavaScript costs more than all the rest of an import; the other four indexes come from the scanning
 * thread as a page stream (scan-indexes.ts); the rejected rows and the metadata go in through SQL at the
 * end. The file is `.partial` until complete() renames it.
 */

export const PAGE_SIZE = 16384;

/** The indexes the grid's filters use, built after the rows (docs/dataset-format.md). */
export const INDEXED_COLUMNS = ['_side', '_reason', '_status', '_time', '_client_digits'] as const;

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A status class's seven facet columns, encoded once and copied into each of its rows. */
interface EncodedClass {
  readonly side: Side;
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
  repaired = 0;
  private readonly width: number;
  private readonly roots: ReadonlyMap<string, number>;
  private fd: number | null;
  private readonly pages: PageFile;
  private readonly table: TableTreeWriter;
  private readonly facetEncoder = new RecordBuilder(7, 1024);
  private readonly classes: (EncodedClass | undefined)[] = [];
  private readonly clientNumber: number;
  private readonly managerNumber: number;
  private readonly duration: number;
  private readonly cost: number;
  /** Where each cell of the row being added starts in its block (and where the last one ends). */
  private readonly cellStarts: Int32Array;
  private readonly clientDigits = { bytes: new Uint8Array(64) };
  private readonly managerDigits = { bytes: new Uint8Array(64) };
  private readonly digitKeys: SpilledKeys;
  /** `_time` text written back from its key. */
  private readonly timeText = new Uint8Array(32);
  /** A record too big for a leaf page is assembled here, then split into overflow pages. */
  private scratch = Buffer.alloc(64 * 1024);
  private rejectedDb: Database.Database | null = null;
  /** The calls in time order, recorded by the scanning thread, stored for the grid by complete(). */
  private timeOrder: RecordedTimeOrder | null = null;
  /** Each call's status class, recorded by the scanning thread, stored for the grid by complete(). */
  private statusClasses: RecordedStatusClasses | null = null;
  /** Each call's client digits, packed for the grid's phone search as the rows are written; stored by complete(). */
  private readonly phoneDigits: PhoneDigitsRecorder;
  /** The columns' codes recorded by the scanning thread (column-codes-file.ts), kept here until complete() stores them. */
  private readonly columnCodes: ColumnCodesFiles;
  private insertRejected: Database.Statement | null = null;

  constructor(finalPath: string, columns: readonly string[], roles: readonly (ColumnRole | null)[]) {
    this.finalPath = finalPath;
    this.partialPath = partialPathOf(finalPath);
    this.width = columns.length;
    ({ clientNumber: this.clientNumber, managerNumber: this.managerNumber, duration: this.duration, cost: this.cost } = roleColumns(roles));
    this.digitKeys = new SpilledKeys(`${this.partialPath}-keys-digits`);
    this.cellStarts = new Int32Array(columns.length + 1);
    this.bySide = Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;
    this.removeFiles();
    this.roots = createSchema(this.partialPath, columns);
    this.phoneDigits = new PhoneDigitsRecorder(`${this.partialPath}-phone-digits`);
    this.columnCodes = new ColumnCodesFiles(this.partialPath);
    this.fd = fs.openSync(this.partialPath, 'r+');
    this.pages = new PageFile(this.fd, PAGE_SIZE);
    this.table = new TableTreeWriter(this.pages, this.roots.get('calls')!);
  }

  defineClass(id: number, c: Classification): void {
    const e = this.facetEncoder;
    if (c.code === null) e.null();
    else e.text(c.code);
    for (const leg of [c.manager, c.client])
      if (leg === null) e.null();
      else e.integer(leg);
    e.text(c.side);
    e.text(c.reason);
    e.integer(c.benign ? 1 : 0);
    e.text(c.origin);
    const { types, body } = e.takeFragment();
    const header = Buffer.alloc(types.reduce((sum, type) => sum + varintLength(type), 0));
    types.reduce((at, type) => writeVarint(header, at, type), 0);
    this.classes[id] = { side: c.side, header, body };
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
    const fields = view.getUint32(row + 16, true);
    const lengths = row + ROW_HEADER_BYTES;
    const cellsAt = lengths + 4 * width;
    const starts = this.cellStarts;
    let cellBytes = 0;
    for (let i = 0; i < width; i++) {
      starts[i] = cellsAt + cellBytes;
      cellBytes += view.getUint32(lengths + 4 * i, true);
    }
    starts[width] = cellsAt + cellBytes;
    // A repaired shape adds `_fields` and, for a long record, `_extra`: the last columns, so every other
    // record simply ends before them (SQLite reads a missing trailing column as NULL).
    const extraLength = fields > width ? view.getUint32(cellsAt + cellBytes, true) : -1;
    const extraAt = cellsAt + cellBytes + 4;
    const fieldsBytes = fields === 0 ? 0 : integerBytes(fields);
    const clientLength = this.phone(bytes, this.clientNumber, this.clientDigits);
    this.phoneDigits.add(this.clientDigits.bytes, clientLength);
    const managerLength = this.phone(bytes, this.managerNumber, this.managerDigits);
    const duration = this.duration < 0 ? NaN : cellNumbers.duration(bytes, starts[this.duration]!, starts[this.duration + 1]!);
    const cost = this.cost < 0 ? NaN : cellNumbers.cost(bytes, starts[this.cost]!, starts[this.cost + 1]!);
    const c = this.classes[classId]!;
    const timeLength = timeHi === 0 && timeLo === 0 ? -1 : writeTimeOfKey(timeHi, timeLo, this.timeText);

    // Sizes: header (serial types) and body.
    const lineBytes = integerBytes(line);
    let types =
      1 + c.header.length + 1 + varintLength(clientLength < 0 ? 0 : 2 * clientLength + 13) + varintLength(managerLength < 0 ? 0 : 2 * managerLength + 13) + 2;
    if (fields !== 0) types += 1 + (extraLength < 0 ? 0 : varintLength(2 * extraLength + 13));
    for (let i = 0; i < width; i++) {
      const n = starts[i + 1]! - starts[i]!;
      types += n < 58 ? 1 : varintLength(2 * n + 13);
    }
    const header = types + (types + 1 < 128 ? 1 : 2);
    const payload =
      header +
      lineBytes +
      cellBytes +
      c.body.length +
      (timeLength > 0 ? timeLength : 0) +
      (clientLength > 0 ? clientLength : 0) +
      (managerLength > 0 ? managerLength : 0) +
      (Number.isNaN(duration) ? 0 : 8) +
      (Number.isNaN(cost) ? 0 : 8) +
      fieldsBytes +
      (extraLength < 0 ? 0 : extraLength);

    const index = this.imported;
    const placed = this.table.placeRow(index + 1, payload);
    if (placed < 0 && this.scratch.length < payload) this.scratch = Buffer.alloc(2 * payload);
    const out = placed < 0 ? this.scratch : this.table.leafBytes;
    let at = placed < 0 ? 0 : placed;

    // Header.
    at = writeVarint(out, at, header);
    out[at++] = integerSerialType(lineBytes);
    for (let i = 0; i < width; i++) {
      const n = starts[i + 1]! - starts[i]!;
      if (n < 58) out[at++] = 2 * n + 13;
      else at = writeVarint(out, at, 2 * n + 13);
    }
    for (let i = 0; i < c.header.length; i++) out[at++] = c.header[i]!;
    out[at++] = timeLength < 0 ? 0 : 2 * timeLength + 13;
    at = writeVarint(out, at, clientLength < 0 ? 0 : 2 * clientLength + 13);
    at = writeVarint(out, at, managerLength < 0 ? 0 : 2 * managerLength + 13);
    out[at++] = Number.isNaN(duration) ? 0 : 7;
    out[at++] = Number.isNaN(cost) ? 0 : 7;
    if (fields !== 0) {
      out[at++] = integerSerialType(fieldsBytes);
      if (extraLength >= 0) at = writeVarint(out, at, 2 * extraLength + 13);
    }
    // Body.
    out.writeUIntBE(line, at, lineBytes);
    at += lineBytes;
    at = copyInto(out, at, bytes, cellsAt, cellBytes);
    at = copyInto(out, at, c.body, 0, c.body.length);
    if (timeLength > 0) at = copyInto(out, at, this.timeText, 0, timeLength);
    if (clientLength > 0) at = copyInto(out, at, this.clientDigits.bytes, 0, clientLength);
    if (managerLength > 0) at = copyInto(out, at, this.managerDigits.bytes, 0, managerLength);
    if (!Number.isNaN(duration)) at = out.writeDoubleBE(duration, at);
    if (!Number.isNaN(cost)) at = out.writeDoubleBE(cost, at);
    if (fields !== 0) {
      out.writeUIntBE(fields, at, fieldsBytes);
      at += fieldsBytes;
      if (extraLength >= 0) copyInto(out, at, bytes, extraAt, extraLength);
      this.repaired++;
    }
    if (placed < 0) this.table.append(index + 1, out, 0, payload);

    const keys = this.digitKeys;
    digitsKeyOfBytes(this.clientDigits.bytes, 0, clientLength, keys.keys, keys.at);
    keys.commit();
    this.bySide[c.side]++;
    this.imported++;
    return extraLength < 0 ? cellsAt + cellBytes : extraAt + extraLength;
  }

  /** The normalised digits of the phone cell in `column` (-1: no such column, or not a number). */
  private phone(bytes: Uint8Array, column: number, digits: { bytes: Uint8Array }): number {
    if (column < 0) return -1;
    const start = this.cellStarts[column]!,
      end = this.cellStarts[column + 1]!;
    if (digits.bytes.length <= end - start) digits.bytes = new Uint8Array(2 * (end - start + 1));
    return cellNumbers.phone(bytes, start, end, digits.bytes);
  }

  /** A chunk of a column's codes, from the scanning thread (column-codes-file.ts BlockCodesRecorder). */
  addCodes(column: number, codes: Uint16Array): void {
    this.columnCodes.append(column, codes);
  }

  /** Rejected rows wait in a side database and are copied in by complete(). */
  reject(line: number, reason: string, raw: string): void {
    if (this.insertRejected === null) this.openSide();
    this.insertRejected!.run(line, reason, raw);
    this.rejected++;
  }

  private openSide(): void {
    const db = new Database(`${this.partialPath}-rejected`);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec('CREATE TABLE rejected (line INTEGER, reason TEXT, raw TEXT); BEGIN');
    this.rejectedDb = db;
    this.insertRejected = db.prepare('INSERT INTO rejected (line, reason, raw) VALUES (?, ?, ?)');
  }

  /**
   * Completes the calls table (its interior pages) and puts it on disk; returns the file's page count
   * and the root pages of the indexes the scanning thread builds meanwhile (ScanIndexes).
   */
  finishRows(): { pageCount: number; roots: ScanIndexRoots } {
    this.table.finish();
    this.pages.flush();
    const root = (column: string): number => this.roots.get(indexName(column))!;
    return { pageCount: this.pages.pageCount, roots: { time: root('_time'), side: root('_side'), reason: root('_reason'), status: root('_status') } };
  }

  /** Writes the `_client_digits` index after the table (while the scanning thread builds the other four). */
  buildDigitsIndex(): void {
    buildDigitsIndex(this.pages, this.roots.get(indexName('_client_digits'))!, this.digitKeys, this.imported);
    this.pages.flush();
    this.digitKeys.dispose();
  }

  /** Appends the scanning thread's indexes (its page stream) after the digits index. */
  appendScanIndexes(stream: BuiltStream): void {
    appendStream(this.pages, stream.path, stream.roots);
    fs.rmSync(stream.path, { force: true });
    this.timeOrder = stream.timeOrder;
    this.statusClasses = stream.statusClasses;
  }

  /** Makes the file valid for SQLite, adds rejected rows and meta (values JSON-encoded), marks it complete, renames it. */
  complete(meta: Readonly<Record<string, unknown>>, codes: RecordedCodes): void {
    this.pages.finishHeader();
    fs.closeSync(this.fd!);
    this.fd = null;
    const db = new Database(this.partialPath);
    try {
      db.pragma('synchronous = OFF');
      // The helpers stored below are ~20 bytes a row of new pages, written once: a page cache of 2 MB (this
      // build's default is 16 MB, which they would fill) spills them a little sooner and costs nothing else.
      db.pragma('cache_size = -2000');
      // The records of repaired calls already hold these two values past the last column; SQLite adds the
      // columns to the schema alone (no row is read), and only files with such calls get them.
      if (this.repaired > 0) db.exec(ADD_SHAPE_COLUMNS);
      if (this.rejectedDb) {
        this.rejectedDb.exec('COMMIT');
        this.rejectedDb.close();
        this.rejectedDb = null;
        db.prepare('ATTACH DATABASE ? AS side').run(`${this.partialPath}-rejected`);
        db.exec('INSERT INTO rejected (line, reason, raw) SELECT line, reason, raw FROM side.rejected ORDER BY rowid');
        db.exec('DETACH DATABASE side');
      }
      const store = new AuxStore(db, datasetFingerprint(meta['imported_at'], meta['source_sha256'], this.imported), true);
      if (this.timeOrder !== null) {
        storeTimeOrder(store, this.timeOrder);
        this.timeOrder = null;
      }
      if (this.statusClasses !== null) {
        storeStatusClasses(store, this.statusClasses);
        this.statusClasses = null;
      }
      storePhoneDigits(store, this.phoneDigits.finish());
      this.columnCodes.store(store, codes, this.imported);
      const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        for (const [key, value] of Object.entries(meta)) put.run(key, JSON.stringify(value));
        put.run('complete', JSON.stringify('1')); // JSON like every meta value: the text "1"
      })();
    } finally {
      db.close();
    }
    fs.rmSync(`${this.partialPath}-rejected`, { force: true });
    // The side files of a file this one replaces go first: a hot journal would roll old pages into it.
    removeSqliteSideFiles(this.finalPath);
    // Flushed before and after the rename: a finished dataset survives a power cut (issue 10, item 12).
    durableRename(this.partialPath, this.finalPath);
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
    this.digitKeys.dispose();
    this.phoneDigits.dispose();
    this.columnCodes.dispose();
    this.removeFiles();
  }

  private removeFiles(): void {
    removePartialFiles(this.finalPath);
  }
}

const indexName = (column: string): string => `calls${column}`;

/** The shape columns, in the order addPackedRow writes their values. */
const ADD_SHAPE_COLUMNS = `ALTER TABLE calls ADD COLUMN ${quoteIdent(SHAPE_COLUMNS.fields)} INTEGER; ALTER TABLE calls ADD COLUMN ${quoteIdent(SHAPE_COLUMNS.extra)} TEXT;`;

/** Bytes of a positive integer as SQLite stores it (serial types 1-4 and 5: 1, 2, 3, 4 and 6 bytes). */
const integerBytes = (v: number): number => (v <= 127 ? 1 : v <= 32767 ? 2 : v <= 8388607 ? 3 : v <= 2147483647 ? 4 : 6);
const integerSerialType = (bytes: number): number => (bytes === 6 ? 5 : bytes);

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
