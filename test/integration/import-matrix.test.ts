/**
 * Encoding × delimiter × line ending × header, through the CLI. All 20 encoding × delimiter pairs are
 * run; line ending and header presence are assigned so every pair of any two factors occurs at least
 * once (a pairwise covering set: 20 imports instead of 120). Each file has 60 realistic rows with
 * quoted comments (delimiters, doubled quotes, newlines inside), unknown codes and Cyrillic everywhere.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { countBySide } from '../fixtures/calls.ts';
import { cliEncodingName, encodeText } from '../fixtures/encode.ts';
import type { FixtureEncoding } from '../fixtures/encode.ts';
import { EOL_NAMES, EOLS, FIXTURE_DELIMITERS, callLogFile } from '../fixtures/shapes.ts';
import type { Eol, FixtureDelimiter } from '../fixtures/shapes.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCells, expectDatasetMatchesSummary, expectedTags, importOk, partialsIn, pickTags, readDataset, tempDir } from './helpers.ts';

const ENCODINGS: readonly FixtureEncoding[] = ['utf-8', 'utf-8-bom', 'windows-1251', 'utf-16le', 'utf-16be'];
const DELIMITER_NAMES: Readonly<Record<FixtureDelimiter, string>> = { ';': 'semicolon', ',': 'comma', '\t': 'tab', '|': 'pipe' };

interface Combo {
  readonly encoding: FixtureEncoding;
  readonly delimiter: FixtureDelimiter;
  readonly eol: Eol;
  readonly header: boolean;
  readonly finalEol: boolean;
  readonly quoteAll: boolean;
  readonly seed: number;
}

const COMBOS: Combo[] = [];
ENCODINGS.forEach((encoding, i) => {
  FIXTURE_DELIMITERS.forEach((delimiter, j) => {
    const n = COMBOS.length;
    COMBOS.push({
      encoding,
      delimiter,
      eol: EOLS[(i + j) % 3] as Eol,
      header: (Math.floor((i + j) / 3) + j) % 2 === 0,
      finalEol: n % 4 !== 3,
      quoteAll: n % 5 === 2,
      seed: 1000 + n,
    });
  });
});

const ROWS = 60;
const tmp = tempDir('matrix');
afterAll(() => tmp.cleanup());

describe('import matrix: encoding × delimiter × line ending × header', () => {
  it('the combination set is pairwise-complete', () => {
    const factors = [(c: Combo) => c.encoding, (c: Combo) => c.delimiter, (c: Combo) => c.eol, (c: Combo) => String(c.header)];
    const sizes = [ENCODINGS.length, FIXTURE_DELIMITERS.length, EOLS.length, 2];
    for (let a = 0; a < factors.length; a++) {
      for (let b = a + 1; b < factors.length; b++) {
        const seen = new Set(COMBOS.map((c) => `${factors[a]!(c)}|${factors[b]!(c)}`));
        expect(seen.size).toBe(sizes[a]! * sizes[b]!);
      }
    }
  });

  it.each(
    COMBOS.map(
      (c) =>
        [
          `${c.encoding} ${DELIMITER_NAMES[c.delimiter]} ${EOL_NAMES[c.eol]} ${c.header ? 'header' : 'no-header'}${c.finalEol ? '' : ' no-final-eol'}${c.quoteAll ? ' quote-all' : ''}`,
          c,
        ] as const,
    ),
  )('%s', (name, combo) => {
    const fixture = callLogFile({
      seed: combo.seed,
      rows: ROWS,
      delimiter: combo.delimiter,
      eol: combo.eol,
      header: combo.header,
      finalEol: combo.finalEol,
      quoteAll: combo.quoteAll,
    });
    const file = join(tmp.dir, `${name.replaceAll(' ', '_')}.${combo.delimiter === '\t' ? 'txt' : 'csv'}`);
    writeFileSync(file, encodeText(fixture.text, combo.encoding));
    const out = join(tmp.dir, `${name.replaceAll(' ', '_')}.callsight.sqlite`);

    const summary = importOk(file, out);
    expect(summary.rowsRead).toBe(ROWS);
    expect(summary.imported).toBe(ROWS);
    expect(summary.rejected).toBe(0);
    expect(summary.encoding).toBe(cliEncodingName(combo.encoding));
    expect(summary.delimiter).toBe(combo.delimiter);
    expect(summary.bySide).toEqual(countBySide(fixture.log.records));
    expect(partialsIn(tmp.dir)).toEqual([]);

    const columns = combo.header ? [...fixture.log.header] : fixture.log.header.map((_, i) => `Column ${i + 1}`);
    const ds = readDataset(out);
    expectDatasetMatchesSummary(ds, summary, columns);
    expect(ds.meta.get('encoding')).toBe(cliEncodingName(combo.encoding));
    expect(ds.meta.get('delimiter')).toBe(combo.delimiter);

    expect(ds.calls.map((row) => row._line)).toEqual(fixture.records.map((r) => r.line));
    fixture.records.forEach(({ line, record }, index) => {
      const row = ds.calls[index]!;
      expectCells(row, columns, record.cells, line);
      expect(pickTags(row), `tags at line ${line}, status ${JSON.stringify(record.statusRaw)}`).toEqual(expectedTags(record));
      expect(row._time, `_time at line ${line}`).toBe(record.time);
      if (combo.header) {
        // Without a header, the two phone columns (and duration vs cost) cannot be told apart by
        // content alone; with one they must be mapped by name.
        expect(row._duration_s, `_duration_s at line ${line}`).toBe(record.durationS);
        expect(row._cost, `_cost at line ${line}`).toBe(record.cost);
        expect(row._client_digits, `_client_digits at line ${line}`).toBe(record.clientDigits);
        expect(row._manager_digits, `_manager_digits at line ${line}`).toBe(record.managerDigits);
      }
    });
  });
});
