import { setImmediate as nextTurn } from 'node:timers/promises';
import { CallsightError } from '../../shared/result.ts';
import type { ExportSource } from './export-rows.ts';
import { EXPORT_MESSAGES } from './messages.ts';
import type { OutputFile } from './output-file.ts';

/** What every format's writer gets: the rows, the file, a way to report progress, and the cancel signal. */
export interface ExportContext {
  readonly source: ExportSource;
  readonly out: OutputFile;
  readonly signal?: AbortSignal | undefined;
  /** Called after each chunk with the rows written so far. */
  readonly progress: (rowsWritten: number) => void;
}

/**
 * Between two chunks: stop if cancelled, and let the event loop run (in the engine worker, the grid's
 * requests answer between the chunks of a long export).
 */
export async function betweenChunks(context: ExportContext, rowsWritten: number): Promise<void> {
  context.progress(rowsWritten);
  await nextTurn();
  if (context.signal?.aborted) throw new CallsightError('cancelled', EXPORT_MESSAGES.cancelled);
}
