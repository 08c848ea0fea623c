/**
 * Imported rows travel from the scanning thread to the writing thread in blocks of bytes: a block is
 * a slot of shared memory (or, for a row too big for a slot, a buffer handed over without copying),
 * holding rows in a compact binary form: what the scanning thread worked out as numbers, the cells as
 * UTF-8. Packing a row costs about what copying its bytes does, far less than the structured clone of
 * an array of strings.
 *
 * Row layout (little-endian):
 *   0  u32 line             4  u32 class id
 *   8  i32 time key hi     12  i32 time key lo      (sort-keys.ts; 0, 0 = no time)
 *  16  u32 fields the record had: 0 when it had `width` (a repaired shape otherwise, records.ts)
 *  20  u32 × width cell lengths, then the cells, as bytes;
 *      when fields > width: u32 length, then the extra cells as a JSON array (UTF-8).
 */

import type { TagValues } from '../tag/byte-tagger.ts';
import type { RepairedShape } from '../tag/records.ts';
import { CallsightError } from '../../../shared/result.ts';
import { MESSAGES } from '../../messages.ts';

/** The largest line number a row block holds (an unsigned 32-bit field). */
export const MAX_LINE = 0xffffffff;

export const ROW_HEADER_BYTES = 20;
export const BLOCK_BYTES = 1 << 20;

/** Where blocks come from and go to: reused buffers, so a million rows allocate nothing per block. */
export interface BlockChannel {
  /** A block to fill, at least `size` bytes. */
  take(size: number): Uint8Array;
  /** A filled block: its first `used` bytes are rows. */
  give(block: Uint8Array, used: number): void;
}

export class RowPacker {
  private readonly width: number;
  private readonly channel: BlockChannel;
  private bytes!: Uint8Array;
  private view!: DataView;
  /** The same block as a Buffer, for writing strings as UTF-8. */
  private text!: Buffer;
  private used = 0;
  private rows = 0;
  /** Sees each block before it goes (column-codes-file.ts BlockCodesRecorder): on this thread, while the writer is busy. */
  private readonly beforeGive: (block: Uint8Array, used: number) => void;

  constructor(width: number, channel: BlockChannel, beforeGive: (block: Uint8Array, used: number) => void = () => undefined) {
    this.width = width;
    this.channel = channel;
    this.beforeGive = beforeGive;
    this.newBlock(BLOCK_BYTES);
  }

  private newBlock(size: number): void {
    this.bytes = this.channel.take(size);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    this.text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length);
    this.used = 0;
    this.rows = 0;
  }

  /** Hands the current block over (if it holds rows) and starts a new one. */
  flush(minimumSize = BLOCK_BYTES): void {
    if (this.rows > 0) {
      this.beforeGive(this.bytes, this.used);
      this.channel.give(this.bytes, this.used);
      this.newBlock(Math.max(BLOCK_BYTES, minimumSize));
    } else if (minimumSize > this.bytes.length) {
      this.newBlock(minimumSize);
    }
  }

  /** Makes room for a row of at most `bytes` bytes. */
  private reserve(bytes: number): void {
    if (this.used + bytes > this.bytes.length) this.flush(bytes);
  }

  /** A row whose cells are UTF-8 byte ranges `source[starts[i], ends[i])`. */
  addBytes(line: number, tags: TagValues, source: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    let cellBytes = 0;
    for (let i = 0; i < this.width; i++) cellBytes += ends[i]! - starts[i]!;
    let at = this.writeHeader(line, tags, cellBytes);
    const out = this.bytes;
    const lengths = this.used + ROW_HEADER_BYTES;
    for (let i = 0; i < this.width; i++) {
      const start = starts[i]!,
        end = ends[i]!;
      this.view.setUint32(lengths + 4 * i, end - start, true);
      if (end - start < 64) for (let k = start; k < end; k++) out[at++] = source[k]!;
      else {
        out.set(source.subarray(start, end), at);
        at += end - start;
      }
    }
    this.endRow(at);
  }

  /** A row whose cells are strings (XLSX, or a record that took the careful path), maybe of a repaired shape. */
  addStrings(line: number, tags: TagValues, cells: readonly string[], shape: RepairedShape | null = null): void {
    let cellBytes = 0;
    for (let i = 0; i < this.width; i++) cellBytes += 3 * (cells[i]?.length ?? 0);
    const extra = shape?.extra ? JSON.stringify(shape.extra) : null;
    if (extra !== null) cellBytes += 4 + 3 * extra.length;
    let at = this.writeHeader(line, tags, cellBytes, shape?.found ?? 0);
    const lengths = this.used + ROW_HEADER_BYTES;
    for (let i = 0; i < this.width; i++) {
      const written = this.text.write(cells[i] ?? '', at);
      this.view.setUint32(lengths + 4 * i, written, true);
      at += written;
    }
    if (extra !== null) {
      const written = this.text.write(extra, at + 4);
      this.view.setUint32(at, written, true);
      at += 4 + written;
    }
    this.endRow(at);
  }

  /** Reserves room and writes everything before the cells; returns where the cells go. */
  private writeHeader(line: number, tags: TagValues, cellBytes: number, fields = 0): number {
    // Lines (and so rows) are numbered in 32 bits here and in the sort runs: past that, stop, never wrap.
    if (line > MAX_LINE) throw new CallsightError('unsupported-file', MESSAGES.tooManyLines);
    this.reserve(ROW_HEADER_BYTES + 4 * this.width + cellBytes);
    const v = this.view;
    const row = this.used;
    v.setUint32(row, line, true);
    v.setUint32(row + 4, tags.classId, true);
    v.setInt32(row + 8, tags.time[0]!, true);
    v.setInt32(row + 12, tags.time[1]!, true);
    v.setUint32(row + 16, fields, true);
    return row + ROW_HEADER_BYTES + 4 * this.width;
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
export function unpackRows(block: Uint8Array, used: number, width: number, sink: PackedRowSink): void {
  const view = new DataView(block.buffer, block.byteOffset, used);
  for (let row = 0; row < used;) row = sink.addPackedRow(block, view, row, width);
}

/** Blocks for a writer in the same thread: one buffer, unpacked as soon as it is full. */
export class LocalBlocks implements BlockChannel {
  private block = new Uint8Array(BLOCK_BYTES);
  private readonly unpack: (block: Uint8Array, used: number) => void;

  constructor(unpack: (block: Uint8Array, used: number) => void) {
    this.unpack = unpack;
  }

  take(size: number): Uint8Array {
    if (size > this.block.length) this.block = new Uint8Array(size);
    return this.block;
  }

  give(block: Uint8Array, used: number): void {
    this.unpack(block, used);
  }
}
