/**
 * Issue 11, items 1-2: what the import dialog is told about files that are not call logs (named by what
 * they look like), header-only files, and a header row of 0 over a file that has one.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { previewSource } from '../../../src/core/import/index.ts';
import { MESSAGES } from '../../../src/core/messages.ts';
import { pngLike } from '../../fixtures/shapes.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('preview-dialog');
afterAll(() => tmp.cleanup());

const preview = (name: string, bytes: Uint8Array | string, options = {}) => {
  const file = tmp.file(name, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  return previewSource(file, { id: name, name, size: fs.statSync(file).size, kind: 'delimited' }, options);
};
const refusal = async (name: string, bytes: Uint8Array | string, options = {}): Promise<{ code: string; text: { ru: string; en: string } }> => {
  const error: unknown = await preview(name, bytes, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `${name} must be refused`).not.toBeNull();
  return error as { code: string; text: { ru: string; en: string } };
};
const noise = (seed: number, size: number): Uint8Array => {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};
const withHead = (head: readonly number[] | string, size = 2048): Uint8Array => {
  const bytes = noise(head.length, size);
  const first = typeof head === 'string' ? Buffer.from(head, 'latin1') : Uint8Array.from(head);
  bytes.set(first);
  return bytes;
};

describe('files that are not a text export are named by what they look like', () => {
  it.each([
    ['picture.png', pngLike(3), 'изображение PNG', 'a PNG image'],
    // A PNG whose first kilobytes hold no NUL (compressed data) is still a PNG, not Mac Cyrillic text.
    ['no-nul.png', withHead([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).map((b, i) => (i > 8 && b === 0 ? 1 : b)), 'изображение PNG', 'a PNG image'],
    ['photo.jpg', withHead([0xff, 0xd8, 0xff, 0xe0]), 'изображение JPEG', 'a JPEG image'],
    ['report.pdf', withHead('%PDF-1.7\n'), 'документ PDF', 'a PDF document'],
    ['old.xls', withHead([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'книгу Excel 97–2003 (XLS)', 'Excel 97–2003 workbook'],
    ['setup.exe', withHead([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), 'программу Windows', 'a Windows program'],
    ['tool', withHead([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01]), 'программу Linux', 'a Linux program'],
    ['archive.gz', withHead([0x1f, 0x8b, 0x08, 0x00]), 'архив GZIP', 'a GZIP archive'],
    ['empty.zip', withHead([0x50, 0x4b, 0x05, 0x06], 22), 'ZIP-архив', 'a ZIP archive'],
  ] as const)('%s', async (name, bytes, ru, en) => {
    const error = await refusal(name, bytes);
    expect(error.code).toBe('unsupported-file');
    expect(error.text.ru).toContain(`Это не текстовая выгрузка — похоже на ${ru}`);
    expect(error.text.en).toContain(en);
  });

  it('a dataset file picked by mistake is called an SQLite database, even with an encoding chosen', async () => {
    const file = tmp.file('dataset.sqlite', new Uint8Array(0));
    fs.rmSync(file);
    const db = new Database(file);
    db.exec("CREATE TABLE calls (a TEXT); INSERT INTO calls VALUES ('200/200')");
    db.close();
    const bytes = fs.readFileSync(file);
    for (const options of [{}, { encoding: 'windows-1251' as const }]) {
      const error = await refusal('dataset-copy.csv', bytes, options);
      expect(error.text.ru).toContain('базу данных SQLite');
    }
  });

  it('an empty file and a header-only file say so', async () => {
    expect((await refusal('empty.csv', '')).text).toEqual(MESSAGES.fileEmpty);
    expect((await refusal('header-only.csv', 'Дата;Статус;Номер клиента\r\n')).text).toEqual(MESSAGES.headerOnly);
    expect((await refusal('title-and-header.csv', 'Отчёт за март\r\nДата;Статус;Номер клиента\r\n')).text).toEqual(MESSAGES.headerOnly);
  });

  it('says "no status column" once, by the flag the dialog shows, not again among the warnings', async () => {
    const result = await preview('no-status.csv', 'Дата;Комментарий\r\n05.03.2026 10:00;ок\r\n06.03.2026 11:00;нет\r\n');
    expect(result.needsStatusColumn).toBe(true);
    expect(result.warnings).not.toContainEqual(MESSAGES.noStatusColumn);
  });
});

describe('header row 0 over a file that has a header', () => {
  const lines = ['ID;Дата и время;Статус;Номер клиента;Длительность'];
  for (let i = 1; i <= 30; i++)
    lines.push(`${i};05.03.2026 10:${String(i).padStart(2, '0')}:00;200/${i % 2 ? '200' : '487'};+7 912 345-67-${String(i).padStart(2, '0')};${i * 7}`);
  const text = `${lines.join('\r\n')}\r\n`;

  it('roles come from the values (the id column is not a duration) and the dialog is warned about line 1', async () => {
    const result = await preview('header-zero.csv', text, { headerRow: 0 });
    expect(result.headerRow).toBe(0);
    expect(result.columns.map((c) => c.role)).toEqual([null, 'datetime', 'status', 'clientNumber', 'duration']);
    expect(result.columns.every((c) => c.generated)).toBe(true);
    expect(result.warnings.map((w) => w.ru).join(' ')).toMatch(/Строка 1 похожа на названия столбцов/);
    // With the header detected: names from the file, no such warning.
    const detected = await preview('header-one.csv', text);
    expect(detected.headerRow).toBe(1);
    expect(detected.columns.some((c) => c.generated)).toBe(false);
    expect(detected.warnings.map((w) => w.en).join(' ')).not.toMatch(/reads like column names/);
  });
});
