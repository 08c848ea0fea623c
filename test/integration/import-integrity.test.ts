/**
 * Regression tests for the defects of the data-integrity issue: each input here once produced a
 * corrupt file or wrong data. Every dataset is judged by SQLite itself (`PRAGMA integrity_check`, which
 * also compares each index entry with its row) and by answers through an index against a full scan.
 */
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { expectOneLineFailure, importOk, readDataset, runCli, tempDir } from './helpers.ts';

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

describe('--out over an existing dataset', () => {
  /** A rollback journal as a writer of `file` leaves it when it crashes mid-transaction: hot, with old pages in it. */
  function leaveHotJournal(file: string): Buffer {
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.pragma('cache_size = 1'); // spill: the changed pages reach the file while the journal holds the old ones
    db.exec('BEGIN');
    db.exec("UPDATE calls SET _reason = 'changed by a writer that then crashed'");
    const journal = readFileSync(`${file}-journal`);
    db.exec('ROLLBACK');
    db.close();
    writeFileSync(`${file}-journal`, journal);
    return journal;
  }

  function csv(name: string, rows: number, code: string): string {
    const lines = ['Дата;Статус;Номер клиента'];
    for (let i = 0; i < rows; i++) lines.push(`2026-10-0${1 + (i % 9)} 10:00:00;${code};+7916${String(i).padStart(7, '0')}`);
    const file = join(tmp.dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  it("is refused without --force; with it, the old file and its crashed writer's journal are replaced together", () => {
    const out = join(tmp.dir, 'replaced.callsight.sqlite');
    importOk(csv('old.csv', 20_000, '200/487'), out);
    const journal = leaveHotJournal(out);
    expect(journal.length).toBeGreaterThan(16_384);
    writeFileSync(`${out}-wal`, 'stale');
    writeFileSync(`${out}-shm`, 'stale');
    const before = statSync(out).mtimeMs;

    const newCsv = csv('new.csv', 30_000, '200/486');
    const refused = runCli(['import', newCsv, '--out', out, '--json']);
    expect(expectOneLineFailure(refused, 1)).toMatch(/already exists.*--force/);
    expect(statSync(out).mtimeMs).toBe(before);

    const replaced = importOk(newCsv, out, ['--force']);
    expect(replaced.imported).toBe(30_000);
    for (const suffix of ['-journal', '-wal', '-shm']) expect(existsSync(`${out}${suffix}`), suffix).toBe(false);
    const ds = readDataset(out); // opens the file: a journal left behind would have been rolled into it
    expect(ds.calls).toHaveLength(30_000);
    expect(new Set(ds.calls.map((row) => row._status))).toEqual(new Set(['200/486']));
  });

  it('the journal left beside the new file would corrupt it (the test above guards a real hazard)', () => {
    const out = join(tmp.dir, 'hazard.callsight.sqlite');
    importOk(csv('hazard-old.csv', 20_000, '200/487'), out);
    const journal = leaveHotJournal(out);
    const other = join(tmp.dir, 'hazard-new.callsight.sqlite');
    importOk(csv('hazard-new.csv', 30_000, '200/486'), other);
    copyFileSync(other, out);
    writeFileSync(`${out}-journal`, journal);
    const db = new Database(out);
    try {
      const check = db.pragma('integrity_check', { simple: true });
      const statuses = db.prepare('SELECT DISTINCT _status AS s FROM calls').all() as { s: string }[];
      expect(check === 'ok' && statuses.length === 1 && statuses[0]!.s === '200/486').toBe(false);
    } catch (error) {
      expect(String(error)).toMatch(/malformed|corrupt/i);
    } finally {
      db.close();
    }
  });
});
