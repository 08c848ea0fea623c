// The browser host's side of the contract: CallsightApi over HTTP. Served to the page as-is with its
// types stripped, so it may import TYPES only (they vanish); everything it runs is in this file.
import type { ApiRequests, CallsightApi, Channel, DroppedFile, Unsubscribe } from '../../shared/api.ts';
import type { ImportProgress, SourceRef } from '../../shared/import-types.ts';
import type { Result } from '../../shared/result.ts';

type ApiResult<C extends Channel> = Promise<Result<ApiRequests[C]['result']>>;

/**
 * The host did not answer (or answered with something that is not a Result): the renderer's transport
 * marker, code 'internal' with no sentence, so the page shows its own sentence in the user's language
 * (TRANSPORT_FAILURE in src/renderer/src/api.ts; spelled out here because this file may import types only).
 */
const transportFailure = (): Result<never> => ({ ok: false, error: { code: 'internal', message: '' } });

async function call<C extends Channel>(channel: C, ...args: ApiRequests[C]['args']): ApiResult<C> {
  try {
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
      credentials: 'same-origin',
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
      headers: { 'Content-Type': 'application/octet-stream' },
      body: file,
      credentials: 'same-origin',
    });
    return (await response.json()) as Result<SourceRef>;
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
let events: EventSource | null = null;

function subscribeProgress(listener: (progress: ImportProgress) => void): Unsubscribe {
  progressListeners.add(listener);
  if (!events) {
    events = new EventSource('/api/events');
    events.addEventListener('imports/progress', (event) => {
      const progress = JSON.parse((event as MessageEvent<string>).data) as ImportProgress;
      for (const notify of progressListeners) notify(progress);
    });
  }
  return () => {
    progressListeners.delete(listener);
  };
}

const api = {
  app: { info: () => call('app/info') },
  settings: {
    get: () => call('settings/get'),
    update: (patch) => call('settings/update', patch),
  },
  sources: {
    async choose() {
      const file = await pickFile();
      return file ? upload(file) : { ok: true, value: null };
    },
    fromDrop: (file: DroppedFile) => upload(file as File),
    preview: (sourceId, options) => call('sources/preview', sourceId, options),
  },
  imports: {
    start: (sourceId, options) => call('imports/start', sourceId, options),
    cancel: (jobId) => call('imports/cancel', jobId),
    onProgress: subscribeProgress,
  },
  datasets: {
    list: () => call('datasets/list'),
    get: (id) => call('datasets/get', id),
    rename: (id, name) => call('datasets/rename', id, name),
    remove: (id) => call('datasets/remove', id),
    reimport: (id) => call('datasets/reimport', id),
    rejected: (id, offset, limit) => call('datasets/rejected', id, offset, limit),
  },
} satisfies CallsightApi;

// Drop the token from the address bar once the cookie holds it.
if (new URLSearchParams(location.search).has('token')) history.replaceState(null, '', location.pathname);

Object.defineProperty(window, 'callsight', { value: Object.freeze(api), writable: false, configurable: false });
