import {
  FILE_ORDER,
  type CallColumns,
  type CallCounts,
  type CallDetail,
  type CallFilter,
  type CallPage,
  type CallRow,
  type CallSummary,
  type CellValue,
  type DistinctRequest,
  type DistinctValues,
  type PageRequest,
} from '../../shared/query.ts';
import { CallsightError } from '../../shared/result.ts';
import type { OrderBuildListener } from './column-order.ts';
import { compileFilter } from './compile-filter.ts';
import { QUERY_MESSAGES } from './messages.ts';
import { openDataset } from './open-dataset.ts';
import { isEmptyFilter, prepareFilter, prepareSort, resolveColumn, type PreparedFilter, type PreparedSort } from './prepare-filter.ts';
import { QueryDataset } from './query-dataset.ts';
import { countCalls, summarise } from './summary.ts';

/**
 * The query engine's door (issue #8): pages, counts, summaries, single calls and distinct values of
 * dataset files, by path. Runs in the engine worker (and in the CLI); keeps the last few datasets
 * open with their helpers, so paging through one is a slice and a few point lookups.
 */

/** Shallow pages of a time-sorted, unfiltered grid are read straight from the `_time` index. */
const DIRECT_TIME_PAGE_END = 1000;
const KEEP_OPEN = 2;

export class CallQueries {
  readonly #open = new Map<string, QueryDataset>();

  columns(file: string): CallColumns {
    const dataset = this.#dataset(file);
    return { columns: dataset.opened.columns.describe(), total: dataset.opened.total };
  }

  /** `onOrder` hears when the sort's order has to be built first (seconds at millions of rows), so the asker can say so. */
  page(file: string, request: PageRequest, onOrder?: OrderBuildListener): CallPage {
    const dataset = this.#dataset(file);
    const filter = prepareFilter(request.filter, dataset.opened.columns);
    const sort = prepareSort(request.sort, dataset.opened.columns);
    const direct = this.#directPage(dataset, filter, sort, request.offset, request.limit);
    if (direct) return direct;
    const first = dataset.firstRows(filter, sort, request.offset + request.limit, onOrder);
    if (first)
      return { total: first.total, offset: request.offset, rows: this.#rows(dataset, first.rowids.slice(request.offset, request.offset + request.limit)) };
    const list = dataset.matches(filter, sort, onOrder);
    return { total: list.length, offset: request.offset, rows: this.#rows(dataset, list.slice(request.offset, request.limit)) };
  }

  counts(file: string, filter: CallFilter): CallCounts {
    const dataset = this.#dataset(file);
    return countCalls(dataset, prepareFilter(filter, dataset.opened.columns));
  }

  summary(file: string, filter: CallFilter): CallSummary {
    const dataset = this.#dataset(file);
    return summarise(dataset, prepareFilter(filter, dataset.opened.columns));
  }

  row(file: string, id: number): CallDetail {
    const dataset = this.#dataset(file);
    const row = dataset.opened.db.prepare('SELECT * FROM calls WHERE rowid = ?').get(id) as Record<string, CellValue> | undefined;
    if (!row) throw new CallsightError('not-found', QUERY_MESSAGES.noSuchCall);
    return { id, fields: row };
  }

  distinct(file: string, request: DistinctRequest): DistinctValues {
    const dataset = this.#dataset(file);
    const column = resolveColumn(request.column, dataset.opened.columns);
    const filter = prepareFilter(request.filter, dataset.opened.columns);
    const counts = new Map<CellValue, number>();
    const facet = ['_side', '_reason', '_status', '_origin', '_benign'].includes(column.name);
    const codes = facet || column.tag ? null : dataset.codes(column);
    if (facet || codes) {
      const { classOf, classes } = dataset.classes();
      const key = (rowid: number): CellValue => {
        if (codes) return codes.values[codes.codeOf[rowid]!] ?? null;
        const c = classes[classOf[rowid]!]!;
        return column.name === '_status' ? c.code : column.name === '_benign' ? Number(c.benign) : c[column.name.slice(1) as 'side' | 'reason' | 'origin'];
      };
      for (const rowid of dataset.matches(filter, prepareSort(FILE_ORDER, dataset.opened.columns)).rowids) {
        const value = key(rowid);
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    } else {
      const { sql, params } = compileFilter(filter);
      const rows = dataset.opened.db
        .prepare(`SELECT ${column.sql}, count(*) FROM calls WHERE ${sql} GROUP BY 1`)
        .raw()
        .all(...params) as [CellValue, number][];
      for (const [value, n] of rows) counts.set(value, n);
    }
    const values = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
    return { values: values.slice(0, request.limit), more: values.length > request.limit };
  }

  /** Closes a dataset's file (before it is renamed, deleted or replaced). */
  release(file: string): void {
    this.#open.get(file)?.close();
    this.#open.delete(file);
  }

  closeAll(): void {
    for (const file of [...this.#open.keys()]) this.release(file);
  }

  #dataset(file: string): QueryDataset {
    let dataset = this.#open.get(file);
    if (dataset) {
      this.#open.delete(file);
      this.#open.set(file, dataset);
      return dataset;
    }
    dataset = new QueryDataset(openDataset(file));
    this.#open.set(file, dataset);
    for (const old of this.#open.keys()) {
      if (this.#open.size <= KEEP_OPEN) break;
      this.release(old);
    }
    return dataset;
  }

  /**
   * The pages that need no helper: file order without a filter (rowids are positions), and the first
   * pages of time order without a filter (a short walk of the `_time` index). They answer the first
   * screen of a freshly opened dataset before any helper is built.
   */
  #directPage(dataset: QueryDataset, filter: PreparedFilter, sort: PreparedSort, offset: number, limit: number): CallPage | null {
    if (!isEmptyFilter(filter)) return null;
    const { total, denseRowids } = dataset.opened;
    const db = dataset.opened.db;
    if (sort.column.name === '_line' && denseRowids) {
      const first = sort.descending ? total - offset : offset + 1;
      const rows = sort.descending
        ? db.prepare('SELECT rowid, * FROM calls WHERE rowid <= ? ORDER BY rowid DESC LIMIT ?').raw().all(first, limit)
        : db.prepare('SELECT rowid, * FROM calls WHERE rowid >= ? ORDER BY rowid LIMIT ?').raw().all(first, limit);
      return { total, offset, rows: (rows as CellValue[][]).map(toRow) };
    }
    if (sort.column.valueSql === '"_time"' && !dataset.timeOrderLoaded && offset + limit <= DIRECT_TIME_PAGE_END) {
      const direction = sort.descending ? 'DESC' : 'ASC';
      const rows = db.prepare(`SELECT rowid, * FROM calls ORDER BY "_time" ${direction}, rowid ${direction} LIMIT ? OFFSET ?`).raw().all(limit, offset);
      return { total, offset, rows: (rows as CellValue[][]).map(toRow) };
    }
    return null;
  }

  #rows(dataset: QueryDataset, rowids: readonly number[]): CallRow[] {
    const lookup = dataset.opened.db.prepare('SELECT rowid, * FROM calls WHERE rowid = ?').raw();
    return rowids.map((rowid) => toRow(lookup.get(rowid) as CellValue[]));
  }
}

const toRow = (values: CellValue[]): CallRow => ({ id: values[0] as number, values: values.slice(1) });
