/**
 * The real sheet limit (slow: about 25 s on two cores): 1,048,600 calls exported as XLSX fill the
 * first sheet to Excel's last row (1,048,576, the header included) and continue on a second. The
 * sheets are read back by streaming them out of the ZIP with yauzl (not the writer's yazl) and counting
 * rows, so no reader has to hold a million rows; the small-limit test (export-files.test.ts) checks cells.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { importOk, parseSingleJson, runCli, tempDir } from './helpers.ts';

const ROWS = 1_048_600;
const EXCEL_ROWS = 1_048_576;
const tmp = tempDir('export-sheet-limit');
afterAll(() => tmp.cleanup());

interface SheetScan {
  readonly rows: number;
  readonly lastRow: number;
  readonly dimension: string;
}

/** Streams each worksheet part through and counts its `<row` elements; reads workbook.xml whole (small). */
async function scan(file: string): Promise<Map<string, SheetScan> & { workbook?: string }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z))),
  );
  const found = new Map<string, SheetScan>() as Map<string, SheetScan> & { workbook?: string };
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        let rows = 0;
        let lastRow = 0;
        let dimension = '';
        let carry = '';
        const parts: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => {
          if (entry.fileName === 'xl/workbook.xml') parts.push(chunk);
          // Only text up to the last '>' is scanned; a tag cut at the chunk's end waits for the next chunk.
          const text = carry + chunk.toString('latin1');
          const cut = text.lastIndexOf('>') + 1;
          carry = text.slice(cut);
          const complete = text.slice(0, cut);
          for (const match of complete.matchAll(/<row r="(\d+)"/g)) {
            rows++;
            lastRow = Number(match[1]);
          }
          dimension ||= /<dimension ref="([^"]+)"/.exec(complete)?.[1] ?? '';
        });
        stream.on('end', () => {
          if (entry.fileName === 'xl/workbook.xml') found.workbook = Buffer.concat(parts).toString('utf8');
          if (entry.fileName.startsWith('xl/worksheets/')) found.set(entry.fileName, { rows, lastRow, dimension });
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return found;
}

describe('XLSX past Excel’s row limit', () => {
  it(`${ROWS.toLocaleString('en')} calls: sheet 1 ends at row ${EXCEL_ROWS.toLocaleString('en')}, sheet 2 holds the rest`, async () => {
    const lines = ['Дата и время;Статус;Менеджер'];
    for (let i = 0; i < ROWS; i++) lines.push(`2026-03-0${1 + (i % 7)} 1${i % 10}:00:00;${i % 3 ? '200/487' : '200/200'};М${i % 5}`);
    const csv = tmp.file('big.csv', `${lines.join('\n')}\n`);
    const dataset = tmp.file('big.sqlite');
    importOk(csv, dataset, [], 180_000);
    fs.rmSync(csv);
    const out = tmp.file('big.xlsx');
    const run = runCli(['export', dataset, '--out', out, '--json'], 400_000);
    expect(run.status, run.stderr).toBe(0);
    expect(parseSingleJson(run.stdout)).toMatchObject({ rows: ROWS, sheets: 2 });
    const sheets = await scan(out);
    expect(sheets.workbook).toMatch(/<sheet name="Звонки" sheetId="1"[^>]*\/><sheet name="Звонки \(2\)" sheetId="2"[^>]*\/><sheet name="Сводка"/);
    expect(sheets.get('xl/worksheets/sheet1.xml')).toMatchObject({ rows: EXCEL_ROWS, lastRow: EXCEL_ROWS, dimension: `A1:I${EXCEL_ROWS}` });
    expect(sheets.get('xl/worksheets/sheet2.xml')).toMatchObject({ rows: ROWS - (EXCEL_ROWS - 1) + 1, lastRow: ROWS - (EXCEL_ROWS - 1) + 1 });
  }, 600_000);
});
