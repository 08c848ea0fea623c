/**
 * A report's failures by reason come from the summary's own pass (its counts per status class), not
 * from a second pass over the calls. The reference is that second pass: the engine's count of the same
 * filter narrowed to the failure sides with benign statuses hidden, as reports were made before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILURE_SIDES, FILE_ORDER, type CallFilter } from '../../src/shared/query.ts';
import { openExportSource } from '../../src/core/export/export-rows.ts';
import { openDataset } from '../../src/core/query/open-dataset.ts';
import { prepareFilter } from '../../src/core/query/prepare-filter.ts';
import { QueryDataset } from '../../src/core/query/query-dataset.ts';
import { countCalls } from '../../src/core/query/summary.ts';
import { generateCallLog } from '../fixtures/calls.ts';
import { semicolonText } from '../fixtures/shapes.ts';
import { importOk, tempDir } from './helpers.ts';

const tmp = tempDir('report-failure-reasons');
let file = '';

beforeAll(() => {
  const log = generateCallLog({ seed: 7, rows: 20_000, charset: 'plain' });
  const csv = tmp.file('calls.csv', semicolonText(log));
  file = tmp.file('calls.callsight.sqlite');
  importOk(csv, file);
}, 60_000);
afterAll(() => tmp.cleanup());

const FILTERS: readonly CallFilter[] = [
  {},
  { sides: ['client'] },
  { sides: ['client', 'success', 'carrier'], hideBenign: false },
  { sides: ['success', 'pending'] },
  { hideBenign: true },
  { from: '2026-03-03', to: '2026-03-05' },
  { statuses: ['200/487', '811/0'] },
  { where: [{ column: 'Длительность', op: 'range', max: 0 }] },
  { phone: '916', sides: ['manager', 'service', 'unknown'] },
];

describe('failures by reason in a report', () => {
  it.each(FILTERS.map((filter) => ({ name: JSON.stringify(filter), filter })))(
    '$name: the same as a count of the failure sides without benign',
    ({ filter }) => {
      const source = openExportSource(file, { filter, sort: FILE_ORDER, language: 'en', reads: 'nothing' });
      const engine = new QueryDataset(openDataset(file));
      try {
        const sides = FAILURE_SIDES.filter((side) => !filter.sides?.length || filter.sides.includes(side));
        const expected = sides.length === 0 ? {} : countCalls(engine, prepareFilter({ ...filter, sides, hideBenign: true }, engine.opened.columns)).byReason;
        const actual = source.failuresByReason();
        expect(actual).toEqual(expected);
        if (sides.length > 0 && filter.phone === undefined) expect(Object.keys(actual).length).toBeGreaterThan(0);
      } finally {
        source.close();
        engine.close();
      }
    },
  );
});
