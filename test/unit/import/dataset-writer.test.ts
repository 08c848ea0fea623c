import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { ColumnRole } from '../../../src/shared/import-types.ts';
import { classifyStatus } from '../../../src/shared/status/index.ts';
import { LocalRowSink } from '../../../src/core/import/write/row-sink.ts';
import { TagValues } from '../../../src/core/import/tag/byte-tagger.ts';
import { timeKey } from '../../../src/core/import/write/sort-keys.ts';
import { ScanIndexes } from '../../../src/core/import/write/scan-indexes.ts';
import { normalisePhone, parseCost, parseDuration } from '../../../src/core/import/tag/values.ts';
import { PAGE_SIZE } from '../../../src/core/import/write/writer.ts';
import { partialPathOf } from '../../../src/core/datasets/dataset-file.ts';
import { createRng } from '../../fixtures/prng.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * The dataset writer end to end, below the scanner: rows packed as the import packs them, written as
 * B-tree pages, the indexes built from the sort keys in the two halves run-import uses. SQLite's
 * integrity_check compares every index entry with its row, so a wrong sort order, a wrongly rebuilt key
 * or a wrongly shifted page pointer fails here.
 */

const tmp = tempDir('dataset-writer');
afterAll(() => tmp.cleanup());

const COLUMNS = ['Статус', 'Номер', 'Номер менеджера', 'Длительность', 'Стоимость'];
const ROLES: ColumnRole[] = ['status', 'clientNumber', 'managerNumber', 'duration', 'cost'];

function tagValues(classId: number, time: string | null): TagValues {
  const tags = new TagValues();
  tags.classId = classId;
  timeKey(time, tags.time, 0);
  return tags;
}

describe('DatasetWriter', () => {
  it('keys that need care: 16-digit client numbers sharing prefixes, longer ones (no digits), every zone, NULLs, odd classes', () => {
    const rng = createRng(11);
    const out = path.join(tmp.dir, 'keys.callsight.sqlite');
    const sink = new LocalRowSink(out, COLUMNS, ROLES);
    const indexes = new ScanIndexes(partialPathOf(out));
    const statuses = ['200/487', '200/200', '486/0', '811/0', '999/999', 'мусор', ''];
    statuses.forEach((raw, i) => {
      sink.defineClass(i + 1, classifyStatus(raw));
      indexes.defineClass(i + 1, classifyStatus(raw));
    });
    const prefix = '79123456789';
    const numbers = [
      '',
      'нет',
      prefix,
      `${prefix}5`,
      `${prefix}56`,
      `${prefix}0`,
      `${prefix}12345`,
      `${prefix}123456`,
      '+7 912 345-67-89',
      '8 (912) 345 67 89',
      '79123',
      '1'.repeat(40),
      '0'.repeat(16),
    ];
    const times = [
      null,
      '2026-03-01T08:05:21',
      '2026-03-01T08:05:21Z',
      '2026-03-01T08:05:21+03:00',
      '2026-03-01T08:05:21-01:30',
      '1900-01-01T00:00:00',
      '9999-12-31T23:59:59',
    ];
    const durations = ['', '864', '0', '1:05', '12,5', 'x'];
    const costs = ['', '18,24', '0,00', '1 000 ₽', '-3.5'];
    const expected: Record<string, unknown>[] = [];
    for (let line = 2; line < 3000; line++) {
      const cells = [rng.pick(statuses), rng.pick(numbers), rng.pick(numbers), rng.pick(durations), rng.pick(costs)];
      const time = rng.pick(times);
      const tags = tagValues(statuses.indexOf(cells[0]!) + 1, time);
      sink.packer.addStrings(line, tags, cells);
      indexes.add(tags);
      expected.push({
        _line: line,
        status: cells[0],
        _time: time,
        _client_digits: normalisePhone(cells[1]!),
        _manager_digits: normalisePhone(cells[2]!),
        _duration_s: parseDuration(cells[3]!),
        _cost: parseCost(cells[4]!),
        _side: classifyStatus(cells[0]!).side,
      });
    }
    sink.reject(3000, 'a reason', 'raw text');

    // In the order run-import uses (there, the middle two steps run in two threads at once).
    const written = sink.finishRows();
    expect(written).toMatchObject({ imported: expected.length, rejected: 1 });
    sink.buildIndexes();
    const stream = indexes.build(PAGE_SIZE, written.roots);
    sink.appendIndexes(stream);
    sink.complete({ name: 'keys' });

    expect(fs.readdirSync(tmp.dir).filter((name) => name.includes('.partial'))).toEqual([]);
    const db = new Database(out, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare(
          `SELECT _line, "Статус" AS status, _time, _client_digits, _manager_digits, _duration_s, _cost, _side
        FROM calls ORDER BY rowid`,
        )
        .all();
      expect(rows).toEqual(expected);
      // The indexes answer range queries in index order, as SQLite's own would.
      const viaIndex = db
        .prepare('SELECT _client_digits AS d FROM calls INDEXED BY calls_client_digits WHERE _client_digits >= ? ORDER BY _client_digits')
        .all(prefix) as { d: string }[];
      const byBytes = expected
        .map((r) => r._client_digits as string | null)
        .filter((n): n is string => n !== null && n >= prefix)
        .sort();
      expect(viaIndex.map((r) => r.d)).toEqual(byBytes);
      const bySide = db.prepare("SELECT count(*) AS n FROM calls INDEXED BY calls_side WHERE _side = 'client'").get() as { n: number };
      expect(bySide.n).toBe(expected.filter((r) => r._side === 'client').length);
      expect(db.prepare('SELECT line, reason, raw FROM rejected').all()).toEqual([{ line: 3000, reason: 'a reason', raw: 'raw text' }]);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'complete'").get()).toEqual({ value: '"1"' });
    } finally {
      db.close();
    }
  });

  it('more than 255 status classes (class ids no longer fit a byte part-way through)', () => {
    const out = path.join(tmp.dir, 'classes.callsight.sqlite');
    const sink = new LocalRowSink(out, COLUMNS, ROLES);
    const indexes = new ScanIndexes(partialPathOf(out));
    const statuses = Array.from({ length: 400 }, (_, i) => `${200 + (i % 7)}/${1000 + i}`);
    statuses.forEach((raw, i) => {
      sink.defineClass(i + 1, classifyStatus(raw));
      indexes.defineClass(i + 1, classifyStatus(raw));
    });
    for (let line = 1; line <= 5000; line++) {
      const id = 1 + ((line * 7919) % Math.min(statuses.length, 1 + line / 5));
      const tags = tagValues(Math.floor(id), null);
      sink.packer.addStrings(line, tags, [statuses[tags.classId - 1]!, '', '', '', '']);
      indexes.add(tags);
    }
    const written = sink.finishRows();
    sink.buildIndexes();
    sink.appendIndexes(indexes.build(PAGE_SIZE, written.roots));
    sink.complete({});
    const db = new Database(out, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const mismatched = db.prepare('SELECT count(*) AS n FROM calls WHERE "Статус" <> _status').get() as { n: number };
      expect(mismatched.n).toBe(0);
    } finally {
      db.close();
    }
  });

  it('abort leaves no file behind, side files included', () => {
    const out = path.join(tmp.dir, 'aborted.callsight.sqlite');
    const sink = new LocalRowSink(out, COLUMNS, ROLES);
    const indexes = new ScanIndexes(partialPathOf(out));
    sink.defineClass(1, classifyStatus('200/487'));
    for (let line = 1; line < 100_000; line++) {
      const tags = tagValues(1, null);
      sink.packer.addStrings(line, tags, ['200/487', '89123456789', '', '5', '1']);
      indexes.add(tags);
    }
    sink.reject(7, 'why', 'raw');
    sink.abort();
    indexes.dispose();
    expect(fs.readdirSync(tmp.dir).filter((name) => name.startsWith('aborted'))).toEqual([]);
  });
});
