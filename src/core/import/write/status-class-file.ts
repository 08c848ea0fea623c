import type { AuxStore } from '../../query/aux-store.ts';
import { SideFile, storeSideFile } from './side-file.ts';
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
  const file = new SideFile(path);
  try {
    const flush = (n: number): void => file.write(buffer, n);
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
    file.dispose();
    throw error;
  }
  file.close();
  return { path, length: ids.length + 1, wide, classes, byTime: null };
}

/**
 * Records each row's class in time order while the `_time` index is written (ScanIndexes feeds it the
 * rowids in that order): with it the grid's side, reason and status filters sorted by time, and the
 * counts and summary of a time range, read two arrays from start to end instead of jumping through
 * the rows (src/core/query/status-classes.ts, classesByTime).
 */
export class ClassesByTimeRecorder {
  private readonly file: SideFile;
  private readonly ids: ClassIdStore;
  private readonly buffer: Uint16Array | Int32Array;
  private buffered = 0;
  private length = 0;

  constructor(path: string, ids: ClassIdStore, wide: boolean) {
    this.file = new SideFile(path);
    this.ids = ids;
    this.buffer = wide ? new Int32Array(BUFFER_ROWS) : new Uint16Array(BUFFER_ROWS);
  }

  add(rowid: number): void {
    this.buffer[this.buffered++] = this.ids.get(rowid - 1);
    this.length++;
    if (this.buffered === BUFFER_ROWS) this.flush();
  }

  finish(): { path: string; length: number } {
    this.flush();
    this.file.close();
    return { path: this.file.path, length: this.length };
  }

  dispose(): void {
    this.file.dispose();
  }

  private flush(): void {
    this.file.write(this.buffer, this.buffered);
    this.buffered = 0;
  }
}

/** Stores recorded status classes (and their time order) in the dataset, as AuxStore keeps them, part by part; then deletes the side files. */
export function storeStatusClasses(store: AuxStore, recorded: RecordedStatusClasses): void {
  const makePart = (buffer: ArrayBuffer, n: number): Int32Array | Uint16Array => (recorded.wide ? new Int32Array(buffer, 0, n) : new Uint16Array(buffer, 0, n));
  storeSideFile(store, recorded.wide ? STATUS_CLASSES_WIDE_AUX : STATUS_CLASSES_AUX, recorded.path, recorded.length, makePart, recorded.classes);
  if (recorded.byTime)
    storeSideFile(
      store,
      recorded.wide ? CLASSES_BY_TIME_WIDE_AUX : CLASSES_BY_TIME_AUX,
      recorded.byTime.path,
      recorded.byTime.length,
      makePart,
      recorded.classes,
    );
}
