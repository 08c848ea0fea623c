import { parentPort, workerData } from 'node:worker_threads';
import { isChannel } from '../../shared/api-schema.ts';
import { fail, toResult } from '../../shared/result.ts';
import { dispatch } from './dispatch.ts';
import { createEngine } from './handlers.ts';
import { HostPdfPrinter } from './host-pdf.ts';
import type { EngineWorkerData, FromEngine, ToEngine } from './protocol.ts';
import { useScanWorker } from '../query/parallel-scan.ts';

/**
 * The engine runs here, off the host's event loop: better-sqlite3 is synchronous, and on the Electron
 * main thread every query would freeze every window (docs/architecture.md, "Process model").
 */
const port = parentPort;
if (!port) throw new Error('engine-worker must run in a worker thread');
const data = workerData as EngineWorkerData;
const post = (message: FromEngine): void => port.postMessage(message);
const hostPdf = data.hostPrintsPdf === true ? new HostPdfPrinter(post) : null;
if (data.scanWorkerUrl) useScanWorker(data.scanWorkerUrl);

const engine = createEngine({
  dataDir: data.dataDir,
  appVersion: data.appVersion,
  host: data.host,
  ...(data.importWorkerUrl ? { importWorkerUrl: data.importWorkerUrl } : {}),
  ...(hostPdf ? { printPdf: hostPdf.print } : {}),
  // (The union of events does not narrow by a generic event name: the pair is one of FromEngine's by emit's signature.)
  emit: (event, payload) => post({ type: 'event', event, payload } as FromEngine),
});

const SLOW_MS = 250;

// The listener's promise is not the port's to await: each request answers through post(), so the
// handler is started and left to finish (dispatch and toResult turn every failure into a Result).
port.on('message', (message: ToEngine) => void answer(message));

async function answer(message: ToEngine): Promise<void> {
  if (message.type === 'pdf-printed') {
    hostPdf?.settle(message.id, message.error);
    return;
  }
  if (message.type === 'sweep-uploads') {
    post({ type: 'response', id: message.id, result: await toResult(() => engine.sweepUploads(), engine.language()) });
    return;
  }
  if (message.type === 'pending-uploads') {
    post({ type: 'response', id: message.id, result: await toResult(() => engine.pendingUploads(), engine.language()) });
    return;
  }
  if (message.type === 'register-source') {
    const result = await toResult(
      () => engine.registerSource(message.path, message.name, message.uploadPage === undefined ? undefined : { page: message.uploadPage }),
      engine.language(),
    );
    post({ type: 'response', id: message.id, result });
    return;
  }
  const { id, channel, args } = message;
  if (!isChannel(channel) || channel === 'sources/choose') {
    post({ type: 'response', id, result: fail('invalid-argument', `Unknown request ${String(channel).slice(0, 40)}.`) });
    return;
  }
  const started = performance.now();
  const result = await dispatch(engine.handlers, channel, args, engine.language());
  const elapsed = performance.now() - started;
  if (elapsed > SLOW_MS) console.warn(`[engine] slow request ${channel}: ${elapsed.toFixed(0)} ms`);
  post({ type: 'response', id, result });
}
