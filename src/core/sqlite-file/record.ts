import { varintLength, writeVarint } from './varint.ts';

/**
 * Builds SQLite records (https://www.sqlite.org/fileformat2.html#record_format): a header of serial
 * types, then the values. The body is written first, after room left for the largest possible header,
 * and the header is then put right before it, so a record is one contiguous range of `bytes`.
 */
export class RecordBuilder {
  bytes: Buffer;
  private readonly headerRoom: number;
  private readonly types: number[] = [];
  private end: number;

  constructor(maxColumns: number, initialBytes = 64 * 1024) {
    // Each serial type takes at most 9 bytes, plus the header's own length.
    this.headerRoom = 9 * (maxColumns + 1);
    this.bytes = Buffer.alloc(Math.max(initialBytes, this.headerRoom * 2));
    this.end = this.headerRoom;
  }

  /** Room for `n` more body bytes. */
  ensure(n: number): void {
    if (this.end + n <= this.bytes.length) return;
    const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.end + n));
    this.bytes.copy(grown, 0, 0, this.end);
    this.bytes = grown;
  }

  null(): void {
    this.types.push(0);
  }

  integer(value: number): void {
    if (value === 0 || value === 1) {
      this.types.push(value + 8); // format 4: the constants 0 and 1 take no body bytes
      return;
    }
    let length: number, type: number;
    if (value >= -128 && value <= 127) {
      length = 1;
      type = 1;
    } else if (value >= -32768 && value <= 32767) {
      length = 2;
      type = 2;
    } else if (value >= -8388608 && value <= 8388607) {
      length = 3;
      type = 3;
    } else if (value >= -2147483648 && value <= 2147483647) {
      length = 4;
      type = 4;
    } else if (value >= -(2 ** 47) && value < 2 ** 47) {
      length = 6;
      type = 5;
    } else {
      length = 8;
      type = 6;
    }
    this.ensure(8);
    if (length === 8) this.bytes.writeBigInt64BE(BigInt(value), this.end);
    else this.bytes.writeIntBE(value, this.end, length);
    this.end += length;
    this.types.push(type);
  }

  real(value: number): void {
    this.ensure(8);
    this.bytes.writeDoubleBE(value, this.end);
    this.end += 8;
    this.types.push(7);
  }

  /** A JavaScript string, stored as UTF-8 text. */
  text(value: string): void {
    this.ensure(value.length * 3);
    const written = this.bytes.write(value, this.end);
    this.end += written;
    this.types.push(written * 2 + 13);
  }

  /** Takes the values added so far as a fragment (serial types and body) to be spliced into records later, instead of finishing a record. */
  takeFragment(): { types: number[]; body: Buffer } {
    const fragment = { types: [...this.types], body: Buffer.from(this.bytes.subarray(this.headerRoom, this.end)) };
    this.types.length = 0;
    this.end = this.headerRoom;
    return fragment;
  }

  /** Where the last finished record ends in `bytes`. */
  recordEnd = 0;

  /** Completes the record; returns where it starts in `bytes` (it ends at recordEnd). The builder is then ready for the next one. */
  finish(): number {
    const types = this.types;
    let headerSize = 0;
    for (const type of types) headerSize += varintLength(type);
    headerSize += varintLength(headerSize + 1) === 1 ? 1 : varintLength(headerSize + 2);
    const start = this.headerRoom - headerSize;
    let at = writeVarint(this.bytes, start, headerSize);
    for (const type of types) at = writeVarint(this.bytes, at, type);
    this.recordEnd = this.end;
    types.length = 0;
    this.end = this.headerRoom;
    return start;
  }
}
