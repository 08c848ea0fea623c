/**
 * Workbooks that the ZIP and XML libraries (yauzl, saxes) make readable or refuse precisely: ZIP64
 * containers, namespace-prefixed SpreadsheetML, unknown compression, XML cut short.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { previewSource } from '../../../src/core/import/index.ts';
import { MESSAGES } from '../../../src/core/messages.ts';
import { zip } from '../../fixtures/xlsx.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callsight-xlsx-libraries-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const ref = { id: 's', name: 'book.xlsx', size: 0, kind: 'xlsx' } as const;

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts of a one-sheet workbook, every SpreadsheetML tag written with the `x:` prefix. */
function prefixedParts(sheetData: string): { name: string; data: Uint8Array }[] {
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
  return [
    {
      name: 'xl/workbook.xml',
      data: utf8(
        `<x:workbook xmlns:x="${NS_MAIN}" xmlns:rel="${NS_REL}"><x:sheets>` + '<x:sheet name="Звонки" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: utf8(`<Relationships xmlns="${NS_PKG_REL}">` + '<Relationship Id="rId1" Type="worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>'),
    },
    {
      name: 'xl/sharedStrings.xml',
      data: utf8(`<x:sst xmlns:x="${NS_MAIN}"><x:si><x:t>Статус</x:t></x:si>` + '<x:si><x:r><x:t>200/</x:t></x:r><x:r><x:t>487</x:t></x:r></x:si></x:sst>'),
    },
    {
      name: 'xl/styles.xml',
      data: utf8(`<x:styleSheet xmlns:x="${NS_MAIN}"><x:cellXfs count="2"><x:xf numFmtId="0"/>` + '<x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>'),
    },
    { name: 'xl/worksheets/sheet1.xml', data: utf8(`<x:worksheet xmlns:x="${NS_MAIN}"><x:sheetData>${sheetData}</x:sheetData></x:worksheet>`) },
  ];
}

const SHEET =
  '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>Дата</x:t></x:is></x:c></x:row>' +
  '<x:row r="3"><x:c r="A3" t="s"><x:v>1</x:v></x:c><x:c r="B3" s="1"><x:v>46086</x:v></x:c></x:row>';

describe('xlsx container and markup', () => {
  const expected = [
    [1, ['Статус', 'Дата']],
    [3, ['200/487', '2026-03-05']],
  ];

  it('reads SpreadsheetML whose tags carry a namespace prefix', async () => {
    const preview = await previewSource(write('prefixed.xlsx', zip(prefixedParts(SHEET))), ref, { headerRow: 0 });
    expect(preview.sheets).toEqual(['Звонки']);
    expect(preview.rows.map((r) => [r.line, r.cells])).toEqual(expected);
  });

  it('reads a ZIP64 workbook', async () => {
    const preview = await previewSource(write('zip64.xlsx', zip(prefixedParts(SHEET), { zip64: true })), ref, { headerRow: 0 });
    expect(preview.rows.map((r) => [r.line, r.cells])).toEqual(expected);
  });

  it('refuses an entry compressed by a method other than store or deflate', async () => {
    const bytes = Buffer.from(zip(prefixedParts(SHEET)));
    for (let at = bytes.indexOf('PK\x01\x02', 0, 'latin1'); at >= 0; at = bytes.indexOf('PK\x01\x02', at + 4, 'latin1')) {
      bytes.writeUInt16LE(12, at + 10); // bzip2
    }
    await expect(previewSource(write('bzip2.xlsx', bytes), ref, {})).rejects.toThrow(MESSAGES.workbookCompression.en);
  });

  it('calls a sheet whose XML is cut short damaged', async () => {
    const parts = prefixedParts(SHEET);
    const sheet = parts.at(-1)!;
    parts[parts.length - 1] = { ...sheet, data: sheet.data.subarray(0, sheet.data.length - 40) };
    await expect(previewSource(write('cut.xlsx', zip(parts)), ref, {})).rejects.toThrow(MESSAGES.workbookDamaged.en);
  });

  it('calls a workbook whose compressed sheet data is corrupt damaged', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `<x:row r="${i + 4}"><x:c t="inlineStr"><x:is><x:t>строка ${i}</x:t></x:is></x:c></x:row>`);
    const bytes = Buffer.from(zip(prefixedParts(SHEET + rows.join(''))));
    const sheetName = bytes.indexOf('xl/worksheets/sheet1.xml', 0, 'utf8');
    for (let at = sheetName + 200; at < sheetName + 260; at++) bytes[at] = bytes[at]! ^ 0x5a;
    await expect(previewSource(write('corrupt.xlsx', bytes), ref, {})).rejects.toThrow(MESSAGES.workbookDamaged.en);
  });

  it('calls a ZIP without a workbook part not a workbook', async () => {
    const file = write('plain.zip', zip([{ name: 'readme.txt', data: new TextEncoder().encode('hello') }]));
    await expect(previewSource(file, ref, {})).rejects.toThrow(MESSAGES.zipNotWorkbook.en);
  });
});
