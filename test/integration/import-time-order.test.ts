/**
 * The import stores the calls' time order (and where each hour starts) in the dataset, in the form the
 * query engine reads (src/core/query/time-order.ts), so the grid's first open needs no pass over the
 * file. Judged against the order SQLite gives (`ORDER BY _time, rowid`, NULL first) and against what the
 * query engine derives itself when the stored helper is absent.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuxStore } from '../../src/core/query/aux-store.ts';
import { openDataset } from '../../src/core/query/open-dataset.ts';
import { loadTimeOrder, TIME_ORDER_AUX, type HourSpan } from '../../src/core/query/time-order.ts';
import { createRng } from '../fixtures/prng.ts';
import { importOk, tempDir } from './helpers.ts';

const tmp = tempDir('time-order');
afterAll(() => tmp.cleanup());

function csv(rows: number, seed: number): string {
  const rng = createRng(seed);
  const lines = ['Дата и время;Статус;Номер клиента'];
  for (let i = 0; i < rows; i++) {
    const time = rng.weighted<() => string>([
      [() => '', 1],
      [() => 'not a time', 0.5],
      [() => '30.02.2024 10:00:00', 0.3],
      [() => `2026-10-${String(rng.int(1, 3)).padStart(2, '0')} ${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00`, 8],
      [() => `2026-10-02T${String(rng.int(0, 23)).padStart(2, '0')}:15:00${rng.pick(['Z', '+03:00', '-05:00'])}`, 2],
    ])();
    lines.push(`${time};${rng.pick(['200/487', '200/200', '486/0'])};+7916${String(i).padStart(7, '0')}`);
  }
  const file = join(tmp.dir, `calls-${seed}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function sqliteOrder(file: string): { rowids: number[]; hours: HourSpan[] } {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT rowid AS id, _time AS time FROM calls ORDER BY _time, rowid').all() as { id: number; time: string | null }[];
    const hours: HourSpan[] = [];
    rows.forEach((row, i) => {
      const hour = row.time === null ? null : row.time.slice(0, 13);
      const last = hours[hours.length - 1];
      if (last && last.hour === hour) (last as { count: number }).count++;
      else hours.push({ hour, start: i, count: 1 });
    });
    return { rowids: rows.map((r) => r.id), hours };
  } finally {
    db.close();
  }
}

describe('the time order stored by the import', () => {
  it.each([
    [1, 2],
    [5000, 3],
    [70_000, 4],
  ])('%i calls: as SQLite orders them, and as the query engine would derive it', (rows, seed) => {
    const out = join(tmp.dir, `calls-${seed}.callsight.sqlite`);
    importOk(csv(rows, seed), out);
    const expected = sqliteOrder(out);

    const opened = openDataset(out);
    try {
      const stored = new AuxStore(opened.db, opened.fingerprint, false).read(TIME_ORDER_AUX, (n) => new Int32Array(n));
      expect(stored, "the import stored the helper under the dataset's fingerprint").not.toBeNull();
      expect([...stored!.array]).toEqual(expected.rowids);
      expect(stored!.info).toEqual(expected.hours);
    } finally {
      opened.db.close();
    }

    // The query engine's own derivation, on a copy without the stored helper, gives the same.
    const bare = join(tmp.dir, `bare-${seed}.callsight.sqlite`);
    copyFileSync(out, bare);
    const db = new Database(bare);
    db.exec('DROP TABLE callsight_aux; DROP TABLE callsight_aux_info');
    db.close();
    const reopened = openDataset(bare);
    try {
      const derived = loadTimeOrder(reopened, new AuxStore(reopened.db, reopened.fingerprint, false));
      expect([...derived.rowids]).toEqual(expected.rowids);
      expect(derived.hours).toEqual(expected.hours);
    } finally {
      reopened.db.close();
    }
  });
});
