import { SHAPE_COLUMNS, SHAPE_COLUMN_NAMES } from '../../../shared/import-types.ts';
import type { CellValue, DatasetColumn } from '../../../shared/query.ts';
import type { I18n } from '../i18n/index.ts';

/**
 * A call whose record had another number of fields than the file's header (docs/dataset-format.md: `_fields`
 * holds how many it had, `_extra` a long one's cells past the header's). The grid's badge and the detail
 * drawer say the same sentence about it.
 */

export const isShapeColumn = (name: string): boolean => SHAPE_COLUMN_NAMES.includes(name);

/** The number of fields of the file's header: its own columns, without the tags and the shape columns. */
export function headerWidth(columns: readonly DatasetColumn[]): number {
  return columns.filter((column) => !column.tag && !isShapeColumn(column.name)).length;
}

/** How many fields a call's record had, when not the header's number. */
export const fieldsOf = (value: CellValue | undefined): number | null => (typeof value === 'number' ? value : null);

/** What happened to such a record, in the interface language. */
export function shapeNote(i18n: I18n, found: number, width: number): string {
  const { t } = i18n;
  if (found < width) return i18n.plural(t.calls.shapePadded, found, { width: i18n.num(width) });
  return i18n.plural(t.calls.shapeExtra, found - width, { column: SHAPE_COLUMNS.extra });
}

/** A long record's extra cells, as stored (a JSON array of texts); none for anything else. */
export function extraCells(value: CellValue | undefined): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map((cell) => String(cell)) : [value];
  } catch {
    return [value];
  }
}
