import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CallsightError } from '../../shared/result.ts';
import { DatasetColumns, TAG_KINDS } from './dataset-columns.ts';
import { QUERY_MESSAGES } from './messages.ts';
import { datasetFingerprint } from './aux-store.ts';
import { registerSqlFunctions } from './sql-functions.ts';

/**
 * Opens a dataset file for queries and checks that it is one this version can query
 * (docs/dataset-format.md). A file from an older import without the tag columns or indexes the
 * queries need gets one sentence and the 'reimport-needed' code (the page offers "Import again");
 * anything that is not a complete dataset is refused in one sentence, never with SQLite's text.
 */

/** meta.schema_version values whose files the query engine reads. */
export const QUERYABLE_SCHEMA_VERSIONS: readonly number[] = [1];

/** Indexes the grid's plans rely on (written at import). */
export const REQUIRED_INDEXED_COLUMNS = ['_side', '_reason', '_status', '_time', '_client_digits'] as const;

export interface OpenedDataset {
  readonly db: Database.Database;
  readonly file: string;
  readonly columns: DatasetColumns;
  /** Calls in the dataset. */
  readonly total: number;
  /** Whether rowids are exactly 1…total (as the import writes them), so file order is rowid order. */
  readonly denseRowids: boolean;
  /** Tells helper tables written for an earlier file under the same path from this one's. */
  readonly fingerprint: string;
  /** Whether helper tables can be stored in the file (false for a read-only file: kept in memory only). */
  readonly writable: boolean;
}

export function openDataset(file: string): OpenedDataset {
  const name = path.basename(file);
  let info: fs.Stats;
  try {
    info = fs.statSync(file);
  } catch {
    throw new CallsightError('not-found', QUERY_MESSAGES.datasetFileMissing(name));
  }
  if (!info.isFile()) throw new CallsightError('unsupported-file', QUERY_MESSAGES.notADataset(name));
  const writable = isWritable(file);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, readonly: !writable });
  } catch {
    throw new CallsightError('unsupported-file', QUERY_MESSAGES.notADataset(name));
  }
  try {
    const checked = checkFormat(db, name);
    configure(db);
    return { db, file, writable, ...checked };
  } catch (error) {
    db.close();
    throw error;
  }
}

function isWritable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(file), fs.constants.W_OK); // SQLite's journal goes beside the file
    return true;
  } catch {
    return false;
  }
}

function checkFormat(db: Database.Database, name: string): Omit<OpenedDataset, 'db' | 'file' | 'writable'> {
  let meta: Map<string, unknown>;
  let tableColumns: string[];
  try {
    meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map(({ key, value }) => [key, parseJson(value)]));
    tableColumns = (db.prepare('PRAGMA table_info(calls)').all() as { name: string }[]).map((c) => c.name);
  } catch {
    throw new CallsightError('unsupported-file', QUERY_MESSAGES.notADataset(name)); // not SQLite, or no meta table
  }
  if (tableColumns.length === 0 || !meta.has('schema_version')) throw new CallsightError('unsupported-file', QUERY_MESSAGES.notADataset(name));
  if (String(meta.get('complete')) !== '1') throw new CallsightError('unsupported-file', QUERY_MESSAGES.incomplete);
  const version = Number(meta.get('schema_version'));
  if (version > Math.max(...QUERYABLE_SCHEMA_VERSIONS)) throw new CallsightError('unsupported-file', QUERY_MESSAGES.newerFormat);
  const missingTag = Object.keys(TAG_KINDS).some((tag) => !tableColumns.includes(tag));
  if (!QUERYABLE_SCHEMA_VERSIONS.includes(version) || missingTag || !hasIndexes(db)) {
    throw new CallsightError('reimport-needed', QUERY_MESSAGES.olderFormat);
  }
  const roles = meta.get('roles');
  const columns = new DatasetColumns(tableColumns, typeof roles === 'object' && roles !== null ? (roles as Record<string, string>) : {});
  // max(rowid) is one step down the table's B-tree; count(*) would read every page.
  const { last } = db.prepare('SELECT max(rowid) AS last FROM calls').get() as { last: number | null };
  const imported = Number(meta.get('imported'));
  const count =
    Number.isSafeInteger(imported) && imported >= 0 && (last ?? 0) === imported
      ? imported
      : (db.prepare('SELECT count(*) AS n FROM calls').get() as { n: number }).n;
  return {
    columns,
    total: count,
    denseRowids: (last ?? 0) === count,
    fingerprint: datasetFingerprint(meta.get('imported_at'), meta.get('source_sha256'), count),
  };
}

function hasIndexes(db: Database.Database): boolean {
  const indexed = new Set<string>();
  const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'calls'").all() as { name: string }[];
  for (const { name } of indexes) {
    for (const column of db.prepare('SELECT name FROM pragma_index_info(?)').all(name) as { name: string }[]) indexed.add(column.name);
  }
  return REQUIRED_INDEXED_COLUMNS.every((column) => indexed.has(column));
}

/** Connection settings and the SQL functions the compiled filters call. */
function configure(db: Database.Database): void {
  // Pages at random positions touch rows all over the file, so few leaf pages are read twice; what a
  // cache saves is the B-tree's interior pages (about 3 MB at 10M calls). 16 MB keeps them with room to
  // spare, and keeps the engine's memory while paging a 10M-row dataset under 400 MB (npm run bench:grid).
  db.pragma('cache_size = -16384');
  db.pragma('temp_store = MEMORY');
  registerSqlFunctions(db);
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
