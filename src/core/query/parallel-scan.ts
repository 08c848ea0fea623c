import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { CompiledFilter } from './compile-filter.ts';
import {
  CHUNKS_ANSWERED,
  chunkRowids,
  fromScanError,
  NEXT_CHUNK,
  rangeStatement,
  scanChunk,
  SIGNAL_SLOTS,
  type ScanAnswer,
  type ScanJob,
} from './scan-range.ts';

/**
 * A filter's SQL over every call, split over threads (issue 9: a report of 10M calls in under 2 s, where
 * one scan takes 1.2 s: SQLite decoding records is CPU-bound, and one scan is one core's). The rowids are
 * cut into chunks that the calling thread and its workers (scan-worker.ts, each on a read-only connection
 * of its own) claim from a shared counter until none is left, so a worker that starts late or runs on a
 * busy core scans less, and one that never starts scans nothing. The call stays synchronous, as the query
 * engine is: the caller blocks in Atomics.wait for the chunks still being scanned and takes the workers'
 * answers with receiveMessageOnPort.
 */

/** More threads than this gain little: the calls are read from one file, and the engine has other work. */
const MAX_THREADS = 4;
/**
 * Below this many rowids a scan is not split. A worker takes about 50 ms to start (Node 24, this 2-core
 * machine: it loads better-sqlite3 and opens the file), meanwhile the caller scans on; a small scan is
 * done before any worker claims a chunk, and the start-up only costs the other core. Measured with 2
 * threads: 1M calls 122 → 99 ms (`instr`), 554 → 347 ms (`callsight_contains`); 200K calls 25 → 27 ms.
 */
export const MIN_PARALLEL_ROWIDS = 1_000_000;
/** About 15 ms of scanning: what a thread's last chunk can keep the others waiting. */
const ROWIDS_PER_CHUNK = 1 << 17;
/** With no chunk answered for this long, the caller scans every chunk still missing itself (a chunk is ms of work). */
const STALL_MS = 15_000;
const WAIT_SLICE_MS = 250;

export interface ParallelScanOptions {
  /** Threads to split over, the caller's included (tests force 2 or 3); default the cores, at most MAX_THREADS. */
  readonly threads?: number;
  /** The fewest rowids worth splitting (tests pass 0 to split a small dataset). */
  readonly minRowids?: number;
  /** Tests cut a small dataset into many chunks. */
  readonly rowidsPerChunk?: number;
  /** Whether the caller scans chunks too, not only waits (tests leave every chunk to the workers). */
  readonly callerScans?: boolean;
  /** The worker script (tests pass a broken one); default the one useScanWorker set. */
  readonly workerUrl?: URL | string;
  /** How long the caller waits with no chunk answered before it scans the missing ones itself (tests shorten it). */
  readonly stallMs?: number;
}

export interface ScannedDataset {
  readonly db: Database.Database;
  readonly file: string;
}

let scanWorkerUrl: URL | string = new URL('./scan-worker.ts', import.meta.url);

/** Where scan-worker lives when it is not beside this file as .ts: the Electron build bundles it separately. */
export function useScanWorker(url: URL | string): void {
  scanWorkerUrl = url;
}

/** How many threads a scan of `maxRowid` rowids runs on: 1 when splitting cannot pay. */
export function scanThreads(maxRowid: number, options: ParallelScanOptions = {}): number {
  if (maxRowid < (options.minRowids ?? MIN_PARALLEL_ROWIDS)) return 1;
  const chunks = Math.ceil(maxRowid / (options.rowidsPerChunk ?? ROWIDS_PER_CHUNK));
  return Math.max(1, Math.min(options.threads ?? Math.min(os.availableParallelism(), MAX_THREADS), chunks));
}

/** The rowids `filter` selects: the answer of `SELECT rowid FROM calls WHERE …`, split over threads (then ascending) when that pays. */
export function scanRowids(dataset: ScannedDataset, filter: CompiledFilter, maxRowid: number, options: ParallelScanOptions = {}): Int32Array {
  const threads = scanThreads(maxRowid, options);
  if (threads < 2) {
    const rowids = dataset.db
      .prepare(`SELECT rowid FROM calls WHERE ${filter.sql}`)
      .pluck()
      .all(...filter.params) as number[];
    return Int32Array.from(rowids);
  }
  // Prepared before any worker starts: SQL that SQLite refuses fails here, as the one scan does.
  const statement = rangeStatement(dataset.db, filter);
  const rowidsPerChunk = options.rowidsPerChunk ?? ROWIDS_PER_CHUNK;
  const chunks = Math.ceil(maxRowid / rowidsPerChunk);
  const results: (Int32Array | null)[] = new Array<Int32Array | null>(chunks).fill(null);
  const scanHere = (chunk: number): void => {
    results[chunk] = scanChunk(statement, filter.params, chunkRowids(chunk, rowidsPerChunk, maxRowid));
  };
  const signals = new SharedArrayBuffer(4 * SIGNAL_SLOTS);
  const job = { file: dataset.file, filter: { sql: filter.sql, params: [...filter.params] }, maxRowid, rowidsPerChunk, signals };
  const workers = new ScanWorkers(job, threads - 1, options.workerUrl ?? scanWorkerUrl);
  try {
    const claims = new Int32Array(signals);
    const claim = (): number => Atomics.add(claims, NEXT_CHUNK, 1);
    if (options.callerScans !== false) for (let chunk = claim(); chunk < chunks; chunk = claim()) scanHere(chunk);
    workers.collect(results, options.stallMs ?? STALL_MS, () => {
      // A worker gone silent (or never started): nobody claims another chunk, and what is missing is scanned here.
      Atomics.store(claims, NEXT_CHUNK, chunks);
      results.forEach((rowids, chunk) => rowids ?? scanHere(chunk));
    });
  } finally {
    workers.stop();
  }
  const out = new Int32Array(results.reduce((sum, rowids) => sum + rowids!.length, 0));
  let at = 0;
  for (const rowids of results) {
    out.set(rowids!, at);
    at += rowids!.length;
  }
  return out;
}

/** The workers of one scan and the wait for their answers. */
class ScanWorkers {
  readonly #signals: Int32Array;
  readonly #workers: Worker[] = [];
  readonly #answers: MessagePort[] = [];

  constructor(job: Omit<ScanJob, 'answers'>, count: number, workerUrl: URL | string) {
    this.#signals = new Int32Array(job.signals);
    // A URL crosses threads as text; Worker wants file:// text wrapped in a URL again.
    const script = typeof workerUrl === 'string' && workerUrl.startsWith('file:') ? new URL(workerUrl) : workerUrl;
    for (let i = 0; i < count; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(script, { workerData: { ...job, answers: port2 } satisfies ScanJob, transferList: [port2] });
      // Nothing waits for a scan worker once the scan has its rows: a CLI exits at once.
      worker.unref();
      // A script that fails to load says so here, when nobody waits any more; unheard, it would end the process.
      worker.on('error', () => undefined);
      this.#workers.push(worker);
      this.#answers.push(port1);
    }
  }

  /** Fills in the chunks the workers answer; rethrows a worker's error; calls `onStall` when none is answered for `stallMs`. */
  collect(results: (Int32Array | null)[], stallMs: number, onStall: () => void): void {
    let missing = results.filter((rowids) => rowids === null).length;
    let lastAnswered = -1;
    let lastProgress = performance.now();
    for (;;) {
      // Read before the ports: a worker posts its answer before it counts it.
      const answered = Atomics.load(this.#signals, CHUNKS_ANSWERED);
      for (const port of this.#answers) {
        for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
          const answer = received.message as ScanAnswer;
          if ('error' in answer) throw fromScanError(answer.error);
          results[answer.chunk] = answer.rowids;
          missing--;
        }
      }
      if (missing === 0) return;
      if (answered !== lastAnswered) {
        lastAnswered = answered;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > stallMs) {
        onStall();
        return;
      }
      Atomics.wait(this.#signals, CHUNKS_ANSWERED, answered, Math.min(WAIT_SLICE_MS, stallMs));
    }
  }

  /** Ends the workers still running (a failed scan, or one given up on); ports closed either way. */
  stop(): void {
    for (const port of this.#answers) port.close();
    for (const worker of this.#workers) void worker.terminate();
  }
}
