import { describe, expect, it } from 'vitest';
import { canGoBack, canGoForward, currentFilter, goBack, goForward, pushFilter, startHistory } from '../../../src/renderer/src/calls/filter-history.ts';
import { isEmpty, normalize, removeToken, sameFilter, tokensOf, toggleValue, without } from '../../../src/renderer/src/calls/filter-model.ts';
import { bucketRange, quickRange, shortTime } from '../../../src/renderer/src/calls/time-range.ts';

describe('the grid filter', () => {
  it('drops empty fields, so filters that show the same calls compare equal', () => {
    expect(normalize({ sides: [], phone: '  ', hideBenign: false, from: '' })).toEqual({});
    expect(isEmpty({ reasons: [], managers: [] })).toBe(true);
    expect(sameFilter({ sides: ['client'], statuses: [] }, { sides: ['client'] })).toBe(true);
    expect(sameFilter({ sides: ['client'] }, { sides: ['manager'] })).toBe(false);
  });

  it('toggles one value of a list field and leaves the others', () => {
    const one = toggleValue({ hideBenign: true }, 'sides', 'client');
    expect(one).toEqual({ sides: ['client'], hideBenign: true });
    expect(toggleValue(one, 'sides', 'carrier')).toEqual({ sides: ['client', 'carrier'], hideBenign: true });
    expect(toggleValue(one, 'sides', 'client')).toEqual({ hideBenign: true });
  });

  it('lists one token per narrowing value and removes exactly that one', () => {
    const filter = {
      sides: ['client', 'carrier'],
      statuses: ['200/487'],
      hideBenign: true,
      from: '2026-03-01T00:00',
      phone: '916',
      managers: ['Анна'],
    } as const;
    const tokens = tokensOf(filter);
    expect(tokens.map((token) => token.field)).toEqual(['sides', 'sides', 'statuses', 'hideBenign', 'time', 'phone', 'managers']);
    expect(removeToken(filter, tokens[1]!)).toEqual({ ...filter, sides: ['client'] });
    expect(removeToken(filter, tokens[4]!)).not.toHaveProperty('from');
    expect(removeToken(filter, tokens[3]!)).not.toHaveProperty('hideBenign');
    expect(without(filter, 'sides')).not.toHaveProperty('sides');
  });
});

describe('the filter history', () => {
  it('goes back and forward; a new filter drops the steps ahead; a repeat is no step', () => {
    let history = startHistory({});
    history = pushFilter(history, { sides: ['client'] });
    history = pushFilter(history, { sides: ['client'], hideBenign: true });
    expect(pushFilter(history, { hideBenign: true, sides: ['client'] })).toBe(history);
    history = goBack(history);
    expect(currentFilter(history)).toEqual({ sides: ['client'] });
    expect(canGoForward(history)).toBe(true);
    history = pushFilter(history, { sides: ['manager'] });
    expect(canGoForward(history)).toBe(false);
    expect(currentFilter(goForward(history))).toEqual({ sides: ['manager'] });
    history = goBack(goBack(history));
    expect(currentFilter(history)).toEqual({});
    expect(canGoBack(history)).toBe(false);
    expect(goBack(history)).toBe(history);
  });
});

describe('time ranges', () => {
  const now = new Date(2026, 2, 10, 15, 30); // 10 March 2026, local time

  it('quick ranges are whole local days, the end exclusive', () => {
    expect(quickRange('today', now)).toEqual({ from: '2026-03-10T00:00', to: '2026-03-11T00:00' });
    expect(quickRange('yesterday', now)).toEqual({ from: '2026-03-09T00:00', to: '2026-03-10T00:00' });
    expect(quickRange('last7', now)).toEqual({ from: '2026-03-04T00:00', to: '2026-03-11T00:00' });
    expect(quickRange('thisMonth', now)).toEqual({ from: '2026-03-01T00:00', to: '2026-04-01T00:00' });
    expect(quickRange('all', now)).toEqual({});
    expect(quickRange('last7', new Date(2026, 0, 3))).toEqual({ from: '2025-12-28T00:00', to: '2026-01-04T00:00' });
  });

  it('a chart bucket becomes the range it covers', () => {
    expect(bucketRange('2026-03-31T23:00:00', 'hour')).toEqual({ from: '2026-03-31T23:00', to: '2026-04-01T00:00' });
    expect(bucketRange('2026-03-31T00:00:00', 'day')).toEqual({ from: '2026-03-31T00:00', to: '2026-04-01T00:00' });
  });

  it('shows times to the minute', () => {
    expect(shortTime('2026-03-05T08:30:00')).toBe('2026-03-05 08:30');
    expect(shortTime('2026-03-05T00:00')).toBe('2026-03-05 00:00');
  });
});
