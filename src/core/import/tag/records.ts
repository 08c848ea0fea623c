import { SHAPE_COLUMN_NAMES, type ImportOptions } from '../../../shared/import-types.ts';
import { rejectionText } from '../../../shared/rejections.ts';
import { CallsightError } from '../../../shared/result.ts';
import { messageWith } from '../../messages.ts';
import { TAG_COLUMNS } from './tags.ts';

/**
 * What becomes of one scanned record: its stored column names, and whether it is imported or
 * rejected (with a reason a user can read). Rules from docs/dataset-format.md and the brief:
 * nothing is dropped silently.
 */

/**
 * Stored names for the file's columns: empty → `Column N`, duplicates → ` (2)`, ` (3)`,
 * a leading `_` → `src_…` so no original column can clash with a tag column, and so do `rowid`, `oid`
 * (`_rowid_` starts with `_` anyway): named as a column, they would hide SQLite's rowid from anyone
 * querying the file.
 */
export function storedColumnNames(header: readonly string[] | null, width: number): string[] {
  const names: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < width; i++) {
    let name = (header?.[i] ?? '').trim();
    if (name === '') name = `Column ${i + 1}`;
    if (name.startsWith('_') || ROWID_ALIAS.test(name)) name = `src${name}`;
    let unique = name;
    for (let n = 2; used.has(sqliteNameKey(unique)); n++) unique = `${name} (${n})`;
    used.add(sqliteNameKey(unique));
    names.push(unique);
  }
  return names;
}

/** SQLite's own names for the rowid (any ASCII case), which a column of that name would hide. */
const ROWID_ALIAS = /^(?:rowid|oid|_rowid_)$/i;

/**
 * When SQLite takes two column names for the same: it folds ASCII letters only (sqlite3StrICmp), so
 * `Статус` and `статус`, or `K` and the Kelvin sign, are different columns and stay as written.
 */
export function sqliteNameKey(name: string): string {
  return name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * Most columns a `calls` table can have: SQLite's SQLITE_MAX_COLUMN (2000, as better-sqlite3 builds
 * it) less `_line` and the tag columns the writer adds.
 */
export const SQLITE_MAX_COLUMNS = 2000;
export const MAX_SOURCE_COLUMNS = SQLITE_MAX_COLUMNS - 1 - TAG_COLUMNS.length;

/** The file's columns must fit one SQLite table: past the limit, one sentence with both numbers. */
export function checkColumnCount(width: number): void {
  if (width > MAX_SOURCE_COLUMNS) throw new CallsightError('unsupported-file', messageWith.tooManyColumns(width, MAX_SOURCE_COLUMNS));
}

/** A summary line at the end of an export ("Итого: 1234", "Total"). */
const TOTAL_ROW = /^\s*(итого|всего|total|sum|grand total)(?![\p{L}])/iu;

/**
 * Why a record cannot be imported, or null. Extra fields that are all empty (trailing delimiters,
 * as Excel writes) are cut off in place, so such a record is imported. A summary row is one whatever
 * its number of fields, so it is skipped rather than listed as unreadable.
 */
export function recordProblem(fields: string[], width: number, statusIndex: number): string | null {
  if (fields.length > width && emptyFrom(fields, width)) fields.length = width;
  if (isTotalRow(fields, statusIndex)) return SUMMARY_ROW_REASON;
  if (fields.length !== width) return rejectionText({ kind: 'field-count', expected: width, found: fields.length });
  return null;
}

const emptyFrom = (fields: readonly string[], from: number): boolean => {
  for (let i = from; i < fields.length; i++) if (fields[i]!.trim() !== '') return false;
  return true;
};

/**
 * Whether records of another number of fields become calls (the default) or are rejected. They cannot be
 * kept in a file so wide that the calls table has no room left for `_fields` and `_extra`.
 */
export function keepsRaggedRows(options: ImportOptions, width: number): boolean {
  return options.raggedRows !== 'reject' && width <= MAX_SOURCE_COLUMNS - SHAPE_COLUMN_NAMES.length;
}

/** How a record of another width was made to fit: the fields it had, and its extra cells (none when it was short). */
export interface RepairedShape {
  readonly found: number;
  readonly extra: readonly string[] | null;
}

/**
 * Makes a record of another number of fields a call, as Excel would show it (issue 11, item 5): a short one
 * is padded with empty cells, a long one keeps its first `width` cells and hands back the rest (stored in
 * the call's `_extra`). In place; null when there was nothing to repair — the right width, extra fields that are
 * all empty (cut by recordProblem as always), or a summary row (which stays skipped).
 */
export function repairShape(fields: string[], width: number, statusIndex: number): RepairedShape | null {
  const found = fields.length;
  if (found === width) return null;
  if (found > width && emptyFrom(fields, width)) return null;
  if (isTotalRow(fields, statusIndex)) return null;
  if (found < width) {
    while (fields.length < width) fields.push('');
    return { found, extra: null };
  }
  return { found, extra: fields.splice(width) };
}

function isTotalRow(fields: readonly string[], statusIndex: number): boolean {
  // Cheap guard first: almost every record starts with a digit or a date, not a letter.
  const first = fields.find((cell) => cell.trim() !== '');
  if (first === undefined || !TOTAL_ROW.test(first)) return false;
  const status = statusIndex >= 0 ? fields[statusIndex] : undefined;
  return status === undefined || !/\d\s*[/\\]\s*\d/.test(status);
}

/** U+FFFD in decoded text: the bytes were not valid in the chosen encoding. */
export const UNDECODABLE_REASON = rejectionText({ kind: 'undecodable' });
const SUMMARY_ROW_REASON = rejectionText({ kind: 'summary-row' });
