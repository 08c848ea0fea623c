/**
 * XLSX through the CLI: the first sheet by default, another with --sheet, real Excel date serials in
 * the date column, numbers in duration and cost, shared strings for the rest. _line is the sheet row.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBySide } from '../fixtures/calls.ts';
import type { CallLog } from '../fixtures/calls.ts';
import { callLogWorkbook } from '../fixtures/xlsx.ts';
import type { CallLogWorkbook } from '../fixtures/xlsx.ts';
import {
  expectCells,
  expectDatasetMatchesSummary,
  expectOneLineFailure,
  expectedTags,
  importOk,
  partialsIn,
  pickTags,
  readDataset,
  runCli,
  tempDir,
} from './helpers.ts';

const tmp = tempDir('xlsx');
afterAll(() => tmp.cleanup());
let workbook: CallLogWorkbook;
let file: string;
beforeAll(() => {
  workbook = callLogWorkbook(500);
  file = join(tmp.dir, 'звонки.xlsx');
  writeFileSync(file, workbook.bytes);
});

function checkSheet(out: string, log: CallLog, sheetName: string, summary: ReturnType<typeof importOk>): void {
  const n = log.records.length;
  expect(summary).toMatchObject({ rowsRead: n, imported: n, rejected: 0 });
  expect(summary.bySide).toEqual(countBySide(log.records));
  const ds = readDataset(out);
  expectDatasetMatchesSummary(ds, summary, log.header);
  expect(ds.meta.get('sheet')).toBe(sheetName);
  expect(ds.calls.map((r) => r._line)).toEqual(log.records.map((_, i) => i + 2));
  // Text cells come back exactly; the date, duration and cost cells are numbers in the sheet, so
  // their text form is the engine's choice, and their values are checked through the tag columns.
  const numeric = new Set([log.columns.time, log.columns.duration, log.columns.cost]);
  const textColumns = log.header.filter((_, c) => !numeric.has(c));
  log.records.forEach((record, i) => {
    const row = ds.calls[i]!;
    const line = i + 2;
    expectCells(
      row,
      textColumns,
      record.cells.filter((_, c) => !numeric.has(c)),
      line,
    );
    expect(pickTags(row), `row ${line} status ${JSON.stringify(record.statusRaw)}`).toEqual(expectedTags(record));
    expect(row._time, `_time row ${line}`).toBe(record.time);
    expect(row._duration_s, `_duration_s row ${line}`).toBe(record.durationS);
    expect(row._cost, `_cost row ${line}`).toBe(record.cost);
    expect(row._client_digits).toBe(record.clientDigits);
    expect(row._manager_digits).toBe(record.managerDigits);
    expect(typeof row[log.header[log.columns.time]!], 'the date column is stored as TEXT').toBe('string');
  });
}

describe('xlsx', () => {
  it('imports the first sheet by default', () => {
    const out = join(tmp.dir, 'first.callsight.sqlite');
    const summary = importOk(file, out);
    const first = workbook.sheets[0]!;
    checkSheet(out, first.log, first.name, summary);
    expect(summary.delimiter).toBeNull();
    expect(partialsIn(tmp.dir)).toEqual([]);
  });

  it('imports the sheet named by --sheet', () => {
    const out = join(tmp.dir, 'second.callsight.sqlite');
    const second = workbook.sheets[1]!;
    const summary = importOk(file, out, ['--sheet', second.name]);
    checkSheet(out, second.log, second.name, summary);
  });

  it('an unknown --sheet fails with one line naming the sheet', () => {
    const out = join(tmp.dir, 'nosheet.callsight.sqlite');
    const run = runCli(['import', file, '--out', out, '--json', '--sheet', 'Нет такого листа']);
    const message = expectOneLineFailure(run);
    expect(message).toContain('Нет такого листа');
    expect(partialsIn(tmp.dir)).toEqual([]);
  });

  it('a truncated .xlsx is refused in one line', () => {
    const broken = join(tmp.dir, 'broken.xlsx');
    writeFileSync(broken, workbook.bytes.subarray(0, Math.floor(workbook.bytes.length / 2)));
    const out = join(tmp.dir, 'broken.callsight.sqlite');
    expectOneLineFailure(runCli(['import', broken, '--out', out, '--json']));
    expect(partialsIn(tmp.dir)).toEqual([]);
  });
});
