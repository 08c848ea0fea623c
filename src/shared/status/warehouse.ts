import { STATUS_CATALOGUE } from './catalogue.ts';
import type { StatusEntry } from './types.ts';

/**
 * The status catalogue for a team's own database (issue #9, item 5): `npm run cli -- statuses
 * --format csv|sql`. The SQL keeps to what SQLite, PostgreSQL, ClickHouse and DuckDB all read: plain
 * types (VARCHAR, INTEGER), one multi-row INSERT, strings with doubled single quotes, `--` and `/* *\/`
 * comments, and the inference rules for codes the table lacks (classify.ts, docs/status-semantics.md)
 * as CASE expressions over the two legs' integer codes. Parsing "200/487" into the two legs is left to
 * the database (its string functions differ); the expressions take the legs as integers.
 */

export const STATUS_TABLE = 'callsight_statuses';
/** Marks the classification query inside its block comment (the test reads it from there). */
export const CLASSIFY_MARK = 'callsight:classify';

const COLUMNS = ['code', 'manager_code', 'client_code', 'side', 'reason', 'benign', 'text_ru', 'text_en'] as const;

function row(entry: StatusEntry): readonly (string | number)[] {
  return [entry.code, entry.manager, entry.client, entry.side, entry.reason, entry.benign ? 1 : 0, entry.textRu, entry.textEn];
}

/** RFC 4180, comma-separated, UTF-8 without a byte-order mark (what warehouse loaders expect), CRLF. */
export function catalogueCsv(): string {
  const cell = (value: string | number): string => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [COLUMNS, ...STATUS_CATALOGUE.map(row)].map((cells) => `${cells.map(cell).join(',')}\r\n`).join('');
}

function literal(value: string | number): string {
  if (typeof value === 'number') return String(value);
  // A backslash is an escape character in ClickHouse's strings and a plain one elsewhere: no literal
  // can mean the same in all four, so the catalogue must not hold one (it does not; the test says so).
  if (value.includes('\\')) throw new Error(`a status text holds a backslash, which has no portable SQL literal: ${value}`);
  return `'${value.replaceAll("'", "''")}'`;
}

/** SIP failure (400–699) and service (700–899) code ranges, as in sip.ts. */
const sipFailure = (leg: string): string => `${leg} BETWEEN 400 AND 699`;
const serviceCode = (leg: string): string => `${leg} BETWEEN 700 AND 899`;

/** sipReason of classify.ts for one leg. */
function sipReasonCase(leg: string): string {
  return (
    `CASE WHEN ${leg} IN (403, 461, 603) THEN 'rejected' WHEN ${leg} IN (404, 410, 604) THEN 'not-found' WHEN ${leg} = 408 THEN 'timeout'` +
    ` WHEN ${leg} IN (480, 406) THEN 'unavailable' WHEN ${leg} = 484 THEN 'invalid-number' WHEN ${leg} IN (486, 600) THEN 'busy'` +
    ` WHEN ${leg} = 487 THEN 'no-answer' ELSE 'technical' END`
  );
}

/**
 * The side inferred for a pair the table lacks ('unknown' when no rule applies), as inferFacets of
 * classify.ts: the rules in the same order.
 */
export function inferredSideCase(manager: string, client: string): string {
  return [
    'CASE',
    `  WHEN ${manager} IN (1, 2) THEN 'pending'`,
    `  WHEN ${manager} IN (200, 101) AND ${client} = 200 THEN 'success'`,
    `  WHEN ${manager} IN (200, 101) AND ${sipFailure(client)} THEN`,
    `    CASE WHEN ${client} IN (403, 461, 603) OR ${client} BETWEEN 500 AND 599 THEN 'carrier' ELSE 'client' END`,
    `  WHEN ${sipFailure(manager)} AND ${client} = 0 THEN`,
    `    CASE WHEN ${manager} IN (403, 603) OR ${manager} BETWEEN 500 AND 599 THEN 'carrier' ELSE 'manager' END`,
    `  WHEN ${serviceCode(manager)} OR ${serviceCode(client)} THEN 'service'`,
    `  ELSE 'unknown'`,
    'END',
  ].join('\n');
}

/** The reason inferred for a pair the table lacks ('unknown' when no rule applies). */
export function inferredReasonCase(manager: string, client: string): string {
  return [
    'CASE',
    `  WHEN ${manager} = 1 THEN 'in-progress'`,
    `  WHEN ${manager} = 2 THEN 'scheduled'`,
    `  WHEN ${manager} = 101 AND ${client} = 200 THEN 'notified'`,
    `  WHEN ${manager} = 200 AND ${client} = 200 THEN 'connected'`,
    `  WHEN ${manager} IN (200, 101) AND ${sipFailure(client)} THEN`,
    `    ${sipReasonCase(client)}`,
    `  WHEN ${sipFailure(manager)} AND ${client} = 0 THEN`,
    `    ${sipReasonCase(manager)}`,
    `  ELSE 'unknown'`,
    'END',
  ].join('\n');
}

/**
 * A query that classifies every row of a calls table with integer leg columns exactly as Callsight
 * does: the table's facets for a documented pair, else the inferred ones. `calls`, `manager_code` and
 * `client_code` are placeholders for the team's own names.
 */
export function classifyQuery(calls = 'calls', manager = 'manager_code', client = 'client_code'): string {
  const m = `c.${manager}`;
  const k = `c.${client}`;
  const indent = (text: string): string => text.split('\n').join('\n    ');
  // Not `s.code IS NOT NULL`: ClickHouse fills an unmatched LEFT JOIN row with '' unless join_use_nulls is set.
  return [
    'SELECT',
    `  c.*,`,
    `  CASE WHEN COALESCE(s.code, '') <> '' THEN s.side ELSE`,
    `    ${indent(inferredSideCase(m, k))}`,
    `  END AS side,`,
    `  CASE WHEN COALESCE(s.code, '') <> '' THEN s.reason ELSE`,
    `    ${indent(inferredReasonCase(m, k))}`,
    `  END AS reason,`,
    `  CASE WHEN COALESCE(s.code, '') <> '' THEN s.benign ELSE 0 END AS benign,`,
    `  CASE WHEN COALESCE(s.code, '') <> '' THEN 'documented' WHEN (`,
    `    ${indent(inferredSideCase(m, k))}`,
    `  ) <> 'unknown' THEN 'inferred' ELSE 'unknown' END AS origin`,
    `FROM ${calls} AS c`,
    `LEFT JOIN ${STATUS_TABLE} AS s ON s.manager_code = ${m} AND s.client_code = ${k}`,
  ].join('\n');
}

export function catalogueSql(): string {
  const widths = { code: 16, side: 16, reason: 32, text: 200 };
  const longest = Math.max(...STATUS_CATALOGUE.flatMap((entry) => [entry.textRu.length, entry.textEn.length]));
  if (longest > widths.text) throw new Error(`a status text is longer than VARCHAR(${widths.text})`);
  const values = STATUS_CATALOGUE.map((entry) => `  (${row(entry).map(literal).join(', ')})`).join(',\n');
  return [
    `-- Callsight's status catalogue: the service's ${STATUS_CATALOGUE.length} statuses ("manager leg/client leg") with their facets.`,
    '-- Portable to SQLite, PostgreSQL, ClickHouse and DuckDB (plain types, standard syntax).',
    "-- ClickHouse: set default_table_engine (e.g. SET default_table_engine = 'MergeTree') if your server has none.",
    '-- side: success | manager | client | carrier | service | pending; benign: 1 = an expected outcome, not a failure.',
    `CREATE TABLE ${STATUS_TABLE} (`,
    `  code VARCHAR(${widths.code}) NOT NULL,`,
    '  manager_code INTEGER NOT NULL,',
    '  client_code INTEGER NOT NULL,',
    `  side VARCHAR(${widths.side}) NOT NULL,`,
    `  reason VARCHAR(${widths.reason}) NOT NULL,`,
    '  benign INTEGER NOT NULL,',
    `  text_ru VARCHAR(${widths.text}) NOT NULL,`,
    `  text_en VARCHAR(${widths.text}) NOT NULL,`,
    '  PRIMARY KEY (code)',
    ');',
    '',
    `INSERT INTO ${STATUS_TABLE} (${COLUMNS.join(', ')}) VALUES`,
    `${values};`,
    '',
    '-- Codes the table lacks get their facets by rule (docs/status-semantics.md, "Codes that are not in the table").',
    '-- The query below classifies a calls table as Callsight does: replace calls, manager_code and client_code',
    '-- with your table and its two integer leg columns ("200/487" → 200 and 487; a pair that does not parse is',
    "-- side 'unknown', origin 'unknown'). side and reason use the CASE expressions of the rules.",
    `/* ${CLASSIFY_MARK}`,
    `${classifyQuery()};`,
    '*/',
    '',
  ].join('\n');
}
