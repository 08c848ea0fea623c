import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { CellValue } from '../../shared/query.ts';
import type { Language } from '../../shared/settings.ts';
import { REPORT_WORDS } from '../../shared/export-words.ts';
import { betweenChunks, type ExportContext } from './export-context.ts';
import type { ExportChunk } from './export-rows.ts';
import type { ReportData } from './report-data.ts';
import { ByteBuffer } from './byte-buffer.ts';
import { columnWidths, EXCEL_MAX_ROWS, filterRange, RowWriter, sheetEnd, sheetStart, type SheetShape } from './xlsx/data-sheet.ts';
import { SharedStrings } from './xlsx/shared-strings.ts';
import { summarySheetXml } from './xlsx/summary-sheet.ts';
import { contentTypesXml, ROOT_RELS, stylesXml, workbookRelsXml, workbookXml, type SheetEntry } from './xlsx/workbook-parts.ts';
import { useNativeCrc32 } from './xlsx/native-crc32.ts';

// yazl's CRC-32 through zlib's native one (native-crc32.ts).
useNativeCrc32();

/**
 * The workbook, streamed: each sheet's XML is made a chunk of rows at a time and deflated into the ZIP
 * as it goes (yazl, on Node's zlib, ZIP64 when an entry passes 4 GB), so memory stays flat however many
 * rows. Data sheets first (an import of the file back takes the first sheet), then the summary, then the
 * shared strings of the annotation columns (known only once every row is written). Past
 * Excel's 1,048,576 rows a sheet (header included) the data continues on further sheets.
 */
export interface XlsxOptions {
  readonly language: Language;
  /** Data rows per sheet; Excel's limit unless a test asks for fewer. */
  readonly rowsPerSheet?: number | undefined;
  readonly report: ReportData;
}

/**
 * Deflate level for every part. 1M calls (measured 2026-11, CPU seconds of the whole export): level 1
 * 124 MB in 13.2 s, level 4 109 MB in 15.0 s, level 6 (zlib's default) 99 MB in 18.5 s.
 */
const COMPRESSION_LEVEL = 4;

/** Rows made into XML at a time: what a piece of the sheet holds while it waits for deflate. */
const PIECE_ROWS = 250;

/** Rows of the current chunk handed out in pieces, so a sheet can end in the middle of a chunk. */
class RowFeed {
  readonly #chunks: Iterator<ExportChunk>;
  readonly #texts: (row: readonly CellValue[]) => string[];
  #rows: CellValue[][] = [];
  #lines: string[][] = [];
  #at = 0;

  constructor(chunks: Iterator<ExportChunk>, texts: (row: readonly CellValue[]) => string[]) {
    this.#chunks = chunks;
    this.#texts = texts;
  }

  /** The rows still waiting in the current chunk, reading the next chunk if it is used up (for a sample). */
  peek(): string[][] {
    this.#fill();
    return this.#lines.slice(this.#at);
  }

  take(max: number): { rows: CellValue[][]; texts: string[][] } | null {
    this.#fill();
    if (this.#at >= this.#rows.length) return null;
    const end = Math.min(this.#rows.length, this.#at + max);
    const part = { rows: this.#rows.slice(this.#at, end), texts: this.#lines.slice(this.#at, end) };
    this.#at = end;
    return part;
  }

  #fill(): void {
    if (this.#at < this.#rows.length) return;
    const next = this.#chunks.next();
    this.#rows = next.done ? [] : next.value.rows;
    this.#lines = this.#rows.map(this.#texts);
    this.#at = 0;
  }
}

export async function writeXlsx(context: ExportContext, options: XlsxOptions): Promise<{ rows: number; sheets: number }> {
  const { source, out } = context;
  const layout = source.layout;
  const total = source.matched;
  const perSheet = Math.max(1, Math.min(EXCEL_MAX_ROWS - 1, options.rowsPerSheet ?? EXCEL_MAX_ROWS - 1));
  const dataSheets = Math.max(1, Math.ceil(total / perSheet));
  const words = REPORT_WORDS[options.language];
  const feed = new RowFeed(source.chunks(), (row) => layout.texts(row));
  const widths = columnWidths(layout, feed.peek());
  const shapes: SheetShape[] = Array.from({ length: dataSheets }, (_, k) => ({ layout, widths, rows: Math.min(perSheet, total - k * perSheet) }));
  const entries: SheetEntry[] = [
    ...shapes.map((shape, k) => ({ name: k === 0 ? words.dataSheet : `${words.dataSheet} (${k + 1})`, filterRange: filterRange(shape, true) })),
    { name: words.summarySheet, filterRange: null },
  ];

  let written = 0;
  const strings = new SharedStrings();
  const rowWriter = new RowWriter(layout, strings);
  const bytes = new ByteBuffer(1024 * 1024);
  async function* sheet(shape: SheetShape): AsyncGenerator<Buffer> {
    yield Buffer.from(sheetStart(shape));
    let onSheet = 0;
    while (onSheet < shape.rows) {
      const part = feed.take(Math.min(PIECE_ROWS, shape.rows - onSheet));
      if (!part) break;
      rowWriter.write(bytes, part.rows, part.texts, onSheet + 2);
      yield bytes.take();
      onSheet += part.rows.length;
      written += part.rows.length;
      await betweenChunks(context, written);
    }
    yield Buffer.from(sheetEnd(shape));
  }

  const zip = new yazl.ZipFile();
  let fail!: (error: unknown) => void;
  const failed = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  zip.on('error', (error: unknown) => fail(error));
  const lazy =
    (make: () => AsyncGenerator<Buffer>) =>
    (ready: (error: unknown, stream: NodeJS.ReadableStream) => void): void => {
      // One chunk's XML (a few MB) waits at a time: the default of 16 would hold tens of MB.
      const stream = Readable.from(make(), { objectMode: true, highWaterMark: 1 });
      // yazl does not watch a lazy entry's stream for errors (a cancel, a failed read): the export does.
      stream.on('error', (error) => fail(error));
      ready(null, stream);
    };
  const compression = { compressionLevel: COMPRESSION_LEVEL };
  zip.addBuffer(Buffer.from(contentTypesXml(entries.length)), '[Content_Types].xml', compression);
  zip.addBuffer(Buffer.from(ROOT_RELS), '_rels/.rels', compression);
  zip.addBuffer(Buffer.from(workbookXml(entries)), 'xl/workbook.xml', compression);
  zip.addBuffer(Buffer.from(workbookRelsXml(entries.length)), 'xl/_rels/workbook.xml.rels', compression);
  zip.addBuffer(Buffer.from(stylesXml(options.language)), 'xl/styles.xml', compression);
  shapes.forEach((shape, k) =>
    zip.addReadStreamLazy(
      `xl/worksheets/sheet${k + 1}.xml`,
      compression,
      lazy(() => sheet(shape)),
    ),
  );
  zip.addReadStreamLazy(
    `xl/worksheets/sheet${entries.length}.xml`,
    compression,
    lazy(async function* summary() {
      yield Buffer.from(summarySheetXml(options.report, { exportedRows: written, dataSheets, rowsPerSheet: perSheet }));
    }),
  );
  // Last: the annotation texts are known once every row is written.
  zip.addReadStreamLazy(
    'xl/sharedStrings.xml',
    compression,
    lazy(async function* sharedStrings() {
      yield Buffer.from(strings.xml());
    }),
  );
  zip.end();
  try {
    await Promise.race([pipeline(zip.outputStream, out.stream), failed]);
  } catch (error) {
    zip.outputStream.unpipe();
    throw out.error ?? error;
  }
  return { rows: written, sheets: dataSheets };
}
