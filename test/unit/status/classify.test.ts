import { describe, expect, it } from 'vitest';
import { STATUS_CATALOGUE, classifyLegs, classifyStatus } from '../../../src/shared/status/index.ts';

describe('classifyStatus', () => {
  it('tags every documented code as the catalogue does', () => {
    for (const entry of STATUS_CATALOGUE) {
      expect(classifyStatus(entry.code)).toEqual({
        raw: entry.code,
        code: entry.code,
        manager: entry.manager,
        client: entry.client,
        side: entry.side,
        reason: entry.reason,
        benign: entry.benign,
        origin: 'documented',
      });
    }
  });

  it.each(['200/487', '200 / 487', ' 200/487 ', '200/487 Клиент не взял трубку', '200\\487', '\t200/ 487\r'])('reads %j as 200/487', (raw) => {
    expect(classifyStatus(raw)).toMatchObject({ raw, code: '200/487', side: 'client', reason: 'no-answer', origin: 'documented' });
  });

  it.each(['', '   ', '—', '-', 'N/A', 'n/a', 'ошибка', '487', '200/', '/487', '200-487', '12345/0', 'abc/def'])(
    'treats %j as unknown and keeps the raw value',
    (raw) => {
      expect(classifyStatus(raw)).toEqual({
        raw,
        code: null,
        manager: null,
        client: null,
        side: 'unknown',
        reason: 'unknown',
        benign: false,
        origin: 'unknown',
      });
    },
  );

  it.each([
    ['1/5', 'pending', 'in-progress'],
    ['2/7', 'pending', 'scheduled'],
    ['200/405', 'client', 'technical'],
    ['200/481', 'client', 'technical'],
    ['101/487', 'client', 'no-answer'],
    ['200/505', 'carrier', 'technical'],
    ['101/603', 'carrier', 'rejected'],
    ['405/0', 'manager', 'technical'],
    ['410/0', 'manager', 'not-found'],
    ['600/0', 'manager', 'busy'],
    ['505/0', 'carrier', 'technical'],
    ['750/0', 'service', 'unknown'],
    ['200/899', 'service', 'unknown'],
    ['816/0', 'service', 'unknown'],
  ])('infers %s as %s / %s', (raw, side, reason) => {
    expect(classifyStatus(raw)).toMatchObject({ code: raw, side, reason, origin: 'inferred', benign: false });
  });

  it('leaves pairs no rule covers as unknown but keeps the parsed legs', () => {
    expect(classifyStatus('200/183')).toMatchObject({ code: '200/183', manager: 200, client: 183, side: 'unknown', origin: 'unknown' });
    expect(classifyStatus('300/0')).toMatchObject({ side: 'unknown', origin: 'unknown' });
    expect(classifyStatus('486/200')).toMatchObject({ side: 'unknown', origin: 'unknown' });
  });
});

describe('classifyLegs', () => {
  it('reads two leg columns like one status column', () => {
    expect(classifyLegs('200', '487')).toMatchObject({ code: '200/487', side: 'client', origin: 'documented', raw: '200/487' });
    expect(classifyLegs(' 811 ', '0')).toMatchObject({ code: '811/0', side: 'service', reason: 'billing' });
  });

  it('treats an empty client leg as 0 (the client was never dialled)', () => {
    expect(classifyLegs('487', '')).toMatchObject({ code: '487/0', side: 'manager', reason: 'no-answer' });
    expect(classifyLegs('486', '—')).toMatchObject({ code: '486/0', side: 'manager', reason: 'busy' });
  });

  it('accepts numbers Excel wrote as decimals', () => {
    expect(classifyLegs('200.0', '486.0')).toMatchObject({ code: '200/486', reason: 'busy' });
  });

  it('is unknown when a leg is not a number', () => {
    expect(classifyLegs('', '487')).toMatchObject({ side: 'unknown', origin: 'unknown', raw: '/487' });
    expect(classifyLegs('OK', '487')).toMatchObject({ side: 'unknown' });
    expect(classifyLegs('200', 'x')).toMatchObject({ side: 'unknown' });
  });
});
