// The browser host's side of the contract: CallsightApi over HTTP. Served to the page as-is with its
// types stripped, so it may import TYPES only (they vanish); everything it runs is in this file.
import type { ApiRequests, CallsightApi, Channel, DroppedFile, EngineRestart, OrderProgress, Unsubscribe } from '../../shared/api.ts';
import type { ImportProgress, SourceRef } from '../../shared/import-types.ts';
import type { ExportProgress } from '../../shared/export.ts';
import type { Result } from '../../shared/result.ts';

type ApiResult<C extends Channel> = Promise<Result<ApiRequests[C]['result']>>;

/**
 * The host did not answer (or answered with something that is not a Result): the renderer's transport
 * marker, code 'internal' with no sentence, so the page shows its own sentence in the user's language
 * (TRANSPORT_FAILURE in src/renderer/src/api.ts; spelled out here because this file may import types only).
 */
const transportFailure = (): Result<never> => ({ ok: false, error: { code: 'internal', message: '' } });

/**
 * The per-run token arrives in the URL's fragment (never sent to any server) and is kept in this tab's
 * sessionStorage, which no other origin — another port included — can read or write; it travels only
 * in the X-Callsight-Token header of our own requests. No cookie: see src/host/server/http-host.ts.
 */
const TOKEN_KEY = 'callsight.token';
const token = ((): string => {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment);
    // Out of the address bar, so it is not copied, bookmarked or shown.
    history.replaceState(null, '', location.pathname + location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
})();
/** This page load: the host takes one upload at a time per page, and a new one replaces the page's last. */
const PAGE_ID = crypto.randomUUID();
const authorised = (headers: Record<string, string> = {}): Record<string, string> => ({ ...headers, 'X-Callsight-Token': token });

async function call<C extends Channel>(channel: C, ...args: ApiRequests[C]['args']): ApiResult<C> {
  try {
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: authorised({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(args),
      credentials: 'omit',
    });
    return (await response.json()) as Result<ApiRequests[C]['result']>;
  } catch {
    return transportFailure();
  }
}

async function upload(file: File): Promise<Result<SourceRef>> {
  try {
    const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: authorised({ 'Content-Type': 'application/octet-stream', 'X-Callsight-Page': PAGE_ID }),
      body: file,
      credentials: 'omit',
    });
    return (await response.json()) as Result<SourceRef>;
  } catch {
    return transportFailure();
  }
}

/**
 * A finished export, downloaded: fetched with the token header (a plain link could not carry it), then
 * handed to the browser's downloads as a blob under the export's name.
 */
async function download(fileName: string): Promise<Result<{ saved: boolean }>> {
  try {
    const response = await fetch(`/api/exports/file/${encodeURIComponent(fileName)}`, { headers: authorised(), credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return (await response.json()) as Result<never>;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { ok: true, value: { saved: true } };
  } catch {
    return transportFailure();
  }
}

/** The browser's stand-in for the system file dialog. Resolves null when the user dismisses it. */
function pickFile(): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,.txt,.tsv,.xlsx,text/csv,text/plain';
    input.addEventListener('change', () => resolve(input.files?.[0] ?? null), { once: true });
    input.addEventListener('cancel', () => resolve(null), { once: true });
    input.click();
  });
}

const progressListeners = new Set<(progress: ImportProgress) => void>();
const restartListeners = new Set<(restart: EngineRestart) => void>();
const exportListeners = new Set<(progress: ExportProgress) => void>();
const orderListeners = new Set<(progress: OrderProgress) => void>();
let streaming = false;

/**
 * Server-sent events read through fetch, not EventSource: EventSource cannot send a header, and the
 * token must not ride in a cookie or a URL. Reconnects after a second when the stream ends.
 */
async function streamEvents(): Promise<void> {
  for (;;) {
    try {
      const response = await fetch('/api/events', { headers: authorised(), credentials: 'omit', cache: 'no-store' });
      if (response.ok && response.body) {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            deliver(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      }
    } catch {
      // The host went away or the connection dropped: try again below.
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function deliver(frame: string): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return;
  if (event === 'imports/progress') {
    const progress = JSON.parse(data.join('\n')) as ImportProgress;
    for (const notify of progressListeners) notify(progress);
  } else if (event === 'engine/restarted') {
    const restart = JSON.parse(data.join('\n')) as EngineRestart;
    for (const notify of restartListeners) notify(restart);
  } else if (event === 'exports/progress') {
    const progress = JSON.parse(data.join('\n')) as ExportProgress;
    for (const notify of exportListeners) notify(progress);
  } else if (event === 'calls/order') {
    const progress = JSON.parse(data.join('\n')) as OrderProgress;
    for (const notify of orderListeners) notify(progress);
  }
}

function subscribe<T>(listeners: Set<(payload: T) => void>, listener: (payload: T) => void): Unsubscribe {
  listeners.add(listener);
  if (!streaming) {
    streaming = true;
    void streamEvents();
  }
  return () => {
    listeners.delete(listener);
  };
}

/** The picker, then the upload: how a new import and "Import again" both hand a file to the host. */
async function chooseAndUpload(): Promise<Result<SourceRef | null>> {
  const file = await pickFile();
  return file ? upload(file) : { ok: true, value: null };
}

const api = {
  app: {
    info: () => call('app/info'),
    onEngineRestarted: (listener) => subscribe(restartListeners, listener),
  },
  settings: {
    get: () => call('settings/get'),
    update: (patch) => call('settings/update', patch),
  },
  sources: {
    choose: chooseAndUpload,
    fromDrop: (file: DroppedFile) => upload(file as File),
    preview: (sourceId, options) => call('sources/preview', sourceId, options),
  },
  imports: {
    start: (sourceId, options) => call('imports/start', sourceId, options),
    cancel: (jobId) => call('imports/cancel', jobId),
    onProgress: (listener) => subscribe(progressListeners, listener),
  },
  datasets: {
    list: () => call('datasets/list'),
    get: (id) => call('datasets/get', id),
    rename: (id, name) => call('datasets/rename', id, name),
    remove: (id) => call('datasets/remove', id),
    // The upload a dataset came from was deleted when its import ended: the user picks the file again.
    reimport: chooseAndUpload,
    rejected: (id, offset, limit) => call('datasets/rejected', id, offset, limit),
  },
  calls: {
    columns: (id) => call('calls/columns', id),
    page: (id, request) => call('calls/page', id, request),
    counts: (id, filter) => call('calls/counts', id, filter),
    summary: (id, filter) => call('calls/summary', id, filter),
    row: (id, callId) => call('calls/row', id, callId),
    distinct: (id, request) => call('calls/distinct', id, request),
    onOrder: (listener) => subscribe(orderListeners, listener),
  },
  exports: {
    start: (id, request) => call('exports/start', id, request),
    cancel: (jobId) => call('exports/cancel', jobId),
    onProgress: (listener) => subscribe(exportListeners, listener),
    save: download,
  },
} satisfies CallsightApi;

Object.defineProperty(window, 'callsight', { value: Object.freeze(api), writable: false, configurable: false });
