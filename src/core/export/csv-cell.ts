import type { CsvDelimiter } from '../../shared/export.ts';

/**
 * One CSV cell as Excel reads it back: RFC 4180 quoting (a cell with the delimiter, a quote or a line
 * break is quoted, quotes doubled), and the formula guard. A spreadsheet opening a CSV evaluates a cell
 * that starts with `=`, `+`, `-` or `@` (and after a tab or CR some apps do too): a call log's comment
 * typed by anyone could run `=HYPERLINK(…)` or a DDE command in the analyst's Excel. OWASP's advice is to
 * start such a cell with `'`, which Excel shows as text and does not display. Texts made only of digits,
 * spaces and `+-()./,:` — phone numbers (`+7 916 123-45-67`), negative durations and costs (`-12,50`,
 * `-0:01:23`) — cannot name a function or a cell, so they stay as they are.
 */

/** Characters that make a cell need quotes, per delimiter (one regex test per cell is the cheap check). */
export const NEEDS_QUOTES: Readonly<Record<CsvDelimiter, RegExp>> = { ';': /[;"\r\n]/, ',': /[,"\r\n]/, '\t': /[\t"\r\n]/ };

/** First characters a spreadsheet may take as the start of a formula, by UTF-16 unit (< 0x80). */
export const RISKY_START: Uint8Array = (() => {
  const table = new Uint8Array(0x80);
  for (const character of '=+-@\t\r') table[character.charCodeAt(0)] = 1;
  return table;
})();

/** A sign, then only digits, spaces and number punctuation, with at least one digit. */
const NUMBER_LIKE = /^[+-][0-9 \u00a0().,:/+-]*[0-9][0-9 \u00a0().,:/+-]*$/;

/** Whether a cell's text would be taken as a formula (see above); a lone `+` or `-` would not. */
export function needsFormulaGuard(text: string): boolean {
  const first = text.charCodeAt(0);
  if (!(first < 0x80 && RISKY_START[first] === 1)) return false;
  if (first === 0x2b || first === 0x2d) return text.length > 1 && !NUMBER_LIKE.test(text);
  return true;
}

/** The cell as written: guarded when asked and needed, then quoted when needed. */
export function csvCell(text: string, delimiter: CsvDelimiter, formulaGuard: boolean): string {
  const guarded = formulaGuard && needsFormulaGuard(text) ? `'${text}` : text;
  return NEEDS_QUOTES[delimiter].test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}
