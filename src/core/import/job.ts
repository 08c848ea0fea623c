import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { DatasetSummary, ImportOptions, ImportProgress, SourceRef } from '../../shared/import-types.ts';
import { CallsightError, deserializeError } from '../../shared/result.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import type { WorkerInput, WorkerMessage } from './import-worker.ts';
import { datasetPath, removePartialFiles } from '../datasets/dataset-file.ts';

/** Starting, watching and cancelling an import that runs in a worker thread. */

export interface ImportHandle {
  readonly jobId: string;
  cancel(): void;
  readonly done: Promise<DatasetSummary>;
}

export interface StartImportParams {
  readonly path: string;
  readonly source: SourceRef;
  readonly options: ImportOptions;
  readonly datasetsDir: string;
  readonly appVersion: string;
  readonly onProgress: (p: ImportProgress) => void;
  /** The worker script; the Electron build bundles it separately. Defaults to the .ts file next to this one. */
  readonly workerUrl?: URL | string;
}

/** Sortable by time, unique enough, and matching the id rule `^[A-Za-z0-9_-]{1,64}$`. */
export function newDatasetId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

const PROGRESS_INTERVAL_MS = 100;

/**
 * Import worker heap limits. Its live data is small (a sample, a 256 KB chunk, the block being packed, the XLSX
 * shared strings); without limits V8 lets garbage grow the heap to ~150 MB on 10M rows, and an 8 MB young
 * generation instead of the default saves more. The old-generation cap leaves room for big shared-string tables.
 */
const IMPORT_WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 8 } as const;

type ProgressMessage = Extract<WorkerMessage, { type: 'progress' }>;
type DoneMessage = Extract<WorkerMessage, { type: 'done' }>;

interface ImportWorker {
  /** Resolves with the summary; rejects with a CallsightError. The worker is gone when it settles. */
  readonly done: Promise<DoneMessage>;
  /** Stops the worker now and deletes what it wrote (the final file too, if it got that far). */
  stop(): Promise<void>;
}

/**
 * Runs one import in a worker thread (which starts its own writer thread from the same script) and
 * settles exactly once: on done, on a reported failure, on a crash, or on an unexpected exit.
 */
function spawnImportWorker(input: WorkerInput, workerUrl: URL | string, onProgress: (message: ProgressMessage) => void = () => undefined): ImportWorker {
  // URLs do not cross threads: the writer thread's script goes as text.
  const worker = new Worker(workerUrl, {
    workerData: { ...input, writerWorkerUrl: String(workerUrl) } satisfies WorkerInput,
    resourceLimits: IMPORT_WORKER_LIMITS,
  });
  const removeFiles = (withFinal: boolean): void => {
    try {
      removePartialFiles(input.outPath);
      if (withFinal) fs.rmSync(input.outPath, { force: true });
    } catch {
      // still locked (Windows): DatasetLibrary.cleanLeftovers() removes it later; a .partial is never listed
    }
  };
  let settled = false;
  const done = new Promise<DoneMessage>((resolve, reject) => {
    const settle = (outcome: { message: DoneMessage } | { error: CallsightError }): void => {
      if (settled) return;
      settled = true;
      // Settle only once the worker is gone and a failed import's files are deleted: callers see a clean folder.
      void worker.terminate().finally(() => {
        if ('message' in outcome) resolve(outcome.message);
        else {
          removeFiles(false);
          reject(outcome.error);
        }
      });
    };
    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      if (message.type === 'progress') onProgress(message);
      else if (message.type === 'done') settle({ message });
      else settle({ error: deserializeError(message.error) });
    });
    worker.on('error', (error: Error) => settle({ error: new CallsightError('internal', messageWith.importStopped(error.message)) }));
    worker.on('exit', (code) => settle({ error: new CallsightError('internal', messageWith.importStopped(`worker exit code ${code}`)) }));
  });
  return {
    done,
    async stop() {
      settled = true;
      // Terminating the import worker also ends its writer thread (a nested worker). The worker may have
      // renamed its file a moment before it was stopped: a stopped import leaves nothing.
      await worker.terminate();
      removeFiles(true);
    },
  };
}

/**
 * One import in a worker thread, for callers that name the output file themselves (the CLI).
 * Resolves with the summary and the encoding actually used; rejects with a CallsightError.
 */
export function runImportInWorker(input: WorkerInput, workerUrl: URL | string = new URL('./import-worker.ts', import.meta.url)): Promise<DoneMessage> {
  return spawnImportWorker(input, workerUrl).done;
}

/** An import for the app: a dataset id of its own, throttled progress with rate and ETA, and cancel. */
export function startImport(params: StartImportParams): ImportHandle {
  const jobId = randomUUID();
  const datasetId = newDatasetId();
  fs.mkdirSync(params.datasetsDir, { recursive: true });
  const input: WorkerInput = {
    path: params.path,
    options: params.options,
    outPath: datasetPath(params.datasetsDir, datasetId),
    datasetId,
    sourceName: params.source.name,
    appVersion: params.appVersion,
  };
  const started = performance.now();
  let finished = false;
  let lastProgress = 0;
  let bytesTotal = params.source.size;

  const emit = (progress: Omit<ImportProgress, 'jobId'>): void => {
    try {
      params.onProgress({ jobId, ...progress });
    } catch {
      // a listener's failure must not break the import
    }
  };
  const stopped = { bytesRead: 0, rowsRead: 0, rowsPerSecond: 0, etaSeconds: null } as const;

  const worker = spawnImportWorker(input, params.workerUrl ?? new URL('./import-worker.ts', import.meta.url), (message) => {
    if (finished) return;
    bytesTotal = message.bytesTotal;
    const now = performance.now();
    if (message.phase === 'reading' && now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
    const seconds = (now - started) / 1000;
    const rowsPerSecond = seconds > 0 ? Math.round(message.rowsRead / seconds) : 0;
    const byteRate = seconds > 0 ? message.bytesRead / seconds : 0;
    const etaSeconds =
      message.phase === 'reading' && byteRate > 0 && seconds > 0.3 ? Math.max(0, Math.round((message.bytesTotal - message.bytesRead) / byteRate)) : null;
    emit({ phase: message.phase, bytesRead: message.bytesRead, bytesTotal: message.bytesTotal, rowsRead: message.rowsRead, rowsPerSecond, etaSeconds });
  });

  // Cancel wins over everything still in flight: the worker is stopped, its files deleted, and `done`
  // rejects with 'cancelled' even if the import finished a moment before.
  let rejectCancelled!: (error: CallsightError) => void;
  const whenCancelled = new Promise<never>((_resolve, reject) => {
    rejectCancelled = reject;
  });
  const outcome = worker.done.then(
    ({ summary: s }) => {
      if (finished) return whenCancelled;
      finished = true;
      emit({
        phase: 'done',
        bytesRead: s.sourceSize,
        bytesTotal: s.sourceSize,
        rowsRead: s.rowsRead,
        rowsPerSecond: s.elapsedMs > 0 ? Math.round((s.rowsRead * 1000) / s.elapsedMs) : 0,
        etaSeconds: 0,
        datasetId: s.id,
      });
      return s;
    },
    (error: CallsightError) => {
      if (finished) return whenCancelled;
      finished = true;
      emit({ phase: 'failed', bytesTotal, ...stopped, error: error.text });
      throw error;
    },
  );

  return {
    jobId,
    done: Promise.race([outcome, whenCancelled]),
    cancel(): void {
      if (finished) return;
      finished = true;
      emit({ phase: 'cancelled', bytesTotal, ...stopped });
      void worker.stop().finally(() => rejectCancelled(new CallsightError('cancelled', MESSAGES.importCancelled)));
    },
  };
}
