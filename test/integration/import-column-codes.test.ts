/**
 * The codes the import stores for the query engine (src/core/import/write/column-codes-file.ts): every
 * original column and the typed twins `_duration_s` and `_cost` (`--code-columns all`, or by default a
 * source of 256 MB or more), or only the manager and site columns. Each stored `codes:<column>` must be
 * what the engine derives itself from the dataset (column-codes.ts deriveColumnCodes: codes in order of
 * first appearance, the values as SQLite returns them), stored as the engine stores its own (JSON, infinite
 * numbers listed apart), value for value and row for row; a column with more values than the codes hold is
 * marked "too many"; a column of long distinct texts is left to the engine. Sources: UTF-8 with quoted
 * cells holding `;`, quotes and newlines, Windows-1251, UTF-16LE (Excel's Unicode text), XLSX, ragged rows
 * kept (padded, `_extra`) and rejected, adversarial durations and costs (text, comma decimals, -0, huge,
 * overflowing to Infinity, h:mm:ss). A range on a fresh dataset then reads no SQL over the calls.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_ORDER, type CallFilter } from '../../src/shared/query.ts';
import { AuxStore } from '../../src/core/query/aux-store.ts';
import { compileFilter } from '../../src/core/query/compile-filter.ts';
import { codesInfo, deriveColumnCodes } from '../../src/core/query/column-codes.ts';
import { openDataset } from '../../src/core/query/open-dataset.ts';
import { prepareFilter, prepareSort } from '../../src/core/query/prepare-filter.ts';
import { QueryDataset } from '../../src/core/query/query-dataset.ts';
import { createRng } from '../fixtures/prng.ts';
import { callLogFile, excelUnicodeText, raggedFile, writeFixture } from '../fixtures/shapes.ts';
import { callLogWorkbook } from '../fixtures/xlsx.ts';
import { firstDifference } from '../support/first-difference.ts';
import { importOk, tempDir } from './helpers.ts';

const tmp = tempDir('import-column-codes');
afterAll(() => tmp.cleanup());

const TWINS = { duration: '_duration_s', cost: '_cost' } as const;

/**
 * Compares every stored `codes:*` with the engine's derivation; returns what was stored per column:
 * 'coded', 'too many', or 'none'.
 */
function checkStoredCodes(out: string): Record<string, 'coded' | 'too many' | 'none'> {
  const opened = openDataset(out);
  try {
    const rows = opened.db.prepare('SELECT max(rowid) FROM calls').pluck().get() as number;
    const originals = JSON.parse(opened.db.prepare("SELECT value FROM meta WHERE key = 'columns'").pluck().get() as string) as string[];
    const roles = new Set(opened.columns.list.map((column) => column.role));
    const twins = Object.entries(TWINS)
      .filter(([role]) => roles.has(role))
      .map(([, twin]) => twin);
    const names = [...originals, ...twins];
    const stored = opened.db.prepare("SELECT name FROM callsight_aux_info WHERE name LIKE 'codes:%' ORDER BY name").pluck().all() as string[];
    expect(
      stored.filter((name) => !names.includes(name.slice('codes:'.length))),
      'codes of no original column or twin',
    ).toEqual([]);
    const store = new AuxStore(opened.db, opened.fingerprint, false);
    const found: Record<string, 'coded' | 'too many' | 'none'> = {};
    for (const name of names) {
      const codes = store.read(`codes:${name}`, (n) => new Uint16Array(n));
      if (codes === null) {
        expect(stored, `${name}: stored under another fingerprint`).not.toContain(`codes:${name}`);
        found[name] = 'none';
        continue;
      }
      const column = opened.columns.get(name);
      expect(column, name).toBeDefined();
      const derived = deriveColumnCodes(opened, column!, rows);
      if (derived === null) {
        expect(codes.info, name).toEqual({ tooMany: true });
        expect(codes.array, name).toHaveLength(0);
        found[name] = 'too many';
      } else {
        // As the engine stores its own codes: the values through JSON (AuxStore), an infinite one listed apart.
        expect(codes.info, name).toEqual(JSON.parse(JSON.stringify(codesInfo(derived.values))));
        expect(codes.array, name).toHaveLength(rows + 1);
        expect(firstDifference([...codes.array], [...derived.codeOf]), name).toBeNull();
        found[name] = 'coded';
      }
    }
    return found;
  } finally {
    opened.db.close();
  }
}

function expectIntegrity(out: string): void {
  const db = new Database(out, { readonly: true });
  try {
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
  } finally {
    db.close();
  }
}

const ALL = ['--code-columns', 'all'];

describe('every column coded by the import, as the engine codes it', () => {
  it('UTF-8: quoted cells with ; quotes and newlines, empty cells, Cyrillic and emoji', () => {
    const fixture = callLogFile({ seed: 301, rows: 3000, delimiter: ';', eol: '\r\n', header: true, charset: 'full', commentRate: 0.6 });
    expect(fixture.text).toMatch(/"[^"]*\n[^"]*"/);
    const out = join(tmp.dir, 'utf8.callsight.sqlite');
    importOk(writeFixture(tmp.dir, 'utf8.csv', fixture.text), out, ALL);
    const found = checkStoredCodes(out);
    expect(found['Комментарий']).toBe('coded');
    expect(found[TWINS.duration]).toBe('coded');
    expect(found[TWINS.cost]).toBe('coded');
    expect(Object.values(found)).not.toContain('none');
  });

  it.each([
    ['windows-1251', ',', '\n'],
    ['utf-16le', '\t', '\r\n'],
  ] as const)('%s source (delimiter %j): codes of the stored UTF-8 texts', (encoding, delimiter, eol) => {
    const fixture =
      encoding === 'utf-16le'
        ? excelUnicodeText(302, 2500)
        : callLogFile({ seed: 303, rows: 2500, delimiter, eol, header: true, charset: 'koi8', commentRate: 0.6 });
    const out = join(tmp.dir, `${encoding}.callsight.sqlite`);
    const summary = importOk(writeFixture(tmp.dir, `${encoding}.csv`, fixture.text, encoding), out, ALL);
    expect(summary.encoding).toBe(encoding);
    const found = checkStoredCodes(out);
    expect(Object.values(found)).not.toContain('none');
    // A text that is not ASCII in the source's bytes, as the stored value.
    const db = new Database(out, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM calls WHERE "Менеджер" GLOB \'*[А-яЁё]*\'').pluck().get()).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it.each(['keep', 'reject'] as const)('ragged rows (--ragged %s): short rows padded with empty cells, long ones with _extra', (ragged) => {
    const fixture = raggedFile({ seed: 304, rows: 400, delimiter: ';', eol: '\n', header: true, charset: 'full' });
    const out = join(tmp.dir, `ragged-${ragged}.callsight.sqlite`);
    const summary = importOk(writeFixture(tmp.dir, `ragged-${ragged}.csv`, fixture.text), out, [...ALL, '--ragged', ragged]);
    expect(summary.repaired).toBe(ragged === 'keep' ? 2 : 0);
    const found = checkStoredCodes(out);
    expect(Object.values(found)).not.toContain('none');
    expect(found['_extra']).toBeUndefined();
    expectIntegrity(out);
  });

  it('XLSX: numbers, dates, shared, inline and rich-text strings', () => {
    const workbook = callLogWorkbook(305, [300, 20]);
    const out = join(tmp.dir, 'book.callsight.sqlite');
    importOk(tmp.file('book.xlsx', workbook.bytes), out, ALL);
    const found = checkStoredCodes(out);
    expect(Object.values(found)).not.toContain('none');
  });

  it('more values than the codes hold: "too many"; long distinct texts: left to the engine', () => {
    const rows = 70_000;
    const rng = createRng(306);
    const lines = ['Дата и время;Статус;Номер клиента;Менеджер;Длительность;Комментарий'];
    for (let i = 0; i < rows; i++) {
      // 60,000 distinct comments of ~300 bytes (18 MB: past what the recorder holds), then repeats: the engine can code them.
      const comment = `${i < 60_000 ? i : i % 7} ${'ж'.repeat(150)}`;
      const duration = i < 66_000 ? `${i}` : `${i % 10}`;
      lines.push(`2026-10-01 10:${String(i % 60).padStart(2, '0')}:00;200/487;+7916${String(i).padStart(7, '0')};М${rng.int(0, 9)};${duration};${comment}`);
    }
    const file = join(tmp.dir, 'many.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(tmp.dir, 'many.callsight.sqlite');
    importOk(file, out, ALL);
    const found = checkStoredCodes(out);
    expect(found).toEqual({
      'Дата и время': 'coded',
      Статус: 'coded',
      'Номер клиента': 'too many',
      Менеджер: 'coded',
      // 66,000 distinct texts, and so distinct numbers: its twin is not coded by the import either.
      Длительность: 'too many',
      Комментарий: 'none',
      [TWINS.duration]: 'none',
    });
  });

  it('by default (a source under 256 MB) and with --code-columns roles: the manager and site columns only', () => {
    const fixture = callLogFile({ seed: 307, rows: 500, delimiter: ';', eol: '\n', header: true, charset: 'full' });
    const csv = writeFixture(tmp.dir, 'small.csv', fixture.text);
    for (const extra of [[], ['--code-columns', 'roles']]) {
      const out = join(tmp.dir, 'small.callsight.sqlite');
      importOk(csv, out, [...extra, '--force']);
      const found = checkStoredCodes(out);
      expect(
        Object.entries(found)
          .filter(([, what]) => what !== 'none')
          .map(([name]) => name)
          .sort(),
      ).toEqual(['Менеджер', 'Сайт']);
    }
  });
});

const ODD = [
  '',
  ' ',
  'abc',
  'нет',
  '0',
  '-0',
  '0.0',
  '0,0',
  '2.5',
  '2,5',
  '-3',
  '-0.25',
  '83',
  '83.0',
  ' 83',
  '0:01:23',
  '1:00:00',
  '65535',
  '65536',
  '70000.5',
  '123456789012345',
  '1e3',
  '9'.repeat(30),
  '9'.repeat(400),
  '-' + '9'.repeat(400),
  '18,24 ₽',
  '1 234,50',
];

/** `distinct`: every row its own duration and cost (more values than the codes hold). */
function oddNumbers(rows: number, seed: number, distinct: boolean): string {
  const rng = createRng(seed);
  const lines = ['Дата и время;Статус;Номер клиента;Длительность;Стоимость'];
  for (let i = 0; i < rows; i++) {
    const time = `2026-10-0${rng.int(1, 3)} ${String(rng.int(0, 23)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
    const duration = distinct ? `${i}.5` : rng.int(0, 2) === 0 ? rng.pick(ODD) : String(rng.int(0, 600));
    const cost = distinct ? `${i},25` : rng.int(0, 2) === 0 ? rng.pick(ODD) : `${rng.int(0, 99)},${String(rng.int(0, 99)).padStart(2, '0')}`;
    lines.push(`${time};${i === 0 ? '200/487' : rng.pick(['200/487', '486/0', ''])};+7916${String(i).padStart(7, '0')};${duration};${cost}`);
  }
  const file = join(tmp.dir, `numbers-${seed}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('the typed twins coded by the import', () => {
  it.each([
    [1, 11, false],
    [5000, 12, false],
    [70_000, 13, true],
  ])('%i calls: the codes the engine builds itself, stored as it stores them', (rows, seed, distinct) => {
    const out = join(tmp.dir, `numbers-${seed}.callsight.sqlite`);
    importOk(oddNumbers(rows, seed, distinct), out, ALL);
    const found = checkStoredCodes(out);
    for (const twin of Object.values(TWINS)) expect(found[twin], twin).toBe(distinct ? 'none' : 'coded');
    if (rows > 1 && !distinct) {
      const db = new Database(out, { readonly: true });
      try {
        expect(db.prepare('SELECT count(*) FROM calls WHERE "_duration_s" > 1e308').pluck().get(), 'an infinite duration').toBeGreaterThan(0);
      } finally {
        db.close();
      }
    }
  });

  it('a range on a fresh dataset reads no SQL over the calls, and selects the rows SQL selects', () => {
    const out = join(tmp.dir, 'numbers-range.callsight.sqlite');
    importOk(oddNumbers(5000, 21, false), out, ALL);
    const engine = new QueryDataset(openDataset(out), { codeInBackground: false });
    const reference = new Database(out, { readonly: true });
    try {
      const db = engine.opened.db;
      const statements: string[] = [];
      const prepare = db.prepare.bind(db);
      db.prepare = (sql: string) => {
        statements.push(sql);
        return prepare(sql);
      };
      const filters: CallFilter[] = [
        { where: [{ column: 'Длительность', op: 'range', min: 60 }] },
        { where: [{ column: 'Длительность', op: 'range', min: -1, max: 2.5 }] },
        { where: [{ column: 'Длительность', op: 'equals', value: '83' }] },
        { where: [{ column: 'Стоимость', op: 'range', max: 18.24 }] },
        { where: [{ column: 'Стоимость', op: 'range', min: 1e20 }] },
        { where: [{ column: 'Статус', op: 'contains', value: '487' }] },
        { where: [{ column: 'Номер клиента', op: 'contains', value: '0012' }] },
      ];
      for (const filter of filters) {
        statements.length = 0;
        const prepared = prepareFilter(filter, engine.opened.columns);
        const rows = [...engine.matches(prepared, prepareSort(FILE_ORDER, engine.opened.columns)).rowids];
        const { sql, params } = compileFilter(prepared);
        const expected = reference
          .prepare(`SELECT rowid FROM calls WHERE ${sql} ORDER BY rowid`)
          .pluck()
          .all(...params) as number[];
        expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
        expect(firstDifference(rows, expected), JSON.stringify(filter)).toBeNull();
        expect(
          statements.filter((s) => /\bFROM calls\b/.test(s)),
          JSON.stringify(filter),
        ).toEqual([]);
      }
    } finally {
      engine.close();
      reference.close();
    }
  });
});
