import fs from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { SIDES, type Classification, type Side } from '../../shared/status/index.ts';
import { CallsightError, deserializeError, type SerializedError } from '../../shared/result.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import type { RowSink } from './row-sink.ts';
import { TAG_VALUES_PER_ROW } from './tags.ts';
import { partialPathOf } from '../datasets/dataset-file.ts';
import { rowsPerBatchFor } from './writer.ts';

/**
 * The producer's side of a two-thread import: rows are batched here and posted to a writer thread
 * (import-worker.ts in the 'writer' role) that owns the SQLite file. Measured on 1M rows, SQLite binding
 * and index building take ~70% of the time and scanning/tagging ~30%, so overlapping them pays.
 *
 * Flow control: the reading loop is synchronous, so acknowledgements come through shared memory —
 * the writer counts finished batches in `progress[DONE]`, and the producer blocks (Atomics.wait) while
 * more than MAX_IN_FLIGHT batches are queued, which bounds memory whatever the speed difference.
 */

const DONE = 0;
const FAILED = 1;
const MAX_IN_FLIGHT = 4;

export type WriterRequest =
  | { readonly type: 'rows'; readonly values: unknown[]; readonly rows: number }
  | { readonly type: 'class'; readonly id: number; readonly c: Classification }
  | { readonly type: 'reject'; readonly line: number; readonly reason: string; readonly raw: string }
  | { readonly type: 'finishRows' }
  | { readonly type: 'buildIndexes' }
  | { readonly type: 'complete'; readonly meta: Readonly<Record<string, unknown>> };

export type WriterReply =
  | { readonly type: 'ok'; readonly step: 'ready' | 'finishRows' | 'buildIndexes' | 'complete' }
  | { readonly type: 'failed'; readonly error: SerializedError };

/** How long the producer waits for the writer to take one more batch before declaring it dead. */
const WRITER_SILENCE_MS = 120_000;

export interface WriterWorkerData {
  readonly role: 'writer';
  readonly finalPath: string;
  readonly columns: readonly string[];
  readonly progress: SharedArrayBuffer;
  /** The writer's failure, sent here before it raises the FAILED flag, so the busy producer can read it synchronously. */
  readonly failures: MessagePort;
}

export class RemoteWriter implements RowSink {
  readonly batch: unknown[];
  readonly bySide: Record<Side, number>;
  imported = 0;
  rejected = 0;
  private readonly worker: Worker;
  private readonly progress: Int32Array;
  private readonly finalPath: string;
  private readonly rowWidth: number;
  private readonly rowsPerBatch: number;
  private rowsInBatch = 0;
  private sent = 0;
  private failure: CallsightError | null = null;
  private readonly failures: MessagePort;
  private waiting: { resolve: () => void; reject: (error: CallsightError) => void } | null = null;

  constructor(finalPath: string, columns: readonly string[], workerUrl: URL | string) {
    this.finalPath = finalPath;
    this.rowWidth = 1 + columns.length + TAG_VALUES_PER_ROW;
    this.rowsPerBatch = rowsPerBatchFor(this.rowWidth);
    this.batch = new Array(this.rowsPerBatch * this.rowWidth).fill(null);
    this.bySide = Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;
    const shared = new SharedArrayBuffer(8);
    this.progress = new Int32Array(shared);
    const channel = new MessageChannel();
    this.failures = channel.port1;
    this.failures.unref();
    const data: WriterWorkerData = { role: 'writer', finalPath, columns, progress: shared, failures: channel.port2 };
    // A URL crosses threads as text; Worker wants file:// text wrapped in a URL again.
    const script = typeof workerUrl === 'string' && workerUrl.startsWith('file:') ? new URL(workerUrl) : workerUrl;
    // The writer's live data is a few batches; a small heap makes V8 collect the copies it receives
    // early instead of growing (keeps a 10M-row import under the 300 MB budget).
    this.worker = new Worker(script, {
      workerData: data, transferList: [channel.port2], resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 },
    });
    this.worker.on('message', (reply: WriterReply) => {
      const waiting = this.waiting;
      if (reply.type === 'failed') {
        this.failure = deserializeError(reply.error);
        this.waiting = null;
        waiting?.reject(this.failure);
      } else if (reply.step !== 'ready') {
        this.waiting = null;
        waiting?.resolve();
      }
    });
    this.worker.on('error', (error) => {
      this.failure = new CallsightError('internal', messageWith.importStopped(error.message));
      this.waiting?.reject(this.failure);
      this.waiting = null;
    });
  }

  get nextOffset(): number {
    return this.rowsInBatch * this.rowWidth;
  }

  commitRow(side: Side): void {
    this.bySide[side]++;
    this.imported++;
    if (++this.rowsInBatch === this.rowsPerBatch) this.flush();
  }

  defineClass(id: number, c: Classification): void {
    this.post({ type: 'class', id, c });
  }

  reject(line: number, reason: string, raw: string): void {
    this.rejected++;
    this.post({ type: 'reject', line, reason, raw });
  }

  private post(request: WriterRequest): void {
    this.worker.postMessage(request);
  }

  private flush(): void {
    if (this.rowsInBatch === 0) return;
    // postMessage copies the array now, so the batch can be refilled at once.
    this.post({ type: 'rows', values: this.rowsInBatch === this.rowsPerBatch ? this.batch : this.batch.slice(0, this.nextOffset), rows: this.rowsInBatch });
    this.rowsInBatch = 0;
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

  private request(type: 'finishRows' | 'buildIndexes', extra?: never): Promise<void>;
  private request(type: 'complete', meta: Readonly<Record<string, unknown>>): Promise<void>;
  private request(type: 'finishRows' | 'buildIndexes' | 'complete', meta?: Readonly<Record<string, unknown>>): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.post(type === 'complete' ? { type, meta: meta! } : { type });
    });
  }

  async finishRows(): Promise<void> {
    this.flush();
    await this.request('finishRows');
  }

  buildIndexes(): Promise<void> {
    return this.request('buildIndexes');
  }

  async complete(meta: Readonly<Record<string, unknown>>): Promise<void> {
    await this.request('complete', meta);
    await this.worker.terminate();
    this.failures.close();
  }

  async abort(): Promise<void> {
    await this.worker.terminate();
    this.failures.close();
    fs.rmSync(partialPathOf(this.finalPath), { force: true });
  }
}
