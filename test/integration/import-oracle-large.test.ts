import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../fixtures/prng.ts';
import { tempDir } from '../support/temp-dir.ts';
import { buildCsv, expectImportMatchesReference, importForReal, writeReference, type Roles } from '../support/import-oracle.ts';
import { importOk } from './helpers.ts';

/**
 * The slower cases of the import oracle (test/support/import-oracle.ts) and of the record limit, kept
 * few and run by CI with the rest (about a minute together on two cores):
 * - more than 65,536 distinct status classes (class ids must not wrap: issue 7, defect 1);
 * - 540,000 rows: the index sorts run in runs of 512K rows and merge them from a temporary file;
 * - a quoted cell of 17 MB holding doubled quotes and line breaks, and one without doubled quotes, in a
 *   5-record file (Python's csv reads 5): one rejected record, the rows after it imported on their own
 *   lines (issue 7, defect 2); and a 15 MB cell of the same kind, within the limit, imported intact and
 *   written exactly as SQLite writes it.
 */

const tmp = tempDir('import-oracle-large');
afterAll(() => tmp.cleanup());

const HEADER = ['Дата и время', 'Статус', 'Номер клиента', 'Номер менеджера', 'Длительность', 'Стоимость', 'Комментарий'];
const ROLES: Roles = ['datetime', 'status', 'clientNumber', 'managerNumber', 'duration', 'cost', null];

async function compareImport(name: string, rows: readonly (readonly string[])[], inSql = false): Promise<void> {
  const gen = buildCsv(HEADER, rows, '\r\n');
  const csv = tmp.file(`${name}.csv`, gen.text);
  const out = tmp.file(`${name}.callsight.sqlite`);
  const reference = tmp.file(`${name}.reference.sqlite`);
  await importForReal(csv, out, ROLES);
  const expected = writeReference(reference, gen, ROLES);
  expectImportMatchesReference(out, reference, expected, inSql);
  for (const f of [csv, out, reference]) fs.rmSync(f);
}

describe('import oracle, large cases', () => {
  it('70,200 distinct status classes (class ids past 65,535)', { timeout: 180_000 }, async () => {
    const rows: string[][] = [];
    for (let a = 100; a < 1000; a++) {
      for (let b = 0; b < 78; b++)
        rows.push([`0${1 + (b % 9)}.03.2026 08:0${a % 10}`, `${a}/${b}`, `8912${String(a * 100 + b).padStart(7, '0')}`, '', String(b), '1,5', '']);
    }
    // The first classes again at the end: rows of an old class after the ids grew wide.
    for (let i = 0; i < 300; i++) rows.push(['01.03.2026 08:00', i % 2 ? '200/487' : '100/0', '', '', '', '', 'again']);
    await compareImport('classes', rows);
  });

  it('540,000 rows: index sorts in runs of 512K rows, merged', { timeout: 180_000 }, async () => {
    const rng = createRng(540_000);
    const statuses = ['200/487', '200/200', '486/0', '487/0', '503/0', 'мусор', '', '200/603', '408/0'];
    const rows: string[][] = [];
    for (let i = 0; i < 540_000; i++) {
      const day = String(1 + rng.int(0, 27)).padStart(2, '0');
      rows.push([
        rng.chance(0.02)
          ? ''
          : `${day}.03.2026 ${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`,
        statuses[rng.int(0, statuses.length - 1)]!,
        rng.chance(0.1) ? '' : `89${rng.int(100_000_000, 999_999_999)}`,
        rng.chance(0.5) ? '' : `+7 912 ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}`,
        String(rng.int(0, 900)),
        `${rng.int(0, 99)},${rng.int(0, 99)}`,
        rng.chance(0.9) ? '' : 'Клиент 😀 перезвонит',
      ]);
    }
    await compareImport('rows540k', rows, true);
  });

  it('a 15 MB quoted cell with doubled quotes and line breaks, within the limit: imported intact', { timeout: 180_000 }, async () => {
    const unit = 'он сказал ""нет"" и ""да"";\n'; // the text as written in the file
    const cell = 'он сказал "нет" и "да";\n'.repeat(Math.floor((15 << 20) / Buffer.byteLength(unit)));
    await compareImport('cell15mb', [
      ['01.03.2026 08:00', '200/487', '89123456789', '', '5', '1', 'first'],
      ['01.03.2026 08:01', '486/0', '89123456780', '', '6', '2', cell],
      ['01.03.2026 08:02', '200/200', '89123456781', '', '7', '3', 'after'],
    ]);
  });

  /**
   * The 5-record file of issue 7 through the CLI: one record over 16 MB is one rejection at its line;
   * the records after it are imported on their own lines; no record comes from inside the cell.
   */
  it.each([
    ['with doubled quotes and line breaks', 'он сказал ""нет"";\nи ушёл ""совсем""\n'],
    ['with line breaks, no doubled quotes', 'он сказал нет;\nи ушёл совсем\n'],
  ])('a 17 MB quoted cell %s: one rejected record, the rows after it imported', { timeout: 180_000 }, (_name, unit) => {
    const big = unit.repeat(Math.ceil((17 << 20) / Buffer.byteLength(unit)));
    const innerLines = big.split('\n').length - 1;
    const lines = [
      'Дата и время;Статус;Номер клиента;Комментарий',
      '01.03.2026 08:00;200/487;89123456789;первая',
      `01.03.2026 08:01;486/0;89123456780;"${big}"`,
      '01.03.2026 08:02;200/200;89123456781;"после ""большой"""',
      '01.03.2026 08:03;487/0;89123456782;последняя',
    ];
    const csv = tmp.file(`cell17mb-${innerLines}.csv`, `${lines.join('\n')}\n`);
    const out = tmp.file(`cell17mb-${innerLines}.callsight.sqlite`);
    const summary = importOk(csv, out, ['--delimiter', ';', '--status-column', 'Статус'], 170_000);
    expect({ rowsRead: summary.rowsRead, imported: summary.imported, rejected: summary.rejected }).toEqual({ rowsRead: 4, imported: 3, rejected: 1 });
    const db = new Database(out, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT _line, "Комментарий" AS c, _status FROM calls ORDER BY rowid').all()).toEqual([
        { _line: 2, c: 'первая', _status: '200/487' },
        { _line: 4 + innerLines, c: 'после "большой"', _status: '200/200' },
        { _line: 5 + innerLines, c: 'последняя', _status: '487/0' },
      ]);
      const rejected = db.prepare('SELECT line, reason, raw FROM rejected').all() as { line: number; reason: string; raw: string }[];
      expect(rejected.map((r) => r.line)).toEqual([3]);
      expect(rejected[0]!.reason).not.toBe('');
      expect(lines[2]!.startsWith(rejected[0]!.raw.slice(0, 100))).toBe(true);
    } finally {
      db.close();
    }
    fs.rmSync(csv);
    fs.rmSync(out);
  });
});
