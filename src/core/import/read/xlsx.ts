import path from 'node:path';
import type { Entry } from 'yauzl';
import { CallsightError } from '../../../shared/result.ts';
import { excelSerialToIso } from '../tag/values.ts';
import { closeArchive, openArchive, streamEntry, type Archive } from './xlsx-archive.ts';
import {
  DateStylesReader,
  MAX_SHARED_STRINGS_PART_BYTES,
  MAX_SMALL_PART_BYTES,
  RelationshipsReader,
  RunsText,
  SharedStringsReader,
  WorkbookReader,
} from './xlsx-parts.ts';
import { parseXml, xmlFeed, type XmlHandler } from './xml-reader.ts';
import { MESSAGES, messageWith } from '../../messages.ts';
import { rejectionText } from '../../../shared/rejections.ts';

export { dateKindOfFormat, parseSharedStrings } from './xlsx-parts.ts';

/**
 * A streaming XLSX sheet reader. The workbook, relationships, styles and shared strings are read into
 * small tables first; the sheet is then inflated and parsed as it streams, one `<row>` handed on at a
 * time, so memory stays flat for any number of rows. Cells styled as dates become ISO text.
 */

export interface XlsxSheetRef {
  readonly name: string;
  readonly entry: Entry;
}

export interface XlsxBook {
  readonly archive: Archive;
  readonly size: number;
  readonly sheets: readonly XlsxSheetRef[];
  readonly sharedStrings: readonly string[];
  /** Per cell style (xf index): 0 not a date, 1 date, 2 date-time, 3 time only. */
  readonly dateStyles: readonly number[];
}

/** Streams one part read whole through `handler`; null when the workbook has no such part. */
async function readPart<H extends XmlHandler>(archive: Archive, name: string, handler: H, maxBytes = MAX_SMALL_PART_BYTES): Promise<H | null> {
  const entry = archive.entries.get(name);
  if (!entry) return null;
  const feed = xmlFeed(handler);
  await streamEntry(archive, entry, (chunk) => feed.write(chunk), undefined, maxBytes);
  feed.end();
  return handler;
}

export async function openBook(filePath: string): Promise<XlsxBook> {
  const archive = await openArchive(filePath);
  try {
    const workbook = await readPart(archive, 'xl/workbook.xml', new WorkbookReader());
    if (!workbook) throw new CallsightError('unsupported-file', MESSAGES.zipNotWorkbook);
    const targets = (await readPart(archive, 'xl/_rels/workbook.xml.rels', new RelationshipsReader()))?.targets;
    const sheets: XlsxSheetRef[] = [];
    for (const { name, relationId } of workbook.sheets) {
      const target = targets?.get(relationId);
      if (!target) continue;
      const entryName = target.startsWith('/') ? target.slice(1) : path.posix.normalize(`xl/${target}`);
      const entry = archive.entries.get(entryName);
      if (entry) sheets.push({ name, entry });
    }
    if (sheets.length === 0) throw new CallsightError('unsupported-file', MESSAGES.workbookWithoutSheets);
    const shared = await readPart(archive, 'xl/sharedStrings.xml', new SharedStringsReader(), MAX_SHARED_STRINGS_PART_BYTES);
    const styles = await readPart(archive, 'xl/styles.xml', new DateStylesReader());
    return {
      archive,
      size: archive.size,
      sheets,
      sharedStrings: shared?.strings ?? [],
      dateStyles: styles?.kinds ?? [],
    };
  } catch (error) {
    closeArchive(archive);
    throw error;
  }
}

export function closeBook(book: XlsxBook): void {
  closeArchive(book.archive);
}

export function pickSheet(book: XlsxBook, name: string | undefined): XlsxSheetRef {
  if (name === undefined) return book.sheets[0]!;
  const sheet = book.sheets.find((s) => s.name === name);
  if (!sheet) {
    throw new CallsightError(
      'invalid-argument',
      messageWith.noSuchSheet(
        name,
        book.sheets.map((s) => s.name),
      ),
    );
  }
  return sheet;
}

/** Excel's last column is XFD (16384); a reference beyond it is a damaged or hostile file. */
const MAX_COLUMNS = 16_384;
/** Excel's last row (ECMA-376 §18.3.1.73: `r` is 1 … 1048576). */
const MAX_ROWS = 1_048_576;

/**
 * The column of a cell reference (`B7`, also `b7` and `$B$7` as some writers put them), or -1 when
 * it names no cell.
 */
function columnIndex(ref: string): number {
  let n = 0;
  let i = ref.charCodeAt(0) === 36 /* $ */ ? 1 : 0;
  const lettersFrom = i;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // ASCII letters to lower case
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
    // Checked as it grows, so padding the row up to the column can never allocate millions of cells.
    if (n > MAX_COLUMNS) throw new CallsightError('unsupported-file', MESSAGES.workbookDamaged);
  }
  if (i === lettersFrom) return -1;
  if (ref.charCodeAt(i) === 36) i++;
  const digitsFrom = i;
  while (i < ref.length && ref.charCodeAt(i) >= 48 && ref.charCodeAt(i) <= 57) i++;
  return i === digitsFrom || i !== ref.length ? -1 : n - 1;
}

/** A `<row r="…">` value as a row number, or null when it is none (`abc`, `0`, past Excel's last row). */
function rowNumberOf(value: string): number | null {
  if (!/^[1-9][0-9]{0,6}$/.test(value)) return null;
  const n = Number(value);
  return n <= MAX_ROWS ? n : null;
}

/** A value quoted in a rejection reason, cut so a hostile attribute cannot fill the table. */
const quoted = (value: string): string => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** A number as Excel shows it in General format (15 significant digits, no float noise). */
function formatNumber(text: string): string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  return String(Number(n.toPrecision(15)));
}

function dateCell(value: string, kind: number): string {
  const n = Number(value);
  if (kind === 3) {
    const total = Math.round((n - Math.floor(n)) * 86_400) % 86_400;
    const p = (x: number): string => String(x).padStart(2, '0');
    return `${p(Math.floor(total / 3600))}:${p(Math.floor(total / 60) % 60)}:${p(total % 60)}`;
  }
  const iso = excelSerialToIso(n, kind === 2 || !Number.isInteger(n));
  return iso ? iso.replace('T', ' ') : formatNumber(value);
}

type Tables = Pick<XlsxBook, 'sharedStrings' | 'dateStyles'>;

/** A cell's text from its type (`t`), style (`s`) and raw `<v>` value (ECMA-376 §18.3.1.4). */
function cellText(type: string, style: string | undefined, v: string, tables: Tables): string {
  switch (type) {
    case 's':
      return tables.sharedStrings[Number(v)] ?? '';
    case 'str':
    case 'e':
      return v;
    case 'b':
      return v === '1' ? 'TRUE' : 'FALSE';
    case 'd':
      return v.replace('T', ' ').replace(/\.\d+$/, '');
    default: {
      const kind = tables.dateStyles[Number(style ?? 0)] ?? 0;
      return kind > 0 ? dateCell(v, kind) : formatNumber(v);
    }
  }
}

/**
 * Sees one row of a sheet: its cells, its row number, and why it cannot be imported (an English
 * rejection text), or null. Returning false stops the reader.
 */
export type SheetRowSink = (cells: string[], rowNumber: number, problem: string | null) => boolean | void;

/**
 * Turns the `<row>`/`<c>` events of a sheet into rows of cell text placed by their column letters.
 * `onRow` sees each row with a non-empty cell. No cell is dropped: one whose reference names no cell,
 * or a second cell at the same place, is kept at the end of its row, and the row comes with a problem;
 * so does a row whose `r` is no row number (it is numbered as the row after the previous one).
 */
class RowReader implements XmlHandler {
  stopped = false;
  private readonly tables: Tables;
  private readonly onRow: SheetRowSink;
  private cells: string[] = [];
  private rowNumber = 0;
  private problem: string | null = null;
  // The cell being read.
  private inCell = false;
  private ref: string | undefined;
  private type = 'n';
  private style: string | undefined;
  private value: string | undefined; // text of the first <v>, if any
  private inValue = false;
  private readonly runs = new RunsText(); // inline strings

  constructor(tables: Tables, onRow: SheetRowSink) {
    this.tables = tables;
    this.onRow = onRow;
  }

  open(name: string, attributes: Readonly<Record<string, string>>): void {
    if (name === 'c') {
      this.inCell = true;
      this.ref = attributes.r;
      this.type = attributes.t ?? 'n';
      this.style = attributes.s;
      this.value = undefined;
    } else if (name === 'v') {
      if (this.inCell && this.value === undefined) {
        this.inValue = true;
        this.value = '';
      }
    } else if (name === 'row') {
      const r = attributes.r;
      const n = r === undefined ? this.rowNumber + 1 : rowNumberOf(r);
      this.problem = n === null ? rejectionText({ kind: 'row-number', value: quoted(r!) }) : null;
      this.rowNumber = n ?? this.rowNumber + 1;
      this.cells = [];
    } else if (this.inCell) {
      this.runs.open(name);
    }
  }

  text(text: string): void {
    if (this.inValue) this.value += text;
    else if (this.inCell) this.runs.add(text);
  }

  close(name: string): void {
    if (name === 'c') {
      this.inCell = false;
      const inline = this.runs.take();
      const value = this.type === 'inlineStr' ? inline : this.value === undefined ? '' : cellText(this.type, this.style, this.value, this.tables);
      const index = this.ref ? columnIndex(this.ref) : this.cells.length;
      if (index < 0 || (index < this.cells.length && this.cells[index] !== '')) {
        if (value === '') return; // an empty cell loses nothing
        this.problem ??= rejectionText(index < 0 ? { kind: 'cell-reference', ref: quoted(this.ref!) } : { kind: 'duplicate-cell', ref: quoted(this.ref!) });
        this.cells.push(value);
        return;
      }
      while (this.cells.length < index) this.cells.push('');
      this.cells[index] = value;
    } else if (name === 'v') {
      this.inValue = false;
    } else if (name === 'row') {
      if (this.stopped || !this.cells.some((cell) => cell !== '')) return;
      if (this.onRow(this.cells, this.rowNumber, this.problem) === false) this.stopped = true;
    } else if (this.inCell) {
      this.runs.close(name);
    }
  }
}

/** Cells of one `<row>` element's inner XML, as text, placed by their column letters. */
export function parseRowCells(inner: string, tables: Tables): string[] {
  let cells: string[] = [];
  parseXml(
    `<row>${inner}</row>`,
    new RowReader(tables, (row) => {
      cells = row;
    }),
  );
  return cells;
}

/**
 * Streams the rows of a sheet: `onRow(cells, rowNumber)`; return false to stop. `onCompressed` sees
 * (an estimate of) the compressed bytes read, for progress.
 */
export async function streamSheetRows(
  book: XlsxBook,
  entry: Entry,
  onRow: SheetRowSink,
  onCompressed: (bytes: number) => void = () => undefined,
): Promise<void> {
  const reader = new RowReader(book, onRow);
  const feed = xmlFeed(reader);
  await streamEntry(
    book.archive,
    entry,
    (chunk) => {
      feed.write(chunk);
      return !reader.stopped;
    },
    onCompressed,
  );
  if (!reader.stopped) feed.end();
}
