import { afterAll, describe, expect, it } from 'vitest';
import { dateKindOfFormat, parseRowCells, parseSharedStrings } from '../../../src/core/import/read/xlsx.ts';
import { MESSAGES } from '../../../src/core/messages.ts';
import { detectSourceKind, previewSource } from '../../../src/core/import/index.ts';
import { writeXlsx } from '../../fixtures/xlsx.ts';
import { tempDir } from '../../support/temp-dir.ts';

const tmp = tempDir('xlsx-unit');
afterAll(() => tmp.cleanup());
const ref = { id: 's', name: 'book.xlsx', size: 0, kind: 'xlsx' } as const;

describe('xlsx parts', () => {
  it('shared strings join rich-text runs, skip phonetic hints and decode entities', () => {
    expect(
      parseSharedStrings('<sst><si><t>a&amp;b</t></si><si><r><t>Кли</t></r><r><t xml:space="preserve">ент </t></r><rPh><t>x</t></rPh></si><si/></sst>'),
    ).toEqual(['a&b', 'Клиент ', '']);
  });

  it('recognises date formats, ignoring quoted text and colours', () => {
    expect(dateKindOfFormat('dd.mm.yyyy')).toBe(1);
    expect(dateKindOfFormat('dd/mm/yyyy\\ hh:mm:ss')).toBe(2);
    expect(dateKindOfFormat('[h]:mm:ss')).toBe(3);
    expect(dateKindOfFormat('hh:mm')).toBe(3);
    expect(dateKindOfFormat('#,##0.00 "руб"')).toBe(0);
    expect(dateKindOfFormat('[Red]0.00')).toBe(0);
  });

  it('places cells by their reference and converts types', () => {
    const book = { sharedStrings: ['Статус'], dateStyles: [0, 2, 1, 3] };
    const cells = parseRowCells(
      '<c r="A1" t="s"><v>0</v></c><c r="C1"><v>0.30000000000000004</v></c><c r="D1" s="1"><v>46086.5</v></c>' +
        '<c r="E1" s="2"><v>46086</v></c><c r="F1" s="3"><v>0.25</v></c><c r="G1" t="inlineStr"><is><t>в&lt;строке</t></is></c>' +
        '<c r="H1" t="b"><v>1</v></c><c r="I1" t="str"><v>200/487</v></c><c r="J1"/>',
      book,
    );
    expect(cells).toEqual(['Статус', '', '0.3', '2026-03-05 12:00:00', '2026-03-05', '06:00:00', 'в<строке', 'TRUE', '200/487', '']);
  });

  it('reads lower-case and absolute ($) references as Excel does; a cell whose reference names no cell is kept, not dropped', () => {
    const book = { sharedStrings: [], dateStyles: [0] };
    expect(
      parseRowCells(
        '<c r="a1" t="str"><v>a</v></c><c r="$C$1" t="str"><v>c</v></c><c r="b$1" t="str"><v>b</v></c><c r="$xfd1" t="str"><v>z</v></c>',
        book,
      ).filter((cell, i) => cell !== '' || i < 3),
    ).toEqual(['a', 'b', 'c', 'z']);
    expect(parseRowCells('<c r="1A" t="str"><v>x</v></c><c r="B1" t="str"><v>y</v></c>', book)).toEqual(['x', 'y']); // (and the row is rejected)
  });

  it("accepts Excel's last column and refuses references beyond it instead of padding millions of cells", () => {
    const book = { sharedStrings: [], dateStyles: [0] };
    expect(parseRowCells('<c r="XFD1" t="str"><v>x</v></c>', book)).toHaveLength(16_384);
    expect(() => parseRowCells('<c r="XFE1" t="str"><v>x</v></c>', book)).toThrow(MESSAGES.workbookDamaged.en);
    expect(() => parseRowCells('<c r="AAAAAAA1" t="str"><v>x</v></c>', book)).toThrow(MESSAGES.workbookDamaged.en);
  });
});

describe('xlsx import preview', () => {
  const file = tmp.file(
    'calls.xlsx',
    writeXlsx([
      { name: 'Сводка', rows: [['Итоги'], ['всего', 3]] },
      {
        name: 'Звонки',
        rows: [
          ['Дата и время', 'Номер клиента', 'Статус', 'Длительность'],
          [{ date: 46086.5 }, '+7 912 345-67-89', '200/487', 0],
          [{ date: 46086.75 }, { inline: '89123456780' }, '200/200', 125],
          [{ date: 46087 }, 79123456781, '487/0', null],
        ],
      },
    ]),
  );

  it('is detected by content, not extension', async () => {
    expect(await detectSourceKind(file)).toBe('xlsx');
    const renamed = tmp.file('calls.csv', (await import('node:fs')).readFileSync(file));
    expect(await detectSourceKind(renamed)).toBe('xlsx');
    expect(await detectSourceKind(tmp.file('plain.xlsx', 'a;b\n1;2\n'))).toBe('delimited');
  });

  it('lists sheets, reads the chosen sheet, turns date cells into dates', async () => {
    const preview = await previewSource(file, ref, { sheet: 'Звонки' });
    expect(preview.sheets).toEqual(['Сводка', 'Звонки']);
    expect(preview.sheet).toBe('Звонки');
    expect(preview.encoding).toBeNull();
    expect(preview.headerRow).toBe(1);
    expect(preview.columns.map((c) => [c.name, c.role])).toEqual([
      ['Дата и время', 'datetime'],
      ['Номер клиента', 'clientNumber'],
      ['Статус', 'status'],
      ['Длительность', 'duration'],
    ]);
    expect(preview.rows.map((r) => r.cells)).toEqual([
      ['2026-03-05 12:00:00', '+7 912 345-67-89', '200/487', '0'],
      ['2026-03-05 18:00:00', '89123456780', '200/200', '125'],
      ['2026-03-06 00:00:00', '79123456781', '487/0', ''],
    ]);
    expect(preview.rows.map((r) => [r.line, r.status?.side])).toEqual([
      [2, 'client'],
      [3, 'success'],
      [4, 'manager'],
    ]);
    expect(preview.needsStatusColumn).toBe(false);
  });

  it('reads the first sheet by default and asks for a status column when there is none', async () => {
    const preview = await previewSource(file, ref, {});
    expect(preview.sheet).toBe('Сводка');
    expect(preview.needsStatusColumn).toBe(true);
  });

  it('names a missing sheet in one sentence', async () => {
    await expect(previewSource(file, ref, { sheet: 'Нет такого' })).rejects.toThrow(/no sheet “Нет такого”/);
  });
});
