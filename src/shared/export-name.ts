import { EXPORT_EXTENSIONS, type ExportFormat } from './export.ts';
import { FILE_NAME_WORDS, ORIGIN_WORDS, REASON_WORDS, SIDE_WORDS, YES_NO } from './export-words.ts';
import type { CallFilter, CallSort } from './query.ts';
import type { Language } from './settings.ts';

/**
 * A filter in words (the summary sheet and the report say what was selected), and the file name an
 * export proposes: `звонки_клиент_2026-10-01_2026-10-31.xlsx` — what, which sides, which days.
 */

export function filterInWords(filter: CallFilter, language: Language): string {
  const ru = language === 'ru';
  const parts: string[] = [];
  const list = (values: readonly string[]): string => values.join(', ');
  if (filter.sides?.length) parts.push(`${ru ? 'сторона' : 'side'}: ${list(filter.sides.map((s) => SIDE_WORDS[language][s]))}`);
  if (filter.reasons?.length) parts.push(`${ru ? 'причина' : 'reason'}: ${list(filter.reasons.map((r) => REASON_WORDS[language][r]))}`);
  if (filter.statuses?.length) parts.push(`${ru ? 'статус' : 'status'}: ${list(filter.statuses)}`);
  if (filter.origins?.length) parts.push(`${ru ? 'происхождение статуса' : 'status origin'}: ${list(filter.origins.map((o) => ORIGIN_WORDS[language][o]))}`);
  if (filter.hideBenign) parts.push(ru ? 'без ожидаемых исходов (норма скрыта)' : 'expected outcomes (benign) hidden');
  if (filter.from) parts.push(`${ru ? 'с' : 'from'} ${timeWords(filter.from)}`);
  if (filter.to) parts.push(`${ru ? 'до' : 'before'} ${timeWords(filter.to)}`);
  if (filter.phone) parts.push(`${ru ? 'телефон клиента содержит' : 'client phone contains'} ${filter.phone}`);
  if (filter.managers?.length) parts.push(`${ru ? 'менеджер' : 'manager'}: ${list(filter.managers)}`);
  if (filter.sites?.length) parts.push(`${ru ? 'сайт' : 'site'}: ${list(filter.sites)}`);
  for (const condition of filter.where ?? []) {
    const column = ru ? `«${condition.column}»` : `“${condition.column}”`;
    switch (condition.op) {
      case 'contains':
        parts.push(`${column} ${ru ? 'содержит' : 'contains'} ${quoted(condition.value, ru)}`);
        break;
      case 'equals':
        parts.push(`${column} = ${quoted(condition.value, ru)}`);
        break;
      case 'empty':
        parts.push(`${column} ${ru ? 'пусто' : 'is empty'}`);
        break;
      case 'range':
        if (condition.min !== undefined) parts.push(`${column} ≥ ${condition.min}`);
        if (condition.max !== undefined) parts.push(`${column} ≤ ${condition.max}`);
        break;
    }
  }
  return parts.length === 0 ? (ru ? 'все звонки' : 'all calls') : parts.join('; ');
}

export function sortInWords(sort: CallSort, language: Language): string {
  const ru = language === 'ru';
  if (sort.column === '_line') return sort.direction === 'asc' ? (ru ? 'как в файле' : 'as in the file') : ru ? 'как в файле, с конца' : 'file order, reversed';
  return `${sort.column} ${sort.direction === 'asc' ? (ru ? 'по возрастанию' : 'ascending') : ru ? 'по убыванию' : 'descending'}`;
}

const quoted = (text: string, ru: boolean): string => (ru ? `«${text}»` : `“${text}”`);
const timeWords = (time: string): string => time.replace('T', ' ').replace(/ 00:00(:00)?$/, '');

/** Characters no file system of our users accepts in a name, and control characters. */
// eslint-disable-next-line no-control-regex -- on purpose: control characters are not allowed in file names
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]+/g;
const MAX_NAME_CHARS = 120;

/**
 * The proposed name: `звонки` (or `отчёт` for a report), the filter's sides (or its reasons, or
 * `норма-скрыта`), and its days — `from` and the last day before `to`; without a time filter, the days
 * of `period` (the first and last call) when given.
 */
export function proposeExportName(
  filter: CallFilter,
  format: ExportFormat,
  language: Language,
  period?: { readonly first: string; readonly last: string } | null,
): string {
  const words = FILE_NAME_WORDS[language];
  const parts: string[] = [format === 'html' || format === 'pdf' ? words.report : words.calls];
  if (filter.sides?.length) parts.push(filter.sides.map((side) => SIDE_WORDS[language][side].toLowerCase().replace(/\s+/g, '-')).join('-'));
  else if (filter.reasons?.length) parts.push(filter.reasons.map((reason) => REASON_WORDS[language][reason].toLowerCase().replace(/\s+/g, '-')).join('-'));
  if (filter.statuses?.length) parts.push(filter.statuses.map((status) => status.replace('/', '-')).join('_'));
  if (filter.hideBenign) parts.push(language === 'ru' ? `норма-${YES_NO.ru[1]}` : 'no-benign');
  const from = filter.from?.slice(0, 10) ?? (filter.to ? undefined : period?.first.slice(0, 10));
  const to = filter.to ? lastDayBefore(filter.to) : filter.from ? undefined : period?.last.slice(0, 10);
  if (from) parts.push(from);
  if (to && to !== from) parts.push(to);
  const name = parts.join('_').replace(UNSAFE, '-').slice(0, MAX_NAME_CHARS);
  return `${name}${EXPORT_EXTENSIONS[format]}`;
}

/** `to` is exclusive: `2026-11-01` (midnight) names the 31st of October, `2026-11-01T12:00` the 1st of November. */
function lastDayBefore(to: string): string {
  const day = to.slice(0, 10);
  const midnight = /^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00)?)?$/.test(to.trim());
  if (!midnight) return day;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Date(date.getTime() - 86_400_000).toISOString().slice(0, 10);
}
