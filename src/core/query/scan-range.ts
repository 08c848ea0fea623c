import Database from 'better-sqlite3';
import type { MessagePort } from 'node:worker_threads';
import { CallsightError, type SerializedError } from '../../shared/result.ts';
import type { CompiledFilter } from './compile-filter.ts';

/**
 * What the thread that calls parallel-scan.ts and its scan workers share: the chunks of rowids a
 * filter's scan is cut into, the statement each thread runs on a chunk, and how answers and errors
 * travel between them.
 */

/** The statement for a filter's chunks; preparing it first makes SQL that SQLite refuses fail at once. */
export const rangeStatement = (db: Database.Database, { sql }: CompiledFilter): Database.Statement =>
  db.prepare(`SELECT rowid FROM calls WHERE rowid BETWEEN ? AND ? AND (${sql})`).pluck();

/** Chunk `chunk` of `[1, maxRowid]`: `[first, last]`. */
export function chunkRowids(chunk: number, rowidsPerChunk: number, maxRowid: number): readonly [first: number, last: number] {
  const first = chunk * rowidsPerChunk + 1;
  return [first, Math.min(maxRowid, first + rowidsPerChunk - 1)];
}

export function scanChunk(statement: Database.Statement, params: CompiledFilter['params'], [first, last]: readonly [number, number]): Int32Array {
  const rowids = statement.all(first, last, ...params) as number[];
  // An index on a filtered column (a facet, the time) answers in the index's order; the caller is owed rowid order.
  if (!isAscending(rowids)) rowids.sort((a, b) => a - b);
  return Int32Array.from(rowids);
}

function isAscending(rowids: readonly number[]): boolean {
  for (let i = 1; i < rowids.length; i++) if (rowids[i]! < rowids[i - 1]!) return false;
  return true;
}

/** Int32Array slots over ScanJob.signals. */
export const NEXT_CHUNK = 0;
export const CHUNKS_ANSWERED = 1;
export const SIGNAL_SLOTS = 2;

export interface ScanJob {
  readonly file: string;
  readonly filter: CompiledFilter;
  readonly maxRowid: number;
  readonly rowidsPerChunk: number;
  /** Int32Array: [NEXT_CHUNK] the next chunk to claim (Atomics.add), [CHUNKS_ANSWERED] chunks posted so far. */
  readonly signals: SharedArrayBuffer;
  readonly answers: MessagePort;
}

/** A chunk's rowids, or why the worker stopped (chunk null: before its first chunk, opening the file or preparing the statement). */
export type ScanAnswer = { readonly chunk: number; readonly rowids: Int32Array } | { readonly chunk: number | null; readonly error: ScanError };

/** A thrown error as it crosses threads (structured clone drops Error subclasses and their fields). */
export type ScanError =
  | { readonly kind: 'callsight'; readonly error: SerializedError }
  | { readonly kind: 'other'; readonly name: string; readonly message: string; readonly code: string | null };

export function toScanError(error: unknown): ScanError {
  if (error instanceof CallsightError) return { kind: 'callsight', error: { code: error.code, text: error.text } };
  const failure = error instanceof Error ? error : new Error(String(error));
  const code = (failure as { code?: unknown }).code;
  return { kind: 'other', name: failure.name, message: failure.message, code: typeof code === 'string' ? code : null };
}

/** The error the scan would have thrown on the calling thread: a CallsightError, SQLite's error with its code, or an Error by name. */
export function fromScanError(error: ScanError): Error {
  if (error.kind === 'callsight') return new CallsightError(error.error.code, error.error.text);
  if (error.name === 'SqliteError') return new Database.SqliteError(error.message, error.code ?? 'SQLITE_ERROR');
  const other = new Error(error.message);
  other.name = error.name;
  return other;
}
