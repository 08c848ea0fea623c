import type { AuxStore } from '../../query/aux-store.ts';
import { SideFile, storeSideFile } from './side-file.ts';
import { TIME_ORDER_AUX, type HourSpan } from '../../query/time-order.ts';
import { writeTimeOfKey } from './sort-keys.ts';

/**
 * The calls' rowids in time order and where each hour starts — the helper the grid pages, time ranges
 * and charts read (src/core/query/time-order.ts). The import has this order for free while it writes the
 * `_time` index, so it records it then (to a side file, 4 bytes a row, never held whole) and stores it in
 * the dataset at the end: the first open of even a 10M-row dataset then reads it instead of deriving it.
 */
export interface RecordedTimeOrder {
  readonly path: string;
  readonly length: number;
  readonly hours: readonly HourSpan[];
}

const BUFFER_ROWS = 1 << 16;

export class TimeOrderRecorder {
  private readonly file: SideFile;
  private readonly buffer = new Int32Array(BUFFER_ROWS);
  private buffered = 0;
  private length = 0;
  private readonly hours: HourSpan[] = [];
  /** The `hi` of the time key of the hour being counted (NaN before the first row). */
  private hourKey = Number.NaN;
  private readonly text = new Uint8Array(32);

  constructor(path: string) {
    this.file = new SideFile(path);
  }

  /** The next row in `_time` index order: its key (hi, lo; 0, 0 for no time) and its rowid. */
  add(hi: number, lo: number, rowid: number): void {
    // A time key's `hi` is the date and the hour (sort-keys.ts): a new hi is a new hour, or the first time after the NULLs.
    const noTime = hi === 0 && lo === 0;
    const key = noTime ? -1 : hi;
    if (key !== this.hourKey) {
      this.hourKey = key;
      const hour = noTime
        ? null
        : Buffer.from(this.text.subarray(0, writeTimeOfKey(hi, lo, this.text)))
            .toString('latin1')
            .slice(0, 13);
      this.hours.push({ hour, start: this.length, count: 0 });
    }
    (this.hours[this.hours.length - 1] as { count: number }).count++;
    this.buffer[this.buffered++] = rowid;
    this.length++;
    if (this.buffered === BUFFER_ROWS) this.flush();
  }

  finish(): RecordedTimeOrder {
    this.flush();
    this.file.close();
    return { path: this.file.path, length: this.length, hours: this.hours };
  }

  /** Closes and deletes the side file (a failed or cancelled import). */
  dispose(): void {
    this.file.dispose();
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.file.write(this.buffer, this.buffered);
    this.buffered = 0;
  }
}

/** Stores a recorded time order in the dataset (as AuxStore keeps it), part by part; then deletes the side file. */
export function storeTimeOrder(store: AuxStore, recorded: RecordedTimeOrder): void {
  storeSideFile(store, TIME_ORDER_AUX, recorded.path, recorded.length, (buffer, n) => new Int32Array(buffer, 0, n), recorded.hours);
}
