import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyStatus } from '../../../src/shared/status/index.ts';
import { LocalRowSink } from '../../../src/core/import/row-sink.ts';
import { TagValues } from '../../../src/core/import/byte-tagger.ts';
import { timeKey } from '../../../src/core/import/sort-keys.ts';
import { KeyedIndexes } from '../../../src/core/import/keyed-indexes.ts';
import { PAGE_SIZE } from '../../../src/core/import/writer.ts';
import { partialPathOf } from '../../../src/core/datasets/dataset-file.ts';
import { createRng } from '../../fixtures/prng.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * The dataset writer end to end, below the scanner: rows packed as the import packs them, written as
 * B-tree pages, indexes built from the sort keys. SQLite's integrity_check compares every index entry with
 * its row, so a wrong sort order or a wrongly rebuilt key fails here.
 */

const tmp = tempDir('dataset-writer');
afterAll(() => tmp.cleanup());

function tagValues(classId: number, time: string | null, client: string | null, manager: string | null, duration: number | null, cost: number | null): TagValues {
  const tags = new TagValues();
  tags.classId = classId;
  timeKey(time, tags.time, 0);
  tags.client = Buffer.from(client ?? '', 'latin1');
  tags.clientLength = client === null ? -1 : client.length;
  tags.manager = Buffer.from(manager ?? '', 'latin1');
  tags.managerLength = manager === null ? -1 : manager.length;
  tags.duration = duration ?? NaN;
  tags.cost = cost ?? NaN;
  return tags;
}

describe('DatasetWriter', () => {
  it('keys that need care: long client numbers sharing a prefix, every zone, NULLs, odd classes', () => {
    const rng = createRng(11);
    const out = path.join(tmp.dir, 'keys.callsight.sqlite');
    const sink = new LocalRowSink(out, ['Статус', 'Номер']);
    const keyed = new KeyedIndexes(partialPathOf(out));
    const statuses = ['200/487', '200/200', '486/0', '811/0', '999/999', 'мусор', ''];
    statuses.forEach((raw, i) => sink.defineClass(i + 1, classifyStatus(raw)));
    const prefix = '7912345678901234';
    const numbers = [null, prefix, `${prefix}5`, `${prefix}56`, `${prefix}0`, '7912345678', '79123', '1'.repeat(40), '0'.repeat(17)];
    const times = [null, '2026-03-01T08:05:21', '2026-03-01T08:05:21Z', '2026-03-01T08:05:21+03:00', '2026-03-01T08:05:21-01:30', '1900-01-01T00:00:00', '9999-12-31T23:59:59'];
    const expected: { number: string | null; time: string | null; status: string }[] = [];
    for (let line = 2; line < 3000; line++) {
      const number = rng.pick(numbers);
      const time = rng.pick(times);
      const classId = rng.int(1, statuses.length);
      const tags = tagValues(classId, time, number, rng.chance(0.5) ? null : '7495', rng.chance(0.3) ? null : rng.int(0, 900), rng.chance(0.3) ? null : rng.int(0, 9999) / 100);
      sink.packer.addStrings(line, tags, [statuses[classId - 1]!, number ?? '']);
      keyed.add(tags);
      expected.push({ number, time, status: statuses[classId - 1]! });
    }
    sink.reject(3000, 'a reason', 'raw text');
    // In the order run-import uses (there, the first two steps run in two threads at once).
    const written = sink.finishRows();
    expect(written).toMatchObject({ imported: expected.length, rejected: 1 });
    sink.buildIndexes();
    keyed.build(partialPathOf(out), PAGE_SIZE, written.pageCount, written.roots);
    sink.appendIndexes();
    sink.complete({ name: 'keys' });

    expect(fs.readdirSync(tmp.dir).filter((name) => name.includes('.partial'))).toEqual([]);
    const db = new Database(out, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db.prepare('SELECT _client_digits AS number, _time AS time, "Статус" AS status FROM calls ORDER BY rowid').all();
      expect(rows).toEqual(expected);
      // The indexes answer range queries in index order, as SQLite's own would.
      const viaIndex = db.prepare('SELECT _client_digits AS d FROM calls INDEXED BY calls_client_digits WHERE _client_digits >= ? ORDER BY _client_digits').all(prefix) as { d: string }[];
      const byBytes = expected.map((r) => r.number).filter((n): n is string => n !== null && n >= prefix).sort();
      expect(viaIndex.map((r) => r.d)).toEqual(byBytes);
      expect(db.prepare('SELECT line, reason, raw FROM rejected').all()).toEqual([{ line: 3000, reason: 'a reason', raw: 'raw text' }]);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'complete'").get()).toEqual({ value: '"1"' });
    } finally {
      db.close();
    }
  });

  it('abort leaves no file behind, side files included', () => {
    const out = path.join(tmp.dir, 'aborted.callsight.sqlite');
    const sink = new LocalRowSink(out, ['Статус']);
    sink.defineClass(1, classifyStatus('200/487'));
    for (let line = 1; line < 100_000; line++) sink.packer.addStrings(line, tagValues(1, null, null, null, null, null), ['200/487']);
    sink.reject(7, 'why', 'raw');
    sink.abort();
    expect(fs.readdirSync(tmp.dir).filter((name) => name.startsWith('aborted'))).toEqual([]);
  });
});
