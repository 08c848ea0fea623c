import { describe, expect, it } from 'vitest';
import { combineDateTime, excelSerialToIso, normalisePhone, parseCost, parseDateTime, parseDuration, parseTimeOfDay } from '../../../src/core/import/values.ts';

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
  });
});

describe('parseDuration and parseCost', () => {
  it.each([['0', 0], ['125', 125], ['12,5', 12.5], ['02:05', 125], ['1:02:05', 3725], ['', null], ['abc', null], ['1:75', null]])(
    'duration %j → %j', (raw, value) => expect(parseDuration(raw)).toBe(value),
  );
  it.each([['0', 0], ['12,34', 12.34], ['12.34', 12.34], ['1 234,50', 1234.5], ['1\u00a0234,50 ₽', 1234.5], ['15 руб.', 15], ['-3,5', -3.5], ['', null], ['бесплатно', null]])(
    'cost %j → %j', (raw, value) => expect(parseCost(raw)).toBe(value),
  );
});
