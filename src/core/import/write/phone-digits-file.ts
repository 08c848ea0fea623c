import type { AuxStore } from '../../query/aux-store.ts';
import { SideFile, storeSideFile } from './side-file.ts';
import { PHONE_DIGITS_AUX, PHONE_SLOT_BYTES } from '../../query/phone-digits.ts';

/**
 * Every call's client digits packed for the grid's phone search (src/core/query/phone-digits.ts: 8 bytes
 * a call, two digits a byte). The writer thread has each row's digits in hand as it writes the row, so it
 * packs them then into a side file (never held whole), and complete() stores the file in the dataset:
 * a phone search on a fresh 10M-row dataset then scans 80 MB of bytes instead of 10M index entries.
 */
export interface RecordedPhoneDigits {
  readonly path: string;
  /** Bytes: 8 × (rows + 1), slot 0 unused. */
  readonly length: number;
}

const BUFFER_ROWS = 1 << 16;

export class PhoneDigitsRecorder {
  private readonly file: SideFile;
  private readonly buffer = new Uint8Array(BUFFER_ROWS * PHONE_SLOT_BYTES).fill(0xff);
  private buffered = 1; // slot 0: no rowid 0
  private length = PHONE_SLOT_BYTES;

  constructor(path: string) {
    this.file = new SideFile(path);
  }

  /** The next row's digits (`length` ASCII digits at bytes[0…]; -1: no number). */
  add(bytes: Uint8Array, length: number): void {
    if (length > 0 && length <= 2 * PHONE_SLOT_BYTES) {
      // packDigits() for bytes, inlined: this runs once per imported row.
      const out = this.buffer;
      const at = this.buffered * PHONE_SLOT_BYTES;
      for (let i = 0; i + 1 < length; i += 2) out[at + (i >> 1)] = ((bytes[i]! - 48) << 4) | (bytes[i + 1]! - 48);
      if (length & 1) out[at + (length >> 1)] = ((bytes[length - 1]! - 48) << 4) | 0x0f;
    }
    this.length += PHONE_SLOT_BYTES;
    if (++this.buffered === BUFFER_ROWS) this.flush();
  }

  finish(): RecordedPhoneDigits {
    this.flush();
    this.file.close();
    return { path: this.file.path, length: this.length };
  }

  /** Closes and deletes the side file (a failed or cancelled import). */
  dispose(): void {
    this.file.dispose();
  }

  private flush(): void {
    if (this.buffered === 0) return;
    this.file.write(this.buffer, this.buffered * PHONE_SLOT_BYTES);
    this.buffer.fill(0xff, 0, this.buffered * PHONE_SLOT_BYTES);
    this.buffered = 0;
  }
}

/** Stores recorded digits in the dataset (as AuxStore keeps them), part by part; then deletes the side file. */
export function storePhoneDigits(store: AuxStore, recorded: RecordedPhoneDigits): void {
  storeSideFile(store, PHONE_DIGITS_AUX, recorded.path, recorded.length, (buffer, n) => new Uint8Array(buffer, 0, n), null);
}
