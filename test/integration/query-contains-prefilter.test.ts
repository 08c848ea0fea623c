/**
 * A case-insensitive `contains` on a column not coded yet is SQL whose native prefilter (GLOB with a class
 * per character of the needle, or instr()) skips the text cells that cannot match before calling into
 * JavaScript (compile-filter.ts, case-variants.ts). It
 * must select exactly the cells whose JavaScript lower case holds the needle: the oracle here is that
 * rule applied to the cells as read, not the engine's SQL. Cells are written with SQLite's UPDATE: cases
 * that change length or depend on context (İ, Σ at the end of a word), signs that lower-case to ASCII
 * letters (Kelvin), numbers whose text differs between SQLite and JavaScript, blobs, NULL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_ORDER, type CallFilter } from '../../src/shared/query.ts';
import { buildVariants, LAST_CASED_CODE_POINT } from '../../src/core/query/case-variants.ts';
import { openDataset } from '../../src/core/query/open-dataset.ts';
import { prepareFilter, prepareSort } from '../../src/core/query/prepare-filter.ts';
import { QueryDataset } from '../../src/core/query/query-dataset.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { semicolonText } from '../fixtures/shapes.ts';
import { firstDifference } from '../support/first-difference.ts';
import { importOk, overwriteCells, tempDir } from './helpers.ts';

const KELVIN = '\u212a';
const CELLS: readonly unknown[] = [
  'Перезвонить',
  'ПЕРЕЗВОН',
  'пЕрЕзВоН завтра',
  'Ёлка',
  'ёлка',
  'елка',
  'İstanbul',
  'ISTANBUL',
  `${KELVIN}ELVIN`,
  'ΟΔΟΣ',
  'ΟΔΟΣ ΟΔΟΣ',
  'Σ',
  'ǅemal',
  'STRASSE',
  'Straße',
  '',
  '  ',
  null,
  2.5,
  1e21,
  0.30000000000000004,
  Infinity,
  Buffer.from('Перезвон'),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xff, 0x78]), // JavaScript reads '\ufffdx': a U+FFFD whose bytes are not in the blob
  'x',
  'A-B',
  '[X]',
  'X*Y?',
  '?П^',
];
const NEEDLES = [
  'п',
  'пере',
  'Перезвон',
  'ё',
  'Е',
  'елк',
  'i',
  'i\u0307',
  '\u0307s',
  'k',
  'kel',
  'ς',
  'σ',
  'οσ',
  'ǆ',
  'ss',
  'ß',
  'e',
  'e+',
  'infinity',
  'x',
  'зв',
  'xп',
  'пе',
  '\ufffdx',
  // Characters a GLOB class does not hold as they are: the instr() prefilter instead.
  'a-b',
  '[x',
  'x*y?',
  '?п^',
  'п^',
];

const tmp = tempDir('contains-prefilter');
let engine: QueryDataset | null = null;

beforeAll(() => {
  const log = generateCallLog({ seed: 5, rows: CELLS.length * 4, charset: 'plain' });
  const csv = tmp.file('calls.csv', semicolonText(log));
  const file = tmp.file('calls.callsight.sqlite');
  importOk(csv, file);
  overwriteCells(file, 1, [{ column: 'Комментарий', values: CELLS, every: 1 }]);
  // Nothing coded: every condition on the comment is the SQL path.
  engine = new QueryDataset(openDataset(file), { codeInBackground: false });
}, 60_000);
afterAll(() => {
  engine?.close();
  tmp.cleanup();
});

/** The rowids whose cell, as JavaScript reads it, lower-cased, holds the lower-cased needle. */
function oracle(needle: string): number[] {
  const rows = engine!.opened.db.prepare('SELECT rowid, "Комментарий" FROM calls ORDER BY rowid').raw().all() as [number, string | number | Buffer | null][];
  const wanted = needle.toLowerCase();
  return rows.filter(([, cell]) => cell !== null && String(cell).toLowerCase().includes(wanted)).map(([rowid]) => rowid);
}

function engineRows(filter: CallFilter): number[] {
  return [...engine!.matches(prepareFilter(filter, engine!.opened.columns), prepareSort(FILE_ORDER, engine!.opened.columns)).rowids];
}

describe('a case-insensitive contains answered by SQL with a native prefilter', () => {
  it.each(NEEDLES)('%s: the cells whose lower case holds it', (needle) => {
    const expected = oracle(needle);
    expect(firstDifference(engineRows({ where: [{ column: 'Комментарий', op: 'contains', value: needle }] }), expected)).toBeNull();
  });

  it('finds what only a mapping the prefilter must know about finds', () => {
    // Each needle matches a cell only through İ → i̇, K → k, final Σ → ς, or a blob's undecodable byte: a prefilter without them would miss the row. (A number written into the text column is stored as text: its affinity.)
    for (const needle of ['i\u0307', 'kel', 'ς', '\ufffdx']) expect(oracle(needle).length, needle).toBeGreaterThan(0);
  });

  it('knows every case mapping of the whole code space from its first two planes', () => {
    const whole = buildVariants(0x10ffff);
    const first = buildVariants(LAST_CASED_CODE_POINT);
    expect(first.size).toBeGreaterThan(1000);
    expect([...whole.entries()].sort()).toEqual([...first.entries()].sort());
  });
});
