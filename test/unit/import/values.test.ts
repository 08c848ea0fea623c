import { describe, expect, it } from 'vitest';
import {
  combineDateTime,
  excelSerialToIso,
  normalisePhone,
  parseCost,
  parseDateTime,
  parseDuration,
  parseTimeOfDay,
} from '../../../src/core/import/tag/values.ts';
import { createRng, type Rng } from '../../fixtures/prng.ts';

describe('parseDateTime', () => {
  it.each([
    ['05.03.2026 14:07:09', '2026-03-05T14:07:09'],
    ['05.03.2026 14:07', '2026-03-05T14:07:00'],
    ['5.3.2026 9:07', '2026-03-05T09:07:00'],
    ['05/03/2026 14:07:09', '2026-03-05T14:07:09'],
    ['05.03.26 14:07', '2026-03-05T14:07:00'],
    ['05.03.2026', '2026-03-05T00:00:00'],
    ['2026-03-05 14:07:09', '2026-03-05T14:07:09'],
    ['2026-03-05T14:07:09', '2026-03-05T14:07:09'],
    ['2026-03-05T14:07:09.123', '2026-03-05T14:07:09'],
    ['2026-03-05T14:07:09Z', '2026-03-05T14:07:09Z'],
    ['2026-03-05T14:07:09+03:00', '2026-03-05T14:07:09+03:00'],
    ['2026-03-05T14:07:09+0300', '2026-03-05T14:07:09+03:00'],
    ['46086.5', '2026-03-05T12:00:00'],
    ['46086,25', '2026-03-05T06:00:00'],
  ])('%s → %s', (raw, iso) => expect(parseDateTime(raw)).toBe(iso));

  it.each(['', 'вчера', '32.01.2026 10:00', '05.13.2026', '05.03.2026 25:00', '2026-02-30x', '12345678'])('rejects %j', (raw) => {
    expect(parseDateTime(raw)).toBeNull();
  });

  // Days that do not exist, hours and minutes past the clock, offsets beyond ±14:00: no time at all.
  it.each([
    '30.02.2024 10:00:00',
    '31.04.2024 10:00:00',
    '29.02.2023 10:00:00',
    '29.02.1900',
    '31.06.2026',
    '31.09.2026 10:00',
    '31.11.26 10:00',
    '2024-02-30T10:00:00',
    '2023-02-29 10:00:00',
    '2026-04-31',
    '2100-02-29T00:00:00',
    '01.03.2026 24:00:00',
    '01.03.2026 25:00',
    '01.03.2026 10:60',
    '2026-03-01T24:00:00',
    '2026-03-01T10:60:00',
    '2026-03-01T10:00:60',
    '2026-03-01T10:00:00+99:99',
    '2026-03-01T10:00:00+15:00',
    '2026-03-01T10:00:00-15:00',
    '2026-03-01T10:00:00+14:01',
    '2026-03-01T10:00:00+05:60',
    '2026-03-01T10:00:00+1500',
    '2026-03-01T10:00:00+99',
  ])('no time for the impossible %j', (raw) => {
    expect(parseDateTime(raw)).toBeNull();
  });

  it.each([
    ['29.02.2024 10:00:00', '2024-02-29T10:00:00'],
    ['29.02.2000', '2000-02-29T00:00:00'],
    ['30.04.2024 23:59:59', '2024-04-30T23:59:59'],
    ['31.12.2026 00:00', '2026-12-31T00:00:00'],
    ['2026-03-01T10:00:00+14:00', '2026-03-01T10:00:00+14:00'],
    ['2026-03-01T10:00:00-14:00', '2026-03-01T10:00:00-14:00'],
    ['2026-03-01T10:00:00-1200', '2026-03-01T10:00:00-12:00'],
  ])('keeps the possible %s → %s', (raw, iso) => expect(parseDateTime(raw)).toBe(iso));

  it('Excel serials: day 1 is 1900-01-01, times round to the second', () => {
    expect(excelSerialToIso(1)).toBe('1900-01-01T00:00:00');
    expect(excelSerialToIso(46086 + 0.999999)).toBe('2026-03-06T00:00:00');
    expect(excelSerialToIso(46086, false)).toBe('2026-03-05');
  });
});

describe('date and time columns', () => {
  it('combine', () => {
    expect(combineDateTime('05.03.2026', '14:07:09')).toBe('2026-03-05T14:07:09');
    expect(combineDateTime('05.03.2026', '9:07')).toBe('2026-03-05T09:07:00');
    expect(combineDateTime('05.03.2026', '0,5')).toBe('2026-03-05T12:00:00');
    expect(combineDateTime('05.03.2026', '')).toBe('2026-03-05T00:00:00');
    expect(combineDateTime('nonsense', '10:00')).toBeNull();
    expect(parseTimeOfDay('24:00')).toBeNull();
  });
});

describe('normalisePhone', () => {
  it.each([
    ['+7 (912) 345-67-89', '79123456789'],
    ['8 912 345 67 89', '79123456789'],
    ['89123456789', '79123456789'],
    ['7-912-345-67-89', '79123456789'],
    ['9123456789', '79123456789'],
    ['+7 912 345-67-89 доб. 12', '7912345678912'],
    ['79123456789.0', '79123456789'],
    ['+375 29 123-45-67', '375291234567'],
    ['+44 20 7946 0958', '442079460958'],
    ['+7 912 345 67 89; 8 495 111 22 33', '79123456789'],
  ])('%s → %s', (raw, digits) => expect(normalisePhone(raw)).toBe(digits));

  it('is null for things that are not phone numbers', () => {
    expect(normalisePhone('')).toBeNull();
    expect(normalisePhone('нет')).toBeNull();
    expect(normalisePhone('123')).toBeNull();
    // More than 16 digits is an id or a sum, not a phone number.
    expect(normalisePhone('+44 20 7946 0958 ext 1234')).toBe('4420794609581234');
    expect(normalisePhone('+44 20 7946 0958 ext 12345')).toBeNull();
    expect(normalisePhone('1'.repeat(40))).toBeNull();
  });
});

describe('parseDuration and parseCost', () => {
  it.each([
    ['0', 0],
    ['125', 125],
    ['12,5', 12.5],
    ['02:05', 125],
    ['1:02:05', 3725],
    ['', null],
    ['abc', null],
    ['1:75', null],
  ])('duration %j → %j', (raw, value) => expect(parseDuration(raw)).toBe(value));
  it.each([
    ['0', 0],
    ['12,34', 12.34],
    ['12.34', 12.34],
    ['1 234,50', 1234.5],
    ['1\u00a0234,50 ₽', 1234.5],
    ['15 руб.', 15],
    ['-3,5', -3.5],
    ['', null],
    ['бесплатно', null],
  ])('cost %j → %j', (raw, value) => expect(parseCost(raw)).toBe(value));
});

/*
 * The parsers before their char-code fast paths, kept here (and only here) as the reference: for every
 * cell, the fast parsers must give exactly what these give (Object.is, so -0 and NaN count too).
 */
const reference = (() => {
  const isDigit = (c: number): boolean => c >= 48 && c <= 57;
  const digitsAt = (s: string, start: number, count: number): number => {
    let n = 0;
    for (let i = start; i < start + count; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return -1;
      n = n * 10 + c;
    }
    return n;
  };
  const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));
  const pad4 = (n: number): string => String(n).padStart(4, '0');
  // A day exists when the calendar (Date) gives it back unchanged: no 30.02, no 29.02 outside leap years.
  const validDate = (y: number, m: number, d: number): boolean =>
    y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
  const validTime = (h: number, mi: number, s: number): boolean => h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
  const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
  const excelSerialToIsoRef = (serial: number): string | null => {
    if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
    const days = serial < 61 ? serial + 1 : serial;
    return new Date(Math.round((days * 86_400_000) / 1000) * 1000 + EXCEL_EPOCH_MS).toISOString().slice(0, 19);
  };
  const DOTTED = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*$/;
  const ISO = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*$/i;
  const SERIAL = /^\s*\d{5}(?:[.,]\d+)?\s*$/;
  const normaliseZone = (zone: string | undefined): string | null => {
    if (!zone) return '';
    if (zone === 'Z' || zone === 'z') return 'Z';
    const digits = zone.slice(1).replace(':', '');
    const h = digits.slice(0, 2),
      m = digits.length >= 4 ? digits.slice(2, 4) : '00';
    return Number(m) <= 59 && Number(h) * 60 + Number(m) <= 14 * 60 ? `${zone[0]}${h}:${m}` : null; // ±14:00 at most
  };
  const parseDateTimeRef = (raw: string): string | null => {
    const len = raw.length;
    if ((len === 19 || len === 16) && raw.charCodeAt(2) === 46 && raw.charCodeAt(5) === 46 && raw.charCodeAt(13) === 58) {
      const d = digitsAt(raw, 0, 2),
        m = digitsAt(raw, 3, 2),
        y = digitsAt(raw, 6, 4);
      const h = digitsAt(raw, 11, 2),
        mi = digitsAt(raw, 14, 2);
      const s = len === 19 && raw.charCodeAt(16) === 58 ? digitsAt(raw, 17, 2) : len === 16 ? 0 : -1;
      if (d >= 0 && m >= 0 && y >= 0 && h >= 0 && mi >= 0 && s >= 0 && validDate(y, m, d) && validTime(h, mi, s)) {
        return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
      }
    }
    let match = DOTTED.exec(raw);
    if (match) {
      const d = Number(match[1]),
        m = Number(match[2]);
      let y = Number(match[3]);
      if (match[3]!.length === 2) y += 2000;
      const h = Number(match[4] ?? 0),
        mi = Number(match[5] ?? 0),
        s = Number(match[6] ?? 0);
      if (!validDate(y, m, d) || !validTime(h, mi, s)) return null;
      return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
    }
    match = ISO.exec(raw);
    if (match) {
      const y = Number(match[1]),
        m = Number(match[2]),
        d = Number(match[3]);
      const h = Number(match[4] ?? 0),
        mi = Number(match[5] ?? 0),
        s = Number(match[6] ?? 0);
      const zone = normaliseZone(match[7]);
      if (!validDate(y, m, d) || !validTime(h, mi, s) || zone === null) return null;
      return `${pad4(y)}-${pad2(m)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}${zone}`;
    }
    if (SERIAL.test(raw)) return excelSerialToIsoRef(Number(raw.replace(',', '.')));
    return null;
  };
  const combineDateTimeRef = (dateRaw: string, timeRaw: string | undefined): string | null => {
    const date = parseDateTimeRef(dateRaw);
    if (!date) return null;
    if (timeRaw === undefined || timeRaw.trim() === '') return date;
    const time = parseTimeOfDay(timeRaw); // unchanged by the fast paths
    return time ? `${date.slice(0, 10)}T${time}` : date;
  };
  const normalisePhoneRef = (raw: string): string | null => {
    let digits = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (isDigit(c)) digits += raw[i];
      else if (c === 59 || c === 44) break;
    }
    if (raw.endsWith('.0') && digits.endsWith('0') && digits.length === 12) digits = digits.slice(0, -1);
    if (digits.length < 5 || digits.length > 16) return null; // the 16-digit cap, added after this copy was taken
    if (digits.length === 11 && (digits[0] === '8' || digits[0] === '7')) return '7' + digits.slice(1);
    if (digits.length === 10 && raw.trimStart()[0] !== '+') return '7' + digits;
    return digits;
  };
  const HMS = /^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?\s*$/;
  const NUMBER = /^\s*-?\d+(?:[.,]\d+)?\s*$/;
  const parseDurationRef = (raw: string): number | null => {
    if (raw.length === 0) return null;
    if (NUMBER.test(raw)) return Number(raw.replace(',', '.'));
    const match = HMS.exec(raw);
    if (!match) return null;
    const h = Number(match[1] ?? 0),
      m = Number(match[2]),
      s = Number(match[3]);
    if (s > 59 || (match[1] !== undefined && m > 59)) return null;
    return h * 3600 + m * 60 + s;
  };
  const MONEY = /^-?\d+(?:\.\d+)?$/;
  const parseCostRef = (raw: string): number | null => {
    if (raw.length === 0) return null;
    if (MONEY.test(raw)) return Number(raw);
    const cleaned = raw.replace(/[\s\u00a0\u202f₽$€]|руб\.?|р\.|rub/gi, '').replace(',', '.');
    return MONEY.test(cleaned) ? Number(cleaned) : null;
  };
  return {
    parseDateTime: parseDateTimeRef,
    combineDateTime: combineDateTimeRef,
    normalisePhone: normalisePhoneRef,
    parseDuration: parseDurationRef,
    parseCost: parseCostRef,
  };
})();

/** Cells where fast and reference differ (at most a few, for the failure message). */
function differences<T>(cells: readonly string[], fast: (cell: string) => T, ref: (cell: string) => T): string[] {
  const found: string[] = [];
  for (const cell of cells) {
    const a = fast(cell),
      b = ref(cell);
    if (!Object.is(a, b) && found.length < 5) found.push(`${JSON.stringify(cell)}: ${String(a)} ≠ ${String(b)}`);
  }
  return found;
}

/** A realistic cell, then sometimes damaged: chars replaced, inserted or removed, spaces around. */
function mutate(rng: Rng, cell: string, alphabet: readonly string[]): string {
  let s = cell;
  if (rng.chance(0.35)) {
    for (let n = rng.int(1, 2); n > 0; n--) {
      const at = rng.int(0, s.length);
      const kind = rng.int(0, 2);
      if (kind === 0)
        s = s.slice(0, at) + rng.pick(alphabet) + s.slice(at + 1); // replace
      else if (kind === 1)
        s = s.slice(0, at) + rng.pick(alphabet) + s.slice(at); // insert
      else s = s.slice(0, at) + s.slice(at + 1); // remove
    }
  }
  if (rng.chance(0.05)) s = rng.pick([' ', '\u00a0', '\t']) + s;
  if (rng.chance(0.05)) s += rng.pick([' ', '\u00a0', '\t']);
  return s;
}

const digits = (rng: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

describe('the fast paths give exactly what the reference parsers give', () => {
  const CELLS = 60_000;

  it('date-times (dotted and ISO, zones, fractions, 2-digit years, Excel serials, damaged cells)', () => {
    const rng = createRng(20261127);
    const num = (max: number): string => {
      const n = rng.int(0, max);
      return rng.chance(0.9) ? String(n).padStart(2, '0') : String(n);
    };
    const year = (): string => rng.pick(['2026', '2026', '1899', '1900', '2200', '2201', '0000', '26', '99', String(rng.int(1000, 9999))]);
    const time = (): string => `${num(25)}:${num(61)}${rng.chance(0.8) ? `:${num(61)}` : ''}${rng.chance(0.1) ? rng.pick(['.123', ',5', '.']) : ''}`;
    const zone = (): string =>
      rng.pick([
        '',
        '',
        '',
        'Z',
        'z',
        '+03',
        '+0300',
        '+03:00',
        '-05:30',
        '+3',
        ' Z',
        '+03:0',
        '+14:00',
        '-14:00',
        '+14:01',
        '+15:00',
        '-15',
        '+99:99',
        '+05:60',
        '+1400',
      ]);
    const cells: string[] = [
      '',
      ' ',
      'вчера',
      '01.03.2026\u00a008:05:21',
      '01.03.2026 08:05:21',
      '2026-03-01T08:05:42',
      '2026-03-01 08:05:42',
      '46086.5',
      '46086,25',
      '12345',
      '2958466',
      '00060',
      '00061.5',
      '1.3.26 9:05',
      '01-03-2026 08:05',
      '01/03/2026, 08:05:21',
    ];
    const alphabet = ['0', '1', '5', '9', '.', ':', '-', '/', ' ', 'T', 't', ',', '+', 'Z', 'a', '\u00a0', '٣', ';'];
    for (let i = 0; i < CELLS; i++) {
      const sep = rng.pick(['.', '.', '.', '/', '-']);
      const between = rng.pick([' ', ' ', 'T', ',', ', ', '  ', 'x']);
      const cell = rng.weighted<string>([
        [`${num(35)}${sep}${num(14)}${sep}${year()}${between}${time()}`, 6],
        [`${num(35)}${sep}${num(14)}${sep}${year()}`, 1],
        [`${year()}-${num(14)}-${num(35)}${rng.pick(['T', ' ', 't', 'T'])}${time()}${zone()}`, 4],
        [`${year()}-${num(14)}-${num(35)}`, 1],
        [`${rng.int(0, 99999)}${rng.chance(0.6) ? `${rng.pick(['.', ','])}${digits(rng, rng.int(1, 8))}` : ''}`, 1],
      ]);
      cells.push(mutate(rng, cell, alphabet));
    }
    expect(differences(cells, parseDateTime, reference.parseDateTime)).toEqual([]);
    const times = ['', ' ', '14:07', '9:07:05', '24:00', '0,5', '.75', 'x'];
    const pairs = cells.slice(0, 5000).map((cell, i) => [cell, times[i % times.length]!] as const);
    for (const [date, time] of pairs) expect(combineDateTime(date, time), `${date} / ${time}`).toBe(reference.combineDateTime(date, time));
  });

  it('phone numbers (every layout, 10–12 digits, +, доб., ";"- and ","-separated lists, ".0")', () => {
    const rng = createRng(77);
    const cells: string[] = [
      '',
      'нет',
      '123',
      '1234',
      '12345',
      '79123456789',
      '89123456789',
      '9123456789',
      '+9123456789',
      ' +9123456789',
      '\u00a0+9123456789',
      '79123456789.0',
      '791234567890.0',
      '7,91612E+10',
      '+7 912 345 67 89; 8 495 111 22 33',
      '8 912, 8 495',
    ];
    const alphabet = ['0', '7', '8', '9', ' ', '-', '+', '(', ')', ';', ',', '.', 'д', '\u00a0', '٣'];
    for (let i = 0; i < CELLS; i++) {
      const lead = rng.pick(['7', '8', '8', '9', '4', '3', '1', '0']);
      const a = digits(rng, 3),
        b = digits(rng, 3),
        c = digits(rng, 2),
        d = digits(rng, 2);
      const cell = rng.weighted<string>([
        [`+${lead} (${a}) ${b}-${c}-${d}`, 3],
        [`${lead} ${a} ${b} ${c} ${d}`, 3],
        [`${lead}-${a}-${b}-${c}-${d}`, 3],
        [`${lead}${a}${b}${c}${d}`, 3],
        [`${a}${b}${c}${d}`, 1],
        [`+${lead}${a}${b}${c}${d}`, 1],
        [`${lead} (${a}) ${b}-${c}-${d}`, 1],
        [`+${lead} ${a} ${b}-${c}-${d} доб. ${digits(rng, rng.int(1, 4))}`, 1],
        [`${lead}${a}${b}${c}${d}${rng.pick(['.0', '0.0', '.00', ',0'])}`, 1],
        [`+${digits(rng, rng.int(1, 3))} ${digits(rng, 2)} ${b}-${c}-${d}`, 1],
        [`${lead}${a}${b}${c}${d}${rng.pick([';', ',', '; ', ', '])}${digits(rng, 11)}`, 1],
        [digits(rng, rng.int(0, 33)), 1],
      ]);
      cells.push(mutate(rng, cell, alphabet));
    }
    expect(differences(cells, normalisePhone, reference.normalisePhone)).toEqual([]);
  });

  it('durations and costs (integers, decimals with comma or point, negatives, long numbers, hh:mm:ss, currency, NBSP thousands)', () => {
    const rng = createRng(4242);
    const cells: string[] = [
      '',
      '0',
      '-0',
      '-0,00',
      '0,00',
      '00,10',
      '007',
      '864',
      '18,24',
      '18.24',
      '12,5',
      '-3,5',
      '1:02:05',
      '02:05',
      '1:75',
      '1 234,50',
      '1\u00a0234,50 ₽',
      '1\u202f234 руб.',
      '15 руб.',
      '15 р.',
      '15 rub',
      '15RUB',
      '$5',
      '€5,5',
      '1,234.50',
      '1.',
      '.5',
      '-',
      '1e5',
      '0x10',
      'Infinity',
      '١٢٣',
      '999999999999999',
      '9999999999999999',
      '12345678901234567890',
      '0.1234567890123456',
      '123456789.123456',
      ' 12 ',
    ];
    const alphabet = ['0', '1', '9', ',', '.', '-', ':', ' ', '\u00a0', 'р', '₽', 'e'];
    for (let i = 0; i < CELLS; i++) {
      const int = digits(
        rng,
        rng.weighted<number>([
          [1, 4],
          [2, 2],
          [3, 2],
          [rng.int(4, 20), 1],
        ]),
      );
      const frac = digits(
        rng,
        rng.weighted<number>([
          [2, 4],
          [1, 1],
          [rng.int(3, 20), 1],
        ]),
      );
      const cell = rng.weighted<string>([
        [int, 4],
        [`${int},${frac}`, 4],
        [`${int}.${frac}`, 2],
        [`-${int}${rng.chance(0.5) ? `,${frac}` : ''}`, 1],
        [`${rng.int(0, 99)}:${String(rng.int(0, 70)).padStart(2, '0')}${rng.chance(0.5) ? `:${String(rng.int(0, 70)).padStart(2, '0')}` : ''}`, 1],
        [`${rng.int(1, 999)}${rng.pick([' ', '\u00a0', '\u202f'])}${digits(rng, 3)},${frac}${rng.pick(['', ' ₽', ' руб.', ' р.', 'rub', ' $', '€'])}`, 1],
      ]);
      cells.push(mutate(rng, cell, alphabet));
    }
    expect(differences(cells, parseDuration, reference.parseDuration)).toEqual([]);
    expect(differences(cells, parseCost, reference.parseCost)).toEqual([]);
  });

  it('decimals parsed by char codes are the doubles Number() gives, to the last bit', () => {
    const rng = createRng(15);
    const cells: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const total = rng.int(1, 17);
      const intDigits = rng.int(1, total);
      const text = digits(rng, total);
      cells.push(intDigits === total ? text : `${text.slice(0, intDigits)}${rng.pick([',', '.'])}${text.slice(intDigits)}`);
    }
    expect(differences(cells, parseCost, reference.parseCost)).toEqual([]);
    expect(differences(cells, parseDuration, reference.parseDuration)).toEqual([]);
  });
});
