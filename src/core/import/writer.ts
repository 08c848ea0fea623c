import fs from 'node:fs';
import Database from 'better-sqlite3';
import { SIDES, type Classification, type Side } from '../../shared/status/index.ts';
import { partialPathOf } from '../datasets/dataset-file.ts';
import { TAG_COLUMNS, TAG_VALUES_PER_ROW } from './tags.ts';

/**
 * Writes one dataset file (docs/dataset-format.md) as fast as SQLite allows: the file is private and
 * disposable until it is renamed, so durability is switched off (no journal, no fsync, exclusive lock),
 * rows go in through one prepared multi-row INSERT bound from a flat array, many batches per
 * transaction, and the indexes are built once at the end.
 */

/** SQLite caps bound parameters at 32766; stay well below and keep batches cache-friendly. */
const MAX_PARAMS_PER_STATEMENT = 16_000;
const ROWS_PER_TRANSACTION = 200_000;

/** Rows per INSERT statement for a row of `rowWidth` values (shared with the remote writer). */
export function rowsPerBatchFor(rowWidth: number): number {
  return Math.max(1, Math.min(500, Math.floor(MAX_PARAMS_PER_STATEMENT / rowWidth)));
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export class DatasetWriter {
  readonly finalPath: string;
  readonly partialPath: string;
  /** Values per row: `_line`, the file's columns, the tag columns. */
  readonly rowWidth: number;
  /** Row values of the pending batch; callers fill `batch[offset…offset+rowWidth-1]`. */
  readonly batch: unknown[];
  readonly bySide: Record<Side, number>;
  imported = 0;
  rejected = 0;
  private readonly db: Database.Database;
  private readonly insertMany: Database.Statement;
  private readonly insertOne: Database.Statement;
  private readonly insertRejected: Database.Statement;
  private readonly insertClass: Database.Statement;
  private readonly rowsPerBatch: number;
  private rowsInBatch = 0;
  private rowsInTransaction = 0;

  constructor(finalPath: string, columns: readonly string[]) {
    this.finalPath = finalPath;
    this.partialPath = partialPathOf(finalPath);
    fs.rmSync(this.partialPath, { force: true });
    this.db = new Database(this.partialPath);
    this.db.pragma('page_size = 16384');
    // better-sqlite3 runs SQLite in defensive mode, which silently refuses journal_mode=OFF
    // (docs/unsafe.md); the .partial file is thrown away on any failure, so allow it for this pragma only.
    this.db.unsafeMode(true);
    this.db.pragma('journal_mode = OFF');
    this.db.unsafeMode(false);
    this.db.pragma('synchronous = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('cache_size = -32768'); // 32 MB: inserts only append; index sorts spill to temp files past it
    this.db.pragma('temp_store = FILE'); // index sorts of 10M rows must not live in memory

    const tagDefs = TAG_COLUMNS.map(([name, type]) => `${quoteIdent(name)} ${type}`);
    const columnDefs = columns.map((name) => `${quoteIdent(name)} TEXT`);
    this.db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
      CREATE TABLE rejected (line INTEGER, reason TEXT, raw TEXT);
      CREATE TABLE calls (_line INTEGER, ${[...columnDefs, ...tagDefs].join(', ')});
    `);
    // Rows are bound as (_line, file columns…, class id, _time, _client_digits, _manager_digits,
    // _duration_s, _cost); the seven status facets come from temp.classes by the class id.
    this.db.exec(`CREATE TEMP TABLE classes (id INTEGER PRIMARY KEY, status TEXT, manager_leg INTEGER,
      client_leg INTEGER, side TEXT, reason TEXT, benign INTEGER, origin TEXT)`);
    this.insertClass = this.db.prepare('INSERT INTO temp.classes VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.rowWidth = 1 + columns.length + TAG_VALUES_PER_ROW;
    this.rowsPerBatch = rowsPerBatchFor(this.rowWidth);
    const target = ['_line', ...columns, ...TAG_COLUMNS.map(([name]) => name)].map(quoteIdent).join(', ');
    const n = columns.length;
    const v = (k: number): string => `v.column${k}`;
    const picked = [
      ...Array.from({ length: n + 1 }, (_, i) => v(i + 1)),
      'c.status', 'c.manager_leg', 'c.client_leg', 'c.side', 'c.reason', 'c.benign', 'c.origin',
      ...Array.from({ length: TAG_VALUES_PER_ROW - 1 }, (_, i) => v(n + 3 + i)),
    ].join(', ');
    const rowPlaceholders = `(${new Array(this.rowWidth).fill('?').join(',')})`;
    const insert = (rows: number): string => `INSERT INTO calls (${target}) SELECT ${picked}
      FROM (VALUES ${new Array(rows).fill(rowPlaceholders).join(',')}) AS v JOIN temp.classes AS c ON c.id = ${v(n + 2)}`;
    this.insertMany = this.db.prepare(insert(this.rowsPerBatch));
    this.insertOne = this.db.prepare(insert(1));
    this.insertRejected = this.db.prepare('INSERT INTO rejected (line, reason, raw) VALUES (?, ?, ?)');
    this.batch = new Array(this.rowsPerBatch * this.rowWidth).fill(null);
    this.bySide = Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;
    this.db.exec('BEGIN');
  }

  /** Where the next row's values go in `batch`. Call `commitRow` once they are written. */
  get nextOffset(): number {
    return this.rowsInBatch * this.rowWidth;
  }

  commitRow(side: Side): void {
    this.bySide[side]++;
    this.imported++;
    if (++this.rowsInBatch === this.rowsPerBatch) this.flushBatch();
  }

  defineClass(id: number, c: Classification): void {
    this.insertClass.run(id, c.code, c.manager, c.client, c.side, c.reason, c.benign ? 1 : 0, c.origin);
  }

  reject(line: number, reason: string, raw: string): void {
    this.insertRejected.run(line, reason, raw);
    this.rejected++;
  }

  /** Inserts `rows` rows from a flat array filled elsewhere (the remote writer's batches). */
  insertRows(values: unknown[], rows: number): void {
    if (rows === this.rowsPerBatch) {
      // Spread, not one array argument: better-sqlite3 then reads each value as a call argument
      // instead of fetching it with a N-API element lookup (binding measured ~10% faster; ≤16k values).
      this.insertMany.run(...values);
    } else {
      for (let row = 0; row < rows; row++) this.insertOne.run(values.slice(row * this.rowWidth, (row + 1) * this.rowWidth));
    }
    this.rowsInTransaction += rows;
    if (this.rowsInTransaction >= ROWS_PER_TRANSACTION) {
      this.db.exec('COMMIT; BEGIN');
      this.rowsInTransaction = 0;
    }
  }

  private flushBatch(): void {
    this.insertRows(this.batch, this.rowsInBatch);
    this.rowsInBatch = 0;
  }

  /** Flushes the last rows and builds the indexes (the slow tail of an import: report it as "indexing"). */
  finishRows(): void {
    if (this.rowsInBatch > 0) this.flushBatch();
    this.db.exec('COMMIT');
  }

  buildIndexes(): void {
    // Index sorts spill to temp files beyond the cache size, which caps the peak memory of large
    // imports (10M rows). A small cache is also faster: SQLite sorts cache-sized runs that fit the CPU
    // caches, and with a helper thread it sorts one run while reading the next, so the core the
    // scanner used is busy again. Measured on 1M rows: 16 MB, no threads ≈ 2.0 s for the five
    // indexes; 4 MB ≈ 1.75 s; 4 MB + threads = 2 ≈ 1.5 s.
    this.db.pragma('cache_size = -4096');
    this.db.pragma('threads = 2');
    for (const column of ['_side', '_reason', '_status', '_time', '_client_digits']) {
      this.db.exec(`CREATE INDEX ${quoteIdent(`calls${column}`)} ON calls (${quoteIdent(column)})`);
    }
  }

  /** Writes meta (values JSON-encoded), marks the file complete, closes it and renames it into place. */
  complete(meta: Readonly<Record<string, unknown>>): void {
    const put = this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(meta)) put.run(key, JSON.stringify(value));
      put.run('complete', JSON.stringify('1')); // JSON like every meta value: the text "1"
    })();
    this.db.close();
    fs.renameSync(this.partialPath, this.finalPath);
  }

  /** Closes and deletes the partial file (failure or cancel). Safe to call twice. */
  abort(): void {
    try {
      if (this.db.open) this.db.close();
    } catch {
      // closing a broken connection must not hide the original error
    }
    fs.rmSync(this.partialPath, { force: true });
  }
}
