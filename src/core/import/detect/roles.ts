import type { ColumnRole } from '../../../shared/import-types.ts';
import { normalisePhone, parseDateTime } from '../tag/values.ts';

/**
 * Column roles: what each column means to Callsight. Decided from the header name first (Russian and
 * English names seen in exports), then from the values of columns still unassigned. Each role goes to
 * at most one column; the user can override any of them (ImportOptions.roles).
 */

/** Ordered: more specific names first ("Статус менеджера" before "Статус", "Время разговора" before "Время"). */
const NAME_RULES: ReadonlyArray<readonly [ColumnRole, RegExp]> = [
  ['managerLeg', /^(статус|код|результат)\s+(менеджера|оператора|сотрудника)|^manager\s*(leg|status)|^(leg\s*a|a[- ]?leg)$/i],
  ['clientLeg', /^(статус|код|результат)\s+(клиента|абонента)|^client\s*(leg|status)|^(leg\s*b|b[- ]?leg)$/i],
  ['status', /^(статус|код статуса|статус звонка|результат звонка|результат|status|call status|status code|result)$/i],
  ['duration', /длительн|продолжительн|время разговора|^duration|^talk ?time|^billsec/i],
  ['cost', /стоимост|^цена|^сумма|списано|^cost|^price|^amount|^charge/i],
  ['managerNumber', /(номер|телефон)\s+(менеджера|оператора|сотрудника)|^manager\s*(phone|number)/i],
  [
    'clientNumber',
    /(номер|телефон)\s+(клиента|абонента|посетителя)|^(номер|телефон|номер телефона|клиент|абонент|client|client (phone|number)|phone|phone number|caller|customer)$/i,
  ],
  [
    'datetime',
    /^(дата и время|дата\/время|дата-время|время звонка|дата звонка|дата создания|начало|начало звонка|datetime|date ?time|date\/time|timestamp|created( at)?|start( time)?|call (date|time))$/i,
  ],
  ['date', /^(дата|date|day|день)$/i],
  ['time', /^(время|time)$/i],
  ['manager', /^(менеджер|сотрудник|оператор|ответственный|manager|agent|employee|operator)$/i],
  ['site', /^(сайт|домен|страница|виджет|site|website|domain|url|page|widget)$/i],
];

export function roleFromName(name: string): ColumnRole | null {
  const clean = name.trim().replace(/\s+/g, ' ').replace(/[:.]$/, '');
  for (const [role, pattern] of NAME_RULES) if (pattern.test(clean)) return role;
  return null;
}

const STATUS_VALUE = /^\s*\d{1,4}\s*[/\\]\s*\d{1,4}(?:\s.*)?$/s;
const PHONE_VALUE = /^\s*\+?[\d\s()-]{10,20}\s*$/;
const NUMBER_VALUE = /^\s*-?\d+(?:[.,]\d+)?\s*$/;

export const looksLikeStatus = (value: string): boolean => STATUS_VALUE.test(value);

export function looksLikePhone(value: string): boolean {
  if (!PHONE_VALUE.test(value)) return false;
  const digits = normalisePhone(value);
  return digits !== null && digits.length >= 10 && digits.length <= 15;
}

const MONEY_VALUE = /^\s*-?\d{1,9}(?:[.,]\d{1,2})?\s*(?:₽|руб\.?|р\.)?\s*$/;
const DURATION_VALUE = /^\s*(?:\d{1,6}|(?:\d+:)?\d{1,2}:\d{2})\s*$/;
export const looksLikeMoney = (value: string): boolean => MONEY_VALUE.test(value);
export const looksLikeDuration = (value: string): boolean => DURATION_VALUE.test(value);

/** 1, 2, 3, … (row numbers or ids): consecutive integers. */
function isRunningNumber(values: readonly string[]): boolean {
  const numbers = values.filter((v) => v.trim() !== '').map(Number);
  if (numbers.length < 3) return false;
  return numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1);
}

/** A cell that is clearly data, never a column name (used by header detection). */
export function looksLikeValue(value: string): boolean {
  return looksLikeStatus(value) || NUMBER_VALUE.test(value) || looksLikePhone(value) || parseDateTime(value) !== null;
}

/** Share of non-empty values passing a test; 0 when the column is empty. */
function shareOf(values: readonly string[], test: (value: string) => boolean): number {
  let seen = 0,
    passed = 0;
  for (const value of values) {
    if (value.trim() === '') continue;
    seen++;
    if (test(value)) passed++;
  }
  return seen === 0 ? 0 : passed / seen;
}

const hasTime = (value: string): boolean => {
  const parsed = parseDateTime(value);
  return parsed !== null && !parsed.endsWith('T00:00:00');
};

/**
 * Roles for every column. `names` are the header names ('' when there is no header); `columns[i]` is
 * a sample of column i's values. `overrides` win: a role given to one column is taken from any other.
 */
export function detectRoles(
  names: readonly string[],
  columns: readonly (readonly string[])[],
  overrides: Readonly<Record<number, ColumnRole | null>> = {},
): (ColumnRole | null)[] {
  const roles: (ColumnRole | null)[] = names.map(() => null);
  const taken = new Set<ColumnRole>();
  const assign = (index: number, role: ColumnRole): void => {
    if (taken.has(role) || roles[index] !== null) return;
    roles[index] = role;
    taken.add(role);
  };

  names.forEach((name, index) => {
    let role = roleFromName(name);
    const values = columns[index] ?? [];
    // "Дата" holding full date-times is the datetime column.
    if (role === 'date' && shareOf(values, hasTime) > 0.5) role = 'datetime';
    // A "Статус" column of bare leg codes is not a status pair; leave it to the user.
    if (role === 'status' && values.length > 0 && shareOf(values, looksLikeStatus) < 0.3) role = null;
    if (role) assign(index, role);
  });

  // Without a header (or with unknown names) the values decide. Phone columns are told apart by
  // order only (client first, as exports list them); money has a decimal part somewhere.
  const valueRules: ReadonlyArray<readonly [ColumnRole, (value: string) => boolean, number]> = [
    ['status', looksLikeStatus, 0.6],
    ['datetime', hasTime, 0.8],
    ['clientNumber', looksLikePhone, 0.8],
    ['managerNumber', looksLikePhone, 0.8],
    ['cost', looksLikeMoney, 0.9],
    ['duration', looksLikeDuration, 0.9],
  ];
  for (const [role, test, threshold] of valueRules) {
    if (taken.has(role) || (role === 'datetime' && taken.has('date'))) continue;
    if (role === 'status' && taken.has('managerLeg')) continue;
    for (let index = 0; index < names.length; index++) {
      const values = columns[index] ?? [];
      if (roles[index] !== null || shareOf(values, test) < threshold) continue;
      if (role === 'cost' && shareOf(values, (v) => /[.,]\d/.test(v)) < 0.1) continue;
      if (role === 'duration' && isRunningNumber(values)) continue; // an ID column, not durations
      assign(index, role);
      break;
    }
  }

  for (const [key, role] of Object.entries(overrides)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= roles.length) continue;
    if (role !== null) {
      for (let other = 0; other < roles.length; other++) if (roles[other] === role) roles[other] = null;
    }
    roles[index] = role;
  }
  return roles;
}

/** Whether the roles let us tag calls: a status pair column, or at least the manager leg. */
export function hasStatusRole(roles: readonly (ColumnRole | null)[]): boolean {
  return roles.includes('status') || roles.includes('managerLeg');
}
