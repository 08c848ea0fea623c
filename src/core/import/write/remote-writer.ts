import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Classification } from '../../../shared/status/index.ts';
import { CallsightError, deserializeError, type SerializedError } from '../../../shared/result.ts';
import { MESSAGES, messageWith } from '../../messages.ts';
import { removePartialFiles } from '../../datasets/dataset-file.ts';
import { BLOCK_BYTES, RowPacker, type BlockChannel } from './row-block.ts';
import type { RowSink, WrittenRows } from './row-sink.ts';
import type { BuiltStream } from './scan-indexes.ts';
import { BlockCodesRecorder, type RecordedCodes } from './column-codes-file.ts';
import type { ColumnRole } from '../../../shared/import-types.ts';

/**
 * The producer's side of a two-thread import: rows are packed into blocks (row-block.ts) and the blocks
 * transferred to a writer thread (import-worker.ts in the 'writer' role) that owns the dataset file.
 * Scanning and tagging run here while the other core encodes records and writes pages.
 *
 * Flow control: the reading loop is synchronous, so acknowledgements come through shared memory —
 * the writer counts finished blocks in `progress[DONE]`, and the producer blocks (Atomics.wait) while
 * more than MAX_IN_FLIGHT blocks are queued, which bounds memory whatever the speed difference.
 */

const DONE = 0;
const FAILED = 1;
const MAX_IN_FLIGHT = 4;
/**
 * Blocks live in a ring of shared memory, so nothing is allocated or copied per block. A slot is reused
 * RING_SLOTS blocks later; flow control keeps at most MAX_IN_FLIGHT blocks unread, so by then it has been read.
 */
export const RING_SLOTS = MAX_IN_FLIGHT + 2;

export type WriterRequest =
  /** A block in the shared ring (slot), or a one-off block for a row too big for a slot (transferred). */
  | { readonly type: 'rows'; readonly slot: number; readonly used: number }
  | { readonly type: 'rows'; readonly block: ArrayBuffer; readonly used: number }
  | { readonly type: 'class'; readonly id: number; readonly c: Classification }
  | { readonly type: 'reject'; readonly line: number; readonly reason: string; readonly raw: string }
  | { readonly type: 'finishRows' }
  | { readonly type: 'buildIndexes' }
  | { readonly type: 'appendIndexes'; readonly stream: BuiltStream }
  | { readonly type: 'codes'; readonly column: number; readonly codes: Uint16Array }
  | { readonly type: 'complete'; readonly meta: Readonly<Record<string, unknown>>; readonly codes: RecordedCodes };

export type WriterReply =
  | { readonly type: 'ok'; readonly step: 'ready' | 'buildIndexes' | 'appendIndexes' | 'complete' }
  | { readonly type: 'ok'; readonly step: 'finishRows'; readonly written: WrittenRows }
  | { readonly type: 'failed'; readonly error: SerializedError };

/** How long the producer waits for the writer to take one more block before declaring it dead. */
const WRITER_SILENCE_MS = 120_000;

export interface WriterWorkerData {
  readonly role: 'writer';
  readonly finalPath: string;
  readonly columns: readonly string[];
  readonly roles: readonly (ColumnRole | null)[];
  readonly progress: SharedArrayBuffer;
  /** RING_SLOTS blocks of BLOCK_BYTES, filled by the producer, read by the writer. */
  readonly ring: SharedArrayBuffer;
  /** The writer's failure, sent here before it raises the FAILED flag, so the busy producer can read it synchronously. */
  readonly failures: MessagePort;
}

export class RemoteWriter implements RowSink, BlockChannel {
  readonly packer: RowPacker;
  private readonly ring: SharedArrayBuffer;
  private ringBlocks = 0;
  private readonly worker: Worker;
  private readonly progress: Int32Array;
  private readonly finalPath: string;
  private sent = 0;
  private failure: CallsightError | null = null;
  private readonly failures: MessagePort;
  private readonly codes: BlockCodesRecorder;
  private waiting: { resolve: (reply: WriterReply) => void; reject: (error: CallsightError) => void } | null = null;

  /** `coded`: whether to code each column (column-codes-file.ts codedColumns). */
  constructor(finalPath: string, columns: readonly string[], roles: readonly (ColumnRole | null)[], coded: readonly boolean[], workerUrl: URL | string) {
    this.finalPath = finalPath;
    this.ring = new SharedArrayBuffer(RING_SLOTS * BLOCK_BYTES);
    const shared = new SharedArrayBuffer(8);
    this.progress = new Int32Array(shared);
    const channel = new MessageChannel();
    this.failures = channel.port1;
    this.failures.unref();
    const data: WriterWorkerData = { role: 'writer', finalPath, columns, roles, progress: shared, ring: this.ring, failures: channel.port2 };
    // A URL crosses threads as text; Worker wants file:// text wrapped in a URL again.
    const script = typeof workerUrl === 'string' && workerUrl.startsWith('file:') ? new URL(workerUrl) : workerUrl;
    // The writer's live data is a few blocks and the page being filled: a small heap keeps it small.
    this.worker = new Worker(script, {
      workerData: data,
      transferList: [channel.port2],
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on('message', (reply: WriterReply) => {
      const waiting = this.waiting;
      if (reply.type === 'failed') {
        this.failure = deserializeError(reply.error);
        this.waiting = null;
        waiting?.reject(this.failure);
      } else if (reply.step !== 'ready') {
        this.waiting = null;
        waiting?.resolve(reply);
      }
    });
    this.worker.on('error', (error: Error) => {
      this.failure = new CallsightError('internal', messageWith.importStopped(error.message));
      this.waiting?.reject(this.failure);
      this.waiting = null;
    });
    const codes = new BlockCodesRecorder(columns, roles, coded, (column, chunk) =>
      this.worker.postMessage({ type: 'codes', column, codes: chunk } satisfies WriterRequest, [chunk.buffer as ArrayBuffer]),
    );
    this.codes = codes;
    this.packer = new RowPacker(columns.length, this, (block, used) => codes.record(block, used));
  }

  defineClass(id: number, c: Classification): void {
    this.post({ type: 'class', id, c });
  }

  reject(line: number, reason: string, raw: string): void {
    this.post({ type: 'reject', line, reason, raw });
  }

  private post(request: WriterRequest): void {
    this.worker.postMessage(request);
  }

  take(size: number): Uint8Array {
    if (size > BLOCK_BYTES) return new Uint8Array(new ArrayBuffer(size));
    const slot = this.ringBlocks++ % RING_SLOTS;
    return new Uint8Array(this.ring, slot * BLOCK_BYTES, BLOCK_BYTES);
  }

  give(block: Uint8Array, used: number): void {
    if (this.failure) throw this.failure;
    if (block.buffer === this.ring) {
      this.post({ type: 'rows', slot: block.byteOffset / BLOCK_BYTES, used });
    } else {
      // A one-off block for an oversized row: transferred, not copied.
      this.worker.postMessage({ type: 'rows', block: block.buffer as ArrayBuffer, used } satisfies WriterRequest, [block.buffer as ArrayBuffer]);
    }
    this.sent++;
    const waitingSince = Date.now();
    for (;;) {
      if (Atomics.load(this.progress, FAILED) !== 0) throw this.writerFailure();
      const done = Atomics.load(this.progress, DONE);
      if (this.sent - done <= MAX_IN_FLIGHT) break;
      // A writer killed outright (out of memory) raises no flag, and its 'exit' event cannot reach this
      // busy loop: a batch takes milliseconds, so a long silence means it is gone.
      if (Date.now() - waitingSince > WRITER_SILENCE_MS) throw this.writerFailure();
      Atomics.wait(this.progress, DONE, done, 1000);
    }
  }

  /** The writer's own reason (disk full, permission…), read without returning to the event loop. */
  private writerFailure(): CallsightError {
    const reported = receiveMessageOnPort(this.failures)?.message as SerializedError | undefined;
    this.failure ??= reported ? deserializeError(reported) : new CallsightError('io', MESSAGES.writerFailed);
    return this.failure;
  }

  private request(request: Extract<WriterRequest, { type: 'finishRows' | 'buildIndexes' | 'appendIndexes' | 'complete' }>): Promise<WriterReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.post(request);
    });
  }

  async finishRows(): Promise<WrittenRows> {
    this.packer.flush();
    const reply = await this.request({ type: 'finishRows' });
    if (reply.type !== 'ok' || reply.step !== 'finishRows') throw new CallsightError('internal', MESSAGES.writerFailed);
    return reply.written;
  }

  async buildIndexes(): Promise<void> {
    await this.request({ type: 'buildIndexes' });
  }

  async appendIndexes(stream: BuiltStream): Promise<void> {
    await this.request({ type: 'appendIndexes', stream });
  }

  async complete(meta: Readonly<Record<string, unknown>>): Promise<void> {
    await this.request({ type: 'complete', meta, codes: this.codes.finish() });
    await this.worker.terminate();
    this.failures.close();
  }

  async abort(): Promise<void> {
    await this.worker.terminate();
    this.failures.close();
    removePartialFiles(this.finalPath);
  }
}
