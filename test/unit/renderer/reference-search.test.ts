import { describe, expect, it } from 'vitest';
import { applyFilter, matchesQuery } from '../../../src/renderer/src/reference/search.ts';
import { STATUS_CATALOGUE } from '../../../src/shared/status/index.ts';

const codes = (query: string, sides: string[] = [], reason: string | null = null): string[] =>
  applyFilter(STATUS_CATALOGUE, { query, sides: new Set(sides) as never, reason: reason as never }).map((entry) => entry.code);

describe('reference search', () => {
  it('matches codes by substring, spaces and backslashes forgiven', () => {
    expect(codes('487')).toEqual(['200/487', '487/0']);
    expect(codes('200/48')).toEqual(['200/480', '200/484', '200/486', '200/487']);
    expect(codes('200 / 487')).toEqual(['200/487']);
    expect(codes('200\\487')).toEqual(['200/487']);
  });

  it('matches words in either language, case- and ё-insensitively', () => {
    // The reason "Занято"/"Busy" is searched too, so 101/486 is found in both languages (issue 11, item 8).
    const busy = ['200/486', '200/600', '486/0', '101/486'];
    expect(codes('занят')).toEqual(busy);
    expect(codes('ЗАНЯТ')).toEqual(busy);
    expect(codes('busy')).toEqual(busy);
    expect(codes('идет')).toEqual(['1/0']);
  });

  it('combines the query with side chips and the reason', () => {
    expect(codes('', ['pending'])).toEqual(['1/0', '2/0', '707/0']);
    expect(codes('оператор', ['carrier'], 'rejected')).toEqual(['200/403', '200/603', '403/0', '603/0', '200/461']);
    expect(codes('')).toHaveLength(67);
  });

  it('an empty query matches everything', () => {
    expect(STATUS_CATALOGUE.every((entry) => matchesQuery(entry, '  '))).toBe(true);
  });
});
