import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { DatasetSummary, ImportOptions, ImportProgress, SourceRef } from '../../shared/import-types.ts';
import { CallsightError, deserializeError } from '../../shared/result.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import type { WorkerInput, WorkerMessage } from './import-worker.ts';
import { datasetPath, partialPathOf } from '../datasets/dataset-file.ts';

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
 * Import worker heap limits. Its live data is small (a sample, a 64 KB chunk, one batch, the XLSX
 * shared strings); without limits V8 lets garbage grow the heap to ~150 MB on 10M rows, and a 16 MB young
 * generation instead of the default saves more. The old-generation cap leaves room for big shared-string tables.
 */
const IMPORT_WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 16 } as const;

/**
 * One import in a worker thread, for callers that name the output file themselves (the CLI).
 * Resolves with the summary and the encoding actually used; rejects with a CallsightError.
 */
export function runImportInWorker(input: WorkerInput, workerUrl: URL | string = new URL('./import-worker.ts', import.meta.url)): Promise<Extract<WorkerMessage, { type: 'done' }>> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerUrl, {
      workerData: { ...input, writerWorkerUrl: String(workerUrl) } satisfies WorkerInput, resourceLimits: IMPORT_WORKER_LIMITS,
    });
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate().finally(action);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'done') finish(() => resolve(message));
      else if (message.type === 'failed') finish(() => reject(deserializeError(message.error)));
    });
    worker.on('error', (error) => finish(() => {
      try {
        fs.rmSync(partialPathOf(input.outPath), { force: true });
      } catch {
        // still locked (Windows): DatasetLibrary.cleanLeftovers() removes it later; never list it
      }
      reject(new CallsightError('internal', messageWith.importStopped(error.message)));
    }));
    worker.on('exit', (code) => finish(() => reject(new CallsightError('internal', messageWith.importStopped(`exit code ${code}`)))));
  });
}

export function startImport(params: StartImportParams): ImportHandle {
  const jobId = randomUUID();
  const datasetId = newDatasetId();
  fs.mkdirSync(params.datasetsDir, { recursive: true });
  const outPath = datasetPath(params.datasetsDir, datasetId);
  const input: WorkerInput = {
    path: params.path, options: params.options, outPath, datasetId,
    sourceName: params.source.name, appVersion: params.appVersion,
  };
  const started = performance.now();
  let settled = false;
  let lastProgress = 0;
  let bytesTotal = params.source.size;

  const emit = (progress: Omit<ImportProgress, 'jobId'>): void => {
    try {
      params.onProgress({ jobId, ...progress });
    } catch {
      // a listener's failure must not break the import
    }
  };

  let resolveDone!: (summary: DatasetSummary) => void;
  let rejectDone!: (error: CallsightError) => void;
  const done = new Promise<DatasetSummary>((resolve, reject) => { resolveDone = resolve; rejectDone = reject; });

  const workerUrl = params.workerUrl ?? new URL('./import-worker.ts', import.meta.url);
  // The import worker starts its writer thread from the same script (URLs do not cross threads: pass text).
  const worker = new Worker(workerUrl, {
    workerData: { ...input, writerWorkerUrl: String(workerUrl) } satisfies WorkerInput, resourceLimits: IMPORT_WORKER_LIMITS,
  });

  const removeFiles = (withFinal: boolean): void => {
    try {
      fs.rmSync(partialPathOf(outPath), { force: true });
      if (withFinal) fs.rmSync(outPath, { force: true });
    } catch {
      // left for DatasetLibrary.cleanLeftovers(); a .partial file is never listed
    }
  };

  const fail = (error: CallsightError): void => {
    if (settled) return;
    settled = true;
    emit({ phase: 'failed', bytesRead: 0, bytesTotal, rowsRead: 0, rowsPerSecond: 0, etaSeconds: null, error: error.text });
    // Settle only once the worker is gone and its partial file deleted, so callers see a clean folder.
    void worker.terminate().finally(() => { removeFiles(false); rejectDone(error); });
  };

  worker.on('message', (message: WorkerMessage) => {
    if (settled) return;
    if (message.type === 'progress') {
      bytesTotal = message.bytesTotal;
      const now = performance.now();
      if (message.phase === 'reading' && now - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = now;
      const seconds = (now - started) / 1000;
      const rowsPerSecond = seconds > 0 ? Math.round(message.rowsRead / seconds) : 0;
      const byteRate = seconds > 0 ? message.bytesRead / seconds : 0;
      const etaSeconds = message.phase === 'reading' && byteRate > 0 && seconds > 0.3
        ? Math.max(0, Math.round((message.bytesTotal - message.bytesRead) / byteRate))
        : null;
      emit({ phase: message.phase, bytesRead: message.bytesRead, bytesTotal: message.bytesTotal, rowsRead: message.rowsRead, rowsPerSecond, etaSeconds });
    } else if (message.type === 'done') {
      settled = true;
      const s = message.summary;
      emit({
        phase: 'done', bytesRead: s.sourceSize, bytesTotal: s.sourceSize, rowsRead: s.rowsRead,
        rowsPerSecond: s.elapsedMs > 0 ? Math.round((s.rowsRead * 1000) / s.elapsedMs) : 0, etaSeconds: 0, datasetId: s.id,
      });
      resolveDone(s);
      void worker.terminate();
    } else {
      fail(deserializeError(message.error));
    }
  });
  worker.on('error', (error) => fail(new CallsightError('internal', messageWith.importStopped(error.message))));
  worker.on('exit', (code) => {
    if (!settled) fail(new CallsightError('internal', messageWith.importStopped(`worker exit code ${code}`)));
  });

  return {
    jobId,
    done,
    cancel(): void {
      if (settled) return;
      settled = true;
      emit({ phase: 'cancelled', bytesRead: 0, bytesTotal, rowsRead: 0, rowsPerSecond: 0, etaSeconds: null });
      // The worker may have renamed its file a moment before it was stopped: a cancelled import leaves nothing.
      // Terminating the import worker also ends its writer thread (a nested worker).
      void worker.terminate().finally(() => {
        removeFiles(true);
        rejectDone(new CallsightError('cancelled', MESSAGES.importCancelled));
      });
    },
  };
}
