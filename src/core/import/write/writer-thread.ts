import type { MessagePort } from 'node:worker_threads';
import { CallsightError, serializeError } from '../../../shared/result.ts';
import { MESSAGES } from '../../messages.ts';
import type { WriterReply, WriterRequest, WriterWorkerData } from './remote-writer.ts';
import { BLOCK_BYTES, unpackRows } from './row-block.ts';
import { DatasetWriter } from './writer.ts';

/** The writer thread of a two-thread import: applies the producer's requests to a DatasetWriter. */
export function serveWriter(port: MessagePort, data: WriterWorkerData): void {
  const progress = new Int32Array(data.progress);
  const reply = (message: WriterReply): void => port.postMessage(message);
  let writer: DatasetWriter;
  const failed = (error: unknown): void => {
    const code = (error as NodeJS.ErrnoException).code;
    const diskFull = code === 'SQLITE_FULL' || code === 'ENOSPC';
    const serialized = serializeError(diskFull ? new CallsightError('io', MESSAGES.diskFull) : error);
    // First the reason, then the flag: a producer that sees the flag finds the reason already queued.
    data.failures.postMessage(serialized);
    Atomics.store(progress, 1, 1);
    Atomics.notify(progress, 0);
    reply({ type: 'failed', error: serialized });
  };
  try {
    writer = new DatasetWriter(data.finalPath, data.columns, data.roles);
  } catch (error) {
    failed(error);
    return;
  }
  reply({ type: 'ok', step: 'ready' });
  port.on('message', (request: WriterRequest) => {
    try {
      switch (request.type) {
        case 'rows': {
          const block = 'slot' in request ? new Uint8Array(data.ring, request.slot * BLOCK_BYTES, BLOCK_BYTES) : new Uint8Array(request.block);
          unpackRows(block, request.used, data.columns.length, writer);
          Atomics.add(progress, 0, 1);
          Atomics.notify(progress, 0);
          break;
        }
        case 'class':
          writer.defineClass(request.id, request.c);
          break;
        case 'codes':
          writer.addCodes(request.column, request.codes);
          break;
        case 'reject':
          writer.reject(request.line, request.reason, request.raw);
          break;
        case 'finishRows': {
          const table = writer.finishRows();
          reply({ type: 'ok', step: 'finishRows', written: { imported: writer.imported, rejected: writer.rejected, repaired: writer.repaired, ...table } });
          break;
        }
        case 'buildIndexes':
          writer.buildDigitsIndex();
          reply({ type: 'ok', step: 'buildIndexes' });
          break;
        case 'appendIndexes':
          writer.appendScanIndexes(request.stream);
          reply({ type: 'ok', step: 'appendIndexes' });
          break;
        case 'complete':
          writer.complete(request.meta, request.codes);
          reply({ type: 'ok', step: 'complete' });
          break;
      }
    } catch (error) {
      writer.abort();
      failed(error);
      port.close();
    }
  });
}
