/**
 * Grid benchmark (issue #8, "Speed and memory"): the query engine at 10M rows, engine side (no HTTP or
 * IPC), against the issue's targets.
 *
 *   npm run bench:grid [-- --rows N] [--seed S] [--samples K] [--reimport] [--verify]
 *
 * 1. The CSV is the import bench's (test/fixtures/bench-data.ts, cached in <tmpdir>/callsight-bench/
 *    under the same name as test/bench/run.ts caches it). The dataset is made from it by the real CLI
 *    import and cached beside it (`grid-<seed>-<rows>.callsight.sqlite`) with the import's figures, the
 *    sqlite3 CLI `.import` of the same file measured in the same run, and `PRAGMA integrity_check` by the
 *    system's sqlite3 CLI; it is imported again when the import's code changed (a hash of
 *    src/core/import, src/core/sqlite-file and the helper store) or with --reimport.
 * 2. Helpers the query engine derived and stored in an earlier run are deleted first, so every run
 *    starts from the file as the import left it (what an analyst opens).
 * 3. Each row of the table is at least --samples (200) random requests, p50 and p95 in milliseconds, and
 *    the load average beside it. The column-order build is one request per column (it is the
 *    first page of that sort). The engine's RSS while paging is measured in a child process that does
 *    nothing else. The CLI rows are fresh processes (start-up shown apart).
 * Prints figures only; exits non-zero when the dataset fails its check.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BENCH_DIR, cachedBenchCsv, CLI, loadAverage, measure, REPO, rowsAndSeed, say, type Measured } from './support.ts';
import { ENGINE_WORKER_LIMITS } from '../../src/core/engine/engine-client.ts';
import { CallQueries } from '../../src/core/query/call-queries.ts';
import { FILE_ORDER, type CallFilter, type CallSort } from '../../src/shared/query.ts';
import { REASONS, SIDES } from '../../src/shared/status/types.ts';

if (!isMainThread) {
  // The engine's part of --order-rss-child, in a thread with the engine worker's limits.
  const { file, column, requests } = workerData as { file: string; column: string; requests: number };
  parentPort!.postMessage(orderRssChild(file, column, requests));
}

const { values } = isMainThread
  ? parseArgs({
      options: {
        rows: { type: 'string', default: '10000000' },
        seed: { type: 'string', default: '20261127' },
        samples: { type: 'string', default: '200' },
        reimport: { type: 'boolean', default: false },
        verify: { type: 'boolean', default: false },
        'cli-runs': { type: 'string', default: '10' },
        only: { type: 'string' },
        'rss-child': { type: 'string' },
        'order-rss-child': { type: 'string' },
        column: { type: 'string' },
        'cold-child': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    })
  : { values: {} as never };
if (values.help) {
  process.stdout.write('usage: node test/bench/grid.ts [--rows N] [--seed S] [--samples K] [--cli-runs K] [--reimport] [--verify] [--only other-columns]\n');
  process.exit(0);
}
if (values['cold-child'] !== undefined) {
  coldChild(values['cold-child']);
  process.exit(0);
}
if (values['rss-child'] !== undefined) {
  rssChild(values['rss-child'], Number(values.samples));
  process.exit(0);
}
if (values['order-rss-child'] !== undefined) {
  // In a worker thread with the app's engine worker limits (engine-client.ts: its young generation is
  // capped at 16 MB, where a main thread's grows to 64-128 MB), as the app runs the engine.
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { file: values['order-rss-child'], column: values.column ?? '', requests: Number(values.samples) },
    resourceLimits: ENGINE_WORKER_LIMITS,
  });
  const result = await new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await worker.terminate();
  process.exit(0);
}

const { rows, seed } = rowsAndSeed(values, 'bench:grid', 1000);
const samples = Math.max(1, Number(values.samples));
const cliRuns = Math.max(1, Number(values['cli-runs']));

const dir = BENCH_DIR;
mkdirSync(dir, { recursive: true });
say(`bench:grid — ${rows.toLocaleString('en')} rows, ${cpus().length} cores, load average ${loadAverage()} at start`);

// 1. The CSV (cached as test/bench/run.ts caches it).
const { path: csv, bytes: csvBytes } = cachedBenchCsv(rows, seed, say);

// 2. The dataset, by the real CLI import, cached with its figures while the import's code is unchanged.
type Run = Measured;

function codeHash(): string {
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) hash.update(relative(REPO, full)).update(readFileSync(full));
    }
  };
  walk(join(REPO, 'src/core/import'));
  walk(join(REPO, 'src/core/sqlite-file'));
  for (const file of ['aux-store.ts', 'time-order.ts', 'status-classes.ts', 'phone-digits.ts', 'column-codes.ts']) {
    const full = join(REPO, 'src/core/query', file);
    if (existsSync(full)) hash.update(file).update(readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

interface DatasetInfo {
  readonly csvBytes: number;
  readonly code: string;
  readonly importedAt: string;
  readonly ours: Run;
  readonly sqlite3: Run | null;
  readonly integrity: string;
  readonly integritySeconds: number;
  readonly loadAtImport: string;
  /** Helper names the import itself stored (the bench deletes any other before measuring). */
  readonly importHelpers: readonly string[];
}
const dataset = join(dir, `grid-${seed}-${rows}.callsight.sqlite`);
const datasetMarker = `${dataset}.json`;
const code = codeHash();
let info: DatasetInfo | null = null;
try {
  const cached = JSON.parse(readFileSync(datasetMarker, 'utf8')) as DatasetInfo;
  if (!values.reimport && cached.csvBytes === csvBytes && cached.code === code && existsSync(dataset)) info = cached;
} catch {
  // no marker: import
}

function integrity(): { verdict: string; seconds: number } {
  const started = performance.now();
  const r = spawnSync('sqlite3', [dataset, 'PRAGMA integrity_check'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const verdict =
    r.status === 0 ? r.stdout.trim().split('\n').slice(0, 3).join(' | ') : `sqlite3 failed: ${(r.stderr || String(r.error)).trim().split('\n')[0]}`;
  return { verdict, seconds: (performance.now() - started) / 1000 };
}

if (info === null) {
  rmSync(datasetMarker, { force: true });
  rmSync(dataset, { force: true });
  const loadBefore = loadAverage();
  let sqlite3: Run | null = null;
  if (spawnSync('sqlite3', ['-version']).status === 0) {
    const db = join(dir, `grid-sqlite3-${process.pid}.db`);
    rmSync(db, { force: true });
    say('sqlite3 CLI .import of the same CSV …');
    sqlite3 = measure('sqlite3', [db, '.mode csv', '.separator ;', `.import ${csv} t`]);
    rmSync(db, { force: true });
  }
  say('Callsight CLI import …');
  const ours = measure(process.execPath, [CLI, 'import', csv, '--out', dataset, '--json']);
  if (ours.status !== 0) {
    say(`the import failed (exit ${ours.status}): ${ours.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    process.exit(1);
  }
  say('PRAGMA integrity_check by the sqlite3 CLI …');
  const checked = integrity();
  const db = new Database(dataset, { readonly: true });
  const importHelpers = db.prepare("SELECT name FROM sqlite_schema WHERE name = 'callsight_aux_info'").get()
    ? (db.prepare('SELECT name FROM callsight_aux_info ORDER BY name').pluck().all() as string[])
    : [];
  db.close();
  info = {
    csvBytes,
    code,
    importedAt: new Date().toISOString(),
    ours,
    sqlite3,
    integrity: checked.verdict,
    integritySeconds: checked.seconds,
    loadAtImport: `${loadBefore} → ${loadAverage()}`,
    importHelpers,
  };
  writeFileSync(datasetMarker, JSON.stringify(info));
} else {
  say(`reusing ${dataset} (imported ${info.importedAt}; --reimport imports again)`);
  if (values.verify) {
    const checked = integrity();
    info = { ...info, integrity: checked.verdict, integritySeconds: checked.seconds };
  }
}

const fmt = (n: number | null | undefined, digits = 2): string => (n === null || n === undefined ? 'n/a' : n.toFixed(digits));
say('');
say(
  `dataset: ${(statSync(dataset).size / 1e9).toFixed(2)} GB; integrity_check (sqlite3 ${spawnSync('sqlite3', ['-version'], { encoding: 'utf8' }).stdout.split(' ')[0] ?? '?'}, ${fmt(info.integritySeconds, 0)} s): ${info.integrity}`,
);
const ratio = info.sqlite3 && info.sqlite3.status === 0 ? info.ours.seconds / info.sqlite3.seconds : null;
say(
  `import (same run, load ${info.loadAtImport}): Callsight ${fmt(info.ours.seconds, 1)} s wall, ${fmt(info.ours.cpuSeconds, 1)} CPU-s, peak RSS ${fmt(info.ours.rssMb, 0)} MB;` +
    ` sqlite3 .import ${fmt(info.sqlite3?.seconds, 1)} s wall, ${fmt(info.sqlite3?.cpuSeconds, 1)} CPU-s; ratio ${fmt(ratio)} (target ≤ 1.00)`,
);
say(`helpers stored by the import: ${info.importHelpers.join(', ') || 'none'}`);
if (!info.integrity.startsWith('ok')) {
  say('THE DATASET FAILED ITS CHECK: the figures below are not valid');
  process.exitCode = 1;
}

// 3. Back to the file as the import left it: helpers an earlier run derived go.
const helperNames = (): string[] => {
  const db = new Database(dataset, { readonly: true });
  const names = db.prepare("SELECT name FROM sqlite_schema WHERE name = 'callsight_aux_info'").get()
    ? (db.prepare('SELECT name FROM callsight_aux_info').pluck().all() as string[])
    : [];
  db.close();
  return names;
};
deleteHelpers(info.importHelpers);
/** Deletes the helpers stored in the dataset but those in `keep`. */
function deleteHelpers(keepNames: readonly string[]): void {
  const db = new Database(dataset);
  if (db.prepare("SELECT name FROM sqlite_schema WHERE name = 'callsight_aux_info'").get()) {
    const keep = new Set(keepNames);
    const stale = (db.prepare('SELECT name FROM callsight_aux_info').pluck().all() as string[]).filter((name) => !keep.has(name));
    db.transaction(() => {
      for (const name of stale) {
        db.prepare('DELETE FROM callsight_aux WHERE name = ?').run(name);
        db.prepare('DELETE FROM callsight_aux_info WHERE name = ?').run(name);
      }
    })();
    if (stale.length > 0) say(`deleted helpers the import did not store: ${stale.join(', ')}`);
  }
  db.close();
}

// 4. The engine, in this process.
interface Row {
  readonly what: string;
  readonly target: string;
  readonly limitMs: number | null;
  readonly times: readonly number[];
  readonly cpuMs: number;
  readonly load: string;
  readonly note?: string;
}
const table: Row[] = [];
const rng = mulberry(seed);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function sample(what: string, target: string, limitMs: number | null, n: number, request: (i: number) => void, note?: string): Row {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    request(i);
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  const row = { what, target, limitMs, times, cpuMs: (used.user + used.system) / 1000 / n, load: loadAverage(), ...(note === undefined ? {} : { note }) };
  table.push(row);
  say(`  ${what}: p50 ${fmt(quantile(times, 0.5), 1)} ms, p95 ${fmt(quantile(times, 0.95), 1)} ms (n ${n}, load ${row.load})`);
  return row;
}

const TIME_ASC: CallSort = { column: '_time', direction: 'asc' };
const TIME_DESC: CallSort = { column: '_time', direction: 'desc' };
const FILE_DESC: CallSort = { column: '_line', direction: 'desc' };
const probe = new Database(dataset, { readonly: true });
const total = probe.prepare('SELECT max(rowid) FROM calls').pluck().get() as number;
const firstTime = probe.prepare('SELECT min("_time") FROM calls').pluck().get() as string;
const lastTime = probe.prepare('SELECT max("_time") FROM calls').pluck().get() as string;
const statusCodes = probe.prepare('SELECT DISTINCT "_status" FROM calls WHERE "_status" IS NOT NULL').pluck().all() as string[];
const digitOf = probe.prepare('SELECT "_client_digits" FROM calls WHERE rowid = ?').pluck();
const digitSamples = Array.from({ length: 2000 }, (_, i) => digitOf.get(1 + ((i * 2654435761) % total)) as string | null).filter(
  (d): d is string => d !== null && d.length >= 7,
);
probe.close();
const startMs = Date.parse(`${firstTime.slice(0, 19)}Z`);
const endMs = Date.parse(`${lastTime.slice(0, 19)}Z`);
const isoAt = (ms: number): string => new Date(ms).toISOString().slice(0, 19);
/** A random time range of 1 hour to 10 days inside the file's times. */
const timeRange = (): { from: string; to: string } => {
  const length = (1 + rng() * 240) * 3_600_000;
  const from = startMs + rng() * Math.max(0, endMs - startMs - length);
  return { from: isoAt(from), to: isoAt(from + length) };
};
const offsetIn = (n: number): number => (rng() < 0.1 ? Math.max(0, n - 100) : Math.floor(rng() * Math.max(1, n - 100)));
const subset = <T>(list: readonly T[], most: number): T[] => {
  const out = new Set<T>();
  const k = 1 + Math.floor(rng() * most);
  while (out.size < k) out.add(pick(list));
  return [...out];
};
const FAILURE_SIDES = SIDES.filter((s) => s !== 'success');

say('');
say('engine (this process):');
// --only other-columns: the rows of another column's sort alone (a quicker look at that target).
const everything = values.only !== 'other-columns';
if (everything) {
  sample('open → first 100 rows (file order)', '< 200 ms', 200, samples, () => {
    const q = new CallQueries();
    q.columns(dataset);
    q.page(dataset, { filter: {}, sort: FILE_ORDER, offset: 0, limit: 100 });
    q.closeAll();
  });
  sample('open → first 100 rows (time, newest first)', '< 200 ms', 200, samples, () => {
    const q = new CallQueries();
    q.columns(dataset);
    q.page(dataset, { filter: {}, sort: TIME_DESC, offset: 0, limit: 100 });
    q.closeAll();
  });
}

const q = new CallQueries();
q.columns(dataset);
if (everything) {
  for (const [label, sort] of [
    ['time', TIME_ASC],
    ['time desc', TIME_DESC],
    ['file order', FILE_ORDER],
    ['file order desc', FILE_DESC],
  ] as const) {
    sample(`random 100-row page, no filter, ${label}`, '< 20 ms', 20, samples, () => {
      q.page(dataset, { filter: {}, sort, offset: offsetIn(total), limit: 100 });
    });
  }
}
// Filters of the kinds the issue names; each kind's first request builds its rows (a new filter), the rest page.
const range = timeRange();
const FIXED: readonly [string, CallFilter][] = [
  ['side', { sides: ['client'] }],
  ['reason', { reasons: ['busy'] }],
  ['status', { statuses: ['200/487'] }],
  ['time range', range],
  ['side + time range', { sides: ['client', 'carrier'], ...range }],
];
const fixedTotals = new Map<string, number>();
for (const [label, filter] of FIXED) {
  for (const sort of [TIME_ASC, TIME_DESC]) {
    const first = q.page(dataset, { filter, sort, offset: 0, limit: 100 });
    fixedTotals.set(label, first.total);
  }
}
if (everything) {
  sample(
    'random 100-row page, side/reason/status/time-range filters, by time both ways',
    '< 50 ms',
    50,
    samples,
    () => {
      const [label, filter] = pick(FIXED);
      q.page(dataset, { filter, sort: pick([TIME_ASC, TIME_DESC]), offset: offsetIn(fixedTotals.get(label)!), limit: 100 });
    },
    `filters: ${FIXED.map(([label]) => `${label} ${fixedTotals.get(label)!.toLocaleString('en')}`).join(', ')}`,
  );
}
const seen = new Set<string>();
const newFilter = (): CallFilter => {
  for (;;) {
    const kind = Math.floor(rng() * 5);
    const facet: CallFilter =
      kind === 0 ? { sides: subset(FAILURE_SIDES, 3) } : kind === 1 ? { reasons: subset(REASONS, 3) } : kind === 2 ? { statuses: subset(statusCodes, 4) } : {};
    const filter: CallFilter = kind >= 3 || rng() < 0.5 ? { ...facet, ...timeRange() } : facet;
    const key = JSON.stringify(filter);
    if (!seen.has(key)) {
      seen.add(key);
      return filter;
    }
  }
};
const newFilters = Array.from({ length: samples }, newFilter);
if (everything) {
  sample('first page of a new filter (side/reason/status and/or time range), by time', '< 300 ms', 300, samples, (i) => {
    q.page(dataset, { filter: newFilters[i]!, sort: pick([TIME_ASC, TIME_DESC]), offset: 0, limit: 100 });
  });
  sample('per-side counts for those filters', '< 300 ms', 300, samples, (i) => {
    q.counts(dataset, i % 4 === 0 ? {} : newFilters[(i * 7) % newFilters.length]!);
  });
  sample('summary for those filters', '< 1 s', 1000, samples, (i) => {
    q.summary(dataset, i % 4 === 0 ? {} : newFilters[(i * 11) % newFilters.length]!);
  });
  const fragments = Array.from({ length: samples }, () => {
    const digits = pick(digitSamples);
    const length = 3 + Math.floor(rng() * 5);
    const at = Math.floor(rng() * (digits.length - length + 1));
    return digits.slice(at, at + length);
  });
  sample('phone search by a fragment of 3–7 digits (first page, by time)', '< 1 s', 1000, samples, (i) => {
    q.page(dataset, { filter: { phone: fragments[i]! }, sort: TIME_DESC, offset: 0, limit: 100 });
  });
}
// Another column's sort, from a file without its order: the first page both ways (SQLite's ORDER BY …
// LIMIT while the order is not built), then a page in the middle, which waits for the whole order (kept
// in the file for the next open; the engine builds it in the background meanwhile, this process at that
// page); CPU ms of each step.
const OTHER: readonly string[] = ['Менеджер', 'Длительность', 'Комментарий', 'Номер клиента'];
// The memory of those builds: in a child process whose engine (a worker thread with the app's limits)
// has paged by time, the peak RSS from the sort's first page to its whole order; what the child stores
// (the order, codes) is deleted after it, so the builds below start from the same file.
const orderRss: { column: string; beforeMb: number; peakMb: number | null; afterMb: number; cpuMs: number; load: string }[] = [];
for (const column of OTHER.slice(1)) {
  const keep = helperNames();
  const child = spawnSync(process.execPath, [import.meta.filename, '--order-rss-child', dataset, '--column', column, '--samples', '300'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  deleteHelpers(keep);
  if (child.status !== 0) {
    say(`the order RSS child failed (${column}): ${child.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    continue;
  }
  const measured = JSON.parse(child.stdout.trim().split('\n').pop()!) as (typeof orderRss)[number];
  orderRss.push({ ...measured, load: loadAverage() });
  say(
    `  building the ${column} order (child, engine worker limits): RSS ${fmt(measured.beforeMb, 0)} MB before, peak ${fmt(measured.peakMb, 0)} MB, ${fmt(measured.afterMb, 0)} MB after; ${fmt(measured.cpuMs / 1000, 1)} CPU-s`,
  );
}
const timed = (request: () => void): { ms: number; cpuMs: number } => {
  const cpu = process.cpuUsage();
  const started = performance.now();
  request();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
};
for (const column of OTHER) {
  const page = (direction: 'asc' | 'desc', offset: number) => () => q.page(dataset, { filter: {}, sort: { column, direction }, offset, limit: 100 });
  const asc = timed(page('asc', 0));
  const desc = timed(page('desc', 0));
  const rest = timed(page('asc', Math.floor(total / 2)));
  // From the first page on (the desc page's own scan aside): what a user who opened the sort waits for.
  const built = { ms: asc.ms + rest.ms, cpuMs: asc.cpuMs + rest.cpuMs };
  say(
    `  sorted by ${column}: first page asc ${fmt(asc.ms, 0)} ms (${fmt(asc.cpuMs, 0)} CPU ms), desc ${fmt(desc.ms, 0)} ms (${fmt(desc.cpuMs, 0)}); whole order after ${fmt(built.ms, 0)} ms (${fmt(built.cpuMs, 0)} CPU ms)`,
  );
  table.push(
    {
      what: `sorted by ${column}: first page (asc; desc), order not built`,
      target: '< 3 s',
      limitMs: 3000,
      times: [asc.ms, desc.ms],
      cpuMs: (asc.cpuMs + desc.cpuMs) / 2,
      load: loadAverage(),
    },
    {
      what: `sorted by ${column}: whole order built (from its first page on; kept for the next open)`,
      target: '< 20 s',
      limitMs: 20000,
      times: [built.ms],
      cpuMs: built.cpuMs,
      load: loadAverage(),
    },
  );
}
// The first page of a side filter on each of those orders (one list of matches built per order and direction), then pages.
const otherFirst: number[] = [];
for (const column of OTHER) {
  for (const direction of ['asc', 'desc'] as const) {
    const started = performance.now();
    q.page(dataset, { filter: { sides: ['client'] }, sort: { column, direction }, offset: 0, limit: 100 });
    otherFirst.push(performance.now() - started);
  }
}
table.push({
  what: 'sorted by another column, its order ready: first page of a side filter',
  target: '(< 300 ms, as for time)',
  limitMs: null,
  times: otherFirst,
  cpuMs: Number.NaN,
  load: loadAverage(),
});
sample('sorted by another column: random 100-row pages once its order is ready (no filter and side filter)', '< 50 ms', 50, samples, () => {
  const sort: CallSort = { column: pick(OTHER), direction: pick(['asc', 'desc'] as const) };
  const filter: CallFilter = rng() < 0.5 ? {} : { sides: ['client'] };
  q.page(dataset, { filter, sort, offset: offsetIn(filter.sides ? fixedTotals.get('side')! : total), limit: 100 });
});
q.closeAll();
sample('sorted by another column, next open: first page (order kept in the file)', '< 3 s', 3000, Math.min(samples, 20), (i) => {
  const again = new CallQueries();
  again.page(dataset, { filter: {}, sort: { column: OTHER[i % OTHER.length]!, direction: 'desc' }, offset: 0, limit: 100 });
  again.closeAll();
});

if (everything) {
  // Fresh engines on the same file: what the first requests after an open cost (helpers read from the file).
  sample('fresh engine: open → first page of a side filter, by time', '< 300 ms', 300, Math.min(samples, 20), (i) => {
    const fresh = new CallQueries();
    fresh.page(dataset, { filter: { sides: [FAILURE_SIDES[i % FAILURE_SIDES.length]!] }, sort: TIME_DESC, offset: 0, limit: 100 });
    fresh.closeAll();
  });
  sample('fresh engine: open → summary, no filter (manager table, both charts)', '< 1 s', 1000, Math.min(samples, 20), () => {
    const fresh = new CallQueries();
    fresh.summary(dataset, {});
    fresh.closeAll();
  });
}
let rss: { maxMb: number; endMb: number; requests: number } | null = null;
if (everything) {
  // 5. The engine's RSS while paging, in a process that does nothing else.
  say('engine RSS while paging (child process) …');
  const child = spawnSync(process.execPath, [import.meta.filename, '--rss-child', dataset, '--samples', String(samples * 5)], { cwd: REPO, encoding: 'utf8' });
  rss = child.status === 0 ? (JSON.parse(child.stdout.trim().split('\n').pop()!) as { maxMb: number; endMb: number; requests: number }) : null;
  if (!rss) say(`the RSS child failed: ${child.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);

  // 6. Cold processes: the CLI as a user runs it (whole process), and the same work timed inside a fresh process.
  say(`CLI query, ${cliRuns} fresh processes each …`);
  const cliFilters = Array.from({ length: cliRuns }, () => newFilter());
  const flagsOf = (filter: CallFilter): string[] => [
    ...(filter.sides ? ['--side', filter.sides.join(',')] : []),
    ...(filter.reasons ? ['--reason', filter.reasons.join(',')] : []),
    ...(filter.statuses ? ['--status', filter.statuses.join(',')] : []),
    ...(filter.from ? ['--from', filter.from, '--to', filter.to!] : []),
  ];
  const startup = Array.from({ length: cliRuns }, () => measure(process.execPath, [CLI, 'query'])); // a usage error: start-up only
  const cliFirst = Array.from({ length: cliRuns }, () => measure(process.execPath, [CLI, 'query', dataset, '--limit', '100', '--json']));
  const cliNew = cliFilters.map((filter) =>
    measure(process.execPath, [CLI, 'query', dataset, '--limit', '100', '--sort', '_time:desc', '--json', ...flagsOf(filter)]),
  );
  const failed = [...cliFirst, ...cliNew].find((r) => r.status !== 0);
  if (failed) say(`a CLI query failed: ${failed.stderr.trim().split('\n')[0]}`);
  const cold = (filter: CallFilter, sort: CallSort): { rowsMs: number; countsMs: number } => {
    const r = spawnSync(process.execPath, [import.meta.filename, '--cold-child', JSON.stringify({ file: dataset, filter, sort })], {
      cwd: REPO,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`cold child: ${r.stderr.trim().split('\n')[0]}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as { rowsMs: number; countsMs: number };
  };
  const coldFirst = Array.from({ length: cliRuns }, () => cold({}, FILE_ORDER));
  const coldNew = cliFilters.map((filter) => cold(filter, TIME_DESC));
  const whole = (runs: readonly Run[]): string =>
    `whole CLI process p50 ${fmt(
      quantile(
        runs.map((r) => r.seconds * 1000),
        0.5,
      ),
      0,
    )} ms (its start-up alone p50 ${fmt(
      quantile(
        startup.map((r) => r.seconds * 1000),
        0.5,
      ),
      0,
    )} ms)`;
  for (const [what, target, limitMs, runs, times] of [
    ['fresh process: open → first 100 rows (as CLI query does)', '< 200 ms', 200, cliFirst, coldFirst],
    ['fresh process: first page of a new filter, by time (as CLI query does)', '< 300 ms', 300, cliNew, coldNew],
  ] as const) {
    table.push({
      what,
      target,
      limitMs,
      times: times.map((t) => t.rowsMs),
      cpuMs: Number.NaN,
      load: loadAverage(),
      note: `then the counts p50 ${fmt(
        quantile(
          times.map((t) => t.countsMs),
          0.5,
        ),
        0,
      )} ms; ${whole(runs)}`,
    });
  }
}
// Report
say('');
say(`| what | target | p50 ms | p95 ms | verdict | n | CPU ms/request | load average (1, 5, 15 min) |`);
say('|---|---|---|---|---|---|---|---|');
for (const row of table) {
  const p95 = quantile(row.times, 0.95);
  const verdict = row.limitMs === null ? '' : p95 < row.limitMs ? 'met' : 'MISSED';
  say(
    `| ${row.what} | ${row.target} | ${fmt(quantile(row.times, 0.5), 1)} | ${fmt(p95, 1)} | ${verdict} | ${row.times.length} | ${Number.isNaN(row.cpuMs) ? '' : fmt(row.cpuMs, 1)} | ${row.load} |`,
  );
}
if (rss)
  say(
    `| engine RSS while paging (${rss.requests} requests: no filter, filters, time and file order) | < 400 MB | end ${fmt(rss.endMb, 0)} MB | max ${fmt(rss.maxMb, 0)} MB | ${rss.maxMb < 400 ? 'met' : 'MISSED'} | ${rss.requests} | | ${loadAverage()} |`,
  );
for (const built of orderRss)
  say(
    `| engine RSS building the ${built.column} order (child: paged by time, then the sort's first page and whole order) | < 400 MB | before ${fmt(built.beforeMb, 0)} MB, after ${fmt(built.afterMb, 0)} MB | peak ${fmt(built.peakMb, 0)} MB | ${built.peakMb !== null && built.peakMb < 400 ? 'met' : 'MISSED'} | 1 | ${fmt(built.cpuMs, 0)} | ${built.load} |`,
  );
say(
  `| import, ${rows.toLocaleString('en')} rows: Callsight / sqlite3 .import | ≤ 1.00× | ${fmt(info.ours.seconds, 1)} s / ${fmt(info.sqlite3?.seconds, 1)} s | | ${ratio === null ? 'n/a' : ratio <= 1 ? 'met' : 'MISSED'} (${fmt(ratio)}×) | 1 | ${fmt(info.ours.cpuSeconds, 1)} / ${fmt(info.sqlite3?.cpuSeconds, 1)} CPU-s | ${info.loadAtImport} |`,
);
for (const row of table) if (row.note) say(`  ${row.what}: ${row.note}`);
say('renderer frame gaps while dragging the scrollbar: not measured here (browser host; see npm run bench:ui)');
const peakLoad = loadavg()[0] ?? 0;
if (peakLoad > cpus().length) say(`note: load average ${peakLoad.toFixed(1)} on ${cpus().length} cores: wall times are inflated, compare p50 and CPU ms`);

// Helpers
function quantile(list: readonly number[], q: number): number {
  if (list.length === 0) return Number.NaN;
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function mulberry(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The child's job: page like a user (no filter and a side filter, time and file order), report the RSS. */
function rssChild(file: string, requests: number): void {
  const queries = new CallQueries();
  const random = mulberry(7);
  const sorts: readonly CallSort[] = [{ column: '_time', direction: 'asc' }, { column: '_time', direction: 'desc' }, FILE_ORDER];
  const { total: n } = queries.columns(file);
  let maxMb = 0;
  const filters: CallFilter[] = [{}, { sides: ['client'] }, { reasons: ['busy', 'no-answer'] }];
  for (let i = 0; i < requests; i++) {
    const filter = filters[i % filters.length]!;
    const sort = sorts[Math.floor(random() * sorts.length)]!;
    const page = queries.page(file, { filter, sort, offset: 0, limit: 1 });
    queries.page(file, { filter, sort, offset: Math.floor(random() * Math.max(1, page.total - 100)), limit: 100 });
    if (i % 50 === 0) queries.counts(file, filter);
    maxMb = Math.max(maxMb, process.memoryUsage.rss() / 2 ** 20);
  }
  queries.closeAll();
  process.stdout.write(`${JSON.stringify({ maxMb, endMb: process.memoryUsage.rss() / 2 ** 20, requests, total: n })}\n`);
}

/** This process's peak RSS (VmHWM) in MB, and a reset of it (Linux: `5` into clear_refs); null where /proc has neither. */
function peakRssMb(): number | null {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : null;
}
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * The memory of another column's order build, in an engine that has paged: `requests` pages by time
 * (as rssChild), then the column's first page (SQLite's ORDER BY … LIMIT) and a page in the middle,
 * which waits for the whole order; the process's peak RSS from the first page of that sort on (VmHWM,
 * reset before it), its RSS before and after, and the CPU ms of the build.
 */
function orderRssChild(
  file: string,
  column: string,
  requests: number,
): { column: string; beforeMb: number; peakMb: number | null; afterMb: number; ms: number; cpuMs: number; requests: number } {
  const queries = new CallQueries();
  const random = mulberry(7);
  const { total: n } = queries.columns(file);
  for (let i = 0; i < requests; i++) {
    const sort: CallSort = { column: '_time', direction: random() < 0.5 ? 'asc' : 'desc' };
    queries.page(file, { filter: i % 2 === 0 ? {} : { sides: ['client'] }, sort, offset: Math.floor(random() * (n - 100)), limit: 100 });
  }
  const beforeMb = process.memoryUsage.rss() / 2 ** 20;
  const reset = resetPeakRss();
  const cpu = process.cpuUsage();
  const started = performance.now();
  queries.page(file, { filter: {}, sort: { column, direction: 'asc' }, offset: 0, limit: 100 });
  queries.page(file, { filter: {}, sort: { column, direction: 'asc' }, offset: Math.floor(n / 2), limit: 100 });
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - started;
  const peakMb = reset ? peakRssMb() : null;
  const afterMb = process.memoryUsage.rss() / 2 ** 20;
  queries.closeAll();
  return { column, beforeMb, peakMb, afterMb, ms, cpuMs: (used.user + used.system) / 1000, requests };
}

/** A fresh process's work for one `query` command (what src/cli/commands/query.ts does), timed from after start-up. */
function coldChild(json: string): void {
  const { file, filter, sort } = JSON.parse(json) as { file: string; filter: CallFilter; sort: CallSort };
  const started = performance.now();
  const queries = new CallQueries();
  queries.columns(file);
  queries.page(file, { filter, sort, offset: 0, limit: 100 });
  const rowsMs = performance.now() - started;
  queries.counts(file, filter);
  const countsMs = performance.now() - started - rowsMs;
  queries.closeAll();
  process.stdout.write(`${JSON.stringify({ rowsMs, countsMs })}\n`);
}
