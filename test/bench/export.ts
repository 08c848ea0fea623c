/**
 * Export benchmark (issue #9): our CLI's exports of one dataset against the sqlite3 CLI writing the
 * same rows and columns as CSV (annotations joined from a status table), and ExcelJS's streaming
 * writer (the usual choice for big XLSX files) writing the same rows.
 *
 *   npm run bench:export [-- --rows N] [--seed S] [--runs K] [--keep] [--report-rows N] [--skip-report]
 *
 * The dataset is made once per seed × rows from the import bench's CSV (test/fixtures/bench-data.ts)
 * into <tmpdir>/callsight-bench/ and reused. The report's target is for a 10M-row dataset: the grid
 * bench's (`grid-<seed>-<report-rows>.callsight.sqlite`) when it is there, else one made here the same
 * way as the export's; its HTML and PDF are timed under several filters and each is checked against the
 * engine's count for that filter (`summary --json`, outside the timing). Each contestant runs as its own process under
 * `/usr/bin/time` (wall time, CPU seconds user + system, peak RSS). Prints figures; asserts nothing
 * about speed. It fails only when an export fails or writes another number of rows than the dataset has.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBenchCsv } from '../fixtures/bench-data.ts';
import { BENCH_DIR, CLI, loadAverage, measure, REPO, rowsAndSeed, type Measured } from './support.ts';
import { ANNOTATION_HEADERS, ORIGIN_WORDS, REASON_WORDS, SIDE_WORDS, statusMeaning, YES_NO } from '../../src/shared/export-words.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20261127' },
    runs: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    'skip-exceljs': { type: 'boolean', default: false },
    'report-rows': { type: 'string', default: '10000000' },
    'skip-report': { type: 'boolean', default: false },
  },
  strict: true,
});
const { rows, seed } = rowsAndSeed(values, 'bench:export');
const runs = Math.max(1, Number(values.runs));

const dir = BENCH_DIR;
mkdirSync(dir, { recursive: true });

/** The dataset of `n` calls for the seed: made once by the real CLI import, with the query engine's helpers, then reused. */
function exportDataset(n: number): string {
  const file = join(dir, `export-${seed}-${n}.callsight.sqlite`);
  if (existsSync(file)) return file;
  const csv = join(dir, `export-source-${seed}-${n}.csv`);
  process.stdout.write(`making the dataset: ${n.toLocaleString('en')} rows …\n`);
  writeBenchCsv(csv, n, seed);
  const imported = spawnSync(process.execPath, [CLI, 'import', csv, '--out', file, '--json'], { encoding: 'utf8' });
  rmSync(csv, { force: true });
  if (imported.status !== 0) {
    process.stderr.write(`bench: import failed: ${imported.stderr}\n`);
    process.exit(1);
  }
  // The query engine's helpers (time order, status classes) are built on first use and kept in the file.
  spawnSync(process.execPath, [CLI, 'summary', file, '--json'], { encoding: 'utf8' });
  return file;
}
const dataset = exportDataset(rows);

/** Load average (1, 5, 15 min) when each contestant's best run ended: the machine is shared. */
const loadAt = new Map<Measured, string>();

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
    loadAt.set(m, loadAverage());
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

/**
 * The cells of a CSV file, quotes undone, as one digest: sqlite3 quotes more cells than needed (any with
 * a space), so the two files differ in bytes but must hold the same cells, rows and order. A byte-level
 * RFC 4180 reader (`;`, CRLF), outside the timing.
 */
function cellsDigest(file: string): string {
  const hash = createHash('sha256');
  const bytes = readFileSync(file);
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const norm = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  const push = (byte: number): void => {
    if (n === norm.length) {
      hash.update(norm);
      n = 0;
    }
    norm[n++] = byte;
  };
  let quoted = false;
  let cellStart = true;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (quoted) {
      if (b !== 0x22) push(b);
      else if (bytes[i + 1] === 0x22) {
        push(0x22);
        i++;
      } else quoted = false;
      continue;
    }
    if (b === 0x22 && cellStart) {
      quoted = true;
      cellStart = false;
    } else if (b === 0x3b) {
      push(0x1f);
      cellStart = true;
    } else if (b === 0x0d && bytes[i + 1] === 0x0a) {
      push(0x1e);
      cellStart = true;
      i++;
    } else {
      push(b);
      cellStart = false;
    }
  }
  hash.update(norm.subarray(0, n));
  return hash.digest('hex');
}

/** Our CSV holds the very cells sqlite3's does (when both were written in this run). */
function sameCells(name: string): void {
  const theirs = out('sqlite3.csv');
  if (!existsSync(theirs)) return;
  if (cellsDigest(out(name)) !== cellsDigest(theirs)) {
    process.stdout.write(`${name}: its cells differ from sqlite3's\n`);
    process.exitCode = 1;
  } else cells.checked = true;
}
const cells = { checked: false };

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
  ['callsight CSV, UTF-8 BOM', best('csv', oursExport('utf8.csv', []), (m) => (exportedRows(m), sameCells('utf8.csv')))],
  ['callsight CSV, Windows-1251', best('csv-1251', oursExport('cp1251.csv', ['--encoding', 'windows-1251', '--replace-unsupported']), exportedRows)],
  ['callsight XLSX', best('xlsx', oursExport('calls.xlsx', []), exportedRows)],
  ['ExcelJS streaming writer (anchor)', values['skip-exceljs'] ? null : best('exceljs', exceljsAnchor())],
  ['callsight report, HTML', best('html', oursExport('report.html', []))],
  ['callsight report, PDF (Chromium)', existsSync('/usr/bin/chromium') ? best('pdf', oursExport('report.pdf', ['--chromium', '/usr/bin/chromium'])) : null],
];
const fmt = (n: number | null | undefined, digits = 2): string => (n === null || n === undefined ? 'n/a' : n.toFixed(digits));
const base = results[0]![1];
process.stdout.write(
  `\n${'what'.padEnd(40)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak MB'.padStart(8)} ${'wall ×'.padStart(8)} ${'CPU ×'.padStart(8)}  load average\n`,
);
for (const [label, m] of results) {
  // Against sqlite3 -csv, for the CSV rows: wall time is what the issue's target names; CPU is steadier on a busy machine.
  const csv = m !== null && base !== null && label.includes('CSV');
  const wall = csv ? fmt(m.seconds / base.seconds) : '';
  const cpu = csv && m.cpuSeconds !== null && base.cpuSeconds !== null ? fmt(m.cpuSeconds / base.cpuSeconds) : '';
  process.stdout.write(
    `${label.padEnd(40)} ${fmt(m?.seconds).padStart(8)} ${fmt(m?.cpuSeconds).padStart(8)} ${fmt(m?.rssMb, 0).padStart(8)} ${wall.padStart(8)} ${cpu.padStart(8)}  ${m ? (loadAt.get(m) ?? '') : ''}\n`,
  );
}
if (cells.checked) process.stdout.write(`the UTF-8 CSV's cells are sqlite3's, row for row (checked outside the timing)\n`);
if (!values['skip-report']) benchReport();
process.stdout.write(`\nload average now: ${loadAverage()} (wall times on a shared machine vary; CPU seconds are steadier)\n`);
if (!values.keep)
  for (const name of ['sqlite3.csv', 'utf8.csv', 'cp1251.csv', 'calls.xlsx', 'exceljs.xlsx', 'report.html', 'report.pdf']) rmSync(out(name), { force: true });

/**
 * The report at 10M rows (the issue: HTML < 2 s, PDF < 5 s, any filter), wall time of the whole CLI
 * process as a user waits for it. Each run is checked: exit 0, the JSON's row count equals the engine's
 * count for the filter, the HTML holds that total and nothing to fetch, the PDF is a PDF whose text
 * (pdftotext, when installed) holds it.
 */
function benchReport(): void {
  const reportRows = Number(values['report-rows']);
  if (!Number.isSafeInteger(reportRows) || reportRows < 1) {
    process.stderr.write('bench:export: --report-rows must be a whole number\n');
    process.exit(2);
  }
  const grid = join(dir, `grid-${seed}-${reportRows}.callsight.sqlite`);
  const file = existsSync(grid) ? grid : exportDataset(reportRows);
  const chromium = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
  const pdftotext = spawnSync('pdftotext', ['-v']).error === undefined;
  const filters: [string, string[]][] = [
    ['all calls', []],
    ['client side, no benign', ['--side', 'client', '--hide-benign']],
    ['5 days', ['--from', '2026-03-05', '--to', '2026-03-10']],
    ['status 200/487', ['--status', '200/487']],
    ['phone fragment 916', ['--phone', '916']],
    // Per-column conditions. A file this large has every column with few values coded by its import
    // (the site, the comment, the status text; ranges read the typed twins `_duration_s` and `_cost`):
    // answered from the codes. The client and manager numbers have too many values: SQL over the calls,
    // split over the cores (parallel-scan.ts).
    ['--where Сайт=dostavka24.ru', ['--where', 'Сайт=dostavka24.ru']],
    ['--where Комментарий~перезвон', ['--where', 'Комментарий~перезвон']],
    ['--where Статус~487', ['--where', 'Статус~487']],
    ['--where Длительность>=60', ['--where', 'Длительность>=60']],
    ['--where Стоимость<=10', ['--where', 'Стоимость<=10']],
    ['--where Номер клиента~916', ['--where', 'Номер клиента~916']],
    ['--where Номер менеджера~491', ['--where', 'Номер менеджера~491']],
    ['--where Дата и время~2026-03-05', ['--where', 'Дата и время~2026-03-05']],
  ];
  process.stdout.write(`\nreport of ${file} (${reportRows.toLocaleString('en')} calls; targets: HTML < 2 s, PDF < 5 s, wall time of the CLI process)\n`);
  process.stdout.write(
    `${'format, filter'.padEnd(40)} ${'rows'.padStart(10)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'peak MB'.padStart(8)}  verdict  load average\n`,
  );
  for (const [name, flags] of filters) {
    const counted = spawnSync(process.execPath, [CLI, 'summary', file, '--json', ...flags], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const total = (JSON.parse(counted.stdout) as { total: number }).total;
    for (const format of ['html', 'pdf'] as const) {
      if (format === 'pdf' && chromium === null) continue;
      const target = format === 'html' ? 2 : 5;
      const outFile = out(`report-10m.${format}`);
      const m = best(`report ${format} ${name}`, () =>
        measure(process.execPath, [
          CLI,
          'export',
          file,
          '--out',
          outFile,
          '--force',
          '--json',
          ...(chromium && format === 'pdf' ? ['--chromium', chromium] : []),
          ...flags,
        ]),
      );
      if (!m) continue;
      const problem = reportProblem(format, outFile, m, total, pdftotext);
      if (problem) {
        process.stdout.write(`report ${format} ${name}: ${problem}\n`);
        process.exitCode = 1;
      }
      const verdict = problem ? 'WRONG' : m.seconds < target ? 'met' : 'missed';
      process.stdout.write(
        `${`${format.toUpperCase()}, ${name}`.padEnd(40)} ${total.toLocaleString('en').padStart(10)} ${fmt(m.seconds).padStart(8)} ${fmt(m.cpuSeconds).padStart(8)} ${fmt(m.rssMb, 0).padStart(8)}  ${verdict.padEnd(7)}  ${loadAt.get(m) ?? ''}\n`,
      );
      if (!values.keep) rmSync(outFile, { force: true });
    }
  }
}

/** What is wrong with a report the CLI wrote, or null. */
function reportProblem(format: 'html' | 'pdf', file: string, m: Measured, total: number, pdftotext: boolean): string | null {
  const result = JSON.parse(m.stdout) as { rows: number };
  if (result.rows !== total) return `${result.rows} rows, the engine counts ${total}`;
  // The report groups digits as its language does (Russian: narrow no-break spaces); compared without them.
  const digits = String(total);
  const bare = (text: string): string => text.replace(/[\s\u00a0\u202f,]/g, '');
  if (format === 'html') {
    const html = readFileSync(file, 'utf8');
    if (/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.test(html)) return 'the HTML refers to something outside it';
    return bare(html).includes(digits) ? null : `the HTML does not hold the total ${digits}`;
  }
  if (readFileSync(file).subarray(0, 5).toString('latin1') !== '%PDF-') return 'not a PDF';
  if (!pdftotext) return null;
  const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
  return bare(text).includes(digits) ? null : `the PDF's text does not hold the total ${digits}`;
}
