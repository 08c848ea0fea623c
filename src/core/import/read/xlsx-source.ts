import type { ImportOptions } from '../../../shared/import-types.ts';
import { detectHeaderRow, modalWidth, type SampleRecord } from '../detect/dialect.ts';
import { closeBook, openBook, pickSheet, streamSheetRows } from './xlsx.ts';
import { rejectionText } from '../../../shared/rejections.ts';

/** XLSX as a record source: same plan shape as delimited text, rows streamed from the chosen sheet. */

export interface XlsxPlan {
  readonly sheet: string;
  readonly sheets: readonly string[];
  readonly headerRow: number;
  readonly header: readonly string[] | null;
  readonly width: number;
  readonly sample: readonly SampleRecord[];
  readonly fileSize: number;
}

const SAMPLE_ROWS = 2000;
const BEFORE_HEADER = rejectionText({ kind: 'before-header' });

export async function planXlsx(path: string, options: ImportOptions): Promise<XlsxPlan> {
  const book = await openBook(path);
  try {
    const sheet = pickSheet(book, options.sheet);
    const records: SampleRecord[] = [];
    await streamSheetRows(book, sheet.entry, (cells, line, problem) => {
      if (problem === null) records.push({ line, fields: cells }); // (the import rejects the others)
      return records.length < SAMPLE_ROWS;
    });
    const headerRow = options.headerRow ?? detectHeaderRow(records);
    const headerRecord = headerRow > 0 ? records.find((r) => r.line === headerRow) : undefined;
    let header: string[] | null = headerRecord ? [...headerRecord.fields] : null;
    if (header) while (header.length > 0 && header[header.length - 1]!.trim() === '') header.pop();
    if (header && header.length === 0) header = null;
    const sample = records.filter((r) => r.line > headerRow);
    const width = Math.max(1, header ? header.length : modalWidth(sample).mode);
    return {
      sheet: sheet.name,
      sheets: book.sheets.map((s) => s.name),
      headerRow: header ? headerRow : 0,
      header,
      width,
      sample: sample.map((r) => ({ line: r.line, fields: padTo(r.fields, width) })),
      fileSize: book.size,
    };
  } finally {
    closeBook(book);
  }
}

/** Omitted trailing cells are empty cells; pad so a short row is not mistaken for a ragged one. */
function padTo(cells: string[], width: number): string[] {
  while (cells.length < width) cells.push('');
  return cells;
}

export async function streamXlsx(
  path: string,
  plan: XlsxPlan,
  onRecord: (fields: string[], line: number, text: string, start: number, end: number) => void,
  onProgress: (bytesRead: number) => void,
  /** Rows above the header row (a report title), and rows that cannot be read: rejected, never dropped silently. */
  onReject: (line: number, raw: string, reason: string) => void,
): Promise<void> {
  const book = await openBook(path);
  try {
    const sheet = pickSheet(book, plan.sheet);
    let compressed = 0;
    let rows = 0;
    await streamSheetRows(
      book,
      sheet.entry,
      (cells, line, problem) => {
        if (line < plan.headerRow) onReject(line, cells.join('\t'), BEFORE_HEADER);
        if (line <= plan.headerRow) return;
        if (problem !== null) {
          onReject(line, cells.join('\t'), problem);
          return;
        }
        // Raw text for a rejected row is built from the cells on demand (text '' tells run-import so).
        onRecord(padTo(cells, plan.width), line, '', 0, 0);
        if ((++rows & 0x3fff) === 0) onProgress(compressed);
      },
      (bytes) => {
        compressed += bytes;
      },
    );
    onProgress(book.size);
  } finally {
    closeBook(book);
  }
}
