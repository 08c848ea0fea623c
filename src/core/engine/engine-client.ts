import { Worker } from 'node:worker_threads';
import type { ApiEvents, ApiRequests, Unsubscribe } from '../../shared/api.ts';
import type { SourceRef } from '../../shared/import-types.ts';
import { fail, type Result } from '../../shared/result.ts';
import { MESSAGES } from '../messages.ts';
import type { EngineChannel } from './handlers.ts';
import type { EngineWorkerData, FromEngine, ToEngine } from './protocol.ts';

export type EngineEventListener = <E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]) => void;

export interface EngineConnection {
  /** Forwards an untrusted request; the worker validates the arguments. */
  request<C extends EngineChannel>(channel: C, args: unknown): Promise<Result<ApiRequests[C]['result']>>;
  /** `uploadPage`: the path is a browser-host upload from that page, the engine's to delete when done with. */
  registerSource(path: string, name?: string, uploadPage?: string): Promise<Result<SourceRef>>;
  /** Uploads registered and not yet imported: the browser host caps their number. */
  pendingUploads(): Promise<Result<number>>;
  /** Once per host run, before the first upload: deletes earlier runs' uploads no dataset needs. */
  sweepUploads(): Promise<Result<void>>;
  onEvent(listener: EngineEventListener): Unsubscribe;
  close(): Promise<void>;
}

export interface EngineStartOptions extends Omit<EngineWorkerData, 'hostPrintsPdf'> {
  /** Prints the engine's PDF reports here (Electron's printToPDF); rejects with one sentence. Otherwise the engine finds a Chromium. */
  readonly printPdf?: (htmlFile: string, pdfFile: string) => Promise<void>;
  /** Where engine-worker lives; the Electron build bundles it separately. Defaults to the .ts file here. */
  readonly engineWorkerUrl?: URL | string;
  /** Sees each engine worker as it starts (the soak test reads its heap and stops it mid-request). */
  readonly onWorker?: (worker: Worker) => void;
}

/**
 * Engine worker heap limits (issue 10, item 5): it had none, and a workbook's shared strings took the
 * host from 283 to 464 MB. Measured: the largest shared-strings table a workbook may have (2M texts,
 * 32M characters: read/xlsx-parts.ts) peaks at 217 MB of heap during its preview; the engine's own state
 * (settings, sources, library, open query datasets) stays under 30 MB (test/integration/engine-soak.test.ts).
 * 512 MB holds two such previews at once. Past it the worker is stopped, not the host: it is restarted.
 */
export const ENGINE_WORKER_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 16 } as const;

/** A worker that dies sooner than this after its start is not started again until the next request (no crash loop). */
const EAGER_RESTART_AFTER_MS = 2000;

/**
 * Starts the engine in a worker thread and talks to it by request id. When the worker dies (out of
 * memory, a crash), its requests answer with an error, a new worker starts, and listeners get an
 * `engine/restarted` event, which the page shows (issue 10, item 13).
 */
export function startEngine(options: EngineStartOptions): EngineConnection {
  const { engineWorkerUrl, onWorker, printPdf, ...rest } = options;
  const workerData: EngineWorkerData = { ...rest, hostPrintsPdf: printPdf !== undefined };
  const listeners = new Set<EngineEventListener>();
  let nextId = 1;
  let worker: { readonly thread: Worker; readonly pending: Map<number, (result: Result<unknown>) => void> } | null = null;
  /** Workers that died unexpectedly; the next one started says so. */
  let crashes = 0;
  let restarts = 0;
  let closed = false;

  /** Imports the page may be watching (started, not yet settled): a dead worker's are reported failed. */
  const activeJobs = new Map<string, number>();

  const notify: EngineEventListener = (event, payload) => {
    // Imports only: an export's progress has no worker of its own to lose.
    if (event === 'imports/progress' && 'bytesTotal' in payload) {
      if (payload.phase === 'done' || payload.phase === 'failed' || payload.phase === 'cancelled') activeJobs.delete(payload.jobId);
      else activeJobs.set(payload.jobId, payload.bytesTotal);
    }
    for (const listener of listeners) listener(event, payload);
  };

  /** The imports of a worker that died went with it (its threads, its partial files: deleted at the next start). */
  function failActiveJobs(): void {
    const jobs = [...activeJobs];
    activeJobs.clear();
    for (const [jobId, bytesTotal] of jobs) {
      notify('imports/progress', {
        jobId,
        phase: 'failed',
        bytesRead: 0,
        bytesTotal,
        rowsRead: 0,
        rowsPerSecond: 0,
        etaSeconds: null,
        error: MESSAGES.importEngineRestarted,
      });
    }
  }

  function spawn(): NonNullable<typeof worker> {
    const thread = new Worker(engineWorkerUrl ?? new URL('./engine-worker.ts', import.meta.url), { workerData, resourceLimits: ENGINE_WORKER_LIMITS });
    const started = { thread, pending: new Map<number, (result: Result<unknown>) => void>() };
    const startedAt = performance.now();
    thread.on('message', (message: FromEngine) => {
      if (message.type === 'response') {
        started.pending.get(message.id)?.(message.result);
        started.pending.delete(message.id);
      } else if (message.type === 'print-pdf') {
        const answer = (error: string | null): void => thread.postMessage({ type: 'pdf-printed', id: message.id, error } satisfies ToEngine);
        if (!printPdf) answer('this host prints no PDF');
        else
          printPdf(message.htmlFile, message.pdfFile).then(
            () => answer(null),
            (error: unknown) => answer(error instanceof Error ? error.message : String(error)),
          );
      } else {
        notify(message.event, message.payload);
      }
    });
    let gone = false;
    const stopped = (reason: string): void => {
      if (gone) return;
      gone = true;
      for (const resolve of started.pending.values()) resolve(fail('internal', `The engine stopped unexpectedly (${reason}); it was restarted, try again.`));
      started.pending.clear();
      if (worker !== started) return; // closed on purpose
      worker = null;
      crashes++;
      failActiveJobs();
      console.error(`[engine] the engine worker stopped unexpectedly (${reason})`);
      if (!closed && performance.now() - startedAt >= EAGER_RESTART_AFTER_MS) current();
    };
    thread.on('error', (error: Error) => stopped(error.message));
    thread.on('exit', (code) => stopped(`exit code ${code}`));
    onWorker?.(thread);
    if (crashes > 0) {
      crashes = 0;
      restarts++;
      notify('engine/restarted', { restarts });
    }
    return started;
  }

  function current(): NonNullable<typeof worker> {
    worker ??= spawn();
    return worker;
  }

  function send(message: (id: number) => ToEngine): Promise<Result<unknown>> {
    const target = current();
    const id = nextId++;
    return new Promise((resolve) => {
      target.pending.set(id, resolve);
      target.thread.postMessage(message(id));
    });
  }

  return {
    async request(channel, args) {
      const result = (await send((id) => ({ type: 'request', id, channel, args }))) as Result<ApiRequests[typeof channel]['result']>;
      // Known from the answer too, not only from its first progress event.
      if (channel === 'imports/start' && result.ok && !activeJobs.has((result.value as { jobId: string }).jobId)) {
        activeJobs.set((result.value as { jobId: string }).jobId, 0);
      }
      return result;
    },
    registerSource: (path, name, uploadPage) =>
      send((id) => ({ type: 'register-source', id, path, ...(name ? { name } : {}), ...(uploadPage === undefined ? {} : { uploadPage }) })) as Promise<
        Result<SourceRef>
      >,
    pendingUploads: () => send((id) => ({ type: 'pending-uploads', id })) as Promise<Result<number>>,
    sweepUploads: () => send((id) => ({ type: 'sweep-uploads', id })) as Promise<Result<void>>,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      const running = worker;
      worker = null;
      if (running) await running.thread.terminate();
    },
  };
}
