import type { CsvDelimiter, CsvEncoding } from '../../shared/export.ts';
import { CallsightError } from '../../shared/result.ts';
import { betweenChunks, type ExportContext } from './export-context.ts';
import { EXPORT_MESSAGES } from './messages.ts';
import { encodeWindows1251 } from './windows-1251.ts';

/**
 * CSV as Excel opens it: RFC 4180 (a cell with the delimiter, a quote or a line break is quoted, quotes
 * doubled, lines end in CRLF), UTF-8 with a byte-order mark by default — without the mark Excel reads
 * UTF-8 as the system's code page and garbles Cyrillic — or Windows-1251 for older tools.
 */
export interface CsvOptions {
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
  readonly replaceUnsupported: boolean;
}

const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/** Characters that make a cell need quotes, per delimiter (one regex test per cell is the cheap check). */
const NEEDS_QUOTES: Readonly<Record<CsvDelimiter, RegExp>> = { ';': /[;"\r\n]/, ',': /[,"\r\n]/, '\t': /[\t"\r\n]/ };

export function csvLine(cells: readonly string[], delimiter: CsvDelimiter): string {
  const special = NEEDS_QUOTES[delimiter];
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const text = cells[i]!;
    if (i > 0) line += delimiter;
    line += special.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }
  return `${line}\r\n`;
}

export function csvCell(text: string, delimiter: CsvDelimiter): string {
  return NEEDS_QUOTES[delimiter].test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export async function writeCsv(context: ExportContext, options: CsvOptions): Promise<{ rows: number; replaced: number }> {
  const { source, out } = context;
  const headers = source.layout.columns.map((column) => column.header);
  const replaced = { count: 0 };
  // Line 1 is the header; data rows follow, so an error names the line a user sees in a text editor or Excel.
  let line = 1;
  const encode =
    options.encoding === 'utf-8'
      ? (text: string): Uint8Array => Buffer.from(text, 'utf8')
      : (text: string, lines: readonly string[][]): Uint8Array => toWindows1251(text, lines);

  /** Text of whole lines → bytes; on a character the code page lacks, finds its line and column and stops. */
  function toWindows1251(text: string, lines: readonly string[][]): Uint8Array {
    const bytes = Buffer.allocUnsafe(text.length);
    const end = encodeWindows1251(text, bytes, 0, options.replaceUnsupported, replaced);
    if (typeof end === 'number') return bytes.subarray(0, end);
    const firstLine = line - lines.length + 1;
    for (const [k, cells] of lines.entries()) {
      for (const [column, cell] of cells.entries()) {
        const found = encodeWindows1251(cell, Buffer.allocUnsafe(cell.length), 0, false, replaced);
        if (typeof found !== 'number')
          throw new CallsightError('unsupported-file', EXPORT_MESSAGES.notInCodePage(firstLine + k, headers[column]!, found.character));
      }
    }
    throw new CallsightError('unsupported-file', EXPORT_MESSAGES.notInCodePage(firstLine, headers[0]!, end.character));
  }

  if (options.encoding === 'utf-8') await out.write(UTF8_BOM);
  await out.write(encode(csvLine(headers, options.delimiter), [headers]));
  let rows = 0;
  for (const chunk of source.chunks()) {
    const lines = chunk.map((row) => source.layout.texts(row));
    let text = '';
    for (const cells of lines) text += csvLine(cells, options.delimiter);
    line += lines.length;
    await out.write(encode(text, lines));
    rows += chunk.length;
    await betweenChunks(context, rows);
  }
  return { rows, replaced: replaced.count };
}
