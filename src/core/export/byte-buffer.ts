import type { OutputFile } from './output-file.ts';

/**
 * Bytes gathered into a large buffer and handed to the file in big pieces: a writer puts each cell's
 * bytes straight in (no string per line or per chunk, no Buffer per write). Two buffers take turns, so
 * one is filled while the file takes the other, and neither is reused before the file has it.
 */
const SIZE = 4 * 1024 * 1024;
/** Flushed between chunks once this full: a chunk of rows (2,000) rarely needs more than the rest. */
const FLUSH_AT = SIZE - 1024 * 1024;

export class ByteBuffer {
  readonly #out: OutputFile;
  readonly #spare: Buffer[] = [Buffer.allocUnsafe(SIZE)];
  #pending: Promise<void> | null = null;
  /** The buffer being filled; public with `at` so a hot loop writes without a call per byte. */
  bytes: Buffer = Buffer.allocUnsafe(SIZE);
  at = 0;

  constructor(out: OutputFile) {
    this.#out = out;
  }

  /** Makes room for `n` more bytes (a chunk with very long cells grows the buffer rather than splitting a write). */
  reserve(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n));
    this.bytes.copy(grown, 0, 0, this.at);
    this.bytes = grown;
  }

  put(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Between chunks: hands the buffer over when it is mostly full (or always, at the end). */
  async flush(force = false): Promise<void> {
    if (this.at === 0 || (!force && this.at < FLUSH_AT)) return;
    const full = this.bytes;
    const written = this.#out.writeOwned(full.subarray(0, this.at));
    await this.#pending;
    this.#pending = written.then(() => {
      if (full.length === SIZE) this.#spare.push(full);
    });
    // Awaited at the next flush; a failed write must not be an unhandled rejection if a cancel comes first.
    this.#pending.catch(() => undefined);
    this.bytes = this.#spare.pop() ?? Buffer.allocUnsafe(SIZE);
    this.at = 0;
    if (force) await this.#pending;
  }
}
