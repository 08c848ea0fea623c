/**
 * The grid's column filters as CallFilter's `where` and back (issue #8, item 2), their tokens, and the
 * anchor of the quick time ranges (the file's last day when the file ends before today).
 */
import { describe, expect, it } from 'vitest';
import type { DatasetColumn } from '../../../src/shared/query.ts';
import { filterDefOf, mergeWhere, modelOfWhere, sameModel, whereOfModel } from '../../../src/renderer/src/calls/column-filters.ts';
import { removeToken, tokensOf } from '../../../src/renderer/src/calls/filter-model.ts';
import { quickAnchor, quickRange } from '../../../src/renderer/src/calls/time-range.ts';

const COLUMNS: DatasetColumn[] = [
  { name: '_line', kind: 'number', tag: true, role: null },
  { name: 'Дата', kind: 'time', tag: false, role: 'datetime' },
  { name: 'Менеджер', kind: 'text', tag: false, role: 'manager' },
  { name: 'Длительность', kind: 'number', tag: false, role: 'duration' },
  { name: 'Комментарий', kind: 'text', tag: false, role: null },
  { name: '_side', kind: 'text', tag: true, role: null },
];

describe('column filters', () => {
  it('text and time columns get the text filter, number and duration columns the number filter, tags none', () => {
    expect(filterDefOf(COLUMNS[2]!)?.filter).toBe('agTextColumnFilter');
    expect(filterDefOf(COLUMNS[1]!)?.filter).toBe('agTextColumnFilter');
    expect(filterDefOf(COLUMNS[3]!)).toMatchObject({ filter: 'agNumberColumnFilter', filterParams: { inRangeInclusive: true, maxNumConditions: 1 } });
    expect(filterDefOf(COLUMNS[5]!)).toBeNull();
  });

  it('the grid’s model becomes contains / equals / empty and ranges with both ends included', () => {
    expect(
      whereOfModel(COLUMNS, {
        Комментарий: { filterType: 'text', type: 'contains', filter: ' перезвонить ' },
        Менеджер: { filterType: 'text', type: 'equals', filter: 'Иванова Ольга' },
        Дата: { filterType: 'text', type: 'blank' },
        Длительность: { filterType: 'number', type: 'inRange', filter: 30, filterTo: 60 },
      }),
    ).toEqual([
      { column: 'Дата', op: 'empty' },
      { column: 'Менеджер', op: 'equals', value: 'Иванова Ольга' },
      { column: 'Длительность', op: 'range', min: 30, max: 60 },
      { column: 'Комментарий', op: 'contains', value: 'перезвонить' },
    ]);
    const one = (model: object) => whereOfModel(COLUMNS, { Длительность: model });
    expect(one({ filterType: 'number', type: 'greaterThanOrEqual', filter: 10 })).toEqual([{ column: 'Длительность', op: 'range', min: 10 }]);
    expect(one({ filterType: 'number', type: 'lessThanOrEqual', filter: 10 })).toEqual([{ column: 'Длительность', op: 'range', max: 10 }]);
    expect(one({ filterType: 'number', type: 'equals', filter: 0 })).toEqual([{ column: 'Длительность', op: 'range', min: 0, max: 0 }]);
    expect(one({ filterType: 'number', type: 'inRange', filter: 60, filterTo: 30 })).toEqual([{ column: 'Длительность', op: 'range', min: 30, max: 60 }]);
    expect(one({ filterType: 'number', type: 'blank' })).toEqual([{ column: 'Длительность', op: 'empty' }]);
    // Half-typed: nothing yet.
    expect(one({ filterType: 'number', type: 'inRange', filter: null, filterTo: null })).toEqual([]);
    expect(whereOfModel(COLUMNS, { Комментарий: { filterType: 'text', type: 'contains', filter: '  ' } })).toEqual([]);
    // A column the dataset does not have, or a tag, is not read.
    expect(
      whereOfModel(COLUMNS, { Нет: { filterType: 'text', type: 'contains', filter: 'x' }, _side: { filterType: 'text', type: 'contains', filter: 'x' } }),
    ).toEqual([]);
  });

  it('conditions come back as the same model (a reload, a token removed, Back)', () => {
    const where = [
      { column: 'Комментарий', op: 'contains', value: 'счёт' },
      { column: 'Длительность', op: 'range', min: 30, max: 60 },
      { column: 'Дата', op: 'empty' },
    ] as const;
    const model = modelOfWhere(COLUMNS, where);
    expect(model).toEqual({
      Комментарий: { filterType: 'text', type: 'contains', filter: 'счёт' },
      Длительность: { filterType: 'number', type: 'inRange', filter: 30, filterTo: 60 },
      Дата: { filterType: 'text', type: 'blank' },
    });
    expect(whereOfModel(COLUMNS, model)).toEqual([where[2], where[1], where[0]]);
    expect(sameModel(COLUMNS, model, { ...model, Длительность: { ...model.Длительность, extra: 1 } })).toBe(true);
    expect(sameModel(COLUMNS, model, {})).toBe(false);
  });

  it('a change in the grid replaces the conditions it shows and keeps those it cannot show', () => {
    const where = [
      { column: 'Комментарий', op: 'contains', value: 'счёт' },
      { column: 'Комментарий', op: 'contains', value: 'почту' }, // a second one on the column: the grid shows the first
      { column: '_side', op: 'equals', value: 'client' }, // a tag: no grid filter
    ] as const;
    expect(mergeWhere(COLUMNS, where, { Менеджер: { filterType: 'text', type: 'equals', filter: 'Анна' } })).toEqual([
      where[1],
      where[2],
      { column: 'Менеджер', op: 'equals', value: 'Анна' },
    ]);
    // Changed in place, new ones last: the tokens keep the order they were added in.
    const two = [
      { column: 'Комментарий', op: 'contains', value: 'счёт' },
      { column: 'Длительность', op: 'range', min: 30 },
    ] as const;
    expect(
      mergeWhere(COLUMNS, two, {
        Длительность: { filterType: 'number', type: 'blank' },
        Комментарий: { filterType: 'text', type: 'contains', filter: 'почту' },
        Менеджер: { filterType: 'text', type: 'equals', filter: 'Анна' },
      }),
    ).toEqual([
      { column: 'Комментарий', op: 'contains', value: 'почту' },
      { column: 'Длительность', op: 'empty' },
      { column: 'Менеджер', op: 'equals', value: 'Анна' },
    ]);
    expect(mergeWhere(COLUMNS, [], {})).toEqual([]);
  });

  it('each condition is one token, removed alone', () => {
    const filter = {
      sides: ['client'],
      where: [
        { column: 'Комментарий', op: 'contains', value: 'счёт' },
        { column: 'Длительность', op: 'range', min: 30 },
      ],
    } as const;
    const tokens = tokensOf(filter);
    expect(tokens.map((token) => token.field)).toEqual(['sides', 'where', 'where']);
    expect(removeToken(filter, tokens[1]!)).toEqual({ sides: ['client'], where: [filter.where[1]] });
    expect(removeToken(removeToken(filter, tokens[2]!), tokens[1]!)).toEqual({ sides: ['client'] });
  });
});

describe('quick ranges count from the file’s last day when it ends before today', () => {
  const now = new Date(2026, 3, 15, 10, 0); // 15 April 2026

  it('last month’s export: "today" is its last day, "this month" its last month', () => {
    const anchor = quickAnchor('2026-03-28T19:42:10', now);
    expect(anchor.ofFile).toBe(true);
    expect(quickRange('today', anchor.date)).toEqual({ from: '2026-03-28T00:00', to: '2026-03-29T00:00' });
    expect(quickRange('yesterday', anchor.date)).toEqual({ from: '2026-03-27T00:00', to: '2026-03-28T00:00' });
    expect(quickRange('last7', anchor.date)).toEqual({ from: '2026-03-22T00:00', to: '2026-03-29T00:00' });
    expect(quickRange('thisMonth', anchor.date)).toEqual({ from: '2026-03-01T00:00', to: '2026-04-01T00:00' });
  });

  it('a file that reaches today, or has no times, keeps the machine’s clock', () => {
    expect(quickAnchor('2026-04-15T08:00:00', now)).toEqual({ date: now, ofFile: false });
    expect(quickAnchor('2026-05-01T08:00:00', now)).toEqual({ date: now, ofFile: false });
    expect(quickAnchor(null, now)).toEqual({ date: now, ofFile: false });
    expect(quickRange('today', quickAnchor('2026-04-15T08:00:00', now).date)).toEqual({ from: '2026-04-15T00:00', to: '2026-04-16T00:00' });
  });
});
