import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { CallsightError } from '../../shared/result.ts';
import { EXPORT_MESSAGES } from './messages.ts';
import { durableRename } from '../durable-file.ts';

/**
 * The file an export writes: a temporary name beside the target, renamed to the target only when the
 * export is complete, so a cancelled or failed export leaves nothing under the chosen name. Write
 * errors become one sentence (full disk, read-only folder) that names the file, not the folder.
 */
export class OutputFile {
  readonly target: string;
  readonly temporary: string;
  readonly stream: fs.WriteStream;
  #error: CallsightError | null = null;
  #bytes = 0;

  /** Refuses a missing folder, and an existing target unless `replace`. */
  constructor(target: string, options: { replace: boolean; mode?: number }) {
    this.target = target;
    const name = path.basename(target);
    const folder = path.dirname(target);
    if (!fs.existsSync(folder)) throw new CallsightError('io', EXPORT_MESSAGES.folderMissing(path.basename(folder)));
    if (!options.replace && fs.existsSync(target)) throw new CallsightError('invalid-argument', EXPORT_MESSAGES.exists(name));
    this.temporary = path.join(folder, `.${name}.partial-${randomBytes(4).toString('hex')}`);
    try {
      fs.closeSync(fs.openSync(this.temporary, 'wx', options.mode ?? 0o666));
    } catch (error) {
      throw writeError(name, error);
    }
    this.stream = fs.createWriteStream(this.temporary, { flags: 'r+', highWaterMark: 1024 * 1024 });
    this.stream.on('error', (error) => {
      this.#error ??= writeError(name, error);
    });
  }

  /** The first write error, as the sentence a user sees. */
  get error(): CallsightError | null {
    return this.#error;
  }

  /** A method, not an inline check: the stream's 'error' listener sets #error while a write or close is awaited. */
  #throwIfFailed(): void {
    if (this.#error) throw this.#error;
  }

  /** Writes a chunk, waiting while the disk is behind (memory stays flat whatever the row count). */
  async write(chunk: Uint8Array): Promise<void> {
    this.#throwIfFailed();
    this.#bytes += chunk.byteLength;
    // once() also settles (rejects) on 'error', and removes its listeners either way; the error itself is kept by the handler above.
    if (!this.stream.write(chunk)) await once(this.stream, 'drain').catch(() => undefined);
    this.#throwIfFailed();
  }

  /**
   * Writes a chunk and resolves once the file has it, so the caller may fill the same buffer again
   * (write() keeps a reference to the chunk until then).
   */
  async writeOwned(chunk: Uint8Array): Promise<void> {
    this.#throwIfFailed();
    this.#bytes += chunk.byteLength;
    // The callback's error is also the stream's 'error', which the handler above keeps as the sentence.
    await new Promise<void>((resolve) => this.stream.write(chunk, () => resolve()));
    this.#throwIfFailed();
  }

  /** Closes the temporary file, flushes it to disk and gives it the target's name; resolves with its size. */
  async commit(): Promise<number> {
    if (!this.stream.closed) {
      this.stream.end();
      await once(this.stream, 'close').catch(() => undefined);
    }
    this.#throwIfFailed();
    try {
      // Flushed, renamed, and the folder flushed: a finished export survives a power cut (issue 10, item 12).
      durableRename(this.temporary, this.target);
      return fs.statSync(this.target).size;
    } catch (error) {
      this.discard();
      throw writeError(path.basename(this.target), error);
    }
  }

  /** Bytes handed to write() so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Drops the temporary file (cancel, failure). */
  discard(): void {
    this.stream.destroy();
    try {
      fs.rmSync(this.temporary, { force: true });
    } catch {
      // a file still locked (Windows) stays as a dot-file named .partial; it never carries the target's name
    }
  }
}

export function writeError(name: string, error: unknown): CallsightError {
  if (error instanceof CallsightError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CallsightError('io', EXPORT_MESSAGES.diskFull);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return new CallsightError('io', EXPORT_MESSAGES.readOnly(name));
  return new CallsightError('io', EXPORT_MESSAGES.writeFailed(name, code ?? 'unknown error'));
}
