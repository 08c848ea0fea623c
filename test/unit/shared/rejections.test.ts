import { describe, expect, it } from 'vitest';
import { localizeRejection, parseRejection, rejectionText, type Rejection } from '../../../src/shared/rejections.ts';

const ALL: Rejection[] = [
  { kind: 'field-count', expected: 9, found: 4 },
  { kind: 'summary-row' },
  { kind: 'undecodable' },
  { kind: 'unterminated-quote' },
  { kind: 'unterminated-quote-too-long' },
  { kind: 'line-too-long', limit: 16_777_216 },
  { kind: 'before-header' },
  { kind: 'cell-reference', ref: '1A' },
  { kind: 'duplicate-cell', ref: 'B5' },
  { kind: 'row-number', value: '4294967297' },
];

describe('rejection reasons', () => {
  it.each(ALL)('round-trips $kind through the stored English text', (rejection) => {
    expect(parseRejection(rejectionText(rejection))).toEqual(rejection);
  });

  it('shows stored reasons in Russian, with the numbers kept', () => {
    expect(localizeRejection('expected 9 fields, found 4', 'ru')).toBe('ожидалось полей: 9, найдено: 4');
    expect(localizeRejection('summary row ("Итого"/"Total"), not a call', 'ru')).toBe('итоговая строка («Итого»/«Total»), а не звонок');
    for (const rejection of ALL) expect(localizeRejection(rejectionText(rejection), 'ru')).toMatch(/[а-я]/);
  });

  it('leaves text it did not write as it is', () => {
    expect(parseRejection('something else')).toBeNull();
    expect(localizeRejection('something else', 'ru')).toBe('something else');
  });
});
