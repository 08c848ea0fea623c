import { type CallFilter, type CallSort, type CallSummary, type CellValue } from '../../shared/query.ts';
import type { Reason } from '../../shared/status/types.ts';
import type { Language } from '../../shared/settings.ts';
import { quoteIdent } from '../query/dataset-columns.ts';
import { openDataset } from '../query/open-dataset.ts';
import { prepareFilter, prepareSort } from '../query/prepare-filter.ts';
import { QueryDataset, type RowList } from '../query/query-dataset.ts';
import { failureReasons, summariseByClass, type SummaryByClass } from '../query/summary.ts';
import type { StatusClasses } from '../query/status-classes.ts';
import { exportLayout, ROW_TAGS, type ExportLayout } from './export-columns.ts';

/**
 * The calls an export writes, read in chunks from the dataset: the query engine picks and orders
 * them (the same `matches` the grid pages through, so one filter gives one set of rows everywhere),
 * and the rows themselves are read a chunk at a time, never the whole log. The source opens its own
 * connection: the engine's query cache may close its datasets while an export is still running.
 */

/** Rows read per chunk: big enough that a chunk's SQL is cheap per row, small enough to stay a few MB. */
export const CHUNK_ROWS = 2000;
/** A chunk whose rowids are ascending and span at most this many times its length is read as one range. */
const RANGE_DENSITY = 4;

export interface DatasetInfo {
  readonly name: string;
  readonly sourceName: string;
  readonly total: number;
}

/** Rows as read, and the rowid of each (a row's status class is the dataset's class of its rowid). */
export interface ExportChunk {
  readonly rows: CellValue[][];
  readonly rowids: Int32Array;
}

export interface ExportSource {
  readonly info: DatasetInfo;
  readonly layout: ExportLayout;
  /** Calls that match the filter. */
  readonly matched: number;
  /** Chunks of rows in order; each row holds the chosen originals, then ROW_TAGS (or nothing more, see `tags`). */
  chunks(): Generator<ExportChunk>;
  /** Each call's status class: what a reader of the originals alone annotates its rows with. */
  statusClasses(): StatusClasses;
  summary(): CallSummary;
  /** Failures (a failure side, not benign: as the summary counts them) by reason. */
  failuresByReason(): Partial<Record<Reason, number>>;
  /** The first and last call time among the matches (as stored in `_time`), null when none has a time. */
  period(): { readonly first: string; readonly last: string } | null;
  close(): void;
}

export interface SourceRequest {
  readonly filter: CallFilter;
  readonly sort: CallSort;
  readonly columns?: readonly string[] | undefined;
  readonly language: Language;
  /**
   * What of the rows is read: ROW_TAGS after the originals (a workbook types its cells with them); only
   * the originals (a CSV annotates a row from its status class, which saves reading seven values a row:
   * 0.4 of 1.4 CPU-s of reading at 1M rows); or nothing — a report needs the summary only, and the
   * matching rows' list (their order, at 10M rows 40 MB and up to seconds to sort) is never made.
   */
  readonly reads: 'row-tags' | 'originals' | 'nothing';
}

export function openExportSource(file: string, request: SourceRequest): ExportSource {
  const dataset = new QueryDataset(openDataset(file), { codeInBackground: false });
  try {
    const { db, columns } = dataset.opened;
    // An export reads each page once, mostly in order: the grid's 64 MB page cache would only add to the peak memory.
    db.pragma('cache_size = -8192');
    const filter = prepareFilter(request.filter, columns);
    const sort = prepareSort(request.sort, columns);
    const layout = exportLayout(columns, request.columns, request.language);
    let list: RowList | null = null;
    const rowList = (): RowList => (list ??= dataset.matches(filter, sort));
    let pass: SummaryByClass | null = null;
    // One pass gives the summary and the failures by reason (a report asks for both).
    const summaryPass = (): SummaryByClass => (pass ??= summariseByClass(dataset, filter));
    const summaryOnce = (): CallSummary => summaryPass().summary;
    // The same count either way: the summary and the grid's pages are the same engine's answers to one filter.
    const matched = request.reads === 'nothing' ? summaryOnce().total : rowList().length;
    const meta = new Map(
      (db.prepare("SELECT key, value FROM meta WHERE key IN ('name', 'source_name')").raw().all() as [string, string][]).map(([key, value]) => [
        key,
        jsonText(value),
      ]),
    );
    const info: DatasetInfo = { name: meta.get('name') ?? '', sourceName: meta.get('source_name') ?? '', total: dataset.opened.total };
    // Names come from the dataset's own column list (exportLayout checked them), quoted: never request text in SQL.
    const tags = request.reads === 'row-tags' ? ROW_TAGS : [];
    const selected = ['rowid', ...layout.originals, ...tags].map((name) => (name === 'rowid' ? name : quoteIdent(name))).join(', ');
    const byRowid = db.prepare(`SELECT ${selected} FROM calls WHERE rowid = ?`).raw();
    const byRange = db.prepare(`SELECT ${selected} FROM calls WHERE rowid BETWEEN ? AND ? ORDER BY rowid`).raw();
    const wholeRange = db.prepare(`SELECT ${selected.slice('rowid, '.length)} FROM calls WHERE rowid BETWEEN ? AND ? ORDER BY rowid`).raw();

    function readChunk(rowids: Int32Array): CellValue[][] {
      const n = rowids.length;
      const first = rowids[0]!;
      const last = rowids[n - 1]!;
      let ascending = last >= first;
      for (let i = 1; ascending && i < n; i++) ascending = rowids[i]! > rowids[i - 1]!;
      // Every rowid of the range, in order (file order, no filter): the range's rows are the chunk.
      if (ascending && last - first + 1 === n) return wholeRange.all(first, last) as CellValue[][];
      if (ascending && last - first + 1 <= RANGE_DENSITY * n) {
        // One range read, keeping the rows the list names (both in rowid order: a merge walk).
        const rows = byRange.all(first, last) as CellValue[][];
        const out: CellValue[][] = [];
        let k = 0;
        for (const row of rows) {
          if (row[0] === rowids[k]) {
            out.push(row.slice(1));
            if (++k === n) break;
          }
        }
        return out;
      }
      const out = new Array<CellValue[]>(n);
      for (let i = 0; i < n; i++) out[i] = (byRowid.get(rowids[i]) as CellValue[]).slice(1);
      return out;
    }

    return {
      info,
      layout,
      matched,
      *chunks() {
        const { rowids, reversed } = rowList();
        const n = rowids.length;
        for (let start = 0; start < n; start += CHUNK_ROWS) {
          const end = Math.min(n, start + CHUNK_ROWS);
          const chunk = reversed ? rowids.slice(n - end, n - start).reverse() : rowids.subarray(start, end);
          yield { rows: readChunk(chunk), rowids: chunk };
        }
      },
      statusClasses: () => dataset.classes(),
      summary: summaryOnce,
      failuresByReason: () => failureReasons(dataset.classList(), summaryPass().classCounts),
      period() {
        // Time order puts calls without a time first; the first and last match with a time are found by walking in from each end.
        const order = dataset.timeOrder();
        const { start, end } = dataset.timeSpan(filter);
        const test = dataset.rowTest(filter, true);
        let lo = start;
        while (lo < end && !test.passes(order.rowids[lo]!)) lo++;
        if (lo >= end) return null;
        let hi = end - 1;
        while (hi > lo && !test.passes(order.rowids[hi]!)) hi--;
        const timeOf = db.prepare('SELECT "_time" FROM calls WHERE rowid = ?').pluck();
        return { first: timeOf.get(order.rowids[lo]) as string, last: timeOf.get(order.rowids[hi]) as string };
      },
      close: () => dataset.close(),
    };
  } catch (error) {
    dataset.close();
    throw error;
  }
}

function jsonText(value: string): string {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : String(parsed);
  } catch {
    return value;
  }
}
