import type { Side } from '../../shared/status/index.ts';
import type { Classification } from '../../shared/status/index.ts';

/**
 * Where run-import puts rows: a DatasetWriter in the same thread, or a RemoteWriter that hands batches
 * to a writer thread (so scanning and SQLite run on two cores). Callers fill `batch` at `nextOffset`.
 */
export interface RowSink {
  readonly batch: unknown[];
  readonly nextOffset: number;
  readonly imported: number;
  readonly rejected: number;
  readonly bySide: Readonly<Record<Side, number>>;
  commitRow(side: Side): void;
  reject(line: number, reason: string, raw: string): void;
  defineClass(id: number, c: Classification): void;
  finishRows(): void | Promise<void>;
  buildIndexes(): void | Promise<void>;
  complete(meta: Readonly<Record<string, unknown>>): void | Promise<void>;
  abort(): void | Promise<void>;
}
