import path from 'node:path';
import type { ExportFormat, ExportRequest } from '../../shared/export.ts';
import { openExportSource, type ExportSource } from './export-rows.ts';
import type { ExportContext } from './export-context.ts';
import { writeCsv } from './csv-writer.ts';
import { OutputFile } from './output-file.ts';
import { reportData, type ReportData } from './report-data.ts';
import { writeXlsx } from './xlsx-writer.ts';
import { printToPdf } from './report/chromium.ts';
import { writeReportHtml, writeReportPdf, type PdfPrinter } from './report/write-report.ts';

/**
 * One export from a dataset file to a file: the same path for the CLI and the engine. Rows stream
 * from SQLite to a temporary file beside the target, which takes the target's name only when complete.
 */
export interface ExportJob {
  readonly datasetFile: string;
  readonly out: string;
  readonly request: ExportRequest;
  /** Replace an existing file at `out` (the CLI's --force; the app asked the user in its save dialog). */
  readonly replace: boolean;
  /** Permissions of a new file (the data folder's exports are the owner's only). */
  readonly mode?: number;
  /** XLSX: data rows per sheet (tests use a small limit to cross it). */
  readonly rowsPerSheet?: number;
  /** PDF: the Chromium or Chrome to print with; otherwise the usual places are searched. */
  readonly chromium?: string | undefined;
  /** PDF: the host prints instead (Electron's own Chromium, src/main/report-pdf.ts); `chromium` is then unused. */
  readonly printPdf?: PdfPrinter | undefined;
}

export interface ExportOutcome {
  readonly out: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly bytes: number;
  readonly elapsedMs: number;
  readonly replaced: number;
  readonly sheets: number;
}

export interface ExportHooks {
  /** Rows written so far of the matching rows (reports: 0 of the total, then the total). */
  readonly onProgress?: (rowsWritten: number, rowsTotal: number) => void;
  readonly signal?: AbortSignal;
}

/** An export whose rows are chosen and whose file is open: the checks a user can fail are behind it. */
export interface PreparedExport {
  readonly job: ExportJob;
  readonly source: ExportSource;
  readonly out: OutputFile;
}

/**
 * Opens the dataset, checks the filter, sort and columns against it, and opens the temporary file:
 * everything that can be refused is refused here, synchronously, before any row is written.
 */
export function prepareExport(job: ExportJob): PreparedExport {
  const { format } = job.request;
  const source = openExportSource(job.datasetFile, { ...job.request, reads: format === 'xlsx' ? 'row-tags' : format === 'csv' ? 'originals' : 'nothing' });
  try {
    const out = new OutputFile(job.out, { replace: job.replace, ...(job.mode !== undefined ? { mode: job.mode } : {}) });
    return { job, source, out };
  } catch (error) {
    source.close();
    throw error;
  }
}

export async function runExport(job: ExportJob, hooks: ExportHooks = {}): Promise<ExportOutcome> {
  return writeExport(prepareExport(job), hooks);
}

/** Writes a prepared export and renames it into place; on failure or cancel no file is left under the name. */
export async function writeExport(prepared: PreparedExport, hooks: ExportHooks = {}): Promise<ExportOutcome> {
  const started = performance.now();
  const { job, source, out } = prepared;
  const { request } = job;
  try {
    const context: ExportContext = {
      source,
      out,
      signal: hooks.signal,
      progress: (rows) => hooks.onProgress?.(rows, source.matched),
    };
    hooks.onProgress?.(0, source.matched);
    let rows = source.matched;
    let replaced = 0;
    let sheets = 0;
    switch (request.format) {
      case 'csv': {
        const written = await writeCsv(context, {
          encoding: request.encoding ?? 'utf-8',
          delimiter: request.delimiter ?? ';',
          replaceUnsupported: request.replaceUnsupported === true,
          formulaGuard: request.formulaGuard !== false,
          language: request.language,
        });
        rows = written.rows;
        replaced = written.replaced;
        break;
      }
      case 'xlsx': {
        const written = await writeXlsx(context, { language: request.language, rowsPerSheet: job.rowsPerSheet, report: report(source, request) });
        rows = written.rows;
        sheets = written.sheets;
        break;
      }
      case 'html':
        await writeReportHtml(context, report(source, request));
        break;
      case 'pdf':
        await writeReportPdf(context, report(source, request), job.printPdf ?? ((html, pdf) => printToPdf(html, pdf, job.chromium)));
        break;
    }
    const bytes = await out.commit();
    return { out: job.out, format: request.format, rows, bytes, elapsedMs: Math.round(performance.now() - started), replaced, sheets };
  } catch (error) {
    out.discard();
    throw error;
  } finally {
    source.close();
  }
}

function report(source: ExportSource, request: ExportRequest): ReportData {
  return reportData({
    info: source.info,
    filter: request.filter,
    sort: request.sort,
    summary: source.summary(),
    period: source.period(),
    failuresByReason: source.failuresByReason(),
    language: request.language,
  });
}

/** The format a file name asks for, by its extension. */
export function formatOfFile(file: string): ExportFormat | null {
  const extension = path.extname(file).toLowerCase();
  const formats: Readonly<Record<string, ExportFormat>> = {
    '.csv': 'csv',
    '.txt': 'csv',
    '.tsv': 'csv',
    '.xlsx': 'xlsx',
    '.html': 'html',
    '.htm': 'html',
    '.pdf': 'pdf',
  };
  return formats[extension] ?? null;
}
