/**
 * Export benchmark (issue #9): our CLI's exports of one dataset against the sqlite3 CLI writing the
 * same rows and columns as CSV (annotations joined from a status table), and ExcelJS's streaming
 * writer (the usual choice for big XLSX files) writing the same rows.
 *
 *   npm run bench:export [-- --rows N] [--seed S] [--runs K] [--keep]
 *
 * The dataset is made once per seed × rows from the import bench's CSV (test/fixtures/bench-data.ts)
 * into <tmpdir>/callsight-bench/ and reused. Each contestant runs as its own process under
 * `/usr/bin/time` (wall time, CPU seconds user + system, peak RSS). Prints figures; asserts nothing
 * about speed. It fails only when an export fails or writes another number of rows than the dataset has.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBenchCsv } from '../fixtures/bench-data.ts';
import { BENCH_DIR, CLI, measure, REPO, rowsAndSeed, type Measured } from './support.ts';
import { ANNOTATION_HEADERS, ORIGIN_WORDS, REASON_WORDS, SIDE_WORDS, statusMeaning, YES_NO } from '../../src/shared/export-words.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20261127' },
    runs: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    'skip-exceljs': { type: 'boolean', default: false },
  },
  strict: true,
});
const { rows, seed } = rowsAndSeed(values, 'bench:export');
const runs = Math.max(1, Number(values.runs));

const dir = BENCH_DIR;
mkdirSync(dir, { recursive: true });
const dataset = join(dir, `export-${seed}-${rows}.callsight.sqlite`);
if (!existsSync(dataset)) {
  const csv = join(dir, `export-source-${seed}-${rows}.csv`);
  process.stdout.write(`making the dataset: ${rows.toLocaleString('en')} rows …\n`);
  writeBenchCsv(csv, rows, seed);
  const imported = spawnSync(process.execPath, [CLI, 'import', csv, '--out', dataset, '--json'], { encoding: 'utf8' });
  rmSync(csv, { force: true });
  if (imported.status !== 0) {
    process.stderr.write(`bench: import failed: ${imported.stderr}\n`);
    process.exit(1);
  }
  // The query engine's helpers (time order, status classes) are built on first use and kept in the file.
  spawnSync(process.execPath, [CLI, 'summary', dataset, '--json'], { encoding: 'utf8' });
}

function best(label: string, run: () => Measured, check?: (m: Measured) => void): Measured | null {
  let chosen: Measured | null = null;
  for (let i = 0; i < runs; i++) {
    const m = run();
    if (m.status !== 0) {
      process.stdout.write(`${label} failed (exit ${m.status}): ${m.stderr.trim().split('\n').slice(-2).join(' | ')}\n`);
      process.exitCode = 1;
      return null;
    }
    check?.(m);
    if (!chosen || m.seconds < chosen.seconds) chosen = m;
  }
  return chosen;
}

const out = (name: string): string => join(dir, `export-out-${name}`);
const oursExport = (name: string, args: readonly string[]) => () =>
  measure(process.execPath, [CLI, 'export', dataset, '--out', out(name), '--force', '--json', ...args]);
const exportedRows = (m: Measured): void => {
  const result = JSON.parse(m.stdout) as { rows: number };
  if (result.rows !== rows) {
    process.stdout.write(`exported ${result.rows} rows, expected ${rows}\n`);
    process.exitCode = 1;
  }
};

/** sqlite3 -csv writing the same columns: the originals, then the six annotations joined from small tables. */
function sqlite3Csv(): (() => Measured) | null {
  if (spawnSync('sqlite3', ['-version']).status !== 0) return null;
  const columns = JSON.parse(spawnSync('sqlite3', [dataset, "SELECT value FROM meta WHERE key = 'columns'"], { encoding: 'utf8' }).stdout.trim()) as string[];
  const codes = spawnSync('sqlite3', [dataset, 'SELECT DISTINCT _status, _manager_leg, _client_leg FROM calls'], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n');
  const q = (text: string): string => `'${text.replaceAll("'", "''")}'`;
  const statuses = codes.map((line) => {
    const [code = '', manager, client] = line.split('|');
    return `(${q(code)}, ${q(statusMeaning('ru', code === '' ? null : code, manager ? Number(manager) : null, client ? Number(client) : null))})`;
  });
  const words = (table: string, map: Readonly<Record<string, string>>): string =>
    `CREATE TABLE w.${table}(k TEXT PRIMARY KEY, v TEXT); INSERT INTO w.${table} VALUES ${Object.entries(map)
      .map(([k, v]) => `(${q(k)}, ${q(v)})`)
      .join(', ')};`;
  const script = join(dir, 'sqlite3-export.sql');
  writeFileSync(
    script,
    [
      "ATTACH ':memory:' AS w;",
      `CREATE TABLE w.status(k TEXT PRIMARY KEY, v TEXT); INSERT INTO w.status VALUES ${statuses.join(', ')};`,
      words('side', SIDE_WORDS.ru),
      words('reason', REASON_WORDS.ru),
      words('origin', ORIGIN_WORDS.ru),
      '.headers on',
      '.mode csv',
      '.separator ";" "\\r\\n"',
      `.once ${out('sqlite3.csv')}`,
      `SELECT ${columns.map((c) => `c."${c.replaceAll('"', '""')}"`).join(', ')}, coalesce(c._status, '') AS ${q(ANNOTATION_HEADERS.ru[0]!)}, s.v AS ${q(ANNOTATION_HEADERS.ru[1]!)},` +
        ` sd.v AS ${q(ANNOTATION_HEADERS.ru[2]!)}, r.v AS ${q(ANNOTATION_HEADERS.ru[3]!)}, CASE c._benign WHEN 1 THEN ${q(YES_NO.ru[0])} ELSE ${q(YES_NO.ru[1])} END AS ${q(ANNOTATION_HEADERS.ru[4]!)}, o.v AS ${q(ANNOTATION_HEADERS.ru[5]!)}` +
        " FROM calls c LEFT JOIN w.status s ON s.k = coalesce(c._status, '') LEFT JOIN w.side sd ON sd.k = c._side LEFT JOIN w.reason r ON r.k = c._reason" +
        ' LEFT JOIN w.origin o ON o.k = c._origin ORDER BY c.rowid;',
    ].join('\n'),
  );
  return () => measure('sqlite3', [dataset, `.read ${script}`]);
}

/** ExcelJS's streaming WorkbookWriter, the usual choice: the same rows and texts, as strings, one sheet. */
function exceljsAnchor(): () => Measured {
  const script = join(REPO, 'test/bench/exceljs-anchor.ts');
  return () => measure(process.execPath, [script, dataset, out('exceljs.xlsx')]);
}

process.stdout.write(`dataset: ${dataset} (${(statSync(dataset).size / 1e6).toFixed(0)} MB, ${rows.toLocaleString('en')} calls); runs: ${runs}, best shown\n`);
const sqlite = sqlite3Csv();
const results: [string, Measured | null][] = [
  ['sqlite3 -csv (same rows and columns)', sqlite ? best('sqlite3', sqlite) : null],
  ['callsight CSV, UTF-8 BOM', best('csv', oursExport('utf8.csv', []), exportedRows)],
  ['callsight CSV, Windows-1251', best('csv-1251', oursExport('cp1251.csv', ['--encoding', 'windows-1251', '--replace-unsupported']), exportedRows)],
  ['callsight XLSX', best('xlsx', oursExport('calls.xlsx', []), exportedRows)],
  ['ExcelJS streaming writer (anchor)', values['skip-exceljs'] ? null : best('exceljs', exceljsAnchor())],
  ['callsight report, HTML', best('html', oursExport('report.html', []))],
  ['callsight report, PDF (Chromium)', existsSync('/usr/bin/chromium') ? best('pdf', oursExport('report.pdf', ['--chromium', '/usr/bin/chromium'])) : null],
];
const fmt = (n: number | null | undefined, digits = 2): string => (n === null || n === undefined ? 'n/a' : n.toFixed(digits));
const base = results[0]![1];
process.stdout.write(
  `\n${'what'.padEnd(40)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak MB'.padStart(8)} ${'wall ×'.padStart(8)} ${'CPU ×'.padStart(8)}\n`,
);
for (const [label, m] of results) {
  // Against sqlite3 -csv, for the CSV rows: wall time is what the issue's target names; CPU is steadier on a busy machine.
  const csv = m !== null && base !== null && label.includes('CSV');
  const wall = csv ? fmt(m.seconds / base.seconds) : '';
  const cpu = csv && m.cpuSeconds !== null && base.cpuSeconds !== null ? fmt(m.cpuSeconds / base.cpuSeconds) : '';
  process.stdout.write(
    `${label.padEnd(40)} ${fmt(m?.seconds).padStart(8)} ${fmt(m?.cpuSeconds).padStart(8)} ${fmt(m?.rssMb, 0).padStart(8)} ${wall.padStart(8)} ${cpu.padStart(8)}\n`,
  );
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(`\nload average now: ${load} (wall times on a shared machine vary; CPU seconds are steadier)\n`);
if (!values.keep)
  for (const name of ['sqlite3.csv', 'utf8.csv', 'cp1251.csv', 'calls.xlsx', 'exceljs.xlsx', 'report.html', 'report.pdf']) rmSync(out(name), { force: true });
