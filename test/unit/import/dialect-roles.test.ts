import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectHeaderRow, scanSample } from '../../../src/core/import/detect/dialect.ts';
import { detectRoles, hasStatusRole, roleFromName } from '../../../src/core/import/detect/roles.ts';
import { recordProblem, storedColumnNames } from '../../../src/core/import/tag/records.ts';

const rows = (delimiter: string): string =>
  [
    ['Дата и время', 'Номер клиента', 'Статус', 'Комментарий'],
    ['05.03.2026 10:00:00', '+7 912 345-67-89', '200/487', '"Цена 3,50; скидка"'],
    ['05.03.2026 10:05:00', '89123456780', '200/200', 'ок'],
    ['05.03.2026 10:07:00', '8 912 345 67 81', '487/0', '"a, b | c"'],
  ]
    .map((r) => r.join(delimiter))
    .join('\r\n') + '\r\n';

describe('detectDelimiter', () => {
  it.each([';', ',', '\t', '|'])('finds %j even with other delimiters inside quoted values', (delimiter) => {
    expect(detectDelimiter(rows(delimiter), false)).toBe(delimiter);
  });
  it('gives null for a single column', () => {
    expect(detectDelimiter('a\nb\nc\n', false)).toBeNull();
  });

  // Each row holds three commas, and so does the title: counted with the title, "," ties ";" on
  // consistency and wins on width. Below the title, ";" splits every line alike.
  it.each([
    ['Звонки, март, 2026, все менеджеры', ';'],
    ['Звонки за март', ';'],
    ['Звонки; март; 2026; все; менеджеры', ','],
    ['Report: calls | March | 2026 | all', '\t'],
  ])('is not thrown off by a title line %j above the header', (title, delimiter) => {
    const commas = delimiter === ',' ? '1;5;7;9' : '1,5,7,9';
    const table = (rows: number): string =>
      [
        ['Дата', 'Статус', 'Номер клиента', 'Комментарий'],
        ...Array.from({ length: rows }, (_, i) => [`05.03.2026 10:00:${String(i % 60).padStart(2, '0')}`, '200/487', `891234567${i % 100}`, commas]),
      ]
        .map((r) => r.join(delimiter))
        .join('\n');
    for (const rows of [1, 4, 150]) {
      expect(detectDelimiter(`${title}\n${table(rows)}\n`, false), `${rows} rows`).toBe(delimiter);
      expect(detectDelimiter(`${title}\n\n${title}\n${table(rows)}\n`, false), `${rows} rows, two titles`).toBe(delimiter);
    }
  });

  it('skipping a title does not let a wrong delimiter skip the header too', () => {
    // Tab-separated, every row with three commas; neither the title nor the header has a comma.
    const table = [
      ['Дата', 'Статус', 'Номер клиента', 'Комментарий'],
      ...Array.from({ length: 5 }, (_, i) => [`05.03.2026 10:0${i}:00`, '200/487', `8912345678${i}`, '1,5,7,9']),
    ]
      .map((r) => r.join('\t'))
      .join('\n');
    expect(detectDelimiter(`Звонки за март\n${table}\n`, false)).toBe('\t');
  });
});

describe('detectHeaderRow', () => {
  it('finds a header on line 1', () => {
    expect(detectHeaderRow(scanSample(rows(';'), ';', false))).toBe(1);
  });
  it('gives 0 when the first row is data', () => {
    expect(detectHeaderRow(scanSample(rows(';').split('\r\n').slice(1).join('\r\n'), ';', false))).toBe(0);
  });
  it('skips a title line above the table', () => {
    expect(detectHeaderRow(scanSample(`Выгрузка звонков\r\n${rows(';')}`, ';', false))).toBe(2);
  });
});

describe('roles', () => {
  it.each([
    ['Статус', 'status'],
    ['Статус звонка', 'status'],
    ['Status', 'status'],
    ['Статус менеджера', 'managerLeg'],
    ['Статус клиента', 'clientLeg'],
    ['Дата и время', 'datetime'],
    ['Дата', 'date'],
    ['Время', 'time'],
    ['Время разговора', 'duration'],
    ['Номер клиента', 'clientNumber'],
    ['Телефон', 'clientNumber'],
    ['Номер менеджера', 'managerNumber'],
    ['Менеджер', 'manager'],
    ['Сайт', 'site'],
    ['Длительность', 'duration'],
    ['Стоимость', 'cost'],
    ['Duration', 'duration'],
    ['Cost', 'cost'],
    ['Комментарий', null],
  ] as const)('%s → %s', (name, role) => expect(roleFromName(name)).toBe(role));

  it('detects roles from values when there is no header', () => {
    const columns = [
      ['05.03.2026 10:00:00', '05.03.2026 11:00:00'],
      ['+7 912 345-67-89', '89123456780'],
      ['8 495 111-22-33', '84951112233'],
      ['200/487', '487/0'],
      ['0', '125'],
      ['0,00', '12,50'],
      ['привет', ''],
    ];
    expect(
      detectRoles(
        columns.map(() => ''),
        columns,
      ),
    ).toEqual(['datetime', 'clientNumber', 'managerNumber', 'status', 'duration', 'cost', null]);
  });

  it('turns a "Дата" column holding date-times into the datetime role', () => {
    expect(detectRoles(['Дата'], [['05.03.2026 10:00:00']])).toEqual(['datetime']);
  });

  it('lets overrides win and keeps each role on one column', () => {
    const roles = detectRoles(['Статус', 'Код'], [['200/487'], ['487/0']], { 1: 'status' });
    expect(roles).toEqual([null, 'status']);
    expect(detectRoles(['Статус'], [['200/487']], { 0: null })).toEqual([null]);
  });

  it('needs a status or a manager leg column', () => {
    expect(hasStatusRole(['status'])).toBe(true);
    expect(hasStatusRole(['managerLeg', 'clientLeg'])).toBe(true);
    expect(hasStatusRole(['datetime', null])).toBe(false);
  });
});

describe('records', () => {
  it('names columns as the dataset format says', () => {
    expect(storedColumnNames(['Статус', '', 'Статус', '_line', 'статус'], 6)).toEqual(['Статус', 'Column 2', 'Статус (2)', 'src_line', 'статус', 'Column 6']);
    // SQLite folds ASCII case only: Cyrillic case and the Kelvin sign make different names.
    expect(storedColumnNames(['Date', 'DATE', 'date (2)', 'K', '\u212a', 'Ё', 'ё'], 7)).toEqual(['Date', 'DATE (2)', 'date (2) (2)', 'K', '\u212a', 'Ё', 'ё']);
    // The rowid's own names would hide it: renamed as names starting with `_` are.
    expect(storedColumnNames(['rowid', 'OID', '_RowID_', 'Oid', 'rowids'], 5)).toEqual(['srcrowid', 'srcOID', 'src_RowID_', 'srcOid (2)', 'rowids']);
    expect(storedColumnNames(null, 2)).toEqual(['Column 1', 'Column 2']);
  });

  it('rejects ragged rows and total rows, forgives empty trailing fields', () => {
    expect(recordProblem(['a', 'b'], 3, 1)).toMatch(/expected 3 fields, found 2/);
    expect(recordProblem(['a', 'b', 'c', 'd'], 3, 1)).toMatch(/expected 3 fields, found 4/);
    const trailing = ['a', '200/200', 'c', '', ''];
    expect(recordProblem(trailing, 3, 1)).toBeNull();
    expect(trailing).toHaveLength(3);
    expect(recordProblem(['Итого', '', '1234,50'], 3, 1)).toMatch(/Итого/);
    expect(recordProblem(['Total:', '', '5'], 3, 1)).toMatch(/Total/);
    expect(recordProblem(['Итоговый звонок', '200/200', ''], 3, 1)).toBeNull();
  });
});
