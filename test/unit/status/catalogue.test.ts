import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REASONS, SIDES, STATUS_CATALOGUE, findStatus } from '../../../src/shared/status/index.ts';

/** Parses the verbatim copy of the service's table the way a person reads it: code | text rows. */
function parseSeedTable(): Array<{ code: string; text: string }> {
  const markdown = readFileSync(new URL('../../../resources/call-statuses.md', import.meta.url), 'utf8');
  const rows: Array<{ code: string; text: string }> = [];
  for (const line of markdown.split(/\r?\n/)) {
    const match = /^\|\s*(\d+\/\d+)\s*\|(.*)\|\s*$/.exec(line);
    if (!match) continue;
    rows.push({ code: match[1]!, text: cleanText(match[2]!) });
  }
  return rows;
}

/** status-semantics.md: trimmed, unquoted, spaces collapsed; wording kept. */
function cleanText(raw: string): string {
  let text = raw.trim();
  if (text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return text.trim().replace(/\s+/g, ' ');
}

describe('status catalogue', () => {
  const seed = parseSeedTable();

  it('resources holds a verbatim copy of the seed table (its SHA-256 as of the copy)', () => {
    // The seed lives outside this repository (../shared/seed); the hash pins the copy byte for byte.
    const copy = readFileSync(new URL('../../../resources/call-statuses.md', import.meta.url));
    expect(createHash('sha256').update(copy).digest('hex')).toBe('c8aeb3ce26befe7fd5c68a46003cb215d25e5c5d32146a4360195c0e38004bc7');
  });

  it('the seed table has 67 codes', () => {
    expect(seed).toHaveLength(67);
  });

  it('has exactly the seed rows, in order, with the same cleaned Russian text', () => {
    expect(STATUS_CATALOGUE.map((entry) => ({ code: entry.code, text: entry.textRu }))).toEqual(seed);
  });

  it('keeps the seed wording, typos and odd spacing inside the text included', () => {
    expect(findStatus('200/708')?.textRu).toBe('Менеджер,отменил звонок без возможности для повторных соединений');
    expect(findStatus('706/0')?.textRu).toBe('попытка создать новую цепочку , когда ещё есть активная');
    expect(findStatus('667/0')?.textRu).toBe('Блокировка по номеру телефона клиента');
    expect(findStatus('200/0')?.textRu.startsWith('"')).toBe(false);
  });

  it('every entry has valid facets, an English text and consistent legs', () => {
    for (const entry of STATUS_CATALOGUE) {
      expect(SIDES).toContain(entry.side);
      expect(REASONS).toContain(entry.reason);
      expect(entry.textEn.length).toBeGreaterThan(3);
      expect(`${entry.manager}/${entry.client}`).toBe(entry.code);
    }
  });

  it('marks exactly the benign codes of status-semantics.md', () => {
    const benign = STATUS_CATALOGUE.filter((entry) => entry.benign)
      .map((entry) => entry.code)
      .sort();
    expect(benign).toEqual(['200/201', '701/0', '706/0', '790/0', '813/0', '815/0'].sort());
  });

  it('matches the proposed side/reason mapping on representative rows', () => {
    const expected: Array<[string, string, string]> = [
      ['1/0', 'pending', 'in-progress'],
      ['707/0', 'pending', 'awaiting-status'],
      ['200/200', 'success', 'connected'],
      ['101/200', 'success', 'notified'],
      ['200/0', 'manager', 'dropped'],
      ['200/1', 'carrier', 'dropped'],
      ['200/199', 'client', 'voicemail'],
      ['200/487', 'client', 'no-answer'],
      ['200/603', 'carrier', 'rejected'],
      ['200/717', 'service', 'time-limit'],
      ['487/0', 'manager', 'no-answer'],
      ['484/0', 'carrier', 'technical'],
      ['604/0', 'manager', 'not-found'],
      ['668/0', 'client', 'blocked'],
      ['709/0', 'client', 'invalid-number'],
      ['720/0', 'carrier', 'technical'],
      ['811/0', 'service', 'billing'],
      ['815/0', 'client', 'duplicate'],
    ];
    for (const [code, side, reason] of expected) {
      expect({ code, side: findStatus(code)?.side, reason: findStatus(code)?.reason }).toEqual({ code, side, reason });
    }
  });

  it('explains the ambiguous rows and gives SIP phrases of the legs', () => {
    for (const code of ['200/0', '703/0', '200/603']) {
      expect(findStatus(code)?.note?.ru.length).toBeGreaterThan(20);
      expect(findStatus(code)?.note?.en.length).toBeGreaterThan(20);
    }
    expect(findStatus('200/487')).toMatchObject({ managerPhrase: 'OK', clientPhrase: 'Request Terminated' });
    expect(findStatus('200/461')?.clientPhrase).toBeNull();
    expect(findStatus('811/0')).toMatchObject({ managerPhrase: null, clientPhrase: null });
  });
});
