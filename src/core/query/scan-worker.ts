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

const claim = (): number => Atomics.add(signals, NEXT_CHUNK, 1);
const db = openQuietly();
if (db) {
  let chunk: number | null = null;
  try {
    registerSqlFunctions(db);
    const statement = rangeStatement(db, job.filter);
    for (chunk = claim(); chunk < chunks; chunk = claim()) {
      answer({ chunk, rowids: scanChunk(statement, job.filter.params, chunkRowids(chunk, job.rowidsPerChunk, job.maxRowid)) });
    }
  } catch (error) {
    answer({ chunk, error: toScanError(error) });
  } finally {
    db.close();
  }
}
job.answers.close();

/**
 * A file this thread cannot open (deleted or moved since the caller opened it) is not the filter's
 * error: the worker claims no chunk, and the caller, whose connection still reads the file, scans them.
 */
function openQuietly(): Database.Database | null {
  try {
    return new Database(job.file, { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
}
