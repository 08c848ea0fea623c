import type { OutputFile } from './output-file.ts';

/**
 * Bytes gathered into one large buffer that is filled again and again: a writer puts each cell's bytes
 * straight in — no string per line or per chunk (the garbage of those set the exports' CPU time and
 * peak memory), no Buffer per write. `bytes` and `at` are public so a hot loop writes without a call
 * per byte.
 */
const SIZE = 4 * 1024 * 1024;

export class ByteBuffer {
  bytes: Buffer;
  at = 0;

  constructor(size = SIZE) {
    this.bytes = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes (a piece with very long cells grows the buffer rather than splitting a write). */
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

  /** Text as UTF-8 (at most 3 bytes per UTF-16 unit; a surrogate pair: 4 bytes for 2 units). */
  utf8(text: string): void {
    this.reserve(3 * text.length);
    this.at += this.bytes.write(text, this.at, 'utf8');
  }

  /** The bytes so far as a Buffer of their own (for a stream that keeps it); the buffer starts over. */
  take(): Buffer {
    const taken = Buffer.from(this.bytes.subarray(0, this.at));
    this.at = 0;
    return taken;
  }
}

/** Flushed between chunks once this full: a chunk of rows (2,000) rarely needs more than the rest. */
const FLUSH_AT = SIZE - 1024 * 1024;

/**
 * A ByteBuffer that a file takes in big pieces. Two buffers take turns, so one is filled while the file
 * takes the other, and neither is reused before the file has it.
 */
export class FileBuffer extends ByteBuffer {
  readonly #out: OutputFile;
  readonly #spare: Buffer[] = [Buffer.allocUnsafe(SIZE)];
  #pending: Promise<void> | null = null;

  constructor(out: OutputFile) {
    super(SIZE);
    this.#out = out;
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
