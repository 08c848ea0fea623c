import type { Language } from './settings.ts';

/**
 * Why a record was not imported. The engine stores the English sentence in the dataset's `rejected`
 * table (readable in any SQLite tool); the renderer parses it back and shows it in the user's
 * language. Both directions live here so they cannot drift apart.
 */
export type Rejection =
  | { readonly kind: 'field-count'; readonly expected: number; readonly found: number }
  | { readonly kind: 'summary-row' }
  | { readonly kind: 'undecodable' }
  | { readonly kind: 'unterminated-quote' }
  | { readonly kind: 'unterminated-quote-too-long' }
  | { readonly kind: 'line-too-long'; readonly limit: number }
  | { readonly kind: 'record-too-long'; readonly limit: number }
  | { readonly kind: 'before-header' }
  /** XLSX: a `<c r="…">` that names no cell, two cells at one place, a `<row r="…">` that is no row number. */
  | { readonly kind: 'cell-reference'; readonly ref: string }
  | { readonly kind: 'duplicate-cell'; readonly ref: string }
  | { readonly kind: 'row-number'; readonly value: string };

type Texts = { readonly [K in Rejection['kind']]: (rejection: Extract<Rejection, { kind: K }>) => string };

const TEXTS: Readonly<Record<Language, Texts>> = {
  en: {
    'field-count': ({ expected, found }) => `expected ${expected} fields, found ${found}`,
    'summary-row': () => 'summary row ("Итого"/"Total"), not a call',
    undecodable: () => 'contains bytes that are not valid in the file’s encoding',
    'unterminated-quote': () => 'unterminated quote: the quoted field runs to the end of the file',
    'unterminated-quote-too-long': () => 'unterminated quote (record too long)',
    'line-too-long': ({ limit }) => `line longer than ${limit} characters`,
    'record-too-long': ({ limit }) => `record longer than ${limit} bytes`,
    'before-header': () => 'above the header row (a title or note, not a call)',
    'cell-reference': ({ ref }) => `cell reference “${ref}” is not valid`,
    'duplicate-cell': ({ ref }) => `two cells at “${ref}”`,
    'row-number': ({ value }) => `sheet row number “${value}” is not valid`,
  },
  ru: {
    'field-count': ({ expected, found }) => `ожидалось полей: ${expected}, найдено: ${found}`,
    'summary-row': () => 'итоговая строка («Итого»/«Total»), а не звонок',
    undecodable: () => 'содержит байты, недопустимые в кодировке файла',
    'unterminated-quote': () => 'незакрытая кавычка: поле в кавычках тянется до конца файла',
    'unterminated-quote-too-long': () => 'незакрытая кавычка (слишком длинная запись)',
    'line-too-long': ({ limit }) => `строка длиннее ${limit} символов`,
    'record-too-long': ({ limit }) => `запись длиннее ${limit} байт`,
    'before-header': () => 'выше строки заголовков (название отчёта или примечание, а не звонок)',
    'cell-reference': ({ ref }) => `недопустимая ссылка на ячейку «${ref}»`,
    'duplicate-cell': ({ ref }) => `две ячейки по ссылке «${ref}»`,
    'row-number': ({ value }) => `недопустимый номер строки листа «${value}»`,
  },
};

export function rejectionText(rejection: Rejection, language: Language = 'en'): string {
  const render = TEXTS[language][rejection.kind] as (value: Rejection) => string;
  return render(rejection);
}

const FIELD_COUNT = /^expected (\d+) fields, found (\d+)$/;
const LINE_TOO_LONG = /^line longer than (\d+) characters$/;
const RECORD_TOO_LONG = /^record longer than (\d+) bytes$/;
const CELL_REFERENCE = /^cell reference “(.*)” is not valid$/s;
const DUPLICATE_CELL = /^two cells at “(.*)”$/s;
const ROW_NUMBER = /^sheet row number “(.*)” is not valid$/s;
const FIXED: ReadonlyMap<string, Rejection> = new Map(
  (['summary-row', 'undecodable', 'unterminated-quote', 'unterminated-quote-too-long', 'before-header'] as const).map((kind) => [
    rejectionText({ kind }),
    { kind },
  ]),
);

/** The stored English sentence back to its meaning; null for text this version did not write. */
export function parseRejection(text: string): Rejection | null {
  const fixed = FIXED.get(text);
  if (fixed) return fixed;
  const fields = FIELD_COUNT.exec(text);
  if (fields) return { kind: 'field-count', expected: Number(fields[1]), found: Number(fields[2]) };
  const long = LINE_TOO_LONG.exec(text);
  if (long) return { kind: 'line-too-long', limit: Number(long[1]) };
  const longRecord = RECORD_TOO_LONG.exec(text);
  if (longRecord) return { kind: 'record-too-long', limit: Number(longRecord[1]) };
  const ref = CELL_REFERENCE.exec(text);
  if (ref) return { kind: 'cell-reference', ref: ref[1]! };
  const duplicate = DUPLICATE_CELL.exec(text);
  if (duplicate) return { kind: 'duplicate-cell', ref: duplicate[1]! };
  const row = ROW_NUMBER.exec(text);
  if (row) return { kind: 'row-number', value: row[1]! };
  return null;
}

/** A stored reason in the user's language, or as stored when it is not one of ours. */
export function localizeRejection(text: string, language: Language): string {
  const rejection = parseRejection(text);
  return rejection ? rejectionText(rejection, language) : text;
}

/**
 * Rejections that are no failure to read: a title or note above the header, an "Итого"/"Total" row (their
 * stored English reasons). The library lists them as skipped, apart from rows that could not be read, so a
 * clean file shows no errors.
 */
export const SKIP_REASONS: readonly string[] = [rejectionText({ kind: 'before-header' }), rejectionText({ kind: 'summary-row' })];

/** Whether a stored reason is one of the skipped kinds. */
export const isSkipReason = (reason: string): boolean => SKIP_REASONS.includes(reason);
