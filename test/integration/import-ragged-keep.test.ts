import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../src/core/datasets/library.ts';
import { datasetPath } from '../../src/core/datasets/dataset-file.ts';
import { previewSource, startImport } from '../../src/core/import/index.ts';
import type { ImportOptions } from '../../src/shared/import-types.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * Issue 11, item 5: records with another number of fields are kept as calls, as Excel shows them — a short
 * one padded with empty cells, a long one's extra cells kept in the `repaired` table beside it — flagged and
 * counted; or rejected, when asked (the engine's default, kept for the CLI).
 */
const tmp = tempDir('ragged-keep');
afterAll(() => tmp.cleanup());

const HEADER = 'Дата и время;Номер клиента;Статус;Менеджер';
function file(): string {
  const lines = [HEADER];
  for (let i = 0; i < 30; i++) {
    const time = `05.03.2026 10:${String(i).padStart(2, '0')}:00`;
    if (i === 5)
      lines.push(`${time};+7 912 345-67-05;200/487`); // one field short
    else if (i === 9)
      lines.push(`${time};+7 912 345-67-09;487/0;Иванова;перезвонить;"вечером; после 18";!`); // three extra
    else lines.push(`${time};+7 912 345-67-${String(i).padStart(2, '0')};200/200;Петров`);
  }
  lines.push('Итого: 30;;;');
  return tmp.file('ragged.csv', `${lines.join('\r\n')}\r\n`);
}

async function importWith(options: ImportOptions, dir: string) {
  const source = file();
  const handle = startImport({
    path: source,
    source: { id: 's', name: 'ragged.csv', size: fs.statSync(source).size, kind: 'delimited' },
    options,
    datasetsDir: path.join(tmp.dir, dir),
    appVersion: 't',
    onProgress: () => undefined,
  });
  const summary = await handle.done;
  const db = new Database(datasetPath(path.join(tmp.dir, dir), summary.id), { readonly: true });
  return { summary, db, library: new DatasetLibrary(path.join(tmp.dir, dir)) };
}

describe('records with another number of fields', () => {
  it('are kept as calls: short ones padded, extra cells kept apart, both flagged and counted', async () => {
    const { summary, db, library } = await importWith({ raggedRows: 'keep' }, 'keep');
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(summary).toMatchObject({ rowsRead: 31, imported: 30, rejected: 1, skipped: 1, repaired: 2 });
      expect(library.get(summary.id)).toMatchObject({ imported: 30, repaired: 2, skipped: 1 });
      const short = db.prepare('SELECT * FROM calls WHERE _line = 7').get() as Record<string, unknown>;
      expect(short).toMatchObject({ Статус: '200/487', Менеджер: '', _side: 'client' });
      const long = db.prepare('SELECT * FROM calls WHERE _line = 11').get() as Record<string, unknown>;
      expect(long).toMatchObject({ Статус: '487/0', Менеджер: 'Иванова', _side: 'manager' });
      expect(db.prepare('SELECT line, found, extra FROM repaired ORDER BY line').all()).toEqual([
        { line: 7, found: 3, extra: null },
        { line: 11, found: 7, extra: JSON.stringify(['перезвонить', 'вечером; после 18', '!']) },
      ]);
      expect(db.prepare('SELECT line FROM rejected').all()).toEqual([{ line: 32 }]);
    } finally {
      db.close();
    }
  });

  it("are rejected when asked, and by default (the CLI's behaviour): no repaired table then", async () => {
    for (const [options, dir] of [
      [{ raggedRows: 'reject' }, 'reject'],
      [{}, 'default'],
    ] as const) {
      const { summary, db } = await importWith(options, dir);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(summary).toMatchObject({ imported: 28, rejected: 3, skipped: 1, repaired: 0 });
        expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'repaired'").get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }
    }
  });

  it('the preview shows them as they will be imported', async () => {
    const source = file();
    const ref = { id: 's', name: 'ragged.csv', size: fs.statSync(source).size, kind: 'delimited' as const };
    const kept = await previewSource(source, ref, { raggedRows: 'keep' });
    expect(kept.rows.find((row) => row.line === 7)).toMatchObject({
      problem: null,
      repaired: { found: 3, extra: 0 },
      cells: ['05.03.2026 10:05:00', '+7 912 345-67-05', '200/487', ''],
    });
    expect(kept.rows.find((row) => row.line === 11)).toMatchObject({ problem: null, repaired: { found: 7, extra: 3 } });
    const rejected = await previewSource(source, ref, {});
    expect(rejected.rows.find((row) => row.line === 7)?.problem).toBe('expected 4 fields, found 3');
  });
});
