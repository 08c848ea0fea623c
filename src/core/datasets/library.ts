import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  ENCODINGS,
  DELIMITERS,
  MAX_REJECTED_PAGE,
  type DatasetSummary,
  type Delimiter,
  type EncodingName,
  type RejectedRow,
} from '../../shared/import-types.ts';
import { CallsightError } from '../../shared/result.ts';
import { SIDES, type Side } from '../../shared/status/index.ts';
import { ID_PATTERN } from '../../shared/ids.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import { SKIP_REASONS } from '../../shared/rejections.ts';
import { DATASET_SUFFIX, datasetPath } from './dataset-file.ts';

/**
 * The folder of dataset files (docs/dataset-format.md): one `<id>.callsight.sqlite` per dataset.
 * Only complete files are listed; `*.partial` leftovers of cancelled or crashed imports are deleted
 * at start. Every call opens the file briefly, so the library holds no handles between calls.
 */

const MAX_NAME = 200;

export class DatasetLibrary {
  private readonly dir: string;

  constructor(datasetsDir: string) {
    this.dir = datasetsDir;
    fs.mkdirSync(datasetsDir, { recursive: true });
  }

  /** Deletes `*.partial` files and their side files (`*.partial-…`: SQLite's, the import's); returns how many imports were cleaned. */
  cleanLeftovers(): number {
    let removed = 0;
    for (const name of fs.readdirSync(this.dir)) {
      if (!/\.partial(?:-[a-z-]+)?$/.test(name)) continue;
      try {
        fs.rmSync(path.join(this.dir, name), { force: true });
        if (name.endsWith('.partial')) removed++;
      } catch {
        // still open by a running import in another process: try again next start
      }
    }
    return removed;
  }

  list(): DatasetSummary[] {
    const summaries: DatasetSummary[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.endsWith(DATASET_SUFFIX)) continue;
      const id = name.slice(0, -DATASET_SUFFIX.length);
      if (!ID_PATTERN.test(id)) continue;
      const summary = this.tryRead(id);
      if (summary) summaries.push(summary);
    }
    return summaries.sort((a, b) => b.importedAt.localeCompare(a.importedAt));
  }

  get(id: string): DatasetSummary {
    const summary = this.tryRead(this.existing(id));
    if (!summary) throw new CallsightError('not-found', MESSAGES.datasetDamaged);
    return summary;
  }

  rename(id: string, name: string): DatasetSummary {
    const clean = typeof name === 'string' ? name.trim().replace(/\s+/g, ' ') : '';
    if (clean === '') throw new CallsightError('invalid-argument', MESSAGES.datasetNameEmpty);
    if (clean.length > MAX_NAME) throw new CallsightError('invalid-argument', messageWith.nameTooLong(MAX_NAME));
    this.get(id);
    // Two datasets of one name cannot be told apart in the library: a name another dataset has is refused.
    if (this.list().some((other) => other.id !== id && sameName(other.name, clean))) {
      throw new CallsightError('invalid-argument', messageWith.datasetNameTaken(clean));
    }
    const db = new Database(this.fileOf(id), { fileMustExist: true });
    try {
      db.prepare("UPDATE meta SET value = ? WHERE key = 'name'").run(JSON.stringify(clean));
    } finally {
      db.close();
    }
    return this.get(id);
  }

  /** `name`, or "name (2)", "name (3)", … when another dataset (not `id`) already has it. */
  uniqueName(name: string, id: string): string {
    const taken = this.list()
      .filter((other) => other.id !== id)
      .map((other) => other.name);
    const free = (candidate: string): boolean => !taken.some((other) => sameName(other, candidate));
    if (free(name)) return name;
    for (let n = 2; ; n++) {
      const candidate = `${name} (${n})`;
      if (free(candidate)) return candidate;
    }
  }

  remove(id: string): void {
    const file = this.fileOf(this.existing(id));
    try {
      fs.rmSync(file);
      for (const side of ['-journal', '-wal', '-shm']) fs.rmSync(file + side, { force: true });
    } catch (error) {
      throw new CallsightError('io', messageWith.datasetNotDeleted((error as NodeJS.ErrnoException).code ?? 'error'));
    }
  }

  /** The original file, if it is still where it was imported from. */
  sourcePath(id: string): string | null {
    const meta = this.readMeta(this.existing(id));
    const source = meta?.get('source_path');
    if (typeof source !== 'string') return null;
    try {
      return fs.statSync(source).isFile() ? source : null;
    } catch {
      return null;
    }
  }

  rejected(id: string, offset: number, limit: number): { total: number; rows: RejectedRow[] } {
    if (!Number.isInteger(offset) || offset < 0) throw new CallsightError('invalid-argument', MESSAGES.invalidOffset);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REJECTED_PAGE) {
      throw new CallsightError('invalid-argument', messageWith.limitOutOfRange(MAX_REJECTED_PAGE));
    }
    this.get(id);
    const db = new Database(this.fileOf(id), { readonly: true, fileMustExist: true });
    try {
      const total = (db.prepare('SELECT count(*) AS n FROM rejected').get() as { n: number }).n;
      const rows = db.prepare('SELECT line, reason, raw FROM rejected ORDER BY line, rowid LIMIT ? OFFSET ?').all(limit, offset) as RejectedRow[];
      return { total, rows };
    } finally {
      db.close();
    }
  }

  private fileOf(id: string): string {
    return datasetPath(this.dir, id);
  }

  /** Validates the id and checks the file exists; returns the id. */
  private existing(id: string): string {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) throw new CallsightError('invalid-argument', MESSAGES.invalidDatasetId);
    if (!fs.existsSync(this.fileOf(id))) throw new CallsightError('not-found', MESSAGES.datasetMissing);
    return id;
  }

  /** Datasets imported before `skipped` was stored: counted from their rejected rows' reasons. */
  private countSkipped(id: string): number {
    let db: Database.Database | null = null;
    try {
      db = new Database(this.fileOf(id), { readonly: true, fileMustExist: true });
      const row = db.prepare(`SELECT count(*) AS n FROM rejected WHERE reason IN (${SKIP_REASONS.map(() => '?').join(', ')})`).get(...SKIP_REASONS) as {
        n: number;
      };
      return row.n;
    } catch {
      return 0;
    } finally {
      db?.close();
    }
  }

  private readMeta(id: string): Map<string, unknown> | null {
    let db: Database.Database | null = null;
    try {
      db = new Database(this.fileOf(id), { readonly: true, fileMustExist: true });
      const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
      const meta = new Map<string, unknown>();
      for (const { key, value } of rows) meta.set(key, parseJson(value));
      return meta;
    } catch {
      return null; // not a dataset, damaged, or locked by a writer: not listable
    } finally {
      db?.close();
    }
  }

  private tryRead(id: string): DatasetSummary | null {
    const meta = this.readMeta(id);
    if (!meta || String(meta.get('complete')) !== '1') return null;
    const text = (key: string): string => {
      const value = meta.get(key);
      return typeof value === 'string' ? value : '';
    };
    const count = (key: string): number => {
      const value = Number(meta.get(key));
      return Number.isFinite(value) ? value : 0;
    };
    const sides = (meta.get('by_side') ?? {}) as Partial<Record<Side, unknown>>;
    const bySide = Object.fromEntries(SIDES.map((side) => [side, Number(sides[side] ?? 0) || 0])) as Record<Side, number>;
    const encoding = meta.get('encoding');
    const delimiter = meta.get('delimiter');
    const sheet = meta.get('sheet');
    return {
      id,
      name: text('name') || text('source_name') || id,
      sourceName: text('source_name'),
      sourceSize: count('source_size'),
      sourceSha256: text('source_sha256'),
      importedAt: text('imported_at'),
      rowsRead: count('rows_read'),
      imported: count('imported'),
      rejected: count('rejected'),
      skipped: meta.has('skipped') ? count('skipped') : this.countSkipped(id),
      repaired: count('repaired'),
      bySide,
      unreadableTimes: count('unreadable_times'),
      encoding: (ENCODINGS as readonly unknown[]).includes(encoding) ? (encoding as EncodingName) : null,
      delimiter: (DELIMITERS as readonly unknown[]).includes(delimiter) ? (delimiter as Delimiter) : null,
      sheet: typeof sheet === 'string' ? sheet : null,
      elapsedMs: count('elapsed_ms'),
      appVersion: text('app_version'),
    };
  }
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Names are the same for a user when they differ only in case or spacing. */
function sameName(a: string, b: string): boolean {
  const key = (name: string): string => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('ru-RU');
  return key(a) === key(b);
}
