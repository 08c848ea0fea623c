/**
 * Smaller fidelity faults of issue 7, through the CLI on real files: the widest file a dataset can
 * hold, column names as SQLite compares them, a column named like the rowid, a header line that is
 * too long, a literal U+FFFD, impossible dates and offsets, a title line above the header, and XLSX
 * cell and row references of every shape. Every dataset passes `PRAGMA integrity_check` (readDataset).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeText } from '../fixtures/encode.ts';
import { writeXlsx, type XlsxCell } from '../fixtures/xlsx.ts';
import { expectOneLineFailure, importOk, partialsIn, readDataset, runCli, tempDir } from './helpers.ts';

const tmp = tempDir('fidelity');
afterAll(() => tmp.cleanup());

let serial = 0;
/** Writes `content` as a file of its own folder; returns the file and the dataset path beside it. */
function fixture(name: string, content: string | Uint8Array): { file: string; out: string; dir: string } {
  const dir = join(tmp.dir, `${++serial}-${name}`);
  mkdirSync(dir);
  const file = join(dir, name.includes('.') ? name : `${name}.csv`);
  writeFileSync(file, typeof content === 'string' ? encodeText(content, 'utf-8') : content);
  return { file, out: join(dir, 'out.callsight.sqlite'), dir };
}

function refused(name: string, content: string | Uint8Array): string {
  const { file, out, dir } = fixture(name, content);
  const run = runCli(['import', file, '--out', out, '--json']);
  const message = expectOneLineFailure(run);
  expect(run.stdout.trim()).toBe('');
  expect(partialsIn(dir)).toEqual([]);
  expect(readdirSync(dir)).toEqual([basename(file)]);
  return message;
}

describe('columns', () => {
  const wide = (sourceColumns: number): string => {
    const header = ['Статус', ...Array.from({ length: sourceColumns - 1 }, (_, i) => `c${i + 1}`)].join(';');
    const row = (code: string): string => [code, ...Array.from({ length: sourceColumns - 1 }, (_, i) => `v${i}`)].join(';');
    return `${header}\n${row('200/487')}\n${row('200/200')}\n`;
  };

  it('1987 source columns (2000 with `_line` and the tag columns) import', () => {
    const { file, out } = fixture('wide-1987', wide(1987));
    const summary = importOk(file, out);
    expect(summary).toMatchObject({ rowsRead: 2, imported: 2, rejected: 0 });
    const ds = readDataset(out);
    expect(ds.columns).toHaveLength(2000);
    expect(ds.calls[1]!.c1986).toBe('v1985');
    expect(ds.calls.map((r) => r._status)).toEqual(['200/487', '200/200']);
  });

  it('1988 source columns: one sentence with the count and the limit', () => {
    const message = refused('wide-1988', wide(1988));
    expect(message).toMatch(/1988 columns/);
    expect(message).toMatch(/at most 1987/);
    expect(message).not.toMatch(/internal|too many columns on calls/i);
  });

  it('names differing only in non-ASCII case are different columns, as SQLite sees them', () => {
    const kelvin = '\u212a';
    const { file, out } = fixture('names', `Статус;статус;СТАТУС;K;${kelvin};Name;NAME;name\n200/487;a;b;c;d;e;f;g\n`);
    importOk(file, out, ['--status-column', 'Статус']);
    const ds = readDataset(out);
    const stored = ['Статус', 'статус', 'СТАТУС', 'K', kelvin, 'Name', 'NAME (2)', 'name (3)'];
    expect(ds.meta.get('columns')).toEqual(stored);
    expect(ds.columns.slice(1, 9)).toEqual(stored);
    expect(ds.calls[0]).toMatchObject({ статус: 'a', СТАТУС: 'b', K: 'c', [kelvin]: 'd', Name: 'e', 'NAME (2)': 'f', 'name (3)': 'g' });
  });

  it('a column named rowid, oid or _rowid_ (any ASCII case) does not hide the rowid', () => {
    const { file, out } = fixture('rowid', 'rowid;OID;_RowId_;Статус;src_rowid_\n10;20;30;200/487;40\n11;21;31;200/200;41\n');
    importOk(file, out);
    const ds = readDataset(out);
    const stored = ['srcrowid', 'srcOID', 'src_RowId_', 'Статус', 'src_rowid_ (2)'];
    expect(ds.meta.get('columns')).toEqual(stored);
    expect(ds.calls.map((r) => [r.srcrowid, r.srcOID, r.src_RowId_, r['src_rowid_ (2)']])).toEqual([
      ['10', '20', '30', '40'],
      ['11', '21', '31', '41'],
    ]);
    // SQLite's own names for the rowid still mean the rowid.
    const db = new Database(out, { readonly: true });
    try {
      expect(db.prepare('SELECT rowid, oid, _rowid_ FROM calls ORDER BY rowid').raw().all()).toEqual([
        [1, 1, 1],
        [2, 2, 2],
      ]);
    } finally {
      db.close();
    }
  });
});

describe('a header line over 256 KB', () => {
  const longHeader = (): string => ['Статус', ...Array.from({ length: 30_000 }, (_, i) => `Комментарий ${i}`)].join(';');

  it('is refused as too long, not read as one column', () => {
    const message = refused('long-header', `${longHeader()}\n200/487;x\n`);
    expect(message).toMatch(/header line is too long/);
    expect(message).not.toMatch(/status/i);
  });

  it('is refused as too long below a title line too', () => {
    expect(refused('long-header-title', `Выгрузка звонков\n${longHeader()}\n200/487;x\n`)).toMatch(/header line is too long/);
  });

  it('is refused in the preview, before anything is written', async () => {
    const { previewSource } = await import('../../src/core/import/index.ts');
    const { file } = fixture('long-header-preview', `${longHeader()}\n200/487;x\n`);
    const ref = { id: 'x', name: 'x.csv', size: 1, kind: 'delimited' } as const;
    await expect(previewSource(file, ref, {})).rejects.toMatchObject({ text: { en: expect.stringMatching(/header line is too long/) } });
  });

  it('a long record after a normal header still imports', () => {
    const comment = 'д'.repeat(200_000);
    const { file, out } = fixture('long-record', `Статус;Комментарий\n200/487;${comment}\n200/200;short\n`);
    expect(importOk(file, out)).toMatchObject({ imported: 2, rejected: 0 });
    expect(readDataset(out).calls[0]!['Комментарий']).toBe(comment);
  });
});

describe('U+FFFD written in the file is a character, not an undecodable byte', () => {
  const header = 'Дата;Статус;Комментарий\n';
  const row = (n: number, comment: string): string => `01.03.2026 10:00:${String(n).padStart(2, '0')};200/487;${comment}\n`;

  it('UTF-8: a row holding EF BF BD imports; a row with an invalid byte in the same chunk is rejected', () => {
    const bytes = Buffer.concat([
      Buffer.from(header + row(1, 'знак \uFFFD в тексте') + row(2, 'до'), 'utf8'),
      Buffer.from(row(3, 'плохой байт X'), 'utf8').map((b) => (b === 0x58 ? 0xff : b)),
      Buffer.from(row(4, '\uFFFD') + row(5, 'после'), 'utf8'),
    ]);
    const { file, out } = fixture('fffd-utf8', bytes);
    expect(importOk(file, out, ['--encoding', 'utf-8'])).toMatchObject({ rowsRead: 5, imported: 4, rejected: 1 });
    const ds = readDataset(out);
    expect(ds.calls.map((r) => r['Комментарий'])).toEqual(['знак \uFFFD в тексте', 'до', '\uFFFD', 'после']);
    expect(ds.rejected).toMatchObject([{ line: 4, reason: 'contains bytes that are not valid in the file’s encoding' }]);
  });

  it('UTF-8 without any invalid byte: nothing is rejected', () => {
    const { file, out } = fixture('fffd-utf8-clean', header + row(1, '\uFFFD') + row(2, 'a\uFFFDb'));
    expect(importOk(file, out)).toMatchObject({ rowsRead: 2, imported: 2, rejected: 0 });
    expect(readDataset(out).calls.map((r) => r['Комментарий'])).toEqual(['\uFFFD', 'a\uFFFDb']);
  });

  it('UTF-16LE: a U+FFFD code unit imports; a lone surrogate is rejected', () => {
    const text = header + row(1, '\uFFFD') + row(2, 'x\uD800y') + row(3, 'ok');
    const body = Buffer.alloc(text.length * 2);
    for (let i = 0; i < text.length; i++) body.writeUInt16LE(text.charCodeAt(i), 2 * i);
    const { file, out } = fixture('fffd-utf16', Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    expect(importOk(file, out)).toMatchObject({ rowsRead: 3, imported: 2, rejected: 1 });
    const ds = readDataset(out);
    expect(ds.calls.map((r) => r['Комментарий'])).toEqual(['\uFFFD', 'ok']);
    expect(ds.rejected.map((r) => r.line)).toEqual([3]);
  });

  it('the preview marks only the row with undecodable bytes', async () => {
    const { previewSource } = await import('../../src/core/import/index.ts');
    const bytes = Buffer.concat([Buffer.from(header + row(1, '\uFFFD'), 'utf8'), Buffer.from([0x30, 0x31, 0x2e, 0xff, 0x3b, 0x3b, 0x0a])]);
    const { file } = fixture('fffd-preview', bytes);
    const ref = { id: 'x', name: 'x.csv', size: 1, kind: 'delimited' } as const;
    const preview = await previewSource(file, ref, { encoding: 'utf-8' });
    expect(preview.rows.map((r) => r.problem)).toEqual([null, 'contains bytes that are not valid in the file’s encoding']);
  });
});

describe('impossible dates and offsets', () => {
  const impossible = [
    '30.02.2024 10:00:00',
    '31.04.2024 10:00:00',
    '29.02.2023 10:00:00',
    '01.03.2024 24:00:00',
    '01.03.2024 25:10',
    '01.03.2024 10:60:00',
    '2024-03-01T10:00:00+99:99',
    '2024-03-01T10:00:00+15:00',
    '2024-02-30T10:00:00',
  ];
  const possible: readonly (readonly [string, string])[] = [
    ['29.02.2024 10:00:00', '2024-02-29T10:00:00'],
    ['30.04.2024 23:59:59', '2024-04-30T23:59:59'],
    ['2024-03-01T10:00:00+14:00', '2024-03-01T10:00:00+14:00'],
    ['2024-03-01T10:00:00-14:00', '2024-03-01T10:00:00-14:00'],
  ];

  it('give `_time` NULL, keep the row, and are counted in the summary', () => {
    const cells = [...impossible, ...possible.map(([cell]) => cell), ''];
    const text = `Дата и время;Статус;Комментарий\n${cells.map((cell, i) => `${cell};200/487;row ${i}`).join('\n')}\n`;
    const { file, out } = fixture('dates', text);
    expect(importOk(file, out)).toMatchObject({ rowsRead: cells.length, imported: cells.length, rejected: 0, unreadableTimes: impossible.length });
    const ds = readDataset(out);
    expect(ds.calls.map((r) => r._time)).toEqual([...impossible.map(() => null), ...possible.map(([, iso]) => iso), null]);
    expect(ds.calls.map((r) => r['Дата и время'])).toEqual(cells);
    expect(ds.meta.get('unreadable_times')).toBe(impossible.length); // the empty cell is no time, not an unreadable one
    // The `_time` index holds the same (integrity_check ran in readDataset); NULLs sort first.
    const db = new Database(out, { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM calls INDEXED BY calls_time WHERE _time IS NULL').pluck().get()).toBe(impossible.length + 1);
    } finally {
      db.close();
    }
  });
});

describe('a title line above the header', () => {
  it('does not throw delimiter detection off; the title is rejected as above the header', () => {
    const rows = Array.from({ length: 6 }, (_, i) => `05.03.2026 10:0${i}:00;${i % 2 ? '200/200' : '200/487'};8912345678${i};1,5,7,9`);
    // Two title lines, each with as many commas as every row: counted, they would make "," the most consistent.
    const titles = 'Звонки, март, 2026, все менеджеры\nПериод: 01.03.2026, 31.03.2026, МСК, все';
    const { file, out } = fixture('title', `${titles}\nДата;Статус;Номер клиента;Комментарий\n${rows.join('\n')}\n`);
    const summary = importOk(file, out);
    expect(summary).toMatchObject({ delimiter: ';', rowsRead: 8, imported: 6, rejected: 2 });
    const ds = readDataset(out);
    expect(ds.meta.get('columns')).toEqual(['Дата', 'Статус', 'Номер клиента', 'Комментарий']);
    expect(ds.meta.get('header_row')).toBe(3);
    expect(ds.calls.map((r) => r._status)).toEqual(['200/487', '200/200', '200/487', '200/200', '200/487', '200/200']);
    expect(ds.rejected.map((r) => [r.line, r.raw])).toEqual(titles.split('\n').map((title, i) => [i + 1, title]));
  });
});

describe('XLSX references', () => {
  const header: XlsxCell[] = ['Дата и время', 'Статус', 'Комментарий'];
  const inline = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

  it('lower-case and $ cell references are read; bad row numbers and cell references reject their row with a reason', () => {
    const raw = [
      `<row r="2">${inline('a2', '01.03.2026 10:00:00')}${inline('b2', '200/487')}${inline('c2', 'строчные')}</row>`,
      `<row r="3">${inline('$A$3', '01.03.2026 10:01:00')}${inline('$B3', '200/200')}${inline('C$3', 'доллары')}</row>`,
      `<row r="4294967297">${inline('A4', '01.03.2026 10:02:00')}${inline('B4', '486/0')}${inline('C4', 'номер строки больше 2^32')}</row>`,
      `<row r="abc">${inline('A5', '01.03.2026 10:03:00')}${inline('B5', '486/0')}${inline('C5', 'номер строки не число')}</row>`,
      `<row r="6">${inline('A6', '01.03.2026 10:04:00')}${inline('B6', '200/487')}${inline('6C', 'ссылка без столбца')}</row>`,
      `<row r="7">${inline('A7', '01.03.2026 10:05:00')}${inline('B7', '200/487')}${inline('B7', 'вторая B7')}</row>`,
      `<row r="8">${inline('A8', '01.03.2026 10:06:00')}${inline('B8', '200/200')}${inline('C8', 'после')}</row>`,
      `<row>${inline('A9', '01.03.2026 10:07:00')}${inline('B9', '200/200')}${inline('C9', 'без r')}</row>`,
    ].join('');
    const { file, out } = fixture('refs.xlsx', writeXlsx([{ name: 'Звонки', rows: [header], rawRowsXml: raw }]));
    const summary = importOk(file, out);
    expect(summary).toMatchObject({ rowsRead: 8, imported: 4, rejected: 4 });
    const ds = readDataset(out);
    expect(ds.calls.map((r) => [r._line, r._status, r['Комментарий']])).toEqual([
      [2, '200/487', 'строчные'],
      [3, '200/200', 'доллары'],
      [8, '200/200', 'после'],
      [9, '200/200', 'без r'],
    ]);
    expect(ds.rejected).toEqual([
      { line: 4, reason: 'sheet row number “4294967297” is not valid', raw: '01.03.2026 10:02:00\t486/0\tномер строки больше 2^32' },
      { line: 5, reason: 'sheet row number “abc” is not valid', raw: '01.03.2026 10:03:00\t486/0\tномер строки не число' },
      { line: 6, reason: 'cell reference “6C” is not valid', raw: '01.03.2026 10:04:00\t200/487\tссылка без столбца' },
      { line: 7, reason: 'two cells at “B7”', raw: '01.03.2026 10:05:00\t200/487\tвторая B7' },
    ]);
  });
});
