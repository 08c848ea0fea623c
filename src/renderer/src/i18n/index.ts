import { createContext, useContext } from 'react';
import { AG_GRID_LOCALE_EN } from '@ag-grid-community/locale';
import type { Delimiter } from '../../../shared/import-types.ts';
import type { Language } from '../../../shared/settings.ts';
import type { StatusEntry } from '../../../shared/status/types.ts';
import { isServiceCode, sipPhrase } from '../../../shared/status/sip.ts';
import { AG_GRID_RU_PARTIAL } from './agGridRu.ts';
import { en } from './en.ts';
import { format, type PluralForms } from './plural.ts';
import { ru, type Dict } from './ru.ts';

export { format } from './plural.ts';
export type { Dict } from './ru.ts';

export const DICTIONARIES: Readonly<Record<Language, Dict>> = { ru, en };

/** Everything a component needs to speak the current language (functions, not methods: components destructure them). */
export interface I18n {
  readonly lang: Language;
  readonly t: Dict;
  /** Picks the plural form for n and fills `{n}` (and other values). */
  plural: (forms: PluralForms, n: number, values?: Readonly<Record<string, string | number>>) => string;
  num: (n: number) => string;
  /** A number with exactly one decimal, in the locale's own separator ("1,5" in Russian). */
  decimal: (n: number) => string;
  /** A fraction 0…1 as a whole percentage, locale-formatted ("42 %" in Russian). */
  percent: (fraction: number) => string;
  bytes: (n: number) => string;
  dateTime: (iso: string) => string;
  duration: (seconds: number) => string;
  gridLocale: Readonly<Record<string, string>>;
}

const GRID_LOCALES: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  en: AG_GRID_LOCALE_EN,
  ru: { ...AG_GRID_LOCALE_EN, ...AG_GRID_RU_PARTIAL },
};

/**
 * The plural form of `forms` for n in the dictionary's language, `{n}` filled: for texts made from the
 * dictionary alone (a toast follows a language switch by keeping a function of it).
 */
export function pluralIn(t: Dict, forms: PluralForms, n: number, values: Readonly<Record<string, string | number>> = {}): string {
  const template = forms[new Intl.PluralRules(t.locale).select(n)] ?? forms.other;
  return format(template, { ...values, n: new Intl.NumberFormat(t.locale).format(n) });
}

export function makeI18n(lang: Language): I18n {
  const t = DICTIONARIES[lang];
  const numbers = new Intl.NumberFormat(t.locale);
  const oneDecimal = new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 });
  const fixedDecimal = new Intl.NumberFormat(t.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percents = new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 });
  const dates = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    lang,
    t,
    plural: (forms, n, values = {}) => pluralIn(t, forms, n, values),
    num: (n) => numbers.format(n),
    decimal: (n) => fixedDecimal.format(n),
    percent: (fraction) => percents.format(fraction),
    bytes(n) {
      const units = t.units.bytes;
      let value = n;
      let unit = 0;
      while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit += 1;
      }
      return `${unit === 0 ? numbers.format(value) : oneDecimal.format(value)} ${units[unit] ?? ''}`;
    },
    dateTime(iso) {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dates.format(date);
    },
    duration(seconds) {
      const s = Math.max(0, Math.round(seconds));
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const rest = s % 60;
      const two = (x: number): string => String(x).padStart(2, '0');
      return h > 0 ? `${h}:${two(m)}:${two(rest)}` : `${m}:${two(rest)}`;
    },
    gridLocale: GRID_LOCALES[lang],
  };
}

export const I18nContext = createContext<I18n>(makeI18n('ru'));
export const useI18n = (): I18n => useContext(I18nContext);

/** A delimiter in words ("Точка с запятой ;"), the same in the import dialog and a dataset's summary. */
export function delimiterLabel(t: Dict, delimiter: Delimiter): string {
  switch (delimiter) {
    case ';':
      return t.delimiterName.semicolon;
    case ',':
      return t.delimiterName.comma;
    case '\t':
      return t.delimiterName.tab;
    case '|':
      return t.delimiterName.pipe;
  }
}

export interface LegExplanation {
  readonly code: number;
  /** Standard SIP reason phrase, or null when the code is not SIP. */
  readonly phrase: string | null;
  /** Plain words, e.g. "менеджер ответил". */
  readonly words: string;
}

function sipWords(t: Dict, code: number): string | null {
  const table: Readonly<Record<string, string>> = t.legs.sip;
  return table[String(code)] ?? null;
}

/**
 * A SIP code's words for one leg: "менеджер занят" (the subject, then the words), or, when the words name
 * who was not reached ("до {whom} не дозвонились: …"), that person in the form the sentence needs.
 */
function legWithSip(sip: string, subject: string, whom: string): string {
  return sip.includes('{whom}') ? format(sip, { whom }) : `${subject} ${sip}`;
}

/** The manager leg (A of A/B) in plain words. */
export function managerLeg(t: Dict, code: number): LegExplanation {
  const phrase = sipPhrase(code);
  let words: string;
  if (code === 1) words = t.legs.managerInProgress;
  else if (code === 2) words = t.legs.managerScheduled;
  else if (code === 101) words = t.legs.managerNotification;
  else if (code === 667 || code === 668) words = t.legs.managerBlocked;
  else if (isServiceCode(code)) words = format(t.legs.managerService, { code });
  else {
    const sip = sipWords(t, code);
    words = sip ? legWithSip(sip, t.legs.manager, t.legs.managerWhom) : `${t.legs.manager}: ${format(t.legs.otherCode, { code })}`;
  }
  return { code, phrase, words };
}

/** The client leg (B of A/B) in plain words. */
export function clientLeg(t: Dict, code: number): LegExplanation {
  const phrase = sipPhrase(code);
  let words: string;
  if (code === 0) words = t.legs.clientNotDialled;
  else if (code === 1) words = t.legs.clientNoStatus;
  else if (code === 201) words = t.legs.clientRequestMode;
  else if (code === 708) words = t.legs.clientCancelledByManager;
  else if (code === 717) words = t.legs.clientTimeLimit;
  else {
    const sip = sipWords(t, code);
    words = sip ? legWithSip(sip, t.legs.client, t.legs.clientWhom) : `${t.legs.client}: ${format(t.legs.otherCode, { code })}`;
  }
  return { code, phrase, words };
}

/** "менеджер ответил → клиент не взял трубку (487 Request Terminated)". */
export function legsInWords(t: Dict, entry: StatusEntry): string {
  const manager = managerLeg(t, entry.manager);
  const client = clientLeg(t, entry.client);
  const withPhrase = (leg: LegExplanation): string => (leg.phrase ? `${leg.words} (${leg.code} ${leg.phrase})` : leg.words);
  return `${withPhrase(manager)} ${t.legs.arrow} ${withPhrase(client)}`;
}
