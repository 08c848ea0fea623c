import type { CellValue } from '../../../shared/query.ts';
import type { ExportColumn, ExportLayout } from '../export-columns.ts';
import { excelDateTime, excelDuration } from './excel-values.ts';
import type { SharedStrings } from './shared-strings.ts';
import { sideStyle, STYLE } from './workbook-parts.ts';
import { columnLetters, inlineStringCell, numberCell, XML_HEADER } from './xml-text.ts';

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

/** Writes rows as `<row>` elements; `excelRow` is the sheet row of the first one. Annotation cells refer to `strings`. */
export function rowsXml(
  layout: ExportLayout,
  rows: readonly (readonly CellValue[])[],
  texts: readonly (readonly string[])[],
  excelRow: number,
  strings: SharedStrings,
): string {
  const letters = layout.columns.map((_, i) => columnLetters(i));
  const { tagIndex } = layout;
  const firstAnnotation = layout.originals.length;
  let xml = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const cells = texts[r]!;
    const n = excelRow + r;
    xml += `<row r="${n}">`;
    for (let i = 0; i < cells.length; i++) {
      const text = cells[i]!;
      const ref = `${letters[i]}${n}`;
      const kind = layout.columns[i]!.kind;
      if (i >= firstAnnotation) {
        if (text !== '') xml += `<c r="${ref}"${kind === 'side' ? ` s="${sideStyle(layout.side(row))}"` : ''} t="s"><v>${strings.id(text)}</v></c>`;
        continue;
      }
      if (kind === 'text') {
        if (text !== '') xml += inlineStringCell(ref, text);
        continue;
      }
      if (kind === 'side') {
        xml += inlineStringCell(ref, text, sideStyle(layout.side(row)));
        continue;
      }
      const typed = typedCell(kind, text, row, tagIndex, ref);
      if (typed !== null) xml += typed;
      else if (text !== '') xml += inlineStringCell(ref, text);
    }
    xml += '</row>';
  }
  return xml;
}

function typedCell(
  kind: Exclude<ExportColumn['kind'], 'text' | 'side'>,
  text: string,
  row: readonly CellValue[],
  tags: ExportLayout['tagIndex'],
  ref: string,
): string | null {
  switch (kind) {
    case 'datetime':
    case 'date':
    case 'time': {
      if (text.trim() === '') return null;
      const time = row[tags._time];
      const serial = typeof time === 'string' ? excelDateTime(time) : null;
      if (serial === null) return null;
      if (kind === 'datetime') return numberCell(ref, serial, STYLE.dateTime);
      if (kind === 'date') return numberCell(ref, Math.floor(serial), STYLE.date);
      return numberCell(ref, Math.round((serial - Math.floor(serial)) * 1e10) / 1e10, STYLE.time);
    }
    case 'duration': {
      const seconds = row[tags._duration_s];
      if (typeof seconds !== 'number' || text.trim() === '') return null;
      // "83" stays the number 83; "0:01:23" becomes a duration Excel shows the same way and can add up.
      return PLAIN_NUMBER.test(text) ? numberCell(ref, seconds) : numberCell(ref, excelDuration(seconds), STYLE.duration);
    }
    case 'cost': {
      const cost = row[tags._cost];
      return typeof cost === 'number' && text.trim() !== '' ? numberCell(ref, cost, STYLE.cost) : null;
    }
  }
}
