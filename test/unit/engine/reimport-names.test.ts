import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineWith, importOnce } from '../../support/engine-imports.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * Issue 11, items 6-7: "Import again" replaces the dataset in place, keeping the user's name and the real
 * file name; two datasets never share a name (an import is numbered, a rename is refused).
 */
const tmp = tempDir('reimport-names');
afterAll(() => tmp.cleanup());

function callLog(dir: string, name: string, rows: number): string {
  const lines = ['Дата и время;Номер клиента;Менеджер;Статус'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `05.03.2026 10:${String(i % 60).padStart(2, '0')}:00;+7 912 345-${String(i % 100).padStart(2, '0')}-00;Иванова;${i % 3 ? '200/487' : '200/200'}`,
    );
  fs.mkdirSync(path.join(tmp.dir, dir), { recursive: true });
  return tmp.file(path.join(dir, name), lines.join('\n') + '\n');
}

describe('import again', () => {
  it("keeps the real file name (not the upload's), and replaces the dataset under the name the user gave it", async () => {
    const setup = engineWith(path.join(tmp.dir, 'data-a'));
    const { engine } = setup;
    // An upload is stored under an internal name; the page knows the file as "march.csv".
    const file = callLog('uploads', '53294fda-0b7e-4b5c-9a51-h13_march.csv', 50);
    const source = await engine.registerSource(file, 'march.csv');
    const first = await importOnce(setup, source.id);
    await engine.handlers['datasets/rename'](first, 'Март, отдел продаж');

    const again = await engine.handlers['datasets/reimport'](first);
    expect(again.name).toBe('march.csv');
    const second = await importOnce(setup, again.id, { name: 'Март, отдел продаж', replaces: first });
    const list = await engine.handlers['datasets/list']();
    expect(list.map((d) => d.id)).toEqual([second]);
    expect(list[0]).toMatchObject({ name: 'Март, отдел продаж', sourceName: 'march.csv', imported: 50 });
  });
});

describe('dataset names', () => {
  it('an import whose name is taken is numbered; a rename to a taken name is refused', async () => {
    const setup = engineWith(path.join(tmp.dir, 'data-b'));
    const { engine } = setup;
    const file = callLog('b', 'calls.csv', 10);
    const a = await importOnce(setup, (await engine.registerSource(file)).id);
    const b = await importOnce(setup, (await engine.registerSource(file)).id);
    const c = await importOnce(setup, (await engine.registerSource(file)).id, { name: 'CALLS.csv' });
    const names = new Map((await engine.handlers['datasets/list']()).map((d) => [d.id, d.name]));
    expect([names.get(a), names.get(b), names.get(c)]).toEqual(['calls.csv', 'calls.csv (2)', 'CALLS.csv (3)']);

    await expect(engine.handlers['datasets/rename'](b, ' calls.CSV ')).rejects.toMatchObject({
      text: { ru: 'Набор с названием «calls.CSV» уже есть; выберите другое название.' },
    });
    await expect(engine.handlers['datasets/rename'](b, 'calls.csv (2)')).resolves.toMatchObject({ name: 'calls.csv (2)' });
    await expect(engine.handlers['datasets/rename'](b, 'Другое')).resolves.toMatchObject({ name: 'Другое' });
  });
});
