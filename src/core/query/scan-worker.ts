import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CHUNKS_ANSWERED, chunkRowids, NEXT_CHUNK, rangeStatement, scanChunk, toScanError, type ScanAnswer, type ScanJob } from './scan-range.ts';
import { registerSqlFunctions } from './sql-functions.ts';

/**
 * Scans chunks of a parallel scan (parallel-scan.ts) on a read-only connection of its own, claiming
 * them from the shared counter until none is left. The thread that started it may be blocked in
 * Atomics.wait: each answer goes into a port it reads synchronously, and CHUNKS_ANSWERED wakes it.
 */
const job = workerData as ScanJob;
const signals = new Int32Array(job.signals);
const chunks = Math.ceil(job.maxRowid / job.rowidsPerChunk);

/** Posted before the count goes up, so the waiting thread finds the answer once it sees the count. */
function answer(message: ScanAnswer): void {
  job.answers.postMessage(message, 'rowids' in message ? [message.rowids.buffer as ArrayBuffer] : []);
  Atomics.add(signals, CHUNKS_ANSWERED, 1);
  Atomics.notify(signals, CHUNKS_ANSWERED);
}

let db: Database.Database | null = null;
let chunk: number | null = null;
try {
  db = new Database(job.file, { readonly: true, fileMustExist: true });
  registerSqlFunctions(db);
  const statement = rangeStatement(db, job.filter);
  for (chunk = Atomics.add(signals, NEXT_CHUNK, 1); chunk < chunks; chunk = Atomics.add(signals, NEXT_CHUNK, 1)) {
    answer({ chunk, rowids: scanChunk(statement, job.filter.params, chunkRowids(chunk, job.rowidsPerChunk, job.maxRowid)) });
  }
} catch (error) {
  answer({ chunk, error: toScanError(error) });
} finally {
  db?.close();
  job.answers.close();
}
