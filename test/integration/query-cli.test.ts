/**
 * `query` and `summary` on the command line (issue #8, item 5): the JSON shapes, the filter flags
 * (the grid's filter model), and the exit codes: 2 with one line for bad flags or values, 1 with one
 * line for a missing or foreign file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCallLog } from '../fixtures/calls.ts';
import { semicolonText } from '../fixtures/shapes.ts';
import { expectOneLineFailure, importOk, parseSingleJson, runCli, SIDE_NAMES, tempDir } from './helpers.ts';

const tmp = tempDir('query-cli');
const log = generateCallLog({ seed: 11, rows: 1500, charset: 'plain' });
let file = '';

beforeAll(() => {
  const csv = tmp.file('calls.csv', semicolonText(log));
  file = tmp.file('calls.sqlite');
  importOk(csv, file);
}, 60_000);
afterAll(() => tmp.cleanup());

interface QueryJson {
  total: number;
  bySide: Record<string, number>;
  rows: Record<string, unknown>[];
}

describe('query', () => {
  it('--json prints { total, bySide, rows } with rows keyed by the file’s column names and the tags', () => {
    const run = runCli(['query', file, '--side', 'client,carrier', '--hide-benign', '--sort', '_time:desc', '--offset', '10', '--limit', '5', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const out = parseSingleJson(run.stdout) as QueryJson;
    expect(Object.keys(out).sort()).toEqual(['bySide', 'rows', 'total']);
    const expected = log.records.filter((r) => ['client', 'carrier'].includes(r.expected.side) && !r.expected.benign);
    expect(out.total).toBe(expected.length);
    expect(Object.keys(out.bySide).sort()).toEqual([...SIDE_NAMES].sort());
    expect(out.bySide.client! + out.bySide.carrier!).toBe(expected.length);
    expect(out.rows).toHaveLength(5);
    for (const column of [...log.header, '_side', '_reason', '_status', '_time', '_client_digits']) expect(Object.keys(out.rows[0]!)).toContain(column);
    const times = expected
      .map((r) => r.time)
      .sort()
      .reverse();
    expect(out.rows.map((row) => row._time)).toEqual(times.slice(10, 15));
  });

  it('phone, manager, time range and --where combine', () => {
    const manager = log.records[0]!.cells[3]!;
    const run = runCli([
      'query',
      file,
      '--manager',
      manager,
      '--from',
      '2026-03-02',
      '--to',
      '2026-03-05T12:00',
      '--where',
      'Комментарий=',
      '--phone',
      '+7 91',
      '--json',
      '--limit',
      '1000',
    ]);
    expect(run.status, run.stderr).toBe(0);
    const out = parseSingleJson(run.stdout) as QueryJson;
    const expected = log.records.filter(
      (r) => r.cells[3] === manager && r.time >= '2026-03-02' && r.time < '2026-03-05T12:00:00' && r.comment === '' && r.clientDigits.includes('791'),
    );
    expect(out.total).toBe(expected.length);
    expect(out.rows.map((row) => row._line).sort((a, b) => Number(a) - Number(b))).toHaveLength(expected.length);
  });

  it('--weekday and --hour select the calls of those weekdays and hours of the day (the heatmap’s cells)', () => {
    // 0 = Monday, as CallFilter and the heatmap count; the reference is computed from the generated times.
    const weekday = (time: string): number => (new Date(`${time.slice(0, 10)}T00:00:00Z`).getUTCDay() + 6) % 7;
    const hour = (time: string): number => Number(time.slice(11, 13));
    // 'plain' records hold no line breaks: record i is on line i + 2 (after the header).
    const expected = log.records
      .map((r, i) => ({ ...r, line: i + 2 }))
      .filter((r) => r.time !== '' && [0, 5].includes(weekday(r.time)) && [9, 12, 13, 14].includes(hour(r.time)));
    expect(expected.length).toBeGreaterThan(0);
    const run = runCli(['query', file, '--weekday', 'mon,Saturday', '--hour', '9', '--hour', '12-14', '--json', '--limit', '1000']);
    expect(run.status, run.stderr).toBe(0);
    const out = parseSingleJson(run.stdout) as QueryJson;
    expect(out.total).toBe(expected.length);
    expect(out.rows.map((row) => Number(row._line)).sort((a, b) => a - b)).toEqual(expected.map((r) => r.line).sort((a, b) => a - b));
    // The same flags narrow the summary.
    const summary = runCli(['summary', file, '--weekday', 'mon,sat', '--hour', '9,12-14', '--json']);
    expect(summary.status, summary.stderr).toBe(0);
    expect((parseSingleJson(summary.stdout) as { total: number }).total).toBe(expected.length);
  });

  it('without --json prints a table and a count line', () => {
    const run = runCli(['query', file, '--status', '200/487', '--limit', '3']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]!.split('\t')).toContain('_status');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/^calls 1–3 of \d+ matching/);
  });
});

describe('summary', () => {
  it('--json prints the summary object', () => {
    const run = runCli(['summary', file, '--hide-benign', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const out = parseSingleJson(run.stdout) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(
      ['benign', 'byReason', 'bySide', 'failures', 'failuresOverTime', 'heatmap', 'managers', 'topStatuses', 'total'].sort(),
    );
    expect(out.total).toBe(log.records.filter((r) => !r.expected.benign).length);
    expect(out.benign).toBe(0);
  });
});

describe('exit codes', () => {
  it.each([
    ['no dataset', ['query']],
    ['two datasets', ['query', 'a.sqlite', 'b.sqlite']],
    ['unknown side', ['query', 'x.sqlite', '--side', 'nobody']],
    ['unknown flag', ['query', 'x.sqlite', '--frobnicate']],
    ['bad --limit', ['query', 'x.sqlite', '--limit', '0']],
    ['bad --offset', ['query', 'x.sqlite', '--offset', '-3']],
    ['bad --where', ['query', 'x.sqlite', '--where', 'no operator']],
    ['weekday as a number', ['query', 'x.sqlite', '--weekday', '1']],
    ['unknown weekday', ['query', 'x.sqlite', '--weekday', 'пн']],
    ['hour past 23', ['query', 'x.sqlite', '--hour', '24']],
    ['hour range upside down', ['query', 'x.sqlite', '--hour', '17-9']],
    ['summary without dataset', ['summary', '--json']],
  ] as const)('usage: %s → 2', (_, args) => {
    expectOneLineFailure(runCli(args), 2);
  });

  it.each([
    ['unknown column', ['--where', 'Нет такого~x']],
    ['unknown sort column', ['--sort', 'Нет такого:desc']],
    ['time range upside down', ['--from', '2026-03-05', '--to', '2026-03-01']],
    ['not a time', ['--from', 'yesterday']],
    ['range on text', ['--where', 'Комментарий>=5']],
  ])('values the dataset rejects: %s → 2', (_, flags) => {
    const run = runCli(['query', file, ...flags]);
    expectOneLineFailure(run, 2);
    expect(run.stdout).toBe('');
  });

  it('a missing or foreign file → 1', () => {
    expect(expectOneLineFailure(runCli(['query', tmp.file('absent.sqlite')]), 1)).toMatch(/does not exist/);
    expect(expectOneLineFailure(runCli(['summary', tmp.file('calls.csv')]), 1)).toMatch(/not a Callsight dataset/);
  });
});
