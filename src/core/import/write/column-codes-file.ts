import fs from 'node:fs';
import { AUX_PART_ELEMENTS, type AuxStore } from '../../query/aux-store.ts';
import { SideFile, storeSideFile } from './side-file.ts';
import { codesInfo, columnCodesAux, MAX_CODED_VALUES } from '../../query/column-codes.ts';
import { cellNumbers } from '../tag/byte-tagger.ts';
import { roleColumns } from '../tag/tags.ts';
import type { ColumnRole } from '../../../shared/import-types.ts';
import { ROW_HEADER_BYTES } from './row-block.ts';

/**
 * Every original column coded for the query engine (src/core/query/column-codes.ts: a code per rowid, 2
 * bytes, and the list of values), and the typed twins `_duration_s` and `_cost` that a range or a
 * number's equals compares: per-column conditions, filters, pickers, the summary's manager table and
 * sorts read them. Coding a column later costs one read of it through SQLite (~5 s at 10M rows); the
 * import has each cell's bytes in hand, so the first condition on a fresh 10M-row dataset reads 20 MB
 * instead of every row of the file.
 *
 * The codes are recorded on the scanning thread, from the row blocks it hands to the writer (the cells
 * as the writer stores them: UTF-8 TEXT, an empty cell as ''), not on the writer thread: the writer is
 * the import's critical path and the scanning thread waits on it. Chunks of codes go to the writer, which
 * keeps them in side files and stores them at the end. Codes are given in order of first appearance,
 * exactly as the query engine gives them; a column with more than 65,535 values is stored as "too many"
 * (queries on it use SQL), as the engine would store it, and costs nothing per row once that is known.
 */

/**
 * From this many source bytes (about 2M calls at ~136 bytes a call) the import codes every original column
 * and the typed twins; below it, the manager and site columns only. Recording costs the scanning thread
 * ~25-50 ns a cell of a column with few values: at 1M calls (136 MB) ~0.45 s of CPU, more than that
 * thread's slack on two cores, so the import's wall time went from 0.98x to 1.1x that of `sqlite3 .import`
 * (its target is 1.0x); while coding a column later costs the engine ~0.5 s a column there, and a first
 * condition by SQL ~0.3 s. From ~2M calls coding later costs over a second a column (~5 s at 10M), and the
 * import has room: 0.73x at 10M.
 */
export const CODE_EVERY_COLUMN_FROM_BYTES = 256 << 20;

/** Whether to code each column (ImportOptions.codeColumns). */
export function codedColumns(which: 'all' | 'roles', roles: readonly (ColumnRole | null)[]): boolean[] {
  return roles.map((role) => which === 'all' || role === 'manager' || role === 'site');
}

/** What the scanning thread recorded of an original column, handed to the writer at the end. */
export interface RecordedColumnCodes {
  readonly column: number;
  readonly name: string;
  /** Codes recorded: rows + 1 (slot 0). */
  readonly length: number;
  /** null: more values than the codes hold. */
  readonly values: readonly string[] | null;
}

/** A typed twin's codes, made from its original column's: code = remap[the column's code]. */
export interface RecordedTwinCodes {
  readonly column: number;
  readonly name: string;
  readonly remap: Uint16Array;
  readonly values: readonly (number | null)[];
}

export interface RecordedCodes {
  readonly columns: readonly RecordedColumnCodes[];
  readonly twins: readonly RecordedTwinCodes[];
}

/** Where recorded codes go: a chunk of a column's codes, in row order (the receiver may keep `codes`). */
export type SendCodes = (column: number, codes: Uint16Array) => void;

const BUFFER_ROWS = 1 << 16;
/**
 * A column of long distinct texts (free comments) would hold up to 65,535 of them until it is known to
 * have too many: past this many bytes of values the recorder stops and nothing is stored, and the engine
 * codes the column itself if a query ever needs it.
 */
const MAX_POOL_BYTES = 16 << 20;

/** A hash of bytes[start, end) (`view`: the same bytes), four bytes a step: each cell is read twice, here and where it is compared with the value it hashes to. */
export function cellHash(bytes: Uint8Array, view: DataView, start: number, end: number): number {
  let hash = end - start;
  let i = start;
  for (; i + 4 <= end; i += 4) hash = Math.imul(hash ^ view.getInt32(i, true), 0x9e3779b1) ^ (hash >>> 15);
  for (; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/** One original column's codes, from its cells' bytes. */
export class ColumnCodesRecorder {
  readonly column: number;
  private readonly name: string;
  private readonly send: SendCodes;
  private buffer = new Uint16Array(BUFFER_ROWS);
  private buffered = 1; // slot 0: no rowid 0
  private length = 1;
  private tooMany = false;
  private abandoned = false;
  // The values seen so far, as bytes in one pool, found through an open-addressing table of their
  // hashes: no string is made per row (this runs once per imported cell).
  private pool = new Uint8Array(1 << 16);
  private poolView = new DataView(this.pool.buffer);
  private poolEnd = 0;
  private starts = new Int32Array(MAX_CODED_VALUES + 1);
  private hashes = new Int32Array(MAX_CODED_VALUES);
  private count = 0;
  /** code + 1 per slot (0: empty); twice the codes at most, so it never fills. */
  private table = new Int32Array(1 << 17);

  /** `name`: the column's name in the dataset. */
  constructor(column: number, name: string, send: SendCodes) {
    this.column = column;
    this.name = name;
    this.send = send;
  }

  /** The next row's cell: bytes[start, end) (`view`: the same bytes). False once the column is not coded: no need to call again. */
  add(bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
    const hash = cellHash(bytes, view, start, end);
    const table = this.table;
    const mask = table.length - 1;
    let slot = hash & mask;
    let code = -1;
    for (;;) {
      const at = table[slot]! - 1;
      if (at < 0) break;
      if (this.hashes[at] === hash && this.same(at, bytes, view, start, end)) {
        code = at;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (code < 0) {
      if (this.count === MAX_CODED_VALUES) {
        this.stop(false);
        return false;
      }
      if (this.poolEnd + end - start > MAX_POOL_BYTES) {
        this.stop(true);
        return false;
      }
      code = this.count++;
      this.keep(bytes, start, end);
      this.hashes[code] = hash;
      table[slot] = code + 1;
    }
    this.buffer[this.buffered++] = code;
    this.length++;
    if (this.buffered === BUFFER_ROWS) this.flush();
    return true;
  }

  /** null: abandoned (nothing to store). `parse`: a typed twin's number of a cell (NaN: NULL), to code the twin too. */
  finish(twin: { readonly name: string; readonly parse: (bytes: Uint8Array, start: number, end: number) => number } | null): {
    readonly codes: RecordedColumnCodes | null;
    readonly twin: RecordedTwinCodes | null;
  } {
    if (this.abandoned) return { codes: null, twin: null };
    if (this.tooMany) return { codes: { column: this.column, name: this.name, length: 0, values: null }, twin: null };
    this.flush();
    const decoder = new TextDecoder();
    const values = Array.from({ length: this.count }, (_, code) => decoder.decode(this.pool.subarray(this.starts[code], this.starts[code + 1])));
    const codes = { column: this.column, name: this.name, length: this.length, values };
    return { codes, twin: twin && this.twinCodes(twin.name, twin.parse) };
  }

  /**
   * The twin's codes as the engine gives them (order of first appearance, NULL one value, 0 and -0 one
   * value as a Map holds them): this column's codes are in order of first appearance, so taking its values
   * in code order meets each number first where the rows first meet it.
   */
  private twinCodes(name: string, parse: (bytes: Uint8Array, start: number, end: number) => number): RecordedTwinCodes {
    const remap = new Uint16Array(this.count);
    const codeOf = new Map<number | null, number>();
    const values: (number | null)[] = [];
    for (let code = 0; code < this.count; code++) {
      const parsed = parse(this.pool, this.starts[code]!, this.starts[code + 1]!);
      const value = Number.isNaN(parsed) ? null : parsed;
      let twin = codeOf.get(value);
      if (twin === undefined) {
        twin = values.push(value) - 1;
        codeOf.set(value, twin);
      }
      remap[code] = twin;
    }
    return { column: this.column, name, remap, values };
  }

  /** Not coded from now on: too many values, or (abandoned) too many bytes of them. Its tables are let go. */
  private stop(abandoned: boolean): void {
    this.tooMany = true;
    this.abandoned = abandoned;
    this.pool = new Uint8Array(0);
    this.poolView = new DataView(this.pool.buffer);
    this.starts = new Int32Array(0);
    this.hashes = new Int32Array(0);
    this.table = new Int32Array(0);
    this.buffer = new Uint16Array(0);
  }

  private same(code: number, bytes: Uint8Array, view: DataView, start: number, end: number): boolean {
    const from = this.starts[code]!;
    const n = end - start;
    if (this.starts[code + 1]! - from !== n) return false;
    const pool = this.poolView;
    let i = 0;
    for (; i + 4 <= n; i += 4) if (pool.getInt32(from + i, true) !== view.getInt32(start + i, true)) return false;
    for (; i < n; i++) if (this.pool[from + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Appends a new value's bytes to the pool (code `count - 1`: it ends at starts[count]). */
  private keep(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.poolEnd + n > this.pool.length) {
      const grown = new Uint8Array(Math.max(2 * this.pool.length, this.poolEnd + n));
      grown.set(this.pool.subarray(0, this.poolEnd));
      this.pool = grown;
      this.poolView = new DataView(grown.buffer);
    }
    this.pool.set(bytes.subarray(start, end), this.poolEnd);
    this.poolEnd += n;
    this.starts[this.count] = this.poolEnd;
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.send(this.column, this.buffer.slice(0, this.buffered));
    this.buffered = 0;
  }
}

/**
 * The scanning thread's side: codes every original column from each row block before it goes to the
 * writer (row-block.ts layout), and at the end the typed twins from the duration and cost columns.
 */
export class BlockCodesRecorder {
  private readonly width: number;
  private readonly recorders: readonly ColumnCodesRecorder[];
  /** The recorders of the columns still coded: a column with too many values leaves, and costs nothing more per row. */
  private recording: ColumnCodesRecorder[];
  private readonly duration: number;
  private readonly cost: number;
  private readonly starts: Int32Array;

  /** `coded`: whether to code each column (codedColumns). */
  constructor(columns: readonly string[], roles: readonly (ColumnRole | null)[], coded: readonly boolean[], send: SendCodes) {
    this.width = columns.length;
    this.recorders = columns.flatMap((name, column) => (coded[column] ? [new ColumnCodesRecorder(column, name, send)] : []));
    this.recording = [...this.recorders];
    ({ duration: this.duration, cost: this.cost } = roleColumns(roles));
    this.starts = new Int32Array(columns.length + 1);
  }

  /** The rows of a block, in the order the writer writes them. */
  record(block: Uint8Array, used: number): void {
    if (this.recording.length === 0) return;
    const view = new DataView(block.buffer, block.byteOffset, used);
    const width = this.width;
    const starts = this.starts;
    let recording = this.recording;
    for (let row = 0; row < used;) {
      const fields = view.getUint32(row + 16, true);
      const lengths = row + ROW_HEADER_BYTES;
      let at = lengths + 4 * width;
      for (let i = 0; i < width; i++) {
        starts[i] = at;
        at += view.getUint32(lengths + 4 * i, true);
      }
      starts[width] = at;
      for (let i = 0; i < recording.length; i++) {
        const recorder = recording[i]!;
        const column = recorder.column;
        if (!recorder.add(block, view, starts[column]!, starts[column + 1]!)) {
          recording = recording.filter((other) => other !== recorder);
          this.recording = recording;
          i--;
        }
      }
      row = fields > width ? at + 4 + view.getUint32(at, true) : at;
    }
  }

  finish(): RecordedCodes {
    const columns: RecordedColumnCodes[] = [];
    const twins: RecordedTwinCodes[] = [];
    for (const recorder of this.recorders) {
      const column = recorder.column;
      const twin =
        column === this.duration
          ? { name: '_duration_s', parse: cellNumbers.duration }
          : column === this.cost
            ? { name: '_cost', parse: cellNumbers.cost }
            : null;
      const recorded = recorder.finish(twin);
      if (recorded.codes) columns.push(recorded.codes);
      if (recorded.twin) twins.push(recorded.twin);
    }
    return { columns, twins };
  }
}

/** The writer's side: the chunks of codes in a side file per column, stored by store(). */
export class ColumnCodesFiles {
  private readonly partialPath: string;
  private readonly files = new Map<number, SideFile>();

  constructor(partialPath: string) {
    this.partialPath = partialPath;
  }

  append(column: number, codes: Uint16Array): void {
    let file = this.files.get(column);
    if (file === undefined) {
      file = new SideFile(`${this.partialPath}-codes-${column}`);
      this.files.set(column, file);
    }
    file.write(codes, codes.length);
  }

  /** Stores the recorded codes of a dataset of `rows` calls (codes that do not cover them all are not stored); then deletes the side files. */
  store(store: AuxStore, recorded: RecordedCodes, rows: number): void {
    for (const file of this.files.values()) file.close();
    const pathOf = (column: number): string | null => this.files.get(column)?.path ?? null;
    const complete = (codes: RecordedColumnCodes): boolean => codes.values !== null && codes.length === rows + 1 && pathOf(codes.column) !== null;
    const byColumn = new Map(recorded.columns.map((codes) => [codes.column, codes]));
    for (const twin of recorded.twins) {
      const codes = byColumn.get(twin.column);
      if (codes && complete(codes)) storeTwinCodes(store, twin, pathOf(twin.column)!, codes.length);
    }
    for (const codes of recorded.columns) {
      if (codes.values === null) store.writeParts(columnCodesAux(codes.name), 0, [], { tooMany: true });
      else if (complete(codes)) {
        storeSideFile(
          store,
          columnCodesAux(codes.name),
          pathOf(codes.column)!,
          codes.length,
          (buffer, n) => new Uint16Array(buffer, 0, n),
          codesInfo(codes.values),
        );
      }
    }
    this.dispose();
  }

  /** Closes and deletes the side files (also a failed or cancelled import's). */
  dispose(): void {
    for (const file of this.files.values()) file.dispose();
    this.files.clear();
  }
}

/** A twin's codes, read from its column's side file part by part and mapped. */
function storeTwinCodes(store: AuxStore, twin: RecordedTwinCodes, path: string, length: number): void {
  const part = new Uint16Array(AUX_PART_ELEMENTS);
  const fd = fs.openSync(path, 'r');
  try {
    const parts = function* (): Iterable<Uint16Array> {
      for (let start = 0; start < length; start += AUX_PART_ELEMENTS) {
        const n = Math.min(AUX_PART_ELEMENTS, length - start);
        const bytes = new Uint8Array(part.buffer, 0, 2 * n);
        let done = 0;
        while (done < bytes.length) {
          const read = fs.readSync(fd, bytes, done, bytes.length - done, 2 * start + done);
          if (read === 0) throw new Error(`the recorded codes of ${twin.name} end early`);
          done += read;
        }
        const codes = part.subarray(0, n);
        for (let i = 0; i < n; i++) codes[i] = twin.remap[codes[i]!]!;
        yield codes;
      }
    };
    store.writeParts(columnCodesAux(twin.name), length, parts(), codesInfo(twin.values));
  } finally {
    fs.closeSync(fd);
  }
}
