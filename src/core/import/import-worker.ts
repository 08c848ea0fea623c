import { parentPort, workerData } from 'node:worker_threads';
import { serializeError, type SerializedError } from '../../shared/result.ts';
import { runImport, type RunImportParams } from './run-import.ts';
import type { WriterWorkerData } from './write/remote-writer.ts';
import { serveWriter } from './write/writer-thread.ts';

/**
 * The import worker: runs one import (run-import.ts) off the main thread and reports by message.
 * Cancelling is done by the parent terminating this thread; the parent then deletes the partial file.
 * The same file also serves as the import's writer thread (role 'writer'), so the Electron build
 * bundles one worker file only.
 */

export type WorkerInput = Omit<RunImportParams, 'onProgress'>;
export type WorkerMessage =
  | { readonly type: 'progress'; readonly phase: 'reading' | 'indexing'; readonly bytesRead: number; readonly bytesTotal: number; readonly rowsRead: number }
  | {
      readonly type: 'done';
      readonly summary: Awaited<ReturnType<typeof runImport>>['summary'];
      readonly textEncoding: Awaited<ReturnType<typeof runImport>>['textEncoding'];
    }
  | { readonly type: 'failed'; readonly error: SerializedError };

const port = parentPort;
if (port && (workerData as { role?: string }).role === 'writer') {
  serveWriter(port, workerData as WriterWorkerData);
} else if (port) {
  const input = workerData as WorkerInput;
  let lastSent = 0;
  runImport({
    // This very file is the writer thread's script (see above).
    writerWorkerUrl: input.writerWorkerUrl ?? import.meta.url,
    ...input,
    onProgress: (p) => {
      const now = performance.now();
      // ~10 messages a second at most; phase changes always go through.
      if (p.phase === 'reading' && now - lastSent < 100) return;
      lastSent = now;
      port.postMessage({ type: 'progress', ...p } satisfies WorkerMessage);
    },
  }).then(
    (result) => port.postMessage({ type: 'done', summary: result.summary, textEncoding: result.textEncoding } satisfies WorkerMessage),
    (error: unknown) => {
      port.postMessage({ type: 'failed', error: serializeError(error) } satisfies WorkerMessage);
    },
  );
}
