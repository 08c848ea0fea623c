/**
 * Imported rows travel from the scanning thread to the writing thread in blocks of bytes: a block is
 * one ArrayBuffer, handed over without copying (transferred), holding rows in a compact binary form —
 * the tag values as numbers, the cells as UTF-8. Packing a row costs about what copying its bytes does,
 * far less than the structured clone of an array of strings.
 *
 * Row layout (little-endian):
 *   0  u32 line             4  u32 class id
 *   8  i32 time key hi     12  i32 time key lo      (sort-keys.ts; 0, 0 = no time)
 *  16  f64 duration        24  f64 cost             (NaN = none; the parsers never return NaN)
 *  32  i32 client digits length   36  i32 manager digits length   (-1 = none)
 *  40  u32 × width cell lengths
 *  then the client digits, the manager digits and the cells, as bytes.
 */

import { timeKey } from './sort-keys.ts';

export const ROW_HEADER_BYTES = 40;
const BLOCK_BYTES = 1 << 20;

/** Tag values of a row, as RowTagger.fill writes them: class id, _time, _client_digits, _manager_digits, _duration_s, _cost. */
export type RowTags = unknown[];

export class RowPacker {
  private readonly width: number;
  private readonly onBlock: (block: ArrayBuffer, used: number, rows: number) => void;
  private bytes!: Uint8Array;
  private view!: DataView;
  private used = 0;
  private rows = 0;
  private readonly timeScratch = new Int32Array(2);

  constructor(width: number, onBlock: (block: ArrayBuffer, used: number, rows: number) => void) {
    this.width = width;
    this.onBlock = onBlock;
    this.newBlock(BLOCK_BYTES);
  }

  private newBlock(size: number): void {
    // Its own ArrayBuffer (never Node's shared pool), so it can be transferred.
    this.bytes = new Uint8Array(new ArrayBuffer(size));
    this.view = new DataView(this.bytes.buffer);
    this.used = 0;
    this.rows = 0;
  }

  /** Hands the current block over (if it holds rows) and starts a new one. */
  flush(minimumSize = BLOCK_BYTES): void {
    if (this.rows > 0) this.onBlock(this.bytes.buffer as ArrayBuffer, this.used, this.rows);
    this.newBlock(Math.max(BLOCK_BYTES, minimumSize));
  }

  /** Makes room for a row of at most `bytes` bytes. */
  private reserve(bytes: number): void {
    if (this.used + bytes > this.bytes.length) this.flush(bytes);
  }

  /** A row whose cells are UTF-8 byte ranges `source[starts[i], ends[i])`. */
  addBytes(line: number, tags: RowTags, source: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    let cellBytes = 0;
    for (let i = 0; i < this.width; i++) cellBytes += ends[i]! - starts[i]!;
    let at = this.writeHeader(line, tags, cellBytes);
    const out = this.bytes;
    const lengths = this.used + ROW_HEADER_BYTES;
    for (let i = 0; i < this.width; i++) {
      const start = starts[i]!, end = ends[i]!;
      this.view.setUint32(lengths + 4 * i, end - start, true);
      if (end - start < 64) for (let k = start; k < end; k++) out[at++] = source[k]!;
      else {
        out.set(source.subarray(start, end), at);
        at += end - start;
      }
    }
    this.endRow(at);
  }

  /** A row whose cells are strings (XLSX, or a record that took the careful path). */
  addStrings(line: number, tags: RowTags, cells: readonly string[]): void {
    let cellBytes = 0;
    for (let i = 0; i < this.width; i++) cellBytes += 3 * (cells[i]?.length ?? 0);
    let at = this.writeHeader(line, tags, cellBytes);
    const lengths = this.used + ROW_HEADER_BYTES;
    const encoder = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    for (let i = 0; i < this.width; i++) {
      const written = encoder.write(cells[i] ?? '', at);
      this.view.setUint32(lengths + 4 * i, written, true);
      at += written;
    }
    this.endRow(at);
  }

  /** Reserves room and writes everything before the cells; returns where the cells go. */
  private writeHeader(line: number, tags: RowTags, cellBytes: number): number {
    const client = tags[2] as string | null;
    const manager = tags[3] as string | null;
    const digitBytes = (client?.length ?? 0) + (manager?.length ?? 0);
    this.reserve(ROW_HEADER_BYTES + 4 * this.width + digitBytes + cellBytes);
    const v = this.view;
    const row = this.used;
    v.setUint32(row, line, true);
    v.setUint32(row + 4, tags[0] as number, true);
    timeKey(tags[1] as string | null, this.timeScratch, 0);
    v.setInt32(row + 8, this.timeScratch[0]!, true);
    v.setInt32(row + 12, this.timeScratch[1]!, true);
    v.setFloat64(row + 16, (tags[4] as number | null) ?? NaN, true);
    v.setFloat64(row + 24, (tags[5] as number | null) ?? NaN, true);
    v.setInt32(row + 32, client === null ? -1 : client.length, true);
    v.setInt32(row + 36, manager === null ? -1 : manager.length, true);
    let at = row + ROW_HEADER_BYTES + 4 * this.width;
    // Phone digits are ASCII (normalisePhone keeps 0-9 only).
    const out = this.bytes;
    if (client !== null) for (let i = 0; i < client.length; i++) out[at++] = client.charCodeAt(i);
    if (manager !== null) for (let i = 0; i < manager.length; i++) out[at++] = manager.charCodeAt(i);
    return at;
  }

  private endRow(end: number): void {
    this.used = end;
    this.rows++;
  }
}

/** What the writer does with each unpacked row (DatasetWriter.addPackedRow). */
export interface PackedRowSink {
  addPackedRow(block: Uint8Array, view: DataView, row: number, width: number): number;
}

/** Feeds every row of a block to the writer. */
export function unpackRows(block: ArrayBuffer, used: number, width: number, sink: PackedRowSink): void {
  const bytes = new Uint8Array(block, 0, used);
  const view = new DataView(block, 0, used);
  for (let row = 0; row < used;) row = sink.addPackedRow(bytes, view, row, width);
}
