import type { Reason, Side, StatusEntry } from '../../../shared/status/types.ts';

/** Lower-cases and folds ё to е so "идет" finds "идёт". */
export const fold = (text: string): string => text.toLocaleLowerCase('ru-RU').replaceAll('ё', 'е');

const CODE_QUERY = /^[\d\s/\\]+$/;

/**
 * Search semantics of the reference: a query of digits and slashes matches codes by substring
 * ("487" → 200/487 and 487/0, "200/48" → 200/480…200/487); anything else matches the status text in
 * either language. Side and reason labels are deliberately not searched, so "занят" finds exactly
 * the statuses whose text says so.
 */
export function matchesQuery(entry: StatusEntry, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  if (CODE_QUERY.test(q)) return entry.code.includes(q.replace(/\s+/g, '').replaceAll('\\', '/'));
  const needle = fold(q);
  return fold(entry.textRu).includes(needle) || fold(entry.textEn).includes(needle) || entry.code.includes(q);
}

export interface ReferenceFilter {
  readonly query: string;
  readonly sides: ReadonlySet<Side>;
  readonly reason: Reason | null;
}

export function applyFilter(entries: readonly StatusEntry[], filter: ReferenceFilter): StatusEntry[] {
  return entries.filter((entry) =>
    matchesQuery(entry, filter.query)
    && (filter.sides.size === 0 || filter.sides.has(entry.side))
    && (filter.reason === null || entry.reason === filter.reason));
}
