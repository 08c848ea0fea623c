import { Worker } from 'node:worker_threads';
import type { ApiEvents, ApiRequests, Unsubscribe } from '../../shared/api.ts';
import type { SourceRef } from '../../shared/import-types.ts';
import { fail, type Result } from '../../shared/result.ts';
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

export interface EngineStartOptions extends EngineWorkerData {
  /** Where engine-worker lives; the Electron build bundles it separately. Defaults to the .ts file here. */
  readonly engineWorkerUrl?: URL | string;
}

/** Starts the engine in a worker thread and talks to it by request id. */
export function startEngine(options: EngineStartOptions): EngineConnection {
  const { engineWorkerUrl, ...workerData } = options;
  const listeners = new Set<EngineEventListener>();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  let worker: Worker | null = null;

  function spawn(): Worker {
    const started = new Worker(engineWorkerUrl ?? new URL('./engine-worker.ts', import.meta.url), { workerData });
    started.on('message', (message: FromEngine) => {
      if (message.type === 'response') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        for (const listener of listeners) listener(message.event, message.payload);
      }
    });
    const stopped = (reason: string): void => {
      if (worker === started) worker = null;
      for (const resolve of pending.values()) resolve(fail('internal', `The engine stopped unexpectedly (${reason}); try again.`));
      pending.clear();
    };
    started.on('error', (error: Error) => stopped(error.message));
    started.on('exit', (code) => stopped(`exit code ${code}`));
    return started;
  }

  function send(message: (id: number) => ToEngine): Promise<Result<unknown>> {
    worker ??= spawn();
    const id = nextId++;
    const target = worker;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      target.postMessage(message(id));
    });
  }

  return {
    request: (channel, args) =>
      send((id) => ({ type: 'request', id, channel, args })) as Promise<Result<ApiRequests[typeof channel]['result']>>,
    registerSource: (path, name, uploadPage) =>
      send((id) => ({ type: 'register-source', id, path, ...(name ? { name } : {}), ...(uploadPage === undefined ? {} : { uploadPage }) })) as Promise<Result<SourceRef>>,
    pendingUploads: () => send((id) => ({ type: 'pending-uploads', id })) as Promise<Result<number>>,
    sweepUploads: () => send((id) => ({ type: 'sweep-uploads', id })) as Promise<Result<void>>,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
