/**
 * Import benchmark: our CLI import vs the sqlite3 CLI's `.import` of the same realistic CSV.
 *
 *   node test/bench/run.ts [--rows N] [--seed S] [--runs K] [--keep] [--clean]
 *
 * The CSV (semicolon, UTF-8, Russian header, quoted multi-line comments) is generated once per
 * seed × rows into <tmpdir>/callsight-bench/ and reused by later runs. Peak memory is each child's
 * max RSS from `/usr/bin/time -f %M` (n/a where that is missing). Prints figures only: no timing
 * assertions. The hard checks: imported + rejected must equal the rows written, and the dataset must
 * pass `PRAGMA integrity_check` in the system's own sqlite3 CLI (an oracle that is not our writer) and
 * answer the grid's kind of query (a facet filter sorted by time, a deep page) — a figure counts only for
 * a file that passed. The check's result is printed beside the figures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, cachedBenchCsv, CLI, measure, rowsAndSeed, type Measured } from './support.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20261127' },
    runs: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    clean: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (values.help) {
  process.stdout.write('usage: node test/bench/run.ts [--rows N] [--seed S] [--runs K] [--keep] [--clean]\n');
  process.exit(0);
}
const { rows, seed } = rowsAndSeed(values, 'bench');
const runs = Math.max(1, Number(values.runs));

const dir = BENCH_DIR;
const { path: csv, bytes } = cachedBenchCsv(rows, seed, (line) => process.stdout.write(`${line}\n`), values.clean);

/** Reads the file once so neither contestant pays for a cold page cache. */
async function warm(path: string): Promise<void> {
  for await (const _ of createReadStream(path, { highWaterMark: 4 << 20 })) {
    /* discard */
  }
}

function sqlite3Available(): boolean {
  return spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).status === 0;
}

function best(list: readonly Measured[]): Measured | null {
  const ok = list.filter((m) => m.status === 0);
  return ok.length === 0 ? null : ok.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

await warm(csv);

// (a) sqlite3 CLI: `.import` into a fresh DB, CSV mode with ';' as the column separator.
const sqliteRuns: Measured[] = [];
const sqliteIndexedRuns: Measured[] = [];
const SQLITE_INDEXES = ['Статус', 'Дата и время', 'Номер клиента', 'Менеджер', 'Сайт'].map((column, i) => `CREATE INDEX i${i} ON t("${column}");`);
let sqliteRows: number | null = null;
const sqliteDb = join(dir, `sqlite3-${seed}-${rows}.db`);
if (sqlite3Available()) {
  for (let i = 0; i < runs; i++) {
    rmSync(sqliteDb, { force: true });
    const m = measure('sqlite3', [sqliteDb, '.mode csv', '.separator ;', `.import ${csv} t`]);
    sqliteRuns.push(m);
    if (m.status !== 0) process.stdout.write(`sqlite3 failed (${m.status}): ${m.stderr.trim().split('\n')[0]}\n`);
  }
  const count = spawnSync('sqlite3', [sqliteDb, 'SELECT count(*) FROM t'], { encoding: 'utf8' });
  if (count.status === 0) sqliteRows = Number(count.stdout.trim());
  // A like-for-like floor: the same .import plus five indexes, as many as a dataset gets.
  for (let i = 0; i < runs; i++) {
    rmSync(sqliteDb, { force: true });
    sqliteIndexedRuns.push(measure('sqlite3', [sqliteDb, '.mode csv', '.separator ;', `.import ${csv} t`, ...SQLITE_INDEXES]));
  }
  if (!values.keep) rmSync(sqliteDb, { force: true });
} else {
  process.stdout.write('sqlite3 is not on PATH: its column is n/a\n');
}

// (b) ours: the CLI exactly as a user runs it.
interface Summary {
  rowsRead: number;
  imported: number;
  rejected: number;
  elapsedMs: number;
  bySide: Record<string, number>;
}
const oursRuns: Measured[] = [];
let summary: Summary | null = null;
let oursError: string | null = null;
const oursDb = join(dir, `ours-${seed}-${rows}.callsight.sqlite`);
for (let i = 0; i < runs; i++) {
  rmSync(oursDb, { force: true });
  const m = measure(process.execPath, [CLI, 'import', csv, '--out', oursDb, '--json']);
  oursRuns.push(m);
  if (m.status !== 0) {
    oursError = `exit ${m.status}: ${m.stderr.trim().split('\n').slice(0, 3).join(' | ')}`;
    break;
  }
  try {
    summary = JSON.parse(m.stdout) as Summary;
  } catch {
    oursError = `stdout is not one JSON object: ${m.stdout.slice(0, 200)}`;
  }
}
const leftovers = existsSync(`${oursDb}.partial`);

/** The system sqlite3 CLI's verdict on our dataset, and two queries that once failed on files past 1 GB. */
interface Verdict {
  readonly integrity: string;
  readonly queries: string;
  readonly bytes: number;
  readonly seconds: number;
}
function verify(): Verdict | null {
  if (oursError || !existsSync(oursDb) || !sqlite3Available()) return null;
  const started = performance.now();
  const run = (sql: string): string => {
    const r = spawnSync('sqlite3', [oursDb, sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return r.status === 0 ? r.stdout.trim() : `error: ${(r.stderr || '').trim().split('\n')[0]}`;
  };
  const integrity = run('PRAGMA integrity_check').split('\n').slice(0, 3).join(' | ');
  const latest = run("SELECT count(*) FROM (SELECT _line FROM calls WHERE _side = 'client' ORDER BY _time DESC LIMIT 3)");
  const deep = run(`SELECT count(*) FROM (SELECT _line FROM calls ORDER BY rowid LIMIT 3 OFFSET ${Math.max(0, (summary?.imported ?? 0) - 1000)})`);
  const queries = latest.startsWith('error') || deep.startsWith('error') ? `${latest}; ${deep}` : 'ok';
  return { integrity, queries, bytes: statSync(oursDb).size, seconds: (performance.now() - started) / 1000 };
}
const verdict = verify();
if (!values.keep) rmSync(oursDb, { force: true });

// Report
const s = best(sqliteRuns);
const si = best(sqliteIndexedRuns);
const o = oursError ? null : best(oursRuns);
const fmt = (n: number | null | undefined, digits = 2): string => (n === null || n === undefined ? 'n/a' : n.toFixed(digits));
const rate = (m: Measured | null): string => (m ? Math.round(rows / m.seconds).toLocaleString('en') : 'n/a');
const table: [string, string, string][] = [
  ['', 'sqlite3 .import', 'callsight import'],
  ['rows', rows.toLocaleString('en'), rows.toLocaleString('en')],
  ['file MB', fmt(bytes / 1e6, 1), fmt(bytes / 1e6, 1)],
  ['wall seconds', fmt(s?.seconds), fmt(o?.seconds)],
  ['rows/s', rate(s), rate(o)],
  ['MB/s', s ? fmt(bytes / 1e6 / s.seconds, 1) : 'n/a', o ? fmt(bytes / 1e6 / o.seconds, 1) : 'n/a'],
  ['CPU seconds', fmt(s?.cpuSeconds), fmt(o?.cpuSeconds)],
  ['peak RSS MB', fmt(s?.rssMb, 0), fmt(o?.rssMb, 0)],
  ['dataset MB', 'n/a', verdict ? fmt(verdict.bytes / 1e6, 1) : 'n/a'],
  ['integrity_check', 'n/a', verdict ? verdict.integrity : 'not run'],
  [
    'rows in output',
    sqliteRows === null ? 'n/a' : sqliteRows.toLocaleString('en'),
    summary ? `${summary.imported.toLocaleString('en')} + ${summary.rejected.toLocaleString('en')} rejected` : 'n/a',
  ],
];
const widths = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c]!.length)));
process.stdout.write('\n');
for (const row of table) process.stdout.write(`${row[0].padEnd(widths[0]!)}  ${row[1].padStart(widths[1]!)}  ${row[2].padStart(widths[2]!)}\n`);
process.stdout.write('\n');
if (runs > 1) {
  process.stdout.write(
    `runs (s): sqlite3 ${sqliteRuns.map((m) => fmt(m.seconds)).join(', ')}; ours ${oursRuns.map((m) => fmt(m.seconds)).join(', ')} (best shown)\n`,
  );
}
if (s && o) process.stdout.write(`ratio ours/sqlite3: ${(o.seconds / s.seconds).toFixed(2)}  (target ≤ 1.00)\n`);
const load = loadavg()[0] ?? 0;
if (load > 1.5) process.stdout.write(`note: load average ${load.toFixed(1)} during the run: wall times are unreliable, compare CPU seconds\n`);
if (si && o) {
  process.stdout.write(`sqlite3 .import + 5 CREATE INDEX: ${fmt(si.seconds)} s; ratio ours/that: ${(o.seconds / si.seconds).toFixed(2)}\n`);
}
if (o?.rssMb !== null && o?.rssMb !== undefined) process.stdout.write(`ours peak RSS: ${o.rssMb.toFixed(0)} MB  (target ≤ 300 MB)\n`);
if (summary) {
  process.stdout.write(`ours elapsedMs (self-reported): ${summary.elapsedMs}; bySide ${JSON.stringify(summary.bySide)}\n`);
  const countOk = summary.rowsRead === rows && summary.imported + summary.rejected === rows;
  process.stdout.write(
    `row check: rowsRead ${summary.rowsRead} = rows ${rows}, imported + rejected = ${summary.imported + summary.rejected}: ${countOk ? 'OK' : 'MISMATCH'}\n`,
  );
  if (!countOk) process.exitCode = 1;
}
if (verdict) {
  process.stdout.write(
    `verified by sqlite3 ${spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).stdout.split(' ')[0]} in ${verdict.seconds.toFixed(1)} s: integrity_check ${verdict.integrity}; queries ${verdict.queries}\n`,
  );
  if (verdict.integrity !== 'ok' || verdict.queries !== 'ok') {
    process.stdout.write('THE DATASET FAILED ITS CHECK: the figures above are not valid\n');
    process.exitCode = 1;
  }
} else if (!oursError) {
  process.stdout.write('the dataset was not verified (no sqlite3 CLI): the figures above are unchecked\n');
}
if (leftovers) {
  process.stdout.write('a *.partial file was left behind\n');
  process.exitCode = 1;
}
if (oursError) {
  process.stdout.write(`our import failed: ${oursError}\n`);
  process.exitCode = 1;
}
process.stdout.write(values.keep ? `kept: ${csv}, ${sqliteDb}, ${oursDb}\n` : `cached CSV kept for reuse: ${csv} (--clean regenerates)\n`);
