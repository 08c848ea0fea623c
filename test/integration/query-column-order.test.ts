/**
 * Sorts by another column through the engine, against SQLite's own `ORDER BY <column>, rowid` on the same
 * file (descending: that order walked from its end, as the engine walks every order): the first pages,
 * answered by ORDER BY … LIMIT before the order is built, and every page once it is — with and without a
 * filter. The columns hold adversarial values written into a real imported dataset: NULLs, empty texts,
 * numbers and texts in one column, Cyrillic, equal prefixes longer than a sort key, texts that differ only
 * after 100 bytes. The client number column has more values than the codes hold (70,000 calls), so its
 * order is the radix sort by value (value-order.ts); the comment column is coded (a counting sort);
 * the duration's typed twin mixes REAL values and texts.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallFilter } from '../../src/shared/query.ts';
import { CallQueries } from '../../src/core/query/call-queries.ts';
import { openDataset } from '../../src/core/query/open-dataset.ts';
import { QueryDataset } from '../../src/core/query/query-dataset.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { semicolonText } from '../fixtures/shapes.ts';
import { firstDifference } from '../support/first-difference.ts';
import { importOk, overwriteCells, tempDir } from './helpers.ts';

const ROWS = 70_000;
const tmp = tempDir('column-order');
let file = '';

const LONG = 'Клиент просил перезвонить после обеда, номер занят, оставлено сообщение на автоответчике';
const ODD_TEXTS: readonly (string | number | null)[] = [
  null,
  '',
  ' ',
  'a',
  'A',
  'abcdefg',
  'abcdefgh',
  'abcdef\u0416',
  'Ёж',
  'ёж',
  'Жук',
  'я',
  '😀',
  '+7 (912) 432-92-52',
  '+7 (912) 432-92-5',
  `${LONG}`,
  `${LONG}.`,
  `${LONG}!`,
  `${'x'.repeat(100)}a`,
  `${'x'.repeat(100)}b`,
  `${'x'.repeat(100)}`,
  '1',
  '10',
  '9',
];
const ODD_VALUES: readonly (string | number | null)[] = [...ODD_TEXTS, 0, -1, 2.5, 1e9, -0.25, 7];

beforeAll(() => {
  const log = generateCallLog({ seed: 31, rows: ROWS, charset: 'plain' });
  const csv = tmp.file('calls.csv', semicolonText(log));
  file = tmp.file('calls.callsight.sqlite');
  expect(importOk(csv, file).imported).toBe(ROWS);
  overwriteCells(file, 3, [
    { column: 'Номер клиента', values: ODD_TEXTS, every: 23 },
    { column: 'Комментарий', values: ODD_TEXTS, every: 7 },
    { column: '_duration_s', values: ODD_VALUES, every: 11 },
  ]);
}, 120_000);
afterAll(() => tmp.cleanup());

/** SQLite's order of the column's sort value, the filter's calls only; descending as the engine walks it. */
function reference(valueSql: string, direction: 'asc' | 'desc', filter: CallFilter): number[] {
  const db = new Database(file, { readonly: true });
  try {
    const where = filter.sides ? `WHERE "_side" IN (${filter.sides.map(() => '?').join(', ')})` : '';
    const ids = db
      .prepare(`SELECT rowid FROM calls ${where} ORDER BY ${valueSql}, rowid`)
      .pluck()
      .all(...(filter.sides ?? [])) as number[];
    return direction === 'asc' ? ids : ids.reverse();
  } finally {
    db.close();
  }
}

const CASES = [
  { column: 'Номер клиента', valueSql: '"Номер клиента"' },
  { column: 'Комментарий', valueSql: '"Комментарий"' },
  { column: 'Длительность', valueSql: '"_duration_s"' },
  // Its typed twin coded (as the import codes a large file's): counted from the codes, no read of the calls.
  { column: 'Длительность', valueSql: '"_duration_s"', codedTwin: true },
  // Indexed (the phone search's), sorted by value like the rest.
  { column: '_client_digits', valueSql: '"_client_digits"' },
] as const;

describe('another column’s order equals SQLite’s ORDER BY, first pages and all pages', () => {
  it.each(CASES.map((c) => ({ codedTwin: false, ...c })))('$column (its typed twin coded: $codedTwin)', ({ column, valueSql, codedTwin }) => {
    for (const filter of [{}, { sides: ['client', 'carrier'] }] as CallFilter[]) {
      for (const direction of ['asc', 'desc'] as const) {
        const expected = reference(valueSql, direction, filter);
        // A copy without the orders earlier cases stored: the first pages come before any order is built.
        const copy = tmp.file(`copy-${Math.random().toString(36).slice(2)}.sqlite`);
        fs.copyFileSync(file, copy);
        if (codedTwin) {
          const coded = new QueryDataset(openDataset(copy));
          expect(coded.codes(coded.opened.columns.get('_duration_s')!)).not.toBeNull();
          coded.close();
        }
        const queries = new CallQueries();
        try {
          const sort = { column, direction };
          const page = (offset: number, limit: number): number[] => {
            const answer = queries.page(copy, { filter, sort, offset, limit });
            expect(answer.total).toBe(expected.length);
            return answer.rows.map((row) => row.id);
          };
          expect(page(0, 100), `${direction} ${JSON.stringify(filter)}: first page`).toEqual(expected.slice(0, 100));
          expect(page(900, 100), 'the last page answered before the order').toEqual(expected.slice(900, 1000));
          const all: number[] = [];
          for (let offset = 0; offset < expected.length; offset += 7000) all.push(...page(offset, 7000));
          expect(firstDifference(all, expected), `${direction} ${JSON.stringify(filter)}: every page`).toBeNull();
          if (column === 'Длительность') {
            // A counted order costs tens of ms and is not kept; one sorted by value is kept in the file.
            queries.closeAll();
            const db = new Database(copy, { readonly: true });
            const kept = db.prepare('SELECT count(*) FROM callsight_aux_info WHERE name = ?').pluck().get('order:"_duration_s"');
            db.close();
            expect(kept, 'the order sorted by value and kept').toBe(codedTwin ? 0 : 1);
          }
        } finally {
          queries.closeAll();
          fs.rmSync(copy);
        }
      }
    }
  });
});
