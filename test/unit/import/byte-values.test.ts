import { describe, expect, it } from 'vitest';
import { NOT_HANDLED, phoneDigitsOfBytes, plainDecimalOfBytes, timeKeyOfBytes } from '../../../src/core/import/tag/byte-values.ts';
import { timeKey } from '../../../src/core/import/write/sort-keys.ts';
import { normalisePhone, parseCost, parseDateTime, parseDuration } from '../../../src/core/import/tag/values.ts';
import { createRng, type Rng } from '../../fixtures/prng.ts';

/**
 * The byte fast paths must give exactly what the string parsers give, for every cell they accept;
 * cells they do not accept go to the string parsers, so "not handled" is always allowed.
 */

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

function randomCell(rng: Rng, alphabet: readonly string[], maxLength: number): string {
  let s = '';
  const n = rng.int(0, maxLength);
  for (let i = 0; i < n; i++) s += rng.pick(alphabet);
  return s;
}

describe('byte fast paths agree with the string parsers', () => {
  it('date-times', () => {
    const rng = createRng(21);
    const two = (): string => String(rng.int(0, 39)).padStart(2, '0');
    const cells = [
      '01.03.2026 08:05:21',
      '31.12.2200 23:59:59',
      '01.03.2026 08:05',
      '2026-03-01T08:05:42',
      '2026-03-01 08:05:42',
      '29.02.1899 10:00:00',
      '01.13.2026 10:00:00',
      '01.03.2026 24:00:00',
      '01.03.2026 08:05.21',
      '01.03.2026x08:05:21',
      '2026-03-01t08:05:42',
      '2026-03-01T08:05:42Z',
      '46086.5',
      '',
      'вчера',
      '01.03.2026 08:0a:21',
      '١٢.03.2026 08:05:21',
      // Days that do not exist: the byte path must say "invalid" (0), as parseDateTime gives null.
      '30.02.2024 10:00:00',
      '31.04.2024 10:00:00',
      '29.02.2023 10:00:00',
      '29.02.2024 10:00:00',
      '29.02.1900 10:00',
      '29.02.2000 10:00',
      '2024-02-30T10:00:00',
      '2023-02-29 10:00:00',
      '2026-06-31T00:00:00',
      '2026-03-01T24:00:00',
      '01.03.2026 10:60',
    ];
    for (let i = 0; i < 20_000; i++) {
      cells.push(
        rng.chance(0.5)
          ? `${two()}.${two()}.${rng.int(1890, 2210)}${rng.pick([' ', 'T', ' '])}${two()}:${two()}${rng.chance(0.8) ? `:${two()}` : ''}`
          : `${rng.int(1890, 2210)}-${two()}-${two()}${rng.pick(['T', ' ', 't'])}${two()}:${two()}:${two()}`,
      );
    }
    const viaBytes = new Int32Array(2);
    const viaText = new Int32Array(2);
    let handled = 0;
    for (const cell of cells) {
      const bytes = utf8(cell);
      const result = timeKeyOfBytes(bytes, 0, bytes.length, viaBytes, 0);
      if (result === NOT_HANDLED) continue;
      handled++;
      const text = parseDateTime(cell);
      expect(result === 1 ? 'date' : null, cell).toBe(text === null ? null : 'date');
      if (text !== null) {
        timeKey(text, viaText, 0);
        expect([...viaBytes], cell).toEqual([...viaText]);
      }
    }
    expect(handled).toBeGreaterThan(10_000); // the common shapes do take the fast path
    for (const cell of ['30.02.2024 10:00:00', '31.04.2024 10:00:00', '29.02.2023 10:00:00', '2024-02-30T10:00:00', '01.03.2026 24:00:00']) {
      const bytes = utf8(cell);
      expect(timeKeyOfBytes(bytes, 0, bytes.length, viaBytes, 0), cell).toBe(0);
    }
  });

  it('phone numbers', () => {
    const rng = createRng(22);
    const cells = [
      '+7 (912) 345-67-89',
      '8 912 345 67 89',
      '9123456789',
      '79123456789.0',
      '+375 29 123-45-67',
      '7912',
      ' +9123456789',
      '\u00a09123456789',
      '',
      'нет',
      '+7 912 345 67 89; 8 495 111 22 33',
      '123456789012.0',
      '89123456789.0',
    ];
    for (let i = 0; i < 20_000; i++) cells.push(randomCell(rng, ['0', '1', '7', '8', '9', ' ', '-', '+', '(', ')', ';', ',', '.', 'д', '\u00a0', '\t'], 20));
    const out = new Uint8Array(64);
    for (const cell of cells) {
      const bytes = utf8(cell);
      const n = phoneDigitsOfBytes(bytes, 0, bytes.length, out);
      if (n === NOT_HANDLED) continue;
      expect(n < 0 ? null : Buffer.from(out.subarray(0, n)).toString('latin1'), cell).toBe(normalisePhone(cell));
    }
  });

  it('durations and costs', () => {
    const rng = createRng(23);
    const cells = ['864', '0', '0,00', '18,24', '-5', '-0', '007', '1.', '.5', '12,5,0', '1 000', '123456789012345', '1234567890123456', '0,1', '0.3'];
    for (let i = 0; i < 20_000; i++) cells.push(randomCell(rng, ['0', '1', '2', '5', '9', ',', '.', '-', ' '], 18));
    for (const cell of cells) {
      const bytes = utf8(cell);
      const value = plainDecimalOfBytes(bytes, 0, bytes.length);
      if (Number.isNaN(value)) continue;
      expect(Object.is(value, parseDuration(cell)), `duration ${cell}`).toBe(true);
      expect(Object.is(value, parseCost(cell)), `cost ${cell}`).toBe(true);
    }
  });
});
