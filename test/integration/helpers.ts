/**
 * Black-box helpers: run the CLI as a child process (exactly as a user or script would) and read the
 * dataset it produced with better-sqlite3. Nothing here imports the import engine.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { CallRecord } from '../fixtures/calls.ts';

export const REPO = resolve(import.meta.dirname, '../..');
export const CLI = join(REPO, 'src/cli/main.ts');
export const SIDE_NAMES = ['success', 'manager', 'client', 'carrier', 'service', 'pending', 'unknown'] as const;

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A generous default: a loaded CI machine runs a big import several times slower than a quiet one. */
export function runCli(args: readonly string[], timeoutMs = 120_000): CliRun {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ImportSummary {
  readonly dataset: string;
  readonly rowsRead: number;
  readonly imported: number;
  readonly rejected: number;
  /** Of the rejected: a title above the header or an "Итого" row. */
  readonly skipped: number;
  /** Of the imported: calls whose record had another number of fields (`_fields`, `_extra`). */
  readonly repaired: number;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly bySide: Record<string, number>;
  readonly unreadableTimes: number;
  readonly elapsedMs: number;
}

/** Runs `import --json`, asserts exit 0 and exactly one JSON object on stdout, returns it. */
export function importOk(file: string, out: string, extra: readonly string[] = [], timeoutMs?: number): ImportSummary {
  const run = runCli(['import', file, '--out', out, '--json', ...extra], timeoutMs);
  expect(run.stderr.includes('    at '), `stack trace on stderr:\n${run.stderr}`).toBe(false);
  expect(run.status, `exit code; stderr: ${run.stderr}`).toBe(0);
  const summary = parseSingleJson(run.stdout) as ImportSummary;
  expect(Object.keys(summary).sort()).toEqual(
    ['bySide', 'dataset', 'delimiter', 'elapsedMs', 'encoding', 'imported', 'rejected', 'repaired', 'rowsRead', 'skipped', 'unreadableTimes'].sort(),
  );
  expect(Object.keys(summary.bySide).sort()).toEqual([...SIDE_NAMES].sort());
  expect(summary.imported + summary.rejected).toBe(summary.rowsRead);
  expect(summary.skipped).toBeLessThanOrEqual(summary.rejected);
  expect(summary.repaired).toBeLessThanOrEqual(summary.imported);
  expect(Object.values(summary.bySide).reduce((a, b) => a + b, 0)).toBe(summary.imported);
  expect(typeof summary.elapsedMs).toBe('number');
  expect(typeof summary.dataset).toBe('string');
  return summary;
}

/** Exactly one JSON value on stdout: one parse of the whole trimmed output must succeed. */
export function parseSingleJson(stdout: string): unknown {
  const trimmed = stdout.trim();
  expect(trimmed.length, 'stdout is empty').toBeGreaterThan(0);
  expect(trimmed.startsWith('{') || trimmed.startsWith('['), `stdout is not JSON: ${trimmed.slice(0, 200)}`).toBe(true);
  return JSON.parse(trimmed);
}

/** The failure contract: non-zero exit, exactly one line on stderr, no stack trace, nothing on stdout that looks like success. */
export function expectOneLineFailure(run: CliRun, code?: number): string {
  if (code === undefined) expect(run.status, `stdout: ${run.stdout}`).not.toBe(0);
  else expect(run.status, `stderr: ${run.stderr}`).toBe(code);
  expect(run.status).not.toBeNull(); // null means killed by timeout/signal
  const text = run.stderr.replace(/\r?\n$/, '');
  expect(text.length, 'stderr is empty').toBeGreaterThan(0);
  expect(text.split(/\r?\n/), `stderr must be one line:\n${run.stderr}`).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at |Error: .*\n|node:internal/);
  return text;
}

export { tempDir } from '../support/temp-dir.ts';

/**
 * Writes values the import would not make (NULL, numbers in text columns, texts in typed twins) over an
 * imported dataset's cells, with SQLite's own UPDATE: each column's values in turn, into every `every`-th
 * row from rowid `from`. The codes the import stored for a written column (`codes:<column>`) are dropped
 * with it: they describe the cells as the import wrote them, under a fingerprint an UPDATE does not change,
 * so the engine would trust them.
 */
export function overwriteCells(file: string, from: number, writes: readonly { column: string; values: readonly unknown[]; every: number }[]): void {
  const db = new Database(file);
  try {
    const rows = db.prepare('SELECT max(rowid) FROM calls').pluck().get() as number;
    db.transaction(() => {
      for (const { column, values, every } of writes) {
        const update = db.prepare(`UPDATE calls SET "${column}" = ? WHERE rowid = ?`);
        for (let rowid = from, i = 0; rowid <= rows; rowid += every, i++) update.run(values[i % values.length], rowid);
        for (const table of ['callsight_aux_info', 'callsight_aux']) db.prepare(`DELETE FROM ${table} WHERE name = ?`).run(`codes:${column}`);
      }
    })();
  } finally {
    db.close();
  }
}

/** `*.partial` files and their SQLite side files (`-journal`, `-wal`, `-shm`). */
export function partialsIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => /\.partial(?:-[a-z-]+)?$/.test(name));
}

export type Row = Record<string, unknown>;

export interface Dataset {
  readonly columns: string[];
  readonly calls: Row[];
  readonly rejected: { line: number; reason: string; raw: string }[];
  readonly meta: Map<string, unknown>;
  readonly indexedColumns: Set<string>;
}

/** Meta values are JSON-encoded (docs/dataset-format.md); a bare string is accepted too. */
function decodeMeta(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function readDataset(path: string): Dataset {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // The calls table and its indexes are written as raw B-tree pages: SQLite must find the file sound,
    // every index entry matching its row.
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const columns = (db.prepare('PRAGMA table_info(calls)').all() as { name: string }[]).map((c) => c.name);
    const calls = db.prepare('SELECT * FROM calls ORDER BY _line').all() as Row[];
    const rejected = db.prepare('SELECT line, reason, raw FROM rejected ORDER BY line').all() as Dataset['rejected'];
    const meta = new Map(
      (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map(({ key, value }) => [key, decodeMeta(value)] as const),
    );
    const indexedColumns = new Set<string>();
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls'").all() as { name: string }[];
    for (const { name } of indexes) {
      for (const info of db.prepare(`PRAGMA index_info("${name.replaceAll('"', '""')}")`).all() as { name: string }[]) {
        indexedColumns.add(info.name);
      }
    }
    return { columns, calls, rejected, meta, indexedColumns };
  } finally {
    db.close();
  }
}

export const TAG_COLUMNS = [
  '_line',
  '_status',
  '_manager_leg',
  '_client_leg',
  '_side',
  '_reason',
  '_benign',
  '_origin',
  '_time',
  '_client_digits',
  '_manager_digits',
  '_duration_s',
  '_cost',
] as const;

/** Asserts the dataset-level invariants of docs/dataset-format.md against the CLI summary. */
export function expectDatasetMatchesSummary(ds: Dataset, summary: ImportSummary, originalColumns: readonly string[]): void {
  expect(ds.meta.get('complete')).toBe('1');
  expect(Number(ds.meta.get('rows_read'))).toBe(summary.rowsRead);
  expect(Number(ds.meta.get('imported'))).toBe(summary.imported);
  expect(Number(ds.meta.get('rejected'))).toBe(summary.rejected);
  expect(ds.meta.get('by_side')).toEqual(summary.bySide);
  expect(ds.meta.get('columns')).toEqual([...originalColumns]);
  expect(ds.calls).toHaveLength(summary.imported);
  expect(ds.rejected).toHaveLength(summary.rejected);
  for (const column of [...originalColumns, ...TAG_COLUMNS]) expect(ds.columns, `calls.${column}`).toContain(column);
  for (const column of ['_side', '_reason', '_status', '_time', '_client_digits']) {
    expect(ds.indexedColumns.has(column), `index on calls.${column}`).toBe(true);
  }
  const bySide: Record<string, number> = Object.fromEntries(SIDE_NAMES.map((s) => [s, 0]));
  for (const row of ds.calls) bySide[String(row._side)] = (bySide[String(row._side)] ?? 0) + 1;
  expect(bySide).toEqual(summary.bySide);
}

/** The status facets a stored row must carry for a generated record. */
export function expectedTags(record: CallRecord): Row {
  const e = record.expected;
  return {
    _status: e.code,
    _manager_leg: e.manager,
    _client_leg: e.client,
    _side: e.side,
    _reason: e.reason,
    _benign: e.benign ? 1 : 0,
    _origin: e.origin,
  };
}

export function pickTags(row: Row): Row {
  return {
    _status: row._status,
    _manager_leg: row._manager_leg,
    _client_leg: row._client_leg,
    _side: row._side,
    _reason: row._reason,
    _benign: row._benign,
    _origin: row._origin,
  };
}

/** Every original cell, compared exactly; on mismatch the message names line and column. */
export function expectCells(row: Row, columns: readonly string[], cells: readonly string[], line: number): void {
  columns.forEach((column, i) => {
    const want = cells[i];
    const got = row[column];
    // An empty field may be stored as '' or NULL; the format does not say which.
    if (want === '' && got === null) return;
    expect(got, `line ${line}, column "${column}"`).toBe(want);
  });
}
