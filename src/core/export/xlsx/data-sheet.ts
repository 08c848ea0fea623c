import type { CellValue } from '../../../shared/query.ts';
import type { ExportColumn, ExportLayout } from '../export-columns.ts';
import { excelDateTime, excelDuration } from './excel-values.ts';
import type { SharedStrings } from './shared-strings.ts';
import { sideStyle, STYLE } from './workbook-parts.ts';
import type { ByteBuffer } from '../byte-buffer.ts';
import { columnLetters, inlineStringCell, MAX_CELL_TEXT, xmlText, XML_HEADER } from './xml-text.ts';

/**
 * One data sheet of the workbook as a stream of XML text: frozen header row, autofilter over the
 * sheet's rows, column widths from the header and the first rows, and typed cells (date-times,
 * durations and costs as numbers with formats; everything else, phone numbers included, as text).
 */

/** Excel's rows per sheet, header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Widths of typed columns as Excel shows them (their text in the file may be shorter or longer). */
const TYPED_WIDTHS: Partial<Record<ExportColumn['kind'], number>> = { datetime: 20, date: 12, time: 10 };
const PLAIN_NUMBER = /^\s*-?\d+(?:[.,]\d+)?\s*$/;

/** Column widths (in Excel's character units) from the header and a sample of rows' texts. */
export function columnWidths(layout: ExportLayout, sample: readonly (readonly string[])[]): number[] {
  return layout.columns.map((column, i) => {
    let longest = column.header.length;
    for (const texts of sample) longest = Math.max(longest, texts[i]!.length);
    const typed = TYPED_WIDTHS[column.kind];
    const width = typed ?? Math.ceil(longest * 1.1) + 2;
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width));
  });
}

export interface SheetShape {
  readonly layout: ExportLayout;
  readonly widths: readonly number[];
  /** Data rows on this sheet (the header comes on top of them). */
  readonly rows: number;
}

export const lastColumn = (layout: ExportLayout): string => columnLetters(layout.columns.length - 1);

/** The autofilter's range: the header and this sheet's rows. */
export const filterRange = (shape: SheetShape, absolute: boolean): string => {
  const d = absolute ? '$' : '';
  return `${d}A${d}1:${d}${lastColumn(shape.layout)}${d}${shape.rows + 1}`;
};

export function sheetStart(shape: SheetShape): string {
  const { layout, widths } = shape;
  const cols = widths.map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`).join('');
  const header = layout.columns.map((column, i) => inlineStringCell(`${columnLetters(i)}1`, column.header, STYLE.header)).join('');
  return (
    `${XML_HEADER}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<dimension ref="${filterRange(shape, false)}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">${header}</row>`
  );
}

export const sheetEnd = (shape: SheetShape): string => `</sheetData><autoFilter ref="${filterRange(shape, false)}"/></worksheet>`;

/**
 * Writes rows as `<row>` elements into `out`, as bytes: the fixed parts of each cell are encoded once
 * per column, so a row makes a handful of short-lived strings instead of dozens (their garbage set the
 * workbook's peak memory). `excelRow` is the sheet row of the first one. Annotation cells refer to `strings`.
 */
export class RowWriter {
  readonly #layout: ExportLayout;
  readonly #strings: SharedStrings;
  /** `<c r="B` per column: the row number and the rest of the cell follow. */
  readonly #cellStart: readonly Buffer[];
  /** The end of an annotation cell by style and text: `" s="9" t="s"><v>12</v></c>`. */
  readonly #annotationEnds = new Map<string, Buffer>();

  constructor(layout: ExportLayout, strings: SharedStrings) {
    this.#layout = layout;
    this.#strings = strings;
    this.#cellStart = layout.columns.map((_, i) => Buffer.from(`<c r="${columnLetters(i)}`, 'latin1'));
  }

  write(out: ByteBuffer, rows: readonly (readonly CellValue[])[], texts: readonly (readonly string[])[], excelRow: number): void {
    const layout = this.#layout;
    const { tagIndex, columns } = layout;
    const firstAnnotation = layout.originals.length;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const cells = texts[r]!;
      const n = String(excelRow + r);
      out.utf8(`<row r="${n}">`);
      for (let i = 0; i < cells.length; i++) {
        const text = cells[i]!;
        const kind = columns[i]!.kind;
        if (i >= firstAnnotation) {
          if (text === '') continue;
          out.put(this.#cellStart[i]!);
          out.utf8(n);
          out.put(this.#annotationEnd(kind === 'side' ? sideStyle(layout.side(row)) : 0, text));
          continue;
        }
        if (kind === 'text' || kind === 'side') {
          if (text === '' && kind === 'text') continue;
          this.#inline(out, i, n, text, kind === 'side' ? sideStyle(layout.side(row)) : 0);
          continue;
        }
        const typed = typedCell(kind, text, row, tagIndex);
        if (typed !== null) {
          out.put(this.#cellStart[i]!);
          out.utf8(`${n}"${typed.style ? ` s="${typed.style}"` : ''}><v>${typed.value}</v></c>`);
        } else if (text !== '') this.#inline(out, i, n, text, 0);
      }
      out.put(ROW_END);
    }
  }

  #inline(out: ByteBuffer, column: number, n: string, text: string, style: number): void {
    const cut = text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text;
    out.put(this.#cellStart[column]!);
    out.utf8(n);
    out.put(style ? Buffer.from(`" s="${style}"`, 'latin1') : EMPTY);
    out.put(cut !== cut.trim() ? INLINE_OPEN_SPACE : INLINE_OPEN);
    out.utf8(xmlText(cut));
    out.put(INLINE_CLOSE);
  }

  #annotationEnd(style: number, text: string): Buffer {
    const key = `${style}|${text}`;
    let end = this.#annotationEnds.get(key);
    if (end === undefined) {
      end = Buffer.from(`"${style ? ` s="${style}"` : ''} t="s"><v>${this.#strings.id(text)}</v></c>`, 'latin1');
      this.#annotationEnds.set(key, end);
    }
    return end;
  }
}

const EMPTY = Buffer.alloc(0);
const ROW_END = Buffer.from('</row>', 'latin1');
const INLINE_OPEN = Buffer.from('" t="inlineStr"><is><t>', 'latin1');
const INLINE_OPEN_SPACE = Buffer.from('" t="inlineStr"><is><t xml:space="preserve">', 'latin1');
const INLINE_CLOSE = Buffer.from('</t></is></c>', 'latin1');

function typedCell(
  kind: Exclude<ExportColumn['kind'], 'text' | 'side'>,
  text: string,
  row: readonly CellValue[],
  tags: ExportLayout['tagIndex'],
): { value: number; style: number } | null {
  switch (kind) {
    case 'datetime':
    case 'date':
    case 'time': {
      if (text.trim() === '') return null;
      const time = row[tags._time];
      const serial = typeof time === 'string' ? excelDateTime(time) : null;
      if (serial === null) return null;
      if (kind === 'datetime') return { value: serial, style: STYLE.dateTime };
      if (kind === 'date') return { value: Math.floor(serial), style: STYLE.date };
      return { value: Math.round((serial - Math.floor(serial)) * 1e10) / 1e10, style: STYLE.time };
    }
    case 'duration': {
      const seconds = row[tags._duration_s];
      if (typeof seconds !== 'number' || text.trim() === '') return null;
      // "83" stays the number 83; "0:01:23" becomes a duration Excel shows the same way and can add up.
      return PLAIN_NUMBER.test(text) ? { value: seconds, style: 0 } : { value: excelDuration(seconds), style: STYLE.duration };
    }
    case 'cost': {
      const cost = row[tags._cost];
      return typeof cost === 'number' && text.trim() !== '' ? { value: cost, style: STYLE.cost } : null;
    }
  }
}
