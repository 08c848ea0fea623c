import type { Reason, Side, StatusEntry } from '../../../shared/status/types.ts';
import { DICTIONARIES, clientLeg, managerLeg } from '../i18n/index.ts';

/** Lower-cases and folds ё to е so "идет" finds "идёт". */
export const fold = (text: string): string => text.toLocaleLowerCase('ru-RU').replaceAll('ё', 'е');

const CODE_QUERY = /^[\d\s/\\]+$/;

/** "200 486", "200 / 486" and "200\486" are all the code 200/486. */
function normaliseCode(query: string): string {
  return query
    .replaceAll('\\', '/')
    .replace(/\s*\/\s*/g, '/')
    .trim()
    .replace(/\s+/g, '/');
}

/** Words of a text, folded; punctuation (quotes, colons, the legs' arrow) separates words. */
function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}/]+/u)
    .filter((word) => word !== '');
}

/**
 * Russian endings taken off a query word so that its other forms match ("занят" ↔ "занято",
 * "занятой"; "клиента" ↔ "клиент"). Longest first; only when at least four letters stay.
 */
const ENDINGS = [
  'ями',
  'ами',
  'ого',
  'его',
  'ому',
  'ему',
  'ыми',
  'ими',
  'ой',
  'ей',
  'ый',
  'ий',
  'ая',
  'яя',
  'ое',
  'ее',
  'ые',
  'ие',
  'ых',
  'их',
  'ом',
  'ем',
  'ам',
  'ям',
  'ах',
  'ях',
  'ую',
  'юю',
  'ов',
  'ев',
  'о',
  'а',
  'я',
  'у',
  'ю',
  'е',
  'ы',
  'и',
  'ь',
  'й',
];

function stem(word: string): string {
  if (!/^\p{Script=Cyrillic}+$/u.test(word)) return word;
  // A short adjective's fleeting vowel: "недоступен" ↔ "недоступна", "недоступны".
  if (word.endsWith('ен') && word.length >= 7) return word.slice(0, -2);
  for (const ending of ENDINGS) {
    if (word.endsWith(ending) && word.length - ending.length >= 4) return word.slice(0, -ending.length);
  }
  return word;
}

/** Whether a query word matches a word of the text: codes anywhere in it, short words whole, others by their stem. */
function wordMatches(token: string, word: string): boolean {
  if (/^[\d/]+$/.test(token)) return word.includes(token);
  if (token.length <= 2) return word === token;
  return word.startsWith(stem(token));
}

/**
 * Everything the reference shows about a status, in both languages, as separate fields: the code, the
 * meaning, the side and reason labels, each leg in words with its SIP code and phrase ("486 Busy Here").
 */
function fieldsOf(entry: StatusEntry): string[][] {
  const texts = [entry.code, entry.textRu, entry.textEn];
  for (const t of [DICTIONARIES.ru, DICTIONARIES.en]) {
    texts.push(t.side[entry.side], t.reason[entry.reason]);
    for (const leg of [managerLeg(t, entry.manager), clientLeg(t, entry.client)]) {
      texts.push(leg.words, leg.phrase ? `${leg.code} ${leg.phrase}` : String(leg.code));
    }
  }
  return texts.map(words);
}

const FIELDS = new WeakMap<StatusEntry, string[][]>();
function cachedFields(entry: StatusEntry): string[][] {
  let fields = FIELDS.get(entry);
  if (!fields) {
    fields = fieldsOf(entry);
    FIELDS.set(entry, fields);
  }
  return fields;
}

const inField = (field: readonly string[], token: string): boolean => field.some((word) => wordMatches(token, word));

/** How well an entry matches the query's words: 2 all in one field, 1 each somewhere, 0 not at all. */
function matchLevel(entry: StatusEntry, tokens: readonly string[]): 0 | 1 | 2 {
  const fields = cachedFields(entry);
  if (fields.some((field) => tokens.every((token) => inField(field, token)))) return 2;
  return tokens.every((token) => fields.some((field) => inField(field, token))) ? 1 : 0;
}

/**
 * Search semantics of the reference: a query of digits, slashes and spaces matches codes by substring
 * ("487" → 200/487 and 487/0, "200/48" → 200/480…200/487, "200 486" → 200/486). Anything else is split into
 * words that must all be found, in any order, in what the screen shows of a status in either language:
 * meaning, side, reason, both legs in words and their SIP phrases; Russian words match their other forms.
 * When some statuses hold all the words in one field ("клиент занят" in a leg), only those are listed;
 * otherwise the words may come from different fields ("оператор отклонён": meaning and reason).
 */
export function searchStatuses(entries: readonly StatusEntry[], query: string): StatusEntry[] {
  const q = query.trim();
  if (q === '') return [...entries];
  if (CODE_QUERY.test(q)) {
    const code = normaliseCode(q);
    return entries.filter((entry) => entry.code.includes(code));
  }
  const tokens = words(q);
  if (tokens.length === 0) return [...entries];
  const levels = entries.map((entry) => matchLevel(entry, tokens));
  const best = levels.some((level) => level === 2) ? 2 : 1;
  return entries.filter((_, index) => levels[index] === best);
}

/** Whether one entry matches the query on its own (without the one-field preference of searchStatuses). */
export function matchesQuery(entry: StatusEntry, query: string): boolean {
  return searchStatuses([entry], query).length === 1;
}

export interface ReferenceFilter {
  readonly query: string;
  readonly sides: ReadonlySet<Side>;
  readonly reason: Reason | null;
}

/**
 * The query is judged against all the entries given (so a side chip never changes which statuses the
 * words find), then the side and reason filters narrow that.
 */
export function applyFilter(entries: readonly StatusEntry[], filter: ReferenceFilter): StatusEntry[] {
  const found = new Set(searchStatuses(entries, filter.query));
  return entries.filter(
    (entry) => found.has(entry) && (filter.sides.size === 0 || filter.sides.has(entry.side)) && (filter.reason === null || entry.reason === filter.reason),
  );
}
