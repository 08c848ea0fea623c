import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RowTagger } from '../../src/core/import/tag/tags.ts';
import { createRng, type Rng } from '../fixtures/prng.ts';
import { tempDir } from '../support/temp-dir.ts';
import { buildCsv, expectImportMatchesReference, importForReal, payloadOf, writeReference, type Roles } from '../support/import-oracle.ts';

/**
 * The import's page writer against SQLite's own INSERT + CREATE INDEX (test/support/import-oracle.ts):
 * seeded random call logs — every table row and every index entry, in index order, must be what
 * SQLite writes for the same tagged rows. Rows are swept byte by byte across the calls table's overflow
 * thresholds at the import's 16 KB pages (maxLocal 16349, minLocal 2031, and the points where the
 * local part of an overflowing record changes), with NULL and equal keys, hundreds of status classes,
 * 1,987 source columns (SQLite's limit with the tag columns), Cyrillic and 4-byte characters, quotes,
 * line breaks inside cells, blank lines and rejected records. The slower cases are in
 * import-oracle-large.test.ts.
 */

const tmp = tempDir('import-oracle');
afterAll(() => tmp.cleanup());

const PAGE = 16384;
const TABLE_MAX_LOCAL = PAGE - 35;
const MIN_LOCAL = Math.floor(((PAGE - 12) * 32) / 255) - 23;

const HEADER = ['Дата и время', 'Статус', 'Номер клиента', 'Номер менеджера', 'Длительность', 'Стоимость', 'Комментарий'];
const ROLES: Roles = ['datetime', 'status', 'clientNumber', 'managerNumber', 'duration', 'cost', null];
const COMMENT = 6;

const TIMES = [
  '2026-03-01 08:05:21',
  '2026-03-01T08:05:21',
  '01.03.2026 08:05:21',
  '01.03.2026 8:05',
  '2026-03-01T08:05:21Z',
  '2026-03-01T08:05:21+03:00',
  '2026-03-01 08:05:21.123',
  '01/03/2026 08:05',
  '1.3.2026',
  '2026-03-01',
  '45000.5',
  '31.12.1999 23:59:59',
  '29.02.2024 12:00',
  '',
  ' ',
  'вчера',
  '2026-13-01 00:00:00',
  '24:00',
];
const STATUSES = [
  '200/487',
  '200/200',
  '486/0',
  '487/0',
  '200/486',
  '503/0',
  '408/0',
  '200/603',
  '0/0',
  '811/0',
  '999/999',
  ' 200 / 487 ',
  '200\\487',
  '200-487',
  'мусор',
  '',
  'Занято',
  '12345/678',
  '200/487 Busy Here',
];
const PHONES = [
  '+7 912 345-67-89',
  '89123456789',
  '79123456789',
  '9123456789',
  '',
  'нет',
  '123',
  '1'.repeat(17),
  '0'.repeat(16),
  '+44 20 7946 0958',
  '7912345678901234',
  '٧٩١٢٣٤٥٦٧٨٩',
];
const DURATIONS = ['864', '0', '1:05', '00:01:05', '12,5', '12.5', '', 'x', '-3', '1e3', ' 7 '];
const COSTS = ['18,24', '0,00', '1 000 ₽', '-3.5', '', '1\u00a0234,5', 'бесплатно', '12.345.678'];
const WORDS = ['перезвонить', 'Клиент занят', 'ok', '😀', '𝄞 нота', 'a;b', 'say "hi"', '«ёлка»', 'Ω', '', 'line\nbreak', ' пробел '];

/** A random comment of about `bytes` UTF-8 bytes (words, quotes, delimiters, line breaks). */
function comment(rng: Rng, bytes: number): string {
  let s = '';
  while (Buffer.byteLength(s) < bytes) s += rng.pick(WORDS) + ' ';
  return s;
}

/** A comment of exactly `bytes` UTF-8 bytes, no line break (so line numbers stay simple to vary). */
function exactText(rng: Rng, bytes: number): string {
  const alphabet = ['a', 'Я', '€', '😀', ' ', 'ж', '"', ';'];
  const parts: string[] = [];
  let left = bytes;
  while (left > 0) {
    const ch = rng.pick(alphabet);
    const n = Buffer.byteLength(ch);
    if (n <= left) {
      parts.push(ch);
      left -= n;
    } else {
      parts.push('x');
      left--;
    }
  }
  return parts.join('');
}

function randomRow(rng: Rng, width: number, statuses: readonly string[]): string[] {
  const cells = [
    rng.pick(TIMES),
    rng.pick(statuses),
    rng.pick(PHONES),
    rng.pick(PHONES),
    rng.pick(DURATIONS),
    rng.pick(COSTS),
    comment(
      rng,
      rng.weighted<() => number>([
        [() => 0, 3],
        [() => rng.int(1, 60), 6],
        [() => rng.int(100, 3000), 1],
        [() => rng.int(15_000, 40_000), 0.05],
      ])(),
    ),
  ];
  for (let i = cells.length; i < width; i++) cells.push(rng.chance(0.5) ? '' : rng.pick(WORDS));
  return cells;
}

/**
 * Rows whose calls-table record is exactly each size around the overflow thresholds (the comment sized
 * to fit), given the line the row will start on.
 */
function thresholdRows(rng: Rng, width: number, firstLine: number): string[][] {
  const tagger = new RowTagger(ROLES.concat(Array(width - ROLES.length).fill(null)));
  const targets: number[] = [];
  const around = (t: number): void => {
    for (let d = -3; d <= 3; d++) targets.push(t + d);
  };
  around(TABLE_MAX_LOCAL);
  around(MIN_LOCAL);
  for (let k = 1; k <= 2; k++) {
    around(MIN_LOCAL + k * (PAGE - 4) + (TABLE_MAX_LOCAL - MIN_LOCAL));
    around(TABLE_MAX_LOCAL + k * (PAGE - 4));
  }
  const rows: string[][] = [];
  let line = firstLine;
  for (const target of targets) {
    const cells = randomRow(rng, width, STATUSES).map((c) => c.replace(/\n/g, ' '));
    cells[COMMENT] = '';
    const fixed = payloadOf(tagger, line, cells);
    if (target < fixed) continue;
    let n = target - fixed;
    cells[COMMENT] = 'x'.repeat(n);
    while (n > 0 && payloadOf(tagger, line, cells) > target) cells[COMMENT] = 'x'.repeat(--n);
    if (payloadOf(tagger, line, cells) !== target) continue; // a serial type growing a byte can skip a size
    cells[COMMENT] = exactText(rng, n);
    expect(payloadOf(tagger, line, cells)).toBe(target);
    rows.push(cells);
    line++;
  }
  return rows;
}

interface Case {
  readonly seed: number;
  readonly rows: number;
  readonly eol: '\n' | '\r\n';
  /** Source columns (the first seven have the roles of ROLES). */
  readonly width: number;
  /** Distinct generated `A/B` statuses on top of STATUSES. */
  readonly extraClasses: number;
  /** Records of another number of fields: kept as calls (the import's default) or rejected. */
  readonly ragged: 'keep' | 'reject';
}

async function runCase(c: Case): Promise<void> {
  const rng = createRng(c.seed);
  const extra = Array.from({ length: c.extraClasses }, (_, i) => `${100 + (i % 900)}/${Math.floor(i / 900)}`);
  const statuses = [...STATUSES, ...extra];
  const header = [...HEADER];
  for (let i = header.length; i < c.width; i++) header.push(i % 3 === 0 ? `Поле ${i}` : `x${i}`);
  const roles: Roles = [...ROLES, ...Array<null>(c.width - ROLES.length).fill(null)];
  // Thresholds first, on known lines (the header is line 1, no blank lines before them).
  const rows: string[][] = thresholdRows(rng, c.width, 2);
  const sweep = rows.length;
  // 42 sizes aimed at; a few are skipped where a serial type grows by a byte, and with ~2000 columns
  // the smallest record is already past minLocal.
  expect(sweep).toBeGreaterThanOrEqual(c.width < 100 ? 36 : 20);
  // Records of another shape big enough to overflow their page: a long one's extra cells, a short one's own.
  const short = randomRow(rng, c.width, statuses);
  short[3] = 'ж'.repeat(20_000);
  rows.push([...randomRow(rng, c.width, statuses), 'лишнее '.repeat(3000), ''], short.slice(0, -1));
  for (let i = 0; i < c.rows; i++) {
    const row = randomRow(rng, c.width, i < extra.length ? [extra[i]!] : statuses);
    // A few records of another shape: a missing or an extra non-empty field (kept as calls, or rejected), a summary row.
    const bad = rng.chance(0.01);
    if (bad) {
      const kind = rng.int(0, 2);
      if (kind === 0) row.pop();
      else if (kind === 1) row.push('лишнее');
      else {
        row.splice(0, row.length, 'Итого', ...row.slice(1, -1));
      }
    }
    // Trailing empty fields (Excel) are cut off and the record imported.
    if (!bad && rng.chance(0.01)) row.push('', '');
    rows.push(row);
  }
  const gen = buildCsv(header, rows, c.eol, ';', (i) => (i >= sweep && rng.chance(0.02) ? rng.int(1, 3) : 0));
  const csv = tmp.file(`case-${c.seed}.csv`, gen.text);
  const out = tmp.file(`case-${c.seed}.callsight.sqlite`);
  const reference = tmp.file(`case-${c.seed}.reference.sqlite`);
  await importForReal(csv, out, roles, c.ragged);
  const expected = writeReference(reference, gen, roles, c.ragged);
  expect(expected.imported).toBeGreaterThan(c.rows * 0.9);
  if (c.rows >= 1000) expect(expected.repaired > 0, 'records of another shape among the rows').toBe(c.ragged !== 'reject');
  const result = expectImportMatchesReference(out, reference, expected);
  expect(Object.keys(result.indexEntries).sort()).toEqual(['calls_client_digits', 'calls_reason', 'calls_side', 'calls_status', 'calls_time']);
  for (const f of [csv, out, reference]) fs.rmSync(f);
}

describe('import against SQLite INSERT + CREATE INDEX of the same tagged rows', () => {
  it.each<Case>([
    { seed: 1, rows: 3000, eol: '\r\n', width: 9, extraClasses: 0, ragged: 'keep' },
    { seed: 2, rows: 4000, eol: '\n', width: 7, extraClasses: 400, ragged: 'keep' },
    { seed: 3, rows: 1500, eol: '\n', width: 40, extraClasses: 30, ragged: 'keep' },
    { seed: 5, rows: 3000, eol: '\r\n', width: 9, extraClasses: 0, ragged: 'reject' },
  ])('seed $seed: $rows random rows, $width columns, $extraClasses more classes, threshold sweep, ragged rows: $ragged', async (c) => {
    await runCase(c);
  });

  it('1,987 source columns: the most a calls table can hold with its 13 columns of its own', async () => {
    await runCase({ seed: 4, rows: 40, eol: '\r\n', width: 1987, extraClasses: 0, ragged: 'keep' });
  });

  it('NULL and equal keys only: every row the same status, time and number, or none', async () => {
    const header = HEADER;
    const rows: string[][] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push(i % 2 === 0 ? ['01.03.2026 08:05', '200/487', '89123456789', '', '5', '1', `r${i}`] : ['', '', '', '', '', '', '']);
    }
    // An all-empty record is a record (not a blank line): it starts with a delimiter.
    const gen = buildCsv(header, rows, '\n');
    const csv = tmp.file('equal.csv', gen.text);
    const out = tmp.file('equal.callsight.sqlite');
    const reference = tmp.file('equal.reference.sqlite');
    await importForReal(csv, out, ROLES);
    const expected = writeReference(reference, gen, ROLES);
    expectImportMatchesReference(out, reference, expected);
  });
});
