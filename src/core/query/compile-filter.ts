import { caseVariants } from './case-variants.ts';
import type { QueryColumn } from './dataset-columns.ts';
import type { PreparedCondition, PreparedFilter } from './prepare-filter.ts';

/**
 * A prepared filter as one SQL condition on `calls`, values as bound parameters only; identifiers come
 * from the dataset's own column list (dataset-columns.ts). The same text serves the grid's SQL paths,
 * the CLI and the export: one filter, one SQL.
 */
export interface CompiledFilter {
  /** A condition for `WHERE`; `1` when the filter selects every call. */
  readonly sql: string;
  readonly params: readonly (string | number)[];
}

/** The parts of a filter, so a caller can compile only those it does not answer another way. */
export type FilterPart = 'facets' | 'time' | 'phone' | 'managers' | 'sites' | 'where';
export const ALL_PARTS: readonly FilterPart[] = ['facets', 'time', 'phone', 'managers', 'sites', 'where'];

export function compileFilter(filter: PreparedFilter, parts: readonly FilterPart[] = ALL_PARTS): CompiledFilter {
  const terms: string[] = [];
  const params: (string | number)[] = [];
  const oneOf = (sql: string, values: readonly (string | number)[] | null): void => {
    if (values === null) return;
    terms.push(`${sql} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (parts.includes('facets')) {
    oneOf('"_side"', filter.sides);
    oneOf('"_reason"', filter.reasons);
    oneOf('"_status"', filter.statuses);
    oneOf('"_origin"', filter.origins);
    if (filter.hideBenign) terms.push('"_benign" = 0');
  }
  if (parts.includes('time')) {
    if (filter.from !== null) {
      terms.push('"_time" >= ?');
      params.push(filter.from);
    }
    if (filter.to !== null) {
      terms.push('"_time" < ?');
      params.push(filter.to);
    }
    // strftime('%w') counts from Sunday; the filter (like the heatmap) from Monday.
    oneOf('((CAST(strftime(\'%w\', "_time") AS INTEGER) + 6) % 7)', filter.weekdays);
    oneOf('CAST(substr("_time", 12, 2) AS INTEGER)', filter.hours);
  }
  if (parts.includes('phone') && filter.phone !== null) {
    const { fragment, prefix } = filter.phone;
    if (prefix === null) {
      terms.push('instr("_client_digits", ?) > 0');
      params.push(fragment);
    } else {
      terms.push('(instr("_client_digits", ?) > 0 OR substr("_client_digits", 1, ?) = ?)');
      params.push(fragment, prefix.length, prefix);
    }
  }
  if (parts.includes('managers') && filter.managers) oneOf(filter.managers.column.sql, filter.managers.values);
  if (parts.includes('sites') && filter.sites) oneOf(filter.sites.column.sql, filter.sites.values);
  if (parts.includes('where')) {
    for (const condition of filter.where) {
      const compiled = compileCondition(condition);
      terms.push(compiled.sql);
      params.push(...compiled.params);
    }
  }
  return { sql: terms.length === 0 ? '1' : terms.join(' AND '), params };
}

/**
 * The quoted column a condition's SQL reads: a range or a number's `equals` compares the column's typed
 * value (a duration's `_duration_s`) — the cell's text against a number bound as REAL would find only
 * cells written '83.0' — the rest the column itself.
 */
export function conditionColumnSql(condition: PreparedCondition): string {
  const numeric = condition.op === 'range' || (condition.op === 'equals' && typeof condition.value === 'number');
  return numeric ? condition.column.valueSql : condition.column.sql;
}

/** One condition alone; it reads no column but conditionColumnSql's, so it can also run over a table of that column's values (column-codes.ts). */
export function compileCondition(condition: PreparedCondition): CompiledFilter {
  const sql = conditionColumnSql(condition);
  switch (condition.op) {
    case 'contains': {
      // Text without letters has no case: SQLite's instr() is several times faster than a call into JavaScript.
      if (condition.value.toUpperCase() === condition.value) return { sql: `instr(${sql}, ?) > 0`, params: [condition.value] };
      // The needle was lower-cased when prepared; callsight_contains folds the cell the same way.
      return caseInsensitiveContains(condition.column, sql, condition.value);
    }
    case 'equals':
      return { sql: `${sql} = ?`, params: [condition.value] };
    case 'empty':
      return { sql: `(${sql} IS NULL OR ${sql} = '')`, params: [] };
    case 'range': {
      const terms: string[] = [];
      const params: number[] = [];
      if (condition.min !== null) {
        terms.push(`${sql} >= ?`);
        params.push(condition.min);
      }
      if (condition.max !== null) {
        terms.push(`${sql} <= ?`);
        params.push(condition.max);
      }
      return { sql: terms.join(' AND '), params };
    }
  }
}

/** Characters of the needle the instr() prefilter looks for: each more skips more cells, and costs every cell that passed the ones before. */
const PREFILTER_CHARACTERS = 2;
/** Characters a GLOB pattern's class `[…]` does not hold as they are. */
const GLOB_SPECIAL = new Set(['[', ']', '*', '?', '^', '-']);

/**
 * A case-insensitive `contains` (the needle lower case, with letters). A call into JavaScript costs about
 * four times SQLite's read of a row, so a native prefilter first skips, in SQLite's own code, the text
 * cells that cannot match, and only the cells left go to callsight_contains, which decides:
 * - a needle of two characters or more: `GLOB '*[пП][еЕ]…*'`, each class the characters lower-casing to
 *   that character of the needle (case-variants.ts), so the cells left are about the matches (10-20 %
 *   less time than instr() at 10M rows). Not when one character lower-cases to two of the needle's in a
 *   row (İ to i and a combining dot): the pattern has a class per character of the needle;
 * - otherwise instr() skips every cell that lacks a character lower-casing to each of its first two.
 * Cells that are not text go to JavaScript as they are. An original column is TEXT
 * (docs/dataset-format.md): its cells are text, NULL, or a blob, and `>= x''` holds for a blob only
 * (blobs sort after all text). GLOB never matches a blob; instr() searches its bytes, which JavaScript
 * decodes as UTF-8, bytes that are not UTF-8 becoming U+FFFD: only a needle holding U+FFFD can match a
 * blob instr() skips. In any other column, numbers too (SQLite's text of a number is not JavaScript's).
 */
function caseInsensitiveContains(column: QueryColumn, sql: string, needle: string): CompiledFilter {
  const characters = [...needle];
  const variants = characters.map(caseVariants);
  const glob = globbable(characters, variants);
  const prefilter = glob
    ? { sql: `${sql} GLOB ?`, params: [`*${variants.map((each) => `[${each.join('')}]`).join('')}*`] }
    : instrPrefilter(sql, [...new Set(characters)].slice(0, PREFILTER_CHARACTERS).map(caseVariants));
  const blobs = glob || variants.some((each) => each.includes('\ufffd'));
  const guarded = column.tag ? `(typeof(${sql}) <> 'text' OR ${prefilter.sql})` : blobs ? `(${prefilter.sql} OR ${sql} >= x'')` : prefilter.sql;
  return { sql: `(${guarded} AND callsight_contains(${sql}, ?))`, params: [...prefilter.params, needle] };
}

function instrPrefilter(sql: string, chosen: readonly (readonly string[])[]): CompiledFilter {
  const terms = chosen.map((variants) => `(${variants.map(() => `instr(${sql}, ?) > 0`).join(' OR ')})`);
  return { sql: `(${terms.join(' AND ')})`, params: chosen.flat() };
}

/** Whether a GLOB with a class per character of the needle keeps every cell that matches it. */
function globbable(characters: readonly string[], variants: readonly (readonly string[])[]): boolean {
  if (characters.length < 2 || variants.some((each) => each.some((ch) => GLOB_SPECIAL.has(ch)))) return false;
  // One character whose lower case is several (İ → i + U+0307) may stand for two of the needle's in a row.
  return characters.every((ch, i) => i === 0 || !variants[i - 1]!.some((from) => from.toLowerCase().includes(characters[i - 1]! + ch)));
}
