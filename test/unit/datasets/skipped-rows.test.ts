import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../../src/core/datasets/library.ts';
import { startImport } from '../../../src/core/import/index.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * Issue 11, item 5: a title line and an "Итого" row are skipped, counted apart from rows that could not be
 * read, so a clean file does not look as if it had errors.
 */
const tmp = tempDir('skipped-rows');
afterAll(() => tmp.cleanup());

describe('skipped rows', () => {
  it('are counted apart from unreadable ones, in new datasets and in older ones', async () => {
    const lines = ['Отчёт по звонкам за март 2026', 'Дата и время;Номер клиента;Статус'];
    for (let i = 0; i < 20; i++) lines.push(`05.03.2026 10:${String(i).padStart(2, '0')}:00;+7 912 345-67-${String(i).padStart(2, '0')};200/487`);
    lines.push('05.03.2026 11:00:00;+7 912 345-67-99;200/200;лишнее;и ещё');
    lines.push('Итого: 21;;');
    const file = tmp.file('march.csv', `${lines.join('\r\n')}\r\n`);
    const dir = path.join(tmp.dir, 'datasets');
    const handle = startImport({
      path: file,
      source: { id: 's', name: 'march.csv', size: fs.statSync(file).size, kind: 'delimited' },
      // The long row is the one that could not be read: rows of another shape are kept unless rejected.
      options: { raggedRows: 'reject' },
      datasetsDir: dir,
      appVersion: 't',
      onProgress: () => undefined,
    });
    const summary = await handle.done;
    expect(summary).toMatchObject({ imported: 20, rejected: 3, skipped: 2 });
    const library = new DatasetLibrary(dir);
    expect(library.get(summary.id)).toMatchObject({ rejected: 3, skipped: 2 });

    // A dataset from before `skipped` was stored: counted from its rejected rows' reasons.
    const db = new Database(
      path.join(
        dir,
        fs.readdirSync(dir).find((name) => name.startsWith(summary.id))!,
      ),
    );
    db.prepare("DELETE FROM meta WHERE key = 'skipped'").run();
    db.close();
    expect(library.get(summary.id)).toMatchObject({ rejected: 3, skipped: 2 });
  });
});
