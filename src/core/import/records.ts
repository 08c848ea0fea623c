import { rejectionText } from '../../shared/rejections.ts';

/**
 * What becomes of one scanned record: its stored column names, and whether it is imported or
 * rejected (with a reason a user can read). Rules from docs/dataset-format.md and the brief:
 * nothing is dropped silently.
 */

/**
 * Stored names for the file's columns: empty → `Column N`, duplicates → ` (2)`, ` (3)`,
 * a leading `_` → `src_…` so no original column can clash with a tag column.
 */
export function storedColumnNames(header: readonly string[] | null, width: number): string[] {
  const names: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < width; i++) {
    let name = (header?.[i] ?? '').trim();
    if (name === '') name = `Column ${i + 1}`;
    if (name.startsWith('_')) name = `src${name}`;
    let unique = name;
    for (let n = 2; used.has(unique.toLowerCase()); n++) unique = `${name} (${n})`;
    used.add(unique.toLowerCase()); // SQLite column names are case-insensitive
    names.push(unique);
  }
  return names;
}

/** A summary line at the end of an export ("Итого: 1234", "Total"). */
const TOTAL_ROW = /^\s*(итого|всего|total|sum|grand total)(?![\p{L}])/iu;

/**
 * Why a record cannot be imported, or null. Extra fields that are all empty (trailing delimiters,
 * as Excel writes) are cut off in place, so such a record is imported.
 */
export function recordProblem(fields: string[], width: number, statusIndex: number): string | null {
  if (fields.length > width) {
    for (let i = width; i < fields.length; i++) {
      if (fields[i]!.trim() !== '') return rejectionText({ kind: 'field-count', expected: width, found: fields.length });
    }
    fields.length = width;
  } else if (fields.length < width) {
    if (isTotalRow(fields, statusIndex)) return SUMMARY_ROW_REASON;
    return rejectionText({ kind: 'field-count', expected: width, found: fields.length });
  }
  if (isTotalRow(fields, statusIndex)) return SUMMARY_ROW_REASON;
  return null;
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
