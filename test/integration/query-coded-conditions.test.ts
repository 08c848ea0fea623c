/**
 * Per-column conditions (`where`) on a column the codes can hold are answered from its codes (a mask of
 * the codes whose value passes, column-codes.ts), not by SQL over the calls; a first condition on an
 * original column not coded yet is SQL, and the app's engine codes the column between requests. Each kind of condition must select exactly the rows the SQL path
 * selects: the reference is the compiled filter run over the calls table in a connection of its own, as
 * the engine ran it before. The dataset is made by the real import, with adversarial values in the site
 * column (coded by the import: empty, spaces, case, Ё/ё/е, `%` and `_`, numeric-looking texts) and
 * written afterwards into columns the engine codes itself (NULL, numbers bound as REAL into a TEXT
 * column, texts and REALs in the duration's typed twin). Every case also checks that the engine ran no
 * SQL over the calls for its coded conditions, so these tests fail on an engine that answers `where` by
 * SQL alone. The client numbers have more values than the codes hold: conditions on them stay SQL.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_ORDER, type CallFilter, type ColumnCondition } from '../../src/shared/query.ts';
import { compileFilter } from '../../src/core/query/compile-filter.ts';
import { openDataset } from '../../src/core/query/open-dataset.ts';
import { prepareFilter, prepareSort } from '../../src/core/query/prepare-filter.ts';
import { QueryDataset } from '../../src/core/query/query-dataset.ts';
import { deriveColumnCodes } from '../../src/core/query/column-codes.ts';
import { countCalls } from '../../src/core/query/summary.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { joinRow } from '../fixtures/shapes.ts';
import { firstDifference } from '../support/first-difference.ts';
import { importOk, overwriteCells, tempDir } from './helpers.ts';

// More calls than the codes hold values: the client numbers (nearly all distinct) cannot be coded.
const ROWS = 70_000;
const SITE = 1;
const tmp = tempDir('coded-conditions');
let file = '';

/** Written into the CSV's site cells (every third row), so the import codes them as they are. */
const ODD_SITES = [
  '',
  '  ',
  'dostavka24.ru',
  'Dostavka24.RU',
  'DOSTAVKA24.RU',
  'ёлка.рф',
  'Ёлка.рф',
  'ЁЛКА.РФ',
  'елка.рф',
  '100%',
  '100_',
  '1000',
  'a%b',
  'a_b',
  'aXb',
  'A_B',
  '83',
  '83.0',
  ' 83',
  '83,0',
];
/** Written with UPDATE into columns the engine codes itself: JavaScript numbers are bound as REAL (83 → '83.0' in a TEXT column). */
const ODD_TEXTS: readonly (string | number | null)[] = [
  null,
  '',
  '  ',
  'ёж',
  'Ёж',
  'ЁЖ',
  'еж',
  '100%',
  '10_0',
  'a_b',
  'A%B',
  'aXb',
  '83',
  '83.0',
  ' 83',
  83,
  0,
  2.5,
  -1,
];
const ODD_DURATIONS: readonly (string | number | null)[] = [null, '', '  ', '83', '83.0', ' 83', '83,0', '0', '0.0', '-1', '2.5', 'abc', 83, 2.5, 0];
const ODD_SECONDS: readonly (string | number | null)[] = [null, '', ' ', 'abc', '83', 0, -1, 2.5, 83, 1e9, -0.25, 7, Infinity, -Infinity];

beforeAll(() => {
  const log = generateCallLog({ seed: 41, rows: ROWS, charset: 'plain' });
  const rows = log.records.map((record, i) =>
    i % 3 === 0 ? record.cells.map((cell, c) => (c === SITE ? ODD_SITES[(i / 3) % ODD_SITES.length]! : cell)) : record.cells,
  );
  expect(log.header[SITE]).toBe('Сайт');
  const csv = tmp.file('calls.csv', `${[log.header, ...rows].map((cells) => joinRow(cells, ';')).join('\n')}\n`);
  file = tmp.file('calls.callsight.sqlite');
  expect(importOk(csv, file).imported).toBe(ROWS);
  overwriteCells(file, 2, [
    { column: 'Комментарий', values: ODD_TEXTS, every: 5 },
    { column: 'Длительность', values: ODD_DURATIONS, every: 4 },
    { column: '_duration_s', values: ODD_SECONDS, every: 3 },
  ]);
}, 120_000);

let engine: QueryDataset | null = null;
/** The SQL the engine prepared since the last look. */
const statements: string[] = [];
let reference: Database.Database | null = null;

/** Records the SQL a connection prepares into `into`. */
function recordStatements(db: Database.Database, into: string[]): void {
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string) => {
    into.push(sql);
    return prepare(sql);
  };
}

beforeAll(() => {
  // Nothing coded between tests: each test's SQL is its own.
  engine = new QueryDataset(openDataset(file), { codeInBackground: false });
  const db = engine.opened.db;
  expect(db.prepare('SELECT count(DISTINCT "Номер клиента") FROM calls').pluck().get()).toBeGreaterThan(65_535);
  // The columns the cases read, coded as the app's engine codes them after a first condition on each.
  for (const name of ['Комментарий', 'Длительность', '_duration_s', 'Статус', 'Номер клиента']) engine.codes(engine.opened.columns.get(name)!);
  recordStatements(db, statements);
  reference = openDataset(file).db;
});
afterAll(() => {
  engine?.close();
  reference?.close();
  tmp.cleanup();
});

/** Whether the codes of `column` are kept in the file. */
const storedCodes = (column: string): boolean =>
  reference!.prepare('SELECT count(*) FROM callsight_aux_info WHERE name = ?').pluck().get(`codes:${column}`) === 1;

/** Resolves once `done()` holds, looking between turns of the event loop (the engine's background work runs in them). */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 20_000) throw new Error('not done in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The rows the SQL path selects: the whole filter compiled and run over the calls. */
function sqlRows(filter: CallFilter): number[] {
  const { sql, params } = compileFilter(prepareFilter(filter, engine!.opened.columns));
  return reference!
    .prepare(`SELECT rowid FROM calls WHERE ${sql} ORDER BY rowid`)
    .pluck()
    .all(...params) as number[];
}

/** The engine's rows in file order, its count through the summary's pass, and the SQL over the calls it ran meanwhile. */
function engineRows(filter: CallFilter): { rows: number[]; counted: number; scans: string[] } {
  statements.length = 0;
  const prepared = prepareFilter(filter, engine!.opened.columns);
  const rows = [...engine!.matches(prepared, prepareSort(FILE_ORDER, engine!.opened.columns)).rowids];
  const counted = countCalls(engine!, prepared).total;
  return { rows, counted, scans: statements.filter((sql) => sql.startsWith('SELECT rowid FROM calls WHERE')) };
}

/** The reads of a column that code it (column-codes.ts), among the SQL the engine prepared. */
const codings = (column: string): string[] => statements.filter((sql) => sql.startsWith(`SELECT rowid, "${column}" FROM calls`));

/** Expects the SQL path's rows; returns the SQL over the calls the engine ran for them. */
function expectSameRows(filter: CallFilter): string[] {
  const expected = sqlRows(filter);
  const { rows, counted, scans } = engineRows(filter);
  expect(firstDifference(rows, expected), JSON.stringify(filter)).toBeNull();
  expect(counted, JSON.stringify(filter)).toBe(expected.length);
  return scans;
}

const texts = (column: string, values: readonly string[]): ColumnCondition[] => [
  ...values.map((value) => ({ column, op: 'contains' as const, value })),
  ...values.map((value) => ({ column, op: 'equals' as const, value })),
  { column, op: 'empty' },
];
const SEARCHES = [
  '',
  ' ',
  '  ',
  'dostavka24.ru',
  'Dostavka24.RU',
  'DOSTAVKA',
  'ё',
  'Ё',
  'ЁЛКА',
  'е',
  'елка',
  '%',
  '_',
  '0%',
  '0_',
  'a_b',
  'A%B',
  'x',
  '83',
  '.0',
  ' 83',
];

const CASES: readonly ColumnCondition[] = [
  ...texts('Сайт', SEARCHES),
  ...texts('Комментарий', [...SEARCHES, 'ёж', 'ЁЖ', '10_0', '100%', '83.0', '0.0', '2.5', '-1.0']),
  // A number column: `equals` compares its typed twin with the number ('83', '83.0' and '83,0' alike).
  ...['83', '83.0', '0', '0,0', '2,5', '-1'].map((value) => ({ column: 'Длительность', op: 'equals' as const, value })),
  { column: 'Длительность', op: 'empty' },
  // A range reads the duration's typed twin, where texts sort after every number.
  ...[{ min: 0 }, { max: 0 }, { min: -1, max: 2.5 }, { min: 83, max: 83 }, { min: 1e9 }, { max: -0.25 }, { min: 0.5, max: 0.5 }].map((ends) => ({
    column: 'Длительность',
    op: 'range' as const,
    ...ends,
  })),
];

describe('a condition on a codable column selects the rows SQL selects, without SQL over the calls', () => {
  it.each(CASES.map((condition) => ({ name: JSON.stringify(condition), condition })))('$name', ({ condition }) => {
    expect(expectSameRows({ where: [condition] })).toEqual([]);
  });

  it('several coded conditions together, with facets, a time range and sites', () => {
    const filter: CallFilter = {
      sides: ['client', 'success', 'manager'],
      from: '2026-03-03',
      sites: ['dostavka24.ru', 'Ёлка.рф', '', '100%'],
      where: [
        { column: 'Сайт', op: 'contains', value: 'Ё' },
        { column: 'Комментарий', op: 'contains', value: '' },
        { column: 'Длительность', op: 'range', min: 0 },
      ],
    };
    expect(sqlRows(filter).length).toBeGreaterThan(0);
    expect(expectSameRows(filter)).toEqual([]);
    expect(
      expectSameRows({
        where: [
          { column: 'Сайт', op: 'equals', value: '' },
          { column: 'Комментарий', op: 'empty' },
        ],
      }),
    ).toEqual([]);
  });

  it('a first condition on a column not coded yet is SQL; the app codes the column between requests, and the next conditions read nothing', async () => {
    const app = new QueryDataset(openDataset(file));
    const seen: string[] = [];
    recordStatements(app.opened.db, seen);
    const appRows = (filter: CallFilter): number[] => [
      ...app.matches(prepareFilter(filter, app.opened.columns), prepareSort(FILE_ORDER, app.opened.columns)).rowids,
    ];
    const scans = (): string[] => seen.splice(0).filter((sql) => sql.startsWith('SELECT rowid FROM calls WHERE'));
    try {
      const empty: CallFilter = { where: [{ column: 'Стоимость', op: 'empty' }] };
      expect(firstDifference(appRows(empty), sqlRows(empty))).toBeNull();
      expect(scans()).toEqual(['SELECT rowid FROM calls WHERE ("Стоимость" IS NULL OR "Стоимость" = \'\')']);
      expect(storedCodes('Стоимость')).toBe(false); // answered without a read that codes it
      await until(() => storedCodes('Стоимость'));
      // A number's `equals` reads the typed twin (as a range does): SQL too the first time, and '0,00' finds the cells written '0'.
      const zero: CallFilter = { where: [{ column: 'Стоимость', op: 'equals', value: '0,00' }] };
      expect(firstDifference(appRows(zero), sqlRows(zero))).toBeNull();
      expect(scans()).toHaveLength(1);
      // A request that needs the codes while they are being built finishes that build there and then.
      const cost = app.opened.columns.get('_cost')!;
      expect(app.codes(cost)).toEqual(deriveColumnCodes(app.opened, cost, app.maxRowid));
      expect(storedCodes('_cost')).toBe(true);
      for (const filter of [empty, zero, { where: [{ column: 'Стоимость', op: 'range', min: 1 }] }] satisfies CallFilter[]) {
        expect(firstDifference(appRows(filter), sqlRows(filter)), JSON.stringify(filter)).toBeNull();
        expect(scans(), JSON.stringify(filter)).toEqual([]);
      }
      expect(seen.filter((sql) => sql.startsWith('SELECT rowid, "Стоимость"'))).toEqual([]); // coded once
    } finally {
      app.close();
    }
    const next = new QueryDataset(openDataset(file));
    try {
      expect(next.codes(next.opened.columns.get('Стоимость')!)).toEqual(deriveColumnCodes(next.opened, next.opened.columns.get('Стоимость')!, next.maxRowid));
    } finally {
      next.close();
    }
  });

  it('an engine that codes nothing in the background (an export) answers by SQL and leaves the column uncoded', async () => {
    const filter: CallFilter = { where: [{ column: 'Номер менеджера', op: 'contains', value: '1' }] };
    expect(expectSameRows(filter)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(storedCodes('Номер менеджера')).toBe(false);
    expect(codings('Номер менеджера')).toEqual([]);
  });

  it('codes kept in the file answer the same after a reopen, infinite numbers included (JSON has no Infinity)', () => {
    const filters: CallFilter[] = [
      { where: [{ column: 'Длительность', op: 'range', min: 1e9 }] },
      { where: [{ column: 'Длительность', op: 'range', max: -1 }] },
    ];
    for (const filter of filters) expectSameRows(filter);
    const next = new QueryDataset(openDataset(file));
    try {
      for (const filter of filters) {
        const prepared = prepareFilter(filter, next.opened.columns);
        const rows = [...next.matches(prepared, prepareSort(FILE_ORDER, next.opened.columns)).rowids];
        expect(firstDifference(rows, sqlRows(filter)), JSON.stringify(filter)).toBeNull();
      }
    } finally {
      next.close();
    }
  });

  it('mixes: coded conditions by mask, a column the codes cannot hold by SQL that names only it', () => {
    const filter: CallFilter = {
      where: [
        { column: 'Номер клиента', op: 'contains', value: '9' },
        { column: 'Сайт', op: 'contains', value: 'ё' },
        { column: 'Комментарий', op: 'empty' },
        { column: 'Статус', op: 'contains', value: '/48' },
        { column: 'Длительность', op: 'range', max: 100 },
      ],
    };
    expect(sqlRows(filter).length).toBeGreaterThan(0);
    const scans = expectSameRows(filter);
    // Once for the rows and the count: the SQL's answer is kept for the next request of the same filter.
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatch(/^SELECT rowid FROM calls WHERE instr\("Номер клиента", \?\) > 0$/);
    // A filter that adds only what the helpers answer reads nothing again.
    expect(expectSameRows({ ...filter, sides: ['client'], hideBenign: true })).toEqual([]);
  });

  it('stays SQL on a column with more values than the codes hold, and on a tag column not coded already', () => {
    expect(expectSameRows({ where: [{ column: 'Номер клиента', op: 'contains', value: '+7 9' }] })).toHaveLength(1);
    expect(expectSameRows({ where: [{ column: 'Номер клиента', op: 'empty' }] })).toHaveLength(1);
    expect(codings('Номер клиента')).toEqual([]); // known from the first try: too many values
    expect(expectSameRows({ where: [{ column: '_client_digits', op: 'contains', value: '916' }] })).toHaveLength(1);
    expect(expectSameRows({ where: [{ column: '_status', op: 'equals', value: '200/487' }] })).toHaveLength(1);
  });
});
