import { describe, expect, it } from 'vitest';
import { detectEncoding, isValidUtf8, russianScore } from '../../../src/core/import/detect/encoding.ts';
import { concatBytes, encodeCp1251, encodeKoi8r, encodeMacCyrillic, encodeText, encodeUtf16be, encodeUtf16le } from '../../fixtures/encode.ts';

const utf8 = (text: string): Uint8Array => encodeText(text, 'utf-8');

const RUSSIAN =
  'Дата;Номер клиента;Менеджер;Статус;Комментарий\r\n05.03.2026 10:00;+7 912 345-67-89;Иванова Ольга;200/487;Клиент не взял трубку, перезвонить завтра\r\n';
const SHORT = 'Статус;Ёлка\r\n200/200;Щука\r\n';

describe('detectEncoding', () => {
  it('reads BOMs', () => {
    expect(detectEncoding(concatBytes([Uint8Array.of(0xef, 0xbb, 0xbf), utf8(RUSSIAN)]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(concatBytes([Uint8Array.of(0xff, 0xfe), encodeUtf16le(RUSSIAN)]))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(concatBytes([Uint8Array.of(0xfe, 0xff), encodeUtf16be(RUSSIAN)]))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });

  it('recognises UTF-16 without a BOM by its NUL pattern', () => {
    expect(detectEncoding(encodeUtf16le('Status;Phone\r\n200/487;+79123456789\r\n')).encoding).toBe('utf-16le');
    expect(detectEncoding(encodeUtf16be('Status;Phone\r\n200/487;+79123456789\r\n')).encoding).toBe('utf-16be');
  });

  it('takes valid UTF-8 (and plain ASCII) as UTF-8, even when the sample cuts a character in half', () => {
    expect(detectEncoding(utf8(RUSSIAN)).encoding).toBe('utf-8');
    expect(detectEncoding(utf8('Status;Phone\n200/487;1\n')).encoding).toBe('utf-8');
    const bytes = utf8(RUSSIAN);
    const cut = bytes.indexOf(0xd0, 10) + 1; // right after the first byte of a Cyrillic letter
    expect(isValidUtf8(bytes.subarray(0, cut))).toBe(true);
    expect(isValidUtf8(Uint8Array.of(0x41, 0xc0, 0x41))).toBe(false);
  });

  it.each([
    ['windows-1251', encodeCp1251],
    ['koi8-r', encodeKoi8r],
    ['x-mac-cyrillic', encodeMacCyrillic],
  ] as const)('tells %s apart by Russian letter statistics', (encoding, encode) => {
    expect(detectEncoding(encode(RUSSIAN)).encoding).toBe(encoding);
    expect(detectEncoding(encode(SHORT.repeat(3))).encoding).toBe(encoding);
  });

  it('prefers Windows-1251 for uppercase-only text, the common case', () => {
    expect(detectEncoding(encodeCp1251('СТАТУС;МЕНЕДЖЕР\r\n200/200;ИВАНОВ\r\n')).encoding).toBe('windows-1251');
  });

  it('scores proper Russian above mojibake', () => {
    expect(russianScore('Клиент не взял трубку')).toBeGreaterThan(russianScore('лМХЕМР МЕ БГЪК РПСАЙС'));
  });

  it('refuses empty and binary files with one clear sentence', () => {
    expect(() => detectEncoding(new Uint8Array(0))).toThrow(/empty/);
    expect(() => detectEncoding(Uint8Array.of(0xef, 0xbb, 0xbf), 3)).toThrow(/empty/);
    expect(() => detectEncoding(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48))).toThrow(/binary/);
    const controls = new Uint8Array(400).map((_, i) => (i % 3 === 0 ? 1 : 65));
    expect(() => detectEncoding(controls)).toThrow(/not a text/);
  });
});
