import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DatasetLibrary } from '../../../src/core/datasets/library.ts';
import { runImport } from '../../../src/core/import/index.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('library');
afterAll(() => tmp.cleanup());
const datasets = path.join(tmp.dir, 'datasets');
const source = tmp.file('calls.csv', 'Статус;Номер клиента\r\n200/487;89123456789\r\n487/0;89123456780\r\nкороткая\r\n');

async function importAs(id: string, name?: string): Promise<void> {
  await runImport({
    path: source,
    // The short row stays a rejected one to page through.
    options: { raggedRows: 'reject', ...(name ? { name } : {}) },
    outPath: path.join(datasets, `${id}.callsight.sqlite`),
    datasetId: id,
    appVersion: '9.9.9',
  });
}

describe('DatasetLibrary', () => {
  let library: DatasetLibrary;
  beforeAll(async () => {
    library = new DatasetLibrary(datasets);
    await importAs('first');
    await importAs('second', 'Неделя 12');
  });

  it('lists complete datasets with their summaries, newest first', () => {
    const list = library.list();
    expect(list.map((d) => d.id)).toEqual(['second', 'first']);
    expect(list[0]).toMatchObject({
      name: 'Неделя 12',
      sourceName: 'calls.csv',
      rowsRead: 3,
      imported: 2,
      rejected: 1,
      encoding: 'utf-8',
      delimiter: ';',
      sheet: null,
      appVersion: '9.9.9',
      bySide: { success: 0, manager: 1, client: 1, carrier: 0, service: 0, pending: 0, unknown: 0 },
    });
    expect(list[1]!.name).toBe('calls.csv');
    expect(list[0]!.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('never lists partial or incomplete files, and cleanLeftovers deletes the partial ones', () => {
    fs.writeFileSync(path.join(datasets, 'crashed.callsight.sqlite.partial'), 'x');
    const incomplete = new Database(path.join(datasets, 'incomplete.callsight.sqlite'));
    incomplete.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES ('name', '\"x\"')");
    incomplete.close();
    fs.writeFileSync(path.join(datasets, 'garbage.callsight.sqlite'), 'not sqlite');
    expect(library.list().map((d) => d.id)).toEqual(['second', 'first']);
    expect(() => library.get('incomplete')).toThrow(/incomplete or damaged/);
    expect(library.cleanLeftovers()).toBe(1);
    expect(fs.existsSync(path.join(datasets, 'crashed.callsight.sqlite.partial'))).toBe(false);
  });

  it('renames', () => {
    expect(library.rename('first', '  Март  2026 ').name).toBe('Март 2026');
    expect(library.get('first').name).toBe('Март 2026');
    expect(() => library.rename('first', '   ')).toThrow(/empty/);
  });

  it('pages through rejected rows', () => {
    expect(library.rejected('first', 0, 10)).toEqual({ total: 1, rows: [{ line: 4, reason: 'expected 2 fields, found 1', raw: 'короткая' }] });
    expect(library.rejected('first', 1, 10)).toEqual({ total: 1, rows: [] });
    expect(() => library.rejected('first', -1, 10)).toThrow(/offset/);
  });

  it('knows where the source file is while it exists', () => {
    expect(library.sourcePath('first')).toBe(path.resolve(source));
  });

  it('validates ids and reports missing datasets', () => {
    expect(() => library.get('../etc/passwd')).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => library.get('nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('removes', () => {
    library.remove('second');
    expect(library.list().map((d) => d.id)).toEqual(['first']);
    expect(() => library.remove('second')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
