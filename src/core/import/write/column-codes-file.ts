import fs from 'node:fs';
import type { AuxStore } from '../../query/aux-store.ts';
import { SideFile, storeSideFile } from './side-file.ts';
import { columnCodesAux, MAX_CODED_VALUES } from '../../query/column-codes.ts';

/**
 * The manager and site columns coded for the grid (src/core/query/column-codes.ts: a code per rowid, 2
 * bytes, and the list of values): their filters, pickers, the summary's manager table and their sorts
 * read it. The writer thread has each cell's bytes in hand as it writes the row, so it codes them then
 * into a side file, and complete() stores it in the dataset: the first summary of a fresh 10M-row
 * dataset then reads 20 MB instead of every row of the file. Codes are given in order of first
 * appearance, exactly as the query engine gives them; a column with more than 65,535 values is stored
 * as "too many" (queries on it use SQL), as the engine would store it.
 */
export interface RecordedColumnCodes {
  readonly name: string;
  readonly path: string;
  /** Elements: rows + 1 (slot 0), or 0 when the column has too many values. */
  readonly length: number;
  readonly values: readonly string[] | null;
}

const BUFFER_ROWS = 1 << 16;

export class ColumnCodesRecorder {
  private readonly name: string;
  private readonly file: SideFile;
  private readonly buffer = new Uint16Array(BUFFER_ROWS);
  private buffered = 1; // slot 0: no rowid 0
  private length = 1;
  private tooMany = false;
  // The values seen so far, as bytes in one pool, found through an open-addressing table of their
  // hashes: no string is made per row (this runs once per imported row on the writer thread).
  private pool = new Uint8Array(1 << 16);
  private poolEnd = 0;
  private readonly starts = new Int32Array(MAX_CODED_VALUES + 1);
  private readonly hashes = new Int32Array(MAX_CODED_VALUES);
  private count = 0;
  /** code + 1 per slot (0: empty); twice the codes at most, so it never fills. */
  private readonly table = new Int32Array(1 << 17);

  /** `column`: the column's name in the dataset. */
  constructor(path: string, column: string) {
    this.name = columnCodesAux(column);
    this.file = new SideFile(path);
  }

  /** The next row's cell: bytes[start, end). */
  add(bytes: Uint8Array, start: number, end: number): void {
    if (this.tooMany) return;
    let hash = 0x811c9dc5 | 0; // FNV-1a, as an int32 like the stored hashes (an empty cell keeps this value)
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const table = this.table;
    const mask = table.length - 1;
    let slot = hash & mask;
    let code = -1;
    for (;;) {
      const at = table[slot]! - 1;
      if (at < 0) break;
      if (this.hashes[at] === hash && this.same(at, bytes, start, end)) {
        code = at;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (code < 0) {
      if (this.count === MAX_CODED_VALUES) {
        this.tooMany = true;
        return;
      }
      code = this.count++;
      this.keep(bytes, start, end);
      this.hashes[code] = hash;
      table[slot] = code + 1;
    }
    this.buffer[this.buffered++] = code;
    this.length++;
    if (this.buffered === BUFFER_ROWS) this.flush();
  }

  finish(): RecordedColumnCodes {
    this.flush();
    this.file.close();
    const path = this.file.path;
    if (this.tooMany) return { name: this.name, path, length: 0, values: null };
    const decoder = new TextDecoder();
    const values = Array.from({ length: this.count }, (_, code) => decoder.decode(this.pool.subarray(this.starts[code], this.starts[code + 1])));
    return { name: this.name, path, length: this.length, values };
  }

  /** Closes and deletes the side file (a failed or cancelled import). */
  dispose(): void {
    this.file.dispose();
  }

  private same(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[code]!;
    if (this.starts[code + 1]! - from !== end - start) return false;
    const pool = this.pool;
    for (let i = 0; i < end - start; i++) if (pool[from + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Appends a new value's bytes to the pool (code `count - 1`). */
  private keep(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.poolEnd + n > this.pool.length) {
      const grown = new Uint8Array(Math.max(2 * this.pool.length, this.poolEnd + n));
      grown.set(this.pool.subarray(0, this.poolEnd));
      this.pool = grown;
    }
    this.pool.set(bytes.subarray(start, end), this.poolEnd);
    this.poolEnd += n;
    this.starts[this.count] = this.poolEnd;
  }

  private flush(): void {
    if (this.buffered === 0 || this.tooMany) return;
    this.file.write(this.buffer, this.buffered);
    this.buffered = 0;
  }
}

/** Stores recorded codes in the dataset (as AuxStore keeps them), part by part; then deletes the side file. */
export function storeColumnCodes(store: AuxStore, recorded: RecordedColumnCodes): void {
  if (recorded.values === null) {
    fs.rmSync(recorded.path, { force: true });
    store.writeParts(recorded.name, 0, [], { tooMany: true });
    return;
  }
  storeSideFile(store, recorded.name, recorded.path, recorded.length, (buffer, n) => new Uint16Array(buffer, 0, n), { values: recorded.values });
}
