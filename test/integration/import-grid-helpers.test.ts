/**
 * Helpers the import stores for the grid beside the time order, in the form the query engine reads, so
 * the first filter of a fresh dataset derives nothing: each call's status class by rowid and in time
 * order (src/core/query/status-classes.ts), the client digits packed for the phone search
 * (src/core/query/phone-digits.ts) and the manager and site columns coded (column-codes.ts). Judged row by row against the tag columns SQLite holds and against
 * what the query engine derives itself; the phone search against a plain substring test.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuxStore } from '../../src/core/query/aux-store.ts';
import { deriveColumnCodes } from '../../src/core/query/column-codes.ts';
import { openDataset } from '../../src/core/query/open-dataset.ts';
import { derivePhoneDigits, matchPhone, PHONE_DIGITS_AUX } from '../../src/core/query/phone-digits.ts';
import { phoneQuery } from '../../src/core/query/prepare-filter.ts';
import { CLASSES_BY_TIME_AUX, deriveStatusClasses, STATUS_CLASSES_AUX, type StatusClass } from '../../src/core/query/status-classes.ts';
import { TIME_ORDER_AUX } from '../../src/core/query/time-order.ts';
import { createRng } from '../fixtures/prng.ts';
import { importOk, tempDir } from './helpers.ts';

const tmp = tempDir('status-classes');
afterAll(() => tmp.cleanup());

function csv(rows: number, seed: number): string {
  const rng = createRng(seed);
  // Known codes, written loosely; unknown codes; no status; free text (no code can be read).
  // The first is a plain code, so the status column is found whatever follows.
  const statuses = ['200/487', ' 200 / 487 ', '200/200', '486/0', '101/486', '200/201', '701/0', '999/999', '', 'занято', '0/0', '487/0'];
  const lines = ['Дата и время;Статус;Номер клиента;Менеджер;Сайт'];
  // Phones in the forms logs have: +7 and 8 prefixes with spaces and dashes, short, long, none, not a number.
  const phone = (i: number): string =>
    rng.weighted<() => string>([
      [() => `+7916${String(i).padStart(7, '0')}`, 4],
      [() => `8 (9${rng.int(10, 99)}) ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}`, 3],
      [() => String(rng.int(10000, 99999)), 1],
      [() => `+${rng.int(1000000, 9999999)}${rng.int(100000000, 999999999)}`, 1],
      [() => '', 1],
      [() => 'нет', 0.5],
      [() => `12${rng.int(1000000, 9999999)}${rng.int(1000000, 9999999)}9`, 0.3],
    ])();
  for (let i = 0; i < rows; i++) {
    const time = rng.int(0, 9) === 0 ? '' : `2026-10-0${rng.int(1, 3)} ${String(rng.int(0, 23)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
    // Sites: a few, or (70,000 calls) one per call, more than the codes hold.
    const site = rows >= 70_000 ? `site-${i}.example` : rng.pick(['shop.example', 'окна-пвх.рф', '', 'b2b']);
    lines.push(`${time};${i === 0 ? '200/487' : rng.pick(statuses)};${phone(i)};${rng.pick(['Иванов И.', 'Петрова А.', 'Ёжиков', '', 'Smith 😀'])};${site}`);
  }
  const file = join(tmp.dir, `calls-${seed}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('the grid helpers stored by the import', () => {
  it.each([
    [1, 5],
    [5000, 6],
    [70_000, 7],
  ])('%i calls: as the tag columns say, as the engine derives them; the phone search as a substring test', (rows, seed) => {
    const out = join(tmp.dir, `calls-${seed}.callsight.sqlite`);
    importOk(csv(rows, seed), out);
    const opened = openDataset(out);
    try {
      const stored = new AuxStore(opened.db, opened.fingerprint, false).read(STATUS_CLASSES_AUX, (n) => new Uint16Array(n));
      expect(stored, "the import stored the helper under the dataset's fingerprint").not.toBeNull();
      const classes = stored!.info as StatusClass[];
      expect(stored!.array).toHaveLength(rows + 1);

      const tags = opened.db.prepare('SELECT rowid, "_status", "_side", "_reason", "_benign", "_origin" FROM calls ORDER BY rowid').raw().all() as [
        number,
        string | null,
        string,
        string,
        number,
        string,
      ][];
      expect(tags).toHaveLength(rows);
      for (const [rowid, code, side, reason, benign, origin] of tags) {
        expect(classes[stored!.array[rowid]!], `row ${rowid}`).toEqual({ code, side, reason, benign: benign === 1, origin });
      }

      const derived = deriveStatusClasses(opened, rows);
      for (let rowid = 1; rowid <= rows; rowid++) expect(classes[stored!.array[rowid]!]).toEqual(derived.classes[derived.classOf[rowid]!]);

      // In time order: position i holds the class of the time order's i-th rowid, with the same class list.
      const store = new AuxStore(opened.db, opened.fingerprint, false);
      const order = store.read(TIME_ORDER_AUX, (n) => new Int32Array(n))!.array;
      const byTime = store.read(CLASSES_BY_TIME_AUX, (n) => new Uint16Array(n));
      expect(byTime, 'the classes in time order are stored').not.toBeNull();
      expect(byTime!.info).toEqual(classes);
      expect([...byTime!.array]).toEqual([...order].map((rowid) => stored!.array[rowid]));

      // The packed client digits: as the engine derives them from the `_client_digits` index, byte for byte.
      const packed = store.read(PHONE_DIGITS_AUX, (n) => new Uint8Array(n));
      expect(packed, 'the packed digits are stored').not.toBeNull();
      expect(Buffer.from(packed!.array).equals(Buffer.from(derivePhoneDigits(opened, rows)))).toBe(true);

      // The manager and site columns coded as the engine codes them (a column with too many values: marked so).
      for (const name of ['Менеджер', 'Сайт']) {
        const column = opened.columns.get(name)!;
        expect(column.role, name).toBe(name === 'Менеджер' ? 'manager' : 'site');
        const codes = store.read(`codes:${name}`, (n) => new Uint16Array(n));
        expect(codes, `${name}: stored`).not.toBeNull();
        const derived = deriveColumnCodes(opened, column, rows);
        if (derived === null) {
          expect(codes!.info).toEqual({ tooMany: true });
        } else {
          expect(codes!.info).toEqual({ values: derived.values });
          expect([...codes!.array]).toEqual([...derived.codeOf]);
        }
        if (name === 'Сайт') expect(derived === null).toBe(rows >= 70_000);
      }

      // Any fragment, at either nibble alignment, finds exactly the calls whose digits contain it.
      const digits = new Map(
        opened.db.prepare('SELECT rowid, "_client_digits" FROM calls WHERE "_client_digits" IS NOT NULL').raw().all() as [number, string][],
      );
      const rng = createRng(seed * 31);
      const all = [...digits.values()];
      const fragments = ['916', '8916', '89161', '7916000', '000', '999', '12', '5', '0000000000000000', '79160000001', '8 (9', '+7 916 000-00'];
      for (let i = 0; i < 60 && all.length > 0; i++) {
        const whole = rng.pick(all);
        const length = rng.int(2, whole.length);
        const at = rng.int(0, whole.length - length);
        fragments.push(whole.slice(at, at + length));
      }
      for (const typed of fragments) {
        const clean = typed.replace(/\D/g, '');
        if (clean.length === 0) continue;
        const query =
          clean.length >= 3 ? phoneQuery(typed) : { fragment: clean, prefix: clean.startsWith('8') && clean.length > 1 ? `7${clean.slice(1)}` : null };
        const expected = [...digits]
          .filter(([, d]) => d.includes(query.fragment) || (query.prefix !== null && d.startsWith(query.prefix)))
          .map(([rowid]) => rowid)
          .sort((a, b) => a - b);
        expect(
          [...new Set(matchPhone(packed!.array, query))].sort((a, b) => a - b),
          typed,
        ).toEqual(expected);
      }
    } finally {
      opened.db.close();
    }
    const db = new Database(out, { readonly: true });
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    db.close();
  });
});
