import { describe, expect, it } from 'vitest';
import { applyFilter } from '../../../src/renderer/src/reference/search.ts';
import { STATUS_CATALOGUE } from '../../../src/shared/status/index.ts';
import { DICTIONARIES, clientLeg, legsInWords, managerLeg } from '../../../src/renderer/src/i18n/index.ts';
import { ru } from '../../../src/renderer/src/i18n/ru.ts';
import { AG_GRID_RU_PARTIAL } from '../../../src/renderer/src/i18n/agGridRu.ts';
import { MESSAGES } from '../../../src/core/messages.ts';

const codes = (query: string): string[] =>
  applyFilter(STATUS_CATALOGUE, { query, sides: new Set(), reason: null })
    .map((entry) => entry.code)
    .sort();
const where = (test: (code: string) => boolean): string[] =>
  STATUS_CATALOGUE.map((e) => e.code)
    .filter(test)
    .sort();
const byReason = (...reasons: string[]): string[] =>
  STATUS_CATALOGUE.filter((e) => reasons.includes(e.reason))
    .map((e) => e.code)
    .sort();

// Issue 11, item 8: the reference search finds what the screen shows.
describe('reference search: what the screen shows', () => {
  it.each([
    // reason labels, as the Reason column shows them
    ['Занято', byReason('busy')],
    ['не ответил', [...byReason('no-answer'), '200/504', '504/0'].sort()], // 504: "сервер оператора не ответил вовремя"
    ['no answer', byReason('no-answer')],
    // SIP phrases next to leg codes
    ['Busy Here', where((c) => c.split('/').includes('486'))],
    ['busy everywhere', ['200/600']],
    // words in any order, across the meaning and the legs
    ['клиент занят', ['101/486', '200/486', '200/600']],
    ['занят клиент', ['101/486', '200/486', '200/600']],
    ['номер не существует', ['200/404', '200/410', '200/604', '404/0', '604/0']],
    ['оператор отклонён', ['200/403', '200/461', '200/603', '403/0', '603/0']],
    // a code written with a space
    ['200 486', ['200/486']],
    ['486 0', ['486/0']],
    // Russian word forms
    ['занято', byReason('busy')],
    ['занятой', byReason('busy')],
    ['клиента занят', ['101/486', '200/486', '200/600']],
  ])('%s', (query, expected) => {
    expect(codes(query)).toEqual(expected);
  });

  it('a Russian query and its English twin find the same statuses', () => {
    expect(codes('занят')).toEqual(codes('busy'));
    expect(codes('занят')).toContain('101/486');
    expect(codes('не взял трубку')).toEqual(codes('did not pick up'));
    expect(codes('недоступен')).toEqual(codes('unavailable'));
  });
});

// Issue 11, item 9: the legs' wording is grammatical, our Russian uses ё consistently.
describe('legs in words', () => {
  it('never says "клиент не дозвонились" or "менеджер не дозвонились"', () => {
    for (const entry of STATUS_CATALOGUE) {
      const text = legsInWords(DICTIONARIES.ru, entry);
      expect(text, entry.code).not.toMatch(/(клиент|менеджер) не дозвонились/);
    }
    expect(clientLeg(DICTIONARIES.ru, 404).words).toBe('до клиента не дозвонились: номер не существует');
    expect(managerLeg(DICTIONARIES.ru, 404).words).toBe('до менеджера не дозвонились: номер не существует');
    expect(clientLeg(DICTIONARIES.ru, 486).words).toBe('клиент занят');
    expect(clientLeg(DICTIONARIES.en, 404).words).toBe('client not reached: the number does not exist');
  });

  it('our Russian texts never write a word both with ё and with е', () => {
    const texts: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === 'string') texts.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(ru);
    walk(AG_GRID_RU_PARTIAL);
    walk(Object.values(MESSAGES).map((message) => message.ru));
    const words = new Set(texts.flatMap((text) => text.toLowerCase().match(/[а-яё]+/g) ?? []));
    // "всё" (everything) and "все" (all of them) are different words.
    const both = [...words].filter((word) => word.includes('ё') && word !== 'всё' && words.has(word.replaceAll('ё', 'е')));
    expect(both).toEqual([]);
  });
});
