/**
 * The words exports write: the same side and reason names as the interface, and every word —
 * annotation, header, catalogue text — representable in Windows-1251, so a file of ordinary calls
 * never fails the code page because of what Callsight itself added.
 */
import { describe, expect, it } from 'vitest';
import { ANNOTATION_HEADERS, ORIGIN_WORDS, REASON_WORDS, REPORT_WORDS, SIDE_WORDS, statusMeaning, YES_NO } from '../../../src/shared/export-words.ts';
import { proposeExportName, filterInWords } from '../../../src/shared/export-name.ts';
import { encodeWindows1251, WINDOWS_1251 } from '../../../src/core/export/windows-1251.ts';
import { STATUS_CATALOGUE } from '../../../src/shared/status/index.ts';

const fits1251 = (text: string): boolean => typeof encodeWindows1251(text, new Uint8Array(text.length), 0, false, { count: 0 }) === 'number';

describe('export words', () => {
  it('all fit Windows-1251, the catalogue’s meanings and the meanings of codes it lacks included', () => {
    const texts = [
      ...(['ru', 'en'] as const).flatMap((lang) => [
        ...Object.values(SIDE_WORDS[lang]),
        ...Object.values(REASON_WORDS[lang]),
        ...Object.values(ORIGIN_WORDS[lang]),
        ...ANNOTATION_HEADERS[lang],
        ...YES_NO[lang],
        ...Object.values(REPORT_WORDS[lang]).filter((value): value is string => typeof value === 'string'),
        statusMeaning(lang, '200/499', 200, 499),
        statusMeaning(lang, '750/0', 750, 0),
        statusMeaning(lang, null, null, null),
      ]),
      ...STATUS_CATALOGUE.flatMap((entry) => [entry.textRu, entry.textEn]),
    ];
    expect(texts.filter((text) => !fits1251(text))).toEqual([]);
  });
});

describe('Windows-1251 encoder', () => {
  it('agrees with the platform decoder on every character of the code page', () => {
    const decoder = new TextDecoder('windows-1251');
    const all = Uint8Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x98);
    const text = decoder.decode(all);
    const out = new Uint8Array(text.length);
    const end = encodeWindows1251(text, out, 0, false, { count: 0 });
    expect(end).toBe(all.length);
    expect([...out]).toEqual([...all]);
  });

  it('its table holds exactly the platform decoder’s mapping turned around, for every UTF-16 code unit', () => {
    const decoder = new TextDecoder('windows-1251');
    const decoded = Array.from({ length: 256 }, (_, byte) => decoder.decode(Uint8Array.of(byte)));
    const expected = new Map<number, number>();
    decoded.forEach((character, byte) => {
      // 0x98 decodes to U+0098 (unassigned in the code page): nothing is written as it.
      if (byte !== 0x98 && character !== '\ufffd') expected.set(character.charCodeAt(0), byte);
    });
    expect(expected.size).toBe(255);
    const mismatches: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const byte = WINDOWS_1251[unit]!;
      const held = byte !== 0 || unit === 0;
      if (held !== expected.has(unit) || (held && expected.get(unit) !== byte)) mismatches.push(unit.toString(16));
      // Round trip: what the table writes decodes back to the same unit.
      if (held && decoded[byte] !== String.fromCharCode(unit)) mismatches.push(`round trip ${unit.toString(16)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('reports the first character it lacks, or writes one "?" per character (pairs included) and counts', () => {
    expect(encodeWindows1251('ок 😀 中', new Uint8Array(10), 0, false, { count: 0 })).toEqual({ index: 3, character: '😀' });
    const replaced = { count: 0 };
    const out = new Uint8Array(10);
    const end = encodeWindows1251('ок 😀 中', out, 0, true, replaced);
    expect(new TextDecoder('windows-1251').decode(out.subarray(0, end as number))).toBe('ок ? ?');
    expect(replaced.count).toBe(2);
  });
});

describe('proposed file name and the filter in words', () => {
  it('names what, which side and which days (the day before an exclusive midnight end)', () => {
    expect(proposeExportName({ sides: ['client'], from: '2026-10-01', to: '2026-11-01' }, 'xlsx', 'ru')).toBe('звонки_клиент_2026-10-01_2026-10-31.xlsx');
    expect(proposeExportName({ sides: ['carrier'], from: '2026-10-01', to: '2026-10-31T12:00' }, 'csv', 'en')).toBe('calls_carrier_2026-10-01_2026-10-31.csv');
    expect(proposeExportName({}, 'pdf', 'ru', { first: '2026-03-01T08:00:00', last: '2026-03-07T21:00:00' })).toBe('отчёт_2026-03-01_2026-03-07.pdf');
    expect(proposeExportName({ statuses: ['200/487'], hideBenign: true }, 'html', 'en')).toBe('report_200-487_no-benign.html');
  });

  it('says every part of a filter', () => {
    expect(filterInWords({}, 'ru')).toBe('все звонки');
    expect(filterInWords({ sides: ['client'], hideBenign: true, from: '2026-10-01', where: [{ column: 'Сайт', op: 'contains', value: 'окна' }] }, 'ru')).toBe(
      'сторона: Клиент; без ожидаемых исходов (норма скрыта); с 2026-10-01; «Сайт» содержит «окна»',
    );
  });
});
