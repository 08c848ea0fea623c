import fs from 'node:fs';
import { AUX_PART_ELEMENTS, type AuxStore } from '../../query/aux-store.ts';
import { CLASSES_BY_TIME_AUX, CLASSES_BY_TIME_WIDE_AUX, STATUS_CLASSES_AUX, STATUS_CLASSES_WIDE_AUX, type StatusClass } from '../../query/status-classes.ts';
import type { ClassIdStore } from './class-ids.ts';

/**
 * Each call's status class — the helper the grid's side, reason and status filters, the counts and the
 * summary read (src/core/query/status-classes.ts). The scanning thread knows every row's class exactly
 * (it tagged the row), so it writes them to a side file (2 bytes a row; 4 when the file has more than
 * 65,535 classes) while it builds the facet indexes, and the writer stores them in the dataset at the end:
 * the first filter on a freshly imported 10M-row dataset then reads 20 MB instead of deriving them.
 *
 * Stored in the engine's form: indexed by rowid (slot 0 unused), the import's class ids as they are
 * (two ids may share a status code, e.g. for a status cell no code could be read from: the engine
 * counts by a class's facets, never by its id).
 */
export interface RecordedStatusClasses {
  readonly path: string;
  /** Elements stored: rows + 1 (slot 0). */
  readonly length: number;
  readonly wide: boolean;
  readonly classes: readonly StatusClass[];
  /** The same classes in time order (one per row, no slot 0), when they were recorded with the time order. */
  readonly byTime: { readonly path: string; readonly length: number } | null;
}

const BUFFER_ROWS = 1 << 16;

/** Writes the class of every row to `path`; null when a row's class is unknown (the engine then derives them). */
export function recordStatusClasses(path: string, ids: ClassIdStore, defined: readonly (StatusClass | undefined)[]): RecordedStatusClasses | null {
  const first = defined.find((c) => c !== undefined);
  if (first === undefined) return null;
  // Ids start at 1; an id no row has gets a stand-in (counted by no row).
  const classes = Array.from(defined, (c) => c ?? first);
  const wide = classes.length > 0xffff;
  const buffer = wide ? new Int32Array(BUFFER_ROWS) : new Uint16Array(BUFFER_ROWS);
  const fd = fs.openSync(path, 'w');
  try {
    const flush = (n: number): void => {
      const bytes = new Uint8Array(buffer.buffer, 0, n * buffer.BYTES_PER_ELEMENT);
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    };
    let n = 1; // slot 0: no rowid 0
    buffer[0] = 0;
    for (let row = 0; row < ids.length; row++) {
      const id = ids.get(row);
      if (id >= classes.length) throw new Error(`row ${row + 1} has class ${id}, which was never defined`);
      buffer[n++] = id;
      if (n === BUFFER_ROWS) {
        flush(n);
        n = 0;
      }
    }
    flush(n);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  return { path, length: ids.length + 1, wide, classes, byTime: null };
}

/**
 * Records each row's class in time order while the `_time` index is written (ScanIndexes feeds it the
 * rowids in that order): with it the grid's side, reason and status filters sorted by time, and the
 * counts and summary of a time range, read two arrays from start to end instead of jumping through
 * the rows (src/core/query/status-classes.ts, classesByTime).
 */
export class ClassesByTimeRecorder {
  private readonly path: string;
  private readonly ids: ClassIdStore;
  private readonly fd: number;
  private readonly buffer: Uint16Array | Int32Array;
  private buffered = 0;
  private length = 0;

  constructor(path: string, ids: ClassIdStore, wide: boolean) {
    this.path = path;
    this.ids = ids;
    this.fd = fs.openSync(path, 'w');
    this.buffer = wide ? new Int32Array(BUFFER_ROWS) : new Uint16Array(BUFFER_ROWS);
  }

  add(rowid: number): void {
    this.buffer[this.buffered++] = this.ids.get(rowid - 1);
    this.length++;
    if (this.buffered === BUFFER_ROWS) this.flush();
  }

  finish(): { path: string; length: number } {
    this.flush();
    fs.closeSync(this.fd);
    return { path: this.path, length: this.length };
  }

  dispose(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed by finish()
    }
    fs.rmSync(this.path, { force: true });
  }

  private flush(): void {
    const bytes = new Uint8Array(this.buffer.buffer, 0, this.buffered * this.buffer.BYTES_PER_ELEMENT);
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done);
    this.buffered = 0;
  }
}

/** Stores recorded status classes (and their time order) in the dataset, as AuxStore keeps them, part by part; then deletes the side files. */
export function storeStatusClasses(store: AuxStore, recorded: RecordedStatusClasses): void {
  storeSideFile(store, recorded.wide ? STATUS_CLASSES_WIDE_AUX : STATUS_CLASSES_AUX, recorded.path, recorded.length, recorded.wide, recorded.classes);
  if (recorded.byTime)
    storeSideFile(
      store,
      recorded.wide ? CLASSES_BY_TIME_WIDE_AUX : CLASSES_BY_TIME_AUX,
      recorded.byTime.path,
      recorded.byTime.length,
      recorded.wide,
      recorded.classes,
    );
}

function storeSideFile(store: AuxStore, name: string, path: string, length: number, wide: boolean, info: unknown): void {
  const fd = fs.openSync(path, 'r');
  try {
    const part = wide ? new Int32Array(AUX_PART_ELEMENTS) : new Uint16Array(AUX_PART_ELEMENTS);
    const size = part.BYTES_PER_ELEMENT;
    const parts = function* (): Iterable<Int32Array | Uint16Array> {
      for (let start = 0; start < length; start += AUX_PART_ELEMENTS) {
        const n = Math.min(AUX_PART_ELEMENTS, length - start);
        const bytes = new Uint8Array(part.buffer, 0, n * size);
        let done = 0;
        while (done < bytes.length) {
          const read = fs.readSync(fd, bytes, done, bytes.length - done, start * size + done);
          if (read === 0) throw new Error(`the recorded ${name} end early`);
          done += read;
        }
        yield part.subarray(0, n);
      }
    };
    store.writeParts(name, length, parts(), info);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
  }
}
