import type { CallFilter, CallSort } from './query.ts';
import type { LocalizedText } from './result.ts';
import type { Language } from './settings.ts';

/**
 * Exports (issue #9): the calls a CallFilter selects, in a CallSort's order, written as a CSV or XLSX
 * file, or summed up in a printable report (HTML, PDF). The same filter gives the same rows as the
 * grid and the CLI's `query`: the export reads them through the query engine.
 */
export const EXPORT_FORMATS = ['csv', 'xlsx', 'html', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_ENCODINGS = ['utf-8', 'windows-1251'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export const CSV_DELIMITERS = [';', ',', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export interface ExportRequest {
  readonly format: ExportFormat;
  readonly filter: CallFilter;
  readonly sort: CallSort;
  /** Original columns to write, in this order; absent: all of them, in the file's order. */
  readonly columns?: readonly string[];
  /** The language of the annotations, headers and report. */
  readonly language: Language;
  /** CSV only. Default: UTF-8 with a byte-order mark (Excel reads Cyrillic right only with it). */
  readonly encoding?: CsvEncoding;
  /** CSV only. Default `;` (what Russian Excel expects). */
  readonly delimiter?: CsvDelimiter;
  /** CSV in Windows-1251 only: write `?` for characters the code page lacks instead of stopping. */
  readonly replaceUnsupported?: boolean;
  /**
   * CSV only. Default true: a cell a spreadsheet would take as a formula (`=…`, `@…`, `+`/`-` before
   * anything but a number or a phone number) is written with a leading `'`, so opening the file runs nothing.
   */
  readonly formulaGuard?: boolean;
}

export type ExportPhase = 'writing' | 'finishing' | 'done' | 'failed' | 'cancelled';

export interface ExportProgress {
  readonly jobId: string;
  readonly phase: ExportPhase;
  readonly rowsWritten: number;
  readonly rowsTotal: number;
  /** Seconds left, null until it can be estimated. */
  readonly etaSeconds: number | null;
  /** Set when phase is done. */
  readonly result?: ExportResult;
  /** Set when phase is failed: the reason, in both interface languages. */
  readonly error?: LocalizedText;
}

export interface ExportResult {
  /** The file's name (no folder: the page never sees paths). */
  readonly fileName: string;
  readonly format: ExportFormat;
  readonly rows: number;
  readonly bytes: number;
  readonly elapsedMs: number;
  /** Characters Windows-1251 lacks that were written as `?` (replaceUnsupported). */
  readonly replaced: number;
  /** XLSX: data sheets written (more than one past 1,048,575 rows). */
  readonly sheets: number;
  /** Browser host: the file waits in the data folder's exports/ for `exports/download`. */
  readonly downloadId?: string;
}

export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = { csv: '.csv', xlsx: '.xlsx', html: '.html', pdf: '.pdf' };
