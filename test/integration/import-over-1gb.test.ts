/**
 * One import whose dataset passes 1 GB, so its pages run past SQLite's lock-byte page (byte offset 2^30,
 * page 65,537 at the dataset's 16 KB pages): every dataset of that size was once corrupt. Slow (about a
 * minute), and run in CI on purpose. The CSV is generated fast from a template (typical widths: ~3.4M
 * rows make ~1.1 GB of dataset); SQLite itself judges the file, and queries that once failed on such a
 * file must answer what the generator wrote.
 */
import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { importOk, parseSingleJson, runCli, tempDir } from './helpers.ts';

const tmp = tempDir('over-1gb');
afterAll(() => tmp.cleanup());

const ROWS = 3_500_000;
const STATUSES = ['200/200', '200/487', '200/486', '486/0', '487/0', '811/0', '200/480', '404/0'] as const;

/** Row i: a time that walks forward a second a row, a status from the cycle, a distinct phone number. */
function writeCsv(path: string): void {
  const fd = openSync(path, 'w');
  try {
    let chunk = 'Дата и время;Статус;Номер клиента;Менеджер;Длительность;Комментарий\r\n';
    const start = Date.UTC(2026, 9, 1);
    for (let i = 0; i < ROWS; i++) {
      const time = new Date(start + i * 1000).toISOString().slice(0, 19).replace('T', ' ');
      chunk +=
        `${time};${STATUSES[i % STATUSES.length]};+7916${String(i).padStart(7, '0')};Менеджер ${i % 37};${i % 600};` +
        `обычный звонок номер ${i}, клиент просил перезвонить позже\r\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

describe('a dataset over 1 GB', () => {
  it(`${ROWS.toLocaleString('en')} rows: past the lock-byte page, sound, and every row where it belongs`, () => {
    const csv = join(tmp.dir, 'big.csv');
    writeCsv(csv);
    const out = join(tmp.dir, 'big.callsight.sqlite');
    const summary = importOk(csv, out, [], 300_000);
    expect(summary.imported).toBe(ROWS);
    expect(statSync(out).size, 'the dataset passes 2^30 bytes').toBeGreaterThan(2 ** 30 + 16_384);

    const db = new Database(out, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The queries that stopped with "database disk image is malformed" on a 10M-row file.
      const latestClient = db.prepare("SELECT _line FROM calls WHERE _side = 'client' ORDER BY _time DESC LIMIT 3").all() as { _line: number }[];
      const clientRows = [...Array(ROWS).keys()].filter((i) => ['200/487', '200/486', '200/480'].includes(STATUSES[i % STATUSES.length]!));
      expect(latestClient.map((r) => r._line)).toEqual(
        clientRows
          .slice(-3)
          .reverse()
          .map((i) => i + 2),
      );
      const deep = db.prepare('SELECT _line, "Номер клиента" AS phone FROM calls ORDER BY rowid LIMIT 3 OFFSET ?').all(ROWS - 1000) as {
        _line: number;
        phone: string;
      }[];
      expect(deep.map((r) => r._line)).toEqual([ROWS - 1000 + 2, ROWS - 999 + 2, ROWS - 998 + 2]);
      expect(deep[0]!.phone).toBe(`+7916${String(ROWS - 1000).padStart(7, '0')}`);
      for (const [i, status] of STATUSES.entries()) {
        const count = (db.prepare('SELECT count(*) AS c FROM calls WHERE _status = ?').get(status) as { c: number }).c;
        expect(count, status).toBe(Math.floor(ROWS / STATUSES.length) + (i < ROWS % STATUSES.length ? 1 : 0));
      }
      const byDigits = db.prepare('SELECT _line FROM calls WHERE _client_digits = ?').all(`7916${String(ROWS - 7).padStart(7, '0')}`) as { _line: number }[];
      expect(byDigits.map((r) => r._line)).toEqual([ROWS - 7 + 2]);
      // A source this large has every column with few values coded by the import; the rest is SQL split over the cores.
      const codes = Object.fromEntries(
        (db.prepare("SELECT name, info FROM callsight_aux_info WHERE name LIKE 'codes:%'").raw().all() as [string, string][]).map(([name, info]) => [
          name.slice('codes:'.length),
          (JSON.parse(info) as { info: { tooMany?: boolean } }).info.tooMany === true ? 'too many' : 'coded',
        ]),
      );
      expect(codes).toEqual({
        Статус: 'coded',
        Менеджер: 'coded',
        Длительность: 'coded',
        _duration_s: 'coded',
        'Дата и время': 'too many',
        'Номер клиента': 'too many',
        Комментарий: 'too many',
      });
    } finally {
      db.close();
    }

    // Conditions the engine answers from the import's codes (the manager; a range on the duration's twin) and
    // by SQL over the calls (client numbers and comments: too many values; the comment's case-insensitive search), counted by the CLI as a report counts them and against the generator.
    const counted = (where: string): number => {
      const run = runCli(['summary', out, '--json', '--where', where], 300_000);
      expect(run.status, run.stderr).toBe(0);
      return (parseSingleJson(run.stdout) as { total: number }).total;
    };
    const rowsWhere = (test: (i: number) => boolean): number => {
      let n = 0;
      for (let i = 0; i < ROWS; i++) if (test(i)) n++;
      return n;
    };
    expect(counted('Менеджер=Менеджер 3')).toBe(rowsWhere((i) => i % 37 === 3));
    expect(counted('Длительность>=590')).toBe(rowsWhere((i) => i % 600 >= 590));
    expect(counted('Номер клиента~60000')).toBe(rowsWhere((i) => `+7916${String(i).padStart(7, '0')}`.includes('60000')));
    expect(counted('Комментарий~НОМЕР 1234567,')).toBe(1);
  }, 600_000);
});
