import { afterAll, describe, expect, it } from 'vitest';
import { previewSource } from '../../../src/core/import/index.ts';
import { MAX_SHARED_STRING_CHARS, MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_PART_BYTES, MAX_SMALL_PART_BYTES } from '../../../src/core/import/read/xlsx-parts.ts';
import { CallsightError } from '../../../src/shared/result.ts';
import { zip } from '../../fixtures/xlsx.ts';
import { tempDir } from '../../support/temp-dir.ts';

/**
 * Issue 10, item 5: the parts of a workbook that are read whole (shared strings, styles, workbook,
 * relationships) are capped by what they inflate to, and the shared-strings table by its texts and
 * characters; past a cap the preview (and the import, through the same reader) fails with one sentence
 * in both languages instead of filling the engine's memory. A 166 KB file once held 68 MB of XML.
 */
const tmp = tempDir('xlsx-limits');
afterAll(() => tmp.cleanup());

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const utf8 = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/** A one-sheet workbook whose parts are as given (shared strings and styles only where given). */
function book(name: string, parts: { sharedStrings?: string; styles?: string }): string {
  const rels =
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `<Relationship Id="rId1" Type="${NS_R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
  const sheet =
    `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>` +
    `<row r="2"><c r="A2" t="str"><v>200/487</v></c></row></sheetData></worksheet>`;
  const bytes = zip([
    { name: '[Content_Types].xml', data: utf8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    {
      name: 'xl/workbook.xml',
      data: utf8(`<workbook xmlns="${NS}" xmlns:r="${NS_R}"><sheets><sheet name="Calls" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    },
    { name: 'xl/_rels/workbook.xml.rels', data: utf8(rels) },
    { name: 'xl/worksheets/sheet1.xml', data: utf8(sheet) },
    ...(parts.sharedStrings === undefined ? [] : [{ name: 'xl/sharedStrings.xml', data: utf8(parts.sharedStrings) }]),
    ...(parts.styles === undefined ? [] : [{ name: 'xl/styles.xml', data: utf8(parts.styles) }]),
  ]);
  return tmp.file(name, bytes);
}

async function previewError(path: string): Promise<CallsightError> {
  const error: unknown = await previewSource(path, { id: 's', name: 'book.xlsx', size: 0, kind: 'xlsx' }, {}).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CallsightError);
  return error as CallsightError;
}

describe('XLSX parts read whole are capped', () => {
  it('a workbook under the caps previews as before', async () => {
    const path = book('fine.xlsx', { sharedStrings: `<sst xmlns="${NS}"><si><t>Статус</t></si></sst>` });
    const preview = await previewSource(path, { id: 's', name: 'fine.xlsx', size: 0, kind: 'xlsx' }, {});
    expect(preview.columns.map((column) => column.name)).toEqual(['Статус']);
  });

  it('shared strings that inflate past the cap: one sentence naming the part and the limit (a bomb of a few hundred KB)', async () => {
    // Whitespace between items compresses ~1000:1, as in the file that took the host from 283 to 464 MB.
    const padding = ' '.repeat(MAX_SHARED_STRINGS_PART_BYTES + 1);
    const path = book('bomb.xlsx', { sharedStrings: `<sst xmlns="${NS}"><si><t>a</t></si>${padding}</sst>` });
    const error = await previewError(path);
    expect(error.code).toBe('unsupported-file');
    expect(error.text.en).toBe(
      "The workbook's part “xl/sharedStrings.xml” unpacks to more than 128 MB, more than Callsight reads from a workbook; save the sheet as CSV in Excel and import that.",
    );
    expect(error.text.ru).toBe(
      'Часть книги «xl/sharedStrings.xml» распаковывается больше чем в 128 МБ — больше, чем Callsight читает из книги; сохраните лист в Excel как CSV и импортируйте его.',
    );
  });

  it('more texts than the table may hold', async () => {
    const items = '<si><t>a</t></si>'.repeat(MAX_SHARED_STRINGS + 1);
    const error = await previewError(book('many.xlsx', { sharedStrings: `<sst xmlns="${NS}">${items}</sst>` }));
    expect(error.code).toBe('unsupported-file');
    expect(error.text.en).toBe(
      "The workbook's table of texts holds more than 2,000,000 texts or 33,554,432 characters, more than Callsight reads from a workbook; save the sheet as CSV in Excel and import that.",
    );
    expect(error.text.ru).toMatch(
      /^Таблица текстов книги содержит больше 2\s000\s000 текстов или 33\s554\s432 символов — .+; сохраните лист в Excel как CSV и импортируйте его\.$/,
    );
  });

  it('more characters than the table may hold, even in one text', async () => {
    const error = await previewError(
      book('long.xlsx', { sharedStrings: `<sst xmlns="${NS}"><si><t>${'Ж'.repeat(MAX_SHARED_STRING_CHARS + 1)}</t></si></sst>` }),
    );
    expect(error.text.en).toMatch(/^The workbook's table of texts holds more than/);
  });

  it('styles (and the other small parts) past their own, smaller cap', async () => {
    const styles = `<styleSheet xmlns="${NS}">${' '.repeat(MAX_SMALL_PART_BYTES)}</styleSheet>`;
    const error = await previewError(book('styles.xlsx', { sharedStrings: `<sst xmlns="${NS}"><si><t>Статус</t></si></sst>`, styles }));
    expect(error.text.en).toMatch(/^The workbook's part “xl\/styles\.xml” unpacks to more than 16 MB,/);
  });
});
