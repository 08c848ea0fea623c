import { FAILURE_SIDES } from '../../../shared/query.ts';
import type { ReportData } from '../report-data.ts';
import { sideStyle, STYLE } from './workbook-parts.ts';
import { columnLetters, inlineStringCell, numberCell, XML_HEADER } from './xml-text.ts';

/**
 * The summary sheet: what was exported (dataset, source file, filter and order in words, period, rows
 * and sheets) and the summary panel's figures — totals, counts and shares by side and by reason, top
 * statuses, the per-manager table — as numbers Excel can sum, shares formatted as percentages.
 */
type Cell = string | number | { readonly value: string | number; readonly style: number } | null;

export interface SheetsNote {
  readonly exportedRows: number;
  readonly dataSheets: number;
  readonly rowsPerSheet: number;
}

export function summarySheetXml(data: ReportData, note: SheetsNote): string {
  const w = data.words;
  const rows: Cell[][] = [];
  const blank = (): void => void rows.push([]);
  const heading = (text: string): void => void rows.push([{ value: text, style: STYLE.bold }]);
  const header = (...cells: string[]): void => void rows.push(cells.map((value) => ({ value, style: STYLE.header })));
  const percent = (share: number): Cell => ({ value: share, style: STYLE.percent });

  rows.push([{ value: w.title, style: STYLE.title }]);
  rows.push(
    [w.dataset, data.datasetName],
    [w.sourceFile, data.sourceName],
    [w.filter, data.filterWords],
    [w.sort, data.sortWords],
    [w.period, data.periodWords],
  );
  rows.push([w.exported, note.exportedRows]);
  if (note.dataSheets > 1) rows.push(['', w.sheetsNote(note.dataSheets, note.rowsPerSheet)]);
  blank();
  header(w.calls, w.failures, w.benign, w.answered);
  rows.push([data.total, data.failures, data.benign, data.answered]);
  blank();
  heading(w.bySide);
  header(w.side, w.count, w.share);
  for (const side of data.bySide) rows.push([{ value: side.label, style: sideStyle(side.side) }, side.count, percent(side.share)]);
  blank();
  heading(w.byReason);
  header(w.reason, w.count, w.share);
  for (const reason of data.byReason) rows.push([reason.label, reason.count, percent(reason.share)]);
  blank();
  heading(w.topStatuses);
  header(w.status, w.meaning, w.side, w.reason, w.count, w.share);
  for (const status of data.topStatuses) {
    rows.push([
      status.code,
      status.meaning,
      { value: status.sideLabel, style: sideStyle(status.side) },
      status.reasonLabel,
      status.count,
      percent(status.share),
    ]);
  }
  blank();
  heading(w.managers);
  if (data.managers.length === 0) rows.push([w.noManagers]);
  else {
    header(w.manager, w.calls, w.answered, w.failureRate, ...FAILURE_SIDES.map((side) => data.failureSideLabels[side]));
    for (const m of data.managers) rows.push([m.manager, m.calls, m.answered, percent(m.failureRate), ...FAILURE_SIDES.map((side) => m.failuresBySide[side])]);
  }

  const width = Math.max(...rows.map((row) => row.length));
  const widths = [34, 44, ...new Array<number>(Math.max(0, width - 2)).fill(16)];
  const body = rows
    .map((row, r) => {
      const cells = row.map((cell, c) => cellXml(`${columnLetters(c)}${r + 1}`, cell)).join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  return (
    `${XML_HEADER}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<cols>${widths.map((wd, i) => `<col min="${i + 1}" max="${i + 1}" width="${wd}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${body}</sheetData></worksheet>`
  );
}

function cellXml(ref: string, cell: Cell): string {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'string') return inlineStringCell(ref, cell);
  if (typeof cell === 'number') return numberCell(ref, cell);
  return typeof cell.value === 'number' ? numberCell(ref, cell.value, cell.style) : inlineStringCell(ref, cell.value, cell.style);
}
