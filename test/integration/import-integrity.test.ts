/**
 * Regression tests for the defects of the data-integrity issue: each input here once produced a
 * corrupt file or wrong data. Every dataset is judged by SQLite itself (`PRAGMA integrity_check`, which
 * also compares each index entry with its row) and by answers through an index against a full scan.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { importOk, readDataset, tempDir } from './helpers.ts';

const tmp = tempDir('integrity');
afterAll(() => tmp.cleanup());

/** The same question through an index and through a full scan of the table. */
function bothWays(db: Database.Database, column: string, value: string): [number, number] {
  const viaIndex = db.prepare(`SELECT count(*) AS c FROM calls INDEXED BY "calls${column}" WHERE "${column}" = ?`).get(value) as { c: number };
  const viaScan = db.prepare(`SELECT count(*) AS c FROM calls NOT INDEXED WHERE "${column}" = ?`).get(value) as { c: number };
  return [viaIndex.c, viaScan.c];
}

describe('status classes: any number of distinct status values', () => {
  it('70,000 distinct codes (class ids past 65,535) keep their own facet index entries', () => {
    const rows = 70_000;
    const lines = ['Дата;Статус;Номер клиента'];
    // Valid codes are up to four digits a leg: 9,000 manager codes × 8 client codes.
    const code = (i: number): string => `${1000 + (i % 9000)}/${Math.floor(i / 9000)}`;
    for (let i = 0; i < rows; i++) lines.push(`2026-10-01 10:00:00;${code(i)};+7916${String(i).padStart(7, '0')}`);
    lines.push('2026-10-01 10:00:00;200/487;+79160000001');
    const file = join(tmp.dir, 'many-codes.csv');
    writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const out = join(tmp.dir, 'many-codes.callsight.sqlite');
    const summary = importOk(file, out);
    expect(summary.imported).toBe(rows + 1);
    readDataset(out); // integrity_check
    const db = new Database(out, { readonly: true });
    try {
      for (const value of [0, 255, 256, 65_535, 65_536, 65_537, rows - 1].map(code).concat('200/487')) {
        expect(bothWays(db, '_status', value), value).toEqual([1, 1]);
      }
      expect((db.prepare('SELECT count(DISTINCT _status) AS c FROM calls').get() as { c: number }).c).toBe(rows + 1);
      const sides = db.prepare('SELECT _side AS side, count(*) AS c FROM calls NOT INDEXED GROUP BY _side').all() as { side: string; c: number }[];
      for (const { side, c } of sides) expect(bothWays(db, '_side', side), side).toEqual([c, c]);
    } finally {
      db.close();
    }
  });

  it('a status column of free text, values longer than an index page holds, imports and stays sound', () => {
    const lines = ['Статус;Комментарий'];
    for (let i = 0; i < 400; i++) lines.push(`${'свободный текст '.repeat(1 + (i % 7) * 120)}${i};${i}`);
    lines.push('200/487;x');
    const file = join(tmp.dir, 'free-text.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const out = join(tmp.dir, 'free-text.callsight.sqlite');
    const summary = importOk(file, out, ['--status-column', 'Статус']);
    expect(summary.imported + summary.rejected).toBe(401);
    readDataset(out);
  });
});
