import type { CsvDelimiter, CsvEncoding } from '../../shared/export.ts';
import type { CellValue } from '../../shared/query.ts';
import { CallsightError } from '../../shared/result.ts';
import type { Language } from '../../shared/settings.ts';
import { FileBuffer } from './byte-buffer.ts';
import { csvCell, NEEDS_QUOTES, RISKY_START } from './csv-cell.ts';
import { classAnnotations } from './export-columns.ts';
import { betweenChunks, type ExportContext } from './export-context.ts';
import { EXPORT_MESSAGES } from './messages.ts';
import { REPLACEMENT_BYTE, WINDOWS_1251 } from './windows-1251.ts';

/**
 * CSV as Excel opens it: RFC 4180 with the formula guard (csv-cell.ts), lines ending in CRLF, UTF-8
 * with a byte-order mark by default — without the mark Excel reads UTF-8 as the system's code page and
 * garbles Cyrillic — or Windows-1251 for older tools.
 *
 * Written for speed (the bar is the sqlite3 CLI writing the same CSV): the rows are read as the
 * originals only, and the six annotation cells, which depend only on a call's status class, are encoded
 * once per class and copied after each row; each original cell goes straight from its string into one
 * large output buffer (csv-cell.ts's slower path only for a cell that needs quotes or the guard).
 */
export interface CsvOptions {
  readonly encoding: CsvEncoding;
  readonly delimiter: CsvDelimiter;
  readonly replaceUnsupported: boolean;
  /** Start a cell a spreadsheet would take as a formula with `'` (csv-cell.ts). */
  readonly formulaGuard: boolean;
  readonly language: Language;
}

const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const CRLF = '\r\n';

export async function writeCsv(context: ExportContext, options: CsvOptions): Promise<{ rows: number; replaced: number }> {
  const { source } = context;
  const { delimiter, formulaGuard } = options;
  const headers = source.layout.columns.map((column) => column.header);
  const width = source.layout.originals.length;
  const special = NEEDS_QUOTES[delimiter];
  const delimiterByte = delimiter.charCodeAt(0);
  const buffer = new FileBuffer(context.out);
  const replaced = { count: 0 };
  // Line 1 is the header; data rows follow, so an error names the line a user sees in a text editor or Excel.
  let line = 1;
  let column = 0;
  const cp1251 = options.encoding === 'windows-1251';

  /** A cell's text into the buffer, in the file's encoding. */
  const put = cp1251
    ? (text: string): void => {
        buffer.reserve(text.length);
        const bytes = buffer.bytes;
        // ASCII (UTF-8 as long as the text): the same bytes, copied natively rather than looked up one by one.
        if (Buffer.byteLength(text, 'utf8') === text.length) {
          buffer.at += bytes.write(text, buffer.at, 'latin1');
          return;
        }
        let at = buffer.at;
        for (let i = 0; i < text.length; i++) {
          const unit = text.charCodeAt(i);
          const byte = WINDOWS_1251[unit]!;
          if (byte === 0 && unit !== 0) {
            const character = String.fromCodePoint(text.codePointAt(i)!);
            if (!options.replaceUnsupported) throw new CallsightError('unsupported-file', EXPORT_MESSAGES.notInCodePage(line, headers[column]!, character));
            bytes[at++] = REPLACEMENT_BYTE;
            replaced.count++;
            if (character.length === 2) i++; // a surrogate pair is one character, one `?`
          } else bytes[at++] = byte;
        }
        buffer.at = at;
      }
    : (text: string): void => buffer.utf8(text);

  /** A whole line of texts (the header, a class's annotations) through the careful path. */
  const lineText = (cells: readonly string[]): string => cells.map((cell) => csvCell(cell, delimiter, formulaGuard)).join(delimiter);

  if (!cp1251) buffer.put(UTF8_BOM);
  for (column = 0; column < headers.length; column++) {
    if (column > 0) put(delimiter);
    put(csvCell(headers[column]!, delimiter, formulaGuard));
  }
  put(CRLF);

  // Each class's annotation cells, with the delimiter before them and the line's end, as bytes.
  const { classOf, classes } = source.statusClasses();
  const tails = classes.map((statusClass) => {
    const start = buffer.at;
    put(`${delimiter}${lineText(classAnnotations(statusClass, options.language))}${CRLF}`);
    const tail = Buffer.from(buffer.bytes.subarray(start, buffer.at));
    buffer.at = start;
    return tail;
  });

  let rows = 0;
  for (const { rows: chunk, rowids } of source.chunks()) {
    for (let r = 0; r < chunk.length; r++) {
      const row = chunk[r]!;
      line++;
      for (column = 0; column < width; column++) {
        if (column > 0) {
          buffer.reserve(1);
          buffer.bytes[buffer.at++] = delimiterByte;
        }
        const text = cellText(row[column]!);
        if (text === '') continue;
        const first = text.charCodeAt(0);
        if ((formulaGuard && first < 0x80 && RISKY_START[first] === 1) || special.test(text)) put(csvCell(text, delimiter, formulaGuard));
        else put(text);
      }
      buffer.put(tails[classOf[rowids[r]!]!]!);
    }
    rows += chunk.length;
    await buffer.flush();
    await betweenChunks(context, rows);
  }
  await buffer.flush(true);
  return { rows, replaced: replaced.count };
}

const cellText = (value: CellValue): string => (typeof value === 'string' ? value : value === null ? '' : String(value));
