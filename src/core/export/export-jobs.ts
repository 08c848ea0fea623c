import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportProgress, ExportRequest } from '../../shared/export.ts';
import { proposeExportName } from '../../shared/export-name.ts';
import { CallsightError, serializeError } from '../../shared/result.ts';
import { EXPORT_MESSAGES } from './messages.ts';
import type { PdfPrinter } from './report/write-report.ts';
import { prepareExport, writeExport } from './run-export.ts';

/**
 * The app's exports: each runs in the engine worker as a chain of chunks (the grid's requests answer
 * between them), writes into the data folder's exports/ under the proposed name (made unique), and
 * reports progress, its outcome or its failure as events. Cancel stops it before the next chunk and
 * leaves no file. Finished files wait there for the host to hand them over (save dialog, download)
 * and are swept after a day.
 */
const PROGRESS_INTERVAL_MS = 100;
/** Exports nobody saved or downloaded go after this long (the data folder must not fill up with them). */
const KEEP_MS = 24 * 3_600_000;

export class ExportJobs {
  readonly #dir: string;
  readonly #emit: (progress: ExportProgress) => void;
  readonly #running = new Map<string, AbortController>();
  readonly #printPdf: PdfPrinter | undefined;

  /** `printPdf`: the host prints the PDF reports (Electron); otherwise a Chromium on the machine does. */
  constructor(exportsDir: string, emit: (progress: ExportProgress) => void, printPdf?: PdfPrinter) {
    this.#dir = exportsDir;
    this.#emit = emit;
    this.#printPdf = printPdf;
  }

  /** Starts an export of a dataset file; answers at once with the job and the file's name, or throws what the dataset refuses. */
  start(datasetFile: string, request: ExportRequest): { jobId: string; fileName: string } {
    const jobId = randomUUID();
    const fileName = this.#freeName(proposeExportName(request.filter, request.format, request.language));
    // A filter, sort or column the dataset rejects is this call's answer, before any event.
    const prepared = prepareExport({ datasetFile, out: path.join(this.#dir, fileName), request, replace: false, mode: 0o600, printPdf: this.#printPdf });
    const abort = new AbortController();
    this.#running.set(jobId, abort);
    const started = performance.now();
    let last = 0;
    const emit = (progress: Omit<ExportProgress, 'jobId'>): void => {
      try {
        this.#emit({ jobId, ...progress });
      } catch {
        // a listener's failure must not break the export
      }
    };
    void writeExport(prepared, {
      signal: abort.signal,
      onProgress(rowsWritten, rowsTotal) {
        const now = performance.now();
        if (now - last < PROGRESS_INTERVAL_MS && rowsWritten < rowsTotal && rowsWritten > 0) return;
        last = now;
        const seconds = (now - started) / 1000;
        const etaSeconds = rowsWritten > 0 && seconds > 0.3 ? Math.max(0, Math.round(((rowsTotal - rowsWritten) * seconds) / rowsWritten)) : null;
        emit({ phase: rowsWritten >= rowsTotal ? 'finishing' : 'writing', rowsWritten, rowsTotal, etaSeconds });
      },
    })
      .then(
        (outcome) =>
          emit({
            phase: 'done',
            rowsWritten: outcome.rows,
            rowsTotal: outcome.rows,
            etaSeconds: 0,
            result: {
              fileName,
              format: outcome.format,
              rows: outcome.rows,
              bytes: outcome.bytes,
              elapsedMs: outcome.elapsedMs,
              replaced: outcome.replaced,
              sheets: outcome.sheets,
            },
          }),
        (error: unknown) => {
          const cancelled = error instanceof CallsightError && error.code === 'cancelled';
          emit({
            phase: cancelled ? 'cancelled' : 'failed',
            rowsWritten: 0,
            rowsTotal: 0,
            etaSeconds: null,
            ...(cancelled ? {} : { error: serializeError(error).text }),
          });
        },
      )
      .finally(() => this.#running.delete(jobId));
    return { jobId, fileName };
  }

  cancel(jobId: string): void {
    const job = this.#running.get(jobId);
    if (!job) throw new CallsightError('not-found', EXPORT_MESSAGES.exportFinished);
    job.abort();
  }

  /** Deletes half-written files of an earlier run and exports older than a day. */
  sweep(now = Date.now()): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.#dir);
    } catch {
      return;
    }
    for (const name of names) {
      const file = path.join(this.#dir, name);
      try {
        if (name.includes('.partial-') || now - fs.statSync(file).mtimeMs > KEEP_MS) fs.rmSync(file, { force: true });
      } catch {
        // in use (Windows) or gone: next time
      }
    }
  }

  /** `name.xlsx`, else `name (2).xlsx`, … — never an existing file nor one a running export is writing. */
  #freeName(proposed: string): string {
    const extension = path.extname(proposed);
    const stem = proposed.slice(0, proposed.length - extension.length);
    for (let n = 1; ; n++) {
      const name = n === 1 ? proposed : `${stem} (${n})${extension}`;
      const taken = fs.existsSync(path.join(this.#dir, name)) || fs.readdirSync(this.#dir).some((other) => other.startsWith(`.${name}.partial-`));
      if (!taken) return name;
    }
  }
}
