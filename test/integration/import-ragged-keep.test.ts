import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../src/core/datasets/library.ts';
import { datasetPath } from '../../src/core/datasets/dataset-file.ts';
import { previewSource, startImport } from '../../src/core/import/index.ts';
import { MAX_SOURCE_COLUMNS } from '../../src/core/import/tag/records.ts';
import { CallQueries } from '../../src/core/query/call-queries.ts';
import type { ImportOptions } from '../../src/shared/import-types.ts';
import { FILE_ORDER } from '../../src/shared/query.ts';
import { expectIntact, SQLITE3_CLI } from '../support/sqlite-oracle.ts';
import { tempDir } from '../support/temp-dir.ts';
import { writeXlsx } from '../fixtures/xlsx.ts';
import { runCli } from './helpers.ts';

/**
 * Issue 11, item 5: records with another number of fields are kept as calls, as Excel shows them — a short
 * one padded with empty cells, a long one's extra cells in its `_extra` column, both with `_fields` (the
 * number of fields they had) and counted; or rejected, when asked. An "Итого" row of any width is skipped.
 */
const tmp = tempDir('ragged-keep');
afterAll(() => tmp.cleanup());

const HEADER = 'Дата и время;Номер клиента;Статус;Менеджер';
/** Its three extra cells, one quoted with the delimiter inside, one with a quote and a backslash. */
const EXTRA = ['перезвонить', 'вечером; после 18', 'сказал "позже" \\ 2'];
const LONG_LINE = 11;
const SHORT_LINE = 7;

function file(): string {
  const lines = [HEADER];
  for (let i = 0; i < 30; i++) {
    const time = `05.03.2026 10:${String(i).padStart(2, '0')}:00`;
    if (i === 5)
      lines.push(`${time};+7 912 345-67-05;200/487`); // one field short
    else if (i === 9)
      lines.push(`${time};+7 912 345-67-09;487/0;Иванова;${EXTRA[0]};"${EXTRA[1]}";"${EXTRA[2]!.replace(/"/g, '""')}"`); // three extra
    else lines.push(`${time};+7 912 345-67-${String(i).padStart(2, '0')};200/200;Петров`);
  }
  lines.push('Итого: 30;;;;всего 30'); // a total row one field too long: skipped all the same
  return tmp.file('ragged.csv', `${lines.join('\r\n')}\r\n`);
}

async function importWith(options: ImportOptions, dir: string, source = file()) {
  const handle = startImport({
    path: source,
    source: { id: 's', name: path.basename(source), size: fs.statSync(source).size, kind: source.endsWith('.xlsx') ? 'xlsx' : 'delimited' },
    options,
    datasetsDir: path.join(tmp.dir, dir),
    appVersion: 't',
    onProgress: () => undefined,
  });
  const summary = await handle.done;
  const out = datasetPath(path.join(tmp.dir, dir), summary.id);
  return { summary, out, db: new Database(out, { readonly: true }), library: new DatasetLibrary(path.join(tmp.dir, dir)) };
}

const columnsOf = (db: Database.Database): string[] => (db.prepare('PRAGMA table_info(calls)').all() as { name: string }[]).map((c) => c.name);

describe('records with another number of fields', () => {
  it('are kept as calls by default: short ones padded, extra cells in _extra, both with _fields, counted', async () => {
    const { summary, out, db, library } = await importWith({}, 'default');
    try {
      expect(summary).toMatchObject({ rowsRead: 31, imported: 30, rejected: 1, skipped: 1, repaired: 2 });
      expect(library.get(summary.id)).toMatchObject({ imported: 30, repaired: 2, skipped: 1 });
      expect(columnsOf(db).slice(-3)).toEqual(['_cost', '_fields', '_extra']);
      // The previous format's side table is gone: the columns say it all.
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'repaired'").get()).toEqual({ n: 0 });
      const short = db.prepare('SELECT * FROM calls WHERE _line = ?').get(SHORT_LINE) as Record<string, unknown>;
      expect(short).toMatchObject({ Статус: '200/487', Менеджер: '', _side: 'client', _fields: 3, _extra: null });
      const long = db.prepare('SELECT * FROM calls WHERE _line = ?').get(LONG_LINE) as Record<string, unknown>;
      expect(long).toMatchObject({ Статус: '487/0', Менеджер: 'Иванова', _side: 'manager', _fields: 7, _extra: JSON.stringify(EXTRA) });
      expect(db.prepare('SELECT count(*) AS n FROM calls WHERE _fields IS NULL AND _extra IS NULL').get()).toEqual({ n: 28 });
      expect(db.prepare('SELECT line, reason FROM rejected').all()).toEqual([{ line: 32, reason: 'summary row ("Итого"/"Total"), not a call' }]);
    } finally {
      db.close();
    }
    // SQLite's own checks and its own reading of the records, in a second build (the system's sqlite3).
    expectIntact(out);
    if (fs.existsSync(SQLITE3_CLI)) {
      const run = spawnSync(
        SQLITE3_CLI,
        ['-readonly', '-json', out, 'SELECT _line, _fields, e.value FROM calls, json_each(calls._extra) AS e ORDER BY _line, e.key'],
        {
          encoding: 'utf8',
        },
      );
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual(EXTRA.map((value) => ({ _line: LONG_LINE, _fields: 7, value })));
    }
  });

  it('the query engine lists _fields and _extra as columns of the file: filterable, "is empty" finds the rows of the right shape', async () => {
    const { summary, out, db } = await importWith({ raggedRows: 'keep' }, 'keep');
    db.close();
    expect(summary.repaired).toBe(2);
    const queries = new CallQueries();
    const { columns } = queries.columns(out);
    expect(columns.slice(-2)).toEqual([
      { name: '_fields', kind: 'number', tag: false, role: null },
      { name: '_extra', kind: 'text', tag: false, role: null },
    ]);
    const count = (column: string): number => queries.page(out, { filter: { where: [{ column, op: 'empty' }] }, sort: FILE_ORDER, offset: 0, limit: 1 }).total;
    expect(count('_fields')).toBe(28);
    expect(count('_extra')).toBe(29);
    const long = queries.page(out, { filter: { where: [{ column: '_extra', op: 'contains', value: 'после 18' }] }, sort: FILE_ORDER, offset: 0, limit: 10 });
    expect(long.rows).toHaveLength(1);
    expect(long.rows[0]!.values.slice(-2)).toEqual([7, JSON.stringify(EXTRA)]);
  });

  it("an export writes _fields and _extra after the file's columns, as stored", async () => {
    const { out, db } = await importWith({}, 'export');
    db.close();
    const csv = path.join(tmp.dir, 'export', 'calls.csv');
    const run = runCli(['export', out, '--out', csv, '--format', 'csv']);
    expect(run.stderr.split('\n').filter((line) => /callsight:/.test(line))).toEqual([]);
    expect(run.status).toBe(0);
    const lines = fs
      .readFileSync(csv, 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]!.split(';').slice(0, 6)).toEqual([...HEADER.split(';'), '_fields', '_extra']);
    const quoted = `"${JSON.stringify(EXTRA).replace(/"/g, '""')}"`;
    expect(lines[LONG_LINE - 1]!.startsWith(`05.03.2026 10:09:00;+7 912 345-67-09;487/0;Иванова;7;${quoted};`)).toBe(true);
    expect(lines[SHORT_LINE - 1]!.startsWith('05.03.2026 10:05:00;+7 912 345-67-05;200/487;;3;;')).toBe(true);
  });

  it('are rejected when asked: no shape columns then', async () => {
    const { summary, db } = await importWith({ raggedRows: 'reject' }, 'reject');
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(summary).toMatchObject({ imported: 28, rejected: 3, skipped: 1, repaired: 0 });
      expect(columnsOf(db)).not.toContain('_fields');
      expect(columnsOf(db)).not.toContain('_extra');
      expect(db.prepare('SELECT line FROM rejected ORDER BY line').all()).toEqual([{ line: 7 }, { line: 11 }, { line: 32 }]);
    } finally {
      db.close();
    }
  });

  it("a sheet row with cells past the header's is kept the same way (a short one is not: a sheet has no field count)", async () => {
    const rows = [
      ['Дата и время', 'Статус', 'Менеджер'],
      ['05.03.2026 10:00:00', '200/487', 'Петров'],
      ['05.03.2026 10:01:00', '200/200'],
      ['05.03.2026 10:02:00', '487/0', 'Иванова', 'лишнее', null, 'x'],
    ];
    const source = tmp.file('ragged.xlsx', writeXlsx([{ name: 'Звонки', rows }]));
    const { summary, out, db } = await importWith({}, 'xlsx', source);
    try {
      expect(summary).toMatchObject({ imported: 3, rejected: 0, repaired: 1 });
      expect(db.prepare('SELECT _line, Менеджер, _fields, _extra FROM calls ORDER BY _line').all()).toEqual([
        { _line: 2, Менеджер: 'Петров', _fields: null, _extra: null },
        { _line: 3, Менеджер: '', _fields: null, _extra: null },
        { _line: 4, Менеджер: 'Иванова', _fields: 6, _extra: JSON.stringify(['лишнее', '', 'x']) },
      ]);
    } finally {
      db.close();
    }
    expectIntact(out);
  });

  it('a file too wide for the two columns rejects them, even when asked to keep them', async () => {
    const width = MAX_SOURCE_COLUMNS - 1;
    const row = (code: string, n = width): string => [code, ...Array.from({ length: n - 1 }, (_, i) => `v${i}`)].join(';');
    const source = tmp.file(
      'wide.csv',
      `${['Статус', ...Array.from({ length: width - 1 }, (_, i) => `c${i + 1}`)].join(';')}\n${row('200/487')}\n${row('200/200', 5)}\n`,
    );
    const { summary, db } = await importWith({ raggedRows: 'keep' }, 'wide', source);
    try {
      expect(summary).toMatchObject({ imported: 1, rejected: 1, repaired: 0 });
      expect(db.prepare('SELECT line, reason FROM rejected').all()).toEqual([{ line: 3, reason: `expected ${width} fields, found 5` }]);
    } finally {
      db.close();
    }
  });

  it('a dataset of the previous format (a `repaired` table, no _fields/_extra) still opens and pages', async () => {
    const { out, db } = await importWith({ raggedRows: 'reject' }, 'previous');
    db.close();
    const writable = new Database(out);
    writable.exec(`CREATE TABLE repaired (line INTEGER, found INTEGER, extra TEXT); INSERT INTO repaired VALUES (7, 3, NULL);`);
    writable.close();
    const queries = new CallQueries();
    expect(queries.columns(out).columns.map((c) => c.name)).not.toContain('_extra');
    const page = queries.page(out, { filter: {}, sort: FILE_ORDER, offset: 0, limit: 100 });
    expect(page.total).toBe(28);
    expect(page.rows[0]!.values).toContain('05.03.2026 10:00:00');
  });

  it('the preview shows them as they will be imported, by default', async () => {
    const source = file();
    const ref = { id: 's', name: 'ragged.csv', size: fs.statSync(source).size, kind: 'delimited' as const };
    const kept = await previewSource(source, ref, {});
    expect(kept.rows.find((row) => row.line === SHORT_LINE)).toMatchObject({
      problem: null,
      repaired: { found: 3, extra: 0 },
      cells: ['05.03.2026 10:05:00', '+7 912 345-67-05', '200/487', ''],
    });
    expect(kept.rows.find((row) => row.line === LONG_LINE)).toMatchObject({ problem: null, repaired: { found: 7, extra: 3 } });
    const rejected = await previewSource(source, ref, { raggedRows: 'reject' });
    expect(rejected.rows.find((row) => row.line === SHORT_LINE)?.problem).toBe('expected 4 fields, found 3');
  });
});
