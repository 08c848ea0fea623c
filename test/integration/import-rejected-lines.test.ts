/**
 * Lines that cannot become calls must still be accounted for: bytes that are not valid in the file's
 * encoding reject their record wherever they fall (inside one read chunk, in a record that spans two
 * chunks, in a sequence cut off by the end of the file), and a title above the header is rejected too.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectionText } from '../../src/shared/rejections.ts';
import { importOk, readDataset, tempDir } from './helpers.ts';

const tmp = tempDir('rejected-lines');
afterAll(() => tmp.cleanup());

const UNDECODABLE = rejectionText({ kind: 'undecodable' });
/** The engine reads 64 KiB at a time (delimited.ts); the cases below straddle that edge. */
const CHUNK = 64 * 1024;

function logWithBadByteAt(offset: number): { bytes: Buffer; badLine: number; lines: number } {
  const header = 'Дата;Статус;Номер клиента;Комментарий\n';
  const rows: string[] = [];
  let size = Buffer.byteLength(header);
  while (size < offset + 4096) {
    const row = `01.03.2026 10:00:00;200/487;+79123456789;строка ${rows.length + 1}\n`;
    rows.push(row);
    size += Buffer.byteLength(row);
  }
  const bytes = Buffer.from(header + rows.join(''), 'utf8');
  // Put the bad byte on the nearest ASCII letter at or after the offset, so no character is split.
  let at = offset;
  while (bytes[at] !== 0x32 /* '2' */) at++;
  bytes[at] = 0xff;
  const badLine = bytes.subarray(0, at).toString('latin1').split('\n').length;
  return { bytes, badLine, lines: rows.length };
}

describe('undecodable bytes', () => {
  it.each([
    ['inside the first chunk', 1000],
    ['20 bytes before a chunk boundary, in a record that ends in the next chunk', CHUNK - 20],
    ['just after a chunk boundary', CHUNK + 3],
  ])('%s: that record alone is rejected, with its line', (_name, offset) => {
    const { bytes, badLine, lines } = logWithBadByteAt(offset);
    const file = join(tmp.dir, `bad-${offset}.csv`);
    const out = join(tmp.dir, `bad-${offset}.callsight.sqlite`);
    writeFileSync(file, bytes);
    const summary = importOk(file, out, ['--encoding', 'utf-8']);
    expect(summary).toMatchObject({ rowsRead: lines, imported: lines - 1, rejected: 1 });
    const dataset = readDataset(out);
    expect(dataset.rejected).toEqual([{ line: badLine, reason: UNDECODABLE, raw: expect.stringContaining('\uFFFD') }]);
    expect(dataset.calls.some((row) => Object.values(row).some((value) => String(value).includes('\uFFFD')))).toBe(false);
  });

  it('a multi-byte sequence cut off by the end of the file rejects the last record', () => {
    const file = join(tmp.dir, 'cut.csv');
    const out = join(tmp.dir, 'cut.callsight.sqlite');
    writeFileSync(file, Buffer.concat([Buffer.from('Статус;Комментарий\n200/487;ok\n200/486;ab', 'utf8'), Buffer.from([0xd0])]));
    const summary = importOk(file, out, ['--encoding', 'utf-8']);
    expect(summary).toMatchObject({ rowsRead: 2, imported: 1, rejected: 1 });
    expect(readDataset(out).rejected).toEqual([{ line: 3, reason: UNDECODABLE, raw: '200/486;ab\uFFFD' }]);
  });
});

describe('lines above the header row', () => {
  it('a report title above the header is rejected with its line, so rowsRead counts every line with content', () => {
    const file = join(tmp.dir, 'titled.csv');
    const out = join(tmp.dir, 'titled.callsight.sqlite');
    writeFileSync(file, 'Отчёт за май\n\nСтатус;Номер клиента\n200/487;89123456789\n486/0;89123456780\n');
    const summary = importOk(file, out);
    expect(summary).toMatchObject({ rowsRead: 3, imported: 2, rejected: 1 });
    expect(readDataset(out).rejected).toEqual([{ line: 1, reason: rejectionText({ kind: 'before-header' }), raw: 'Отчёт за май' }]);
  });
});
