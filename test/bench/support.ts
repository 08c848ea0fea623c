/**
 * What the bench scripts share: where they keep their files, the cached generated CSV (one cache for
 * every script, so a 10M-row file is generated once), and a child process timed by `/usr/bin/time`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBenchCsv } from '../fixtures/bench-data.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const CLI = join(REPO, 'src/cli/main.ts');
export const BENCH_DIR = join(tmpdir(), 'callsight-bench');
const TIME = '/usr/bin/time';
/** The load average (1, 5, 15 min) as printed beside a figure: the machine is shared. */
export const loadAverage = (): string =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

/** One line of the bench's report on stdout. */
export const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Bump when the generator's output changes so cached files are regenerated. */
const GENERATOR_VERSION = 2;

/** `--rows` and `--seed` as integers (rows at least `minRows`); a bad value ends the script with one line, exit 2. */
export function rowsAndSeed(values: { readonly rows: string; readonly seed: string }, script: string, minRows = 1): { rows: number; seed: number } {
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(rows) || rows < minRows || !Number.isSafeInteger(seed)) {
    process.stderr.write(`${script}: --rows (at least ${minRows}) and --seed must be integers\n`);
    process.exit(2);
  }
  return { rows, seed };
}

/** The bench CSV of `rows` rows for `seed` (generated once into BENCH_DIR, then reused while it matches). */
export function cachedBenchCsv(rows: number, seed: number, say: (line: string) => void, regenerate = false): { path: string; bytes: number } {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, `calls-${seed}-${rows}.csv`);
  const marker = `${path}.json`;
  if (regenerate) rmSync(path, { force: true });
  try {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as { rows: number; seed: number; bytes: number; version: number };
    if (info.rows === rows && info.seed === seed && info.version === GENERATOR_VERSION && statSync(path).size === info.bytes) {
      say(`reusing ${path} (${(info.bytes / 1e6).toFixed(1)} MB)`);
      return { path, bytes: info.bytes };
    }
  } catch {
    // no cache yet, or a broken one: generate
  }
  say(`generating ${rows.toLocaleString('en')} rows → ${path} …`);
  const started = performance.now();
  rmSync(marker, { force: true });
  const { bytes } = writeBenchCsv(path, rows, seed);
  writeFileSync(marker, JSON.stringify({ rows, seed, bytes, version: GENERATOR_VERSION }));
  say(`generated ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { path, bytes };
}

export interface Measured {
  readonly seconds: number;
  readonly rssMb: number | null;
  /** User + system CPU seconds of the child (all its threads): steadier than wall time on a busy machine. */
  readonly cpuSeconds: number | null;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; wall time, and peak RSS and CPU from `/usr/bin/time` where it exists (else null). */
export function measure(command: string, args: readonly string[]): Measured {
  const statsFile = join(BENCH_DIR, `time-${process.pid}.txt`);
  mkdirSync(BENCH_DIR, { recursive: true });
  rmSync(statsFile, { force: true });
  const timed = existsSync(TIME);
  const started = performance.now();
  const result = spawnSync(timed ? TIME : command, timed ? ['-f', '%M %U %S', '-o', statsFile, command, ...args] : [...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const seconds = (performance.now() - started) / 1000;
  let rssMb: number | null = null;
  let cpuSeconds: number | null = null;
  if (timed && existsSync(statsFile)) {
    const [kb, user, system] = (readFileSync(statsFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (kb !== undefined && Number.isFinite(kb)) rssMb = kb / 1024;
    if (user !== undefined && system !== undefined && Number.isFinite(user + system)) cpuSeconds = user + system;
    rmSync(statsFile, { force: true });
  }
  // typed as strings, but null when the process never started
  const output: { readonly stdout: string | null; readonly stderr: string | null } = result;
  return {
    seconds,
    rssMb,
    cpuSeconds,
    status: result.status,
    stdout: output.stdout ?? '',
    stderr: output.stderr ?? (result.error ? String(result.error) : ''),
  };
}
