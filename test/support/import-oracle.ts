/**
 * The import against an oracle that is not its writer: a CSV generated here (so the test knows every
 * record, its line and its cells without parsing anything) is imported through the real pipeline —
 * runImport with its writer thread, as the import worker runs it — and the same records are tagged
 * with the string tagger (RowTagger and values.ts, the rules the byte tagger is held to) and written
 * by SQLite itself: INSERT into a table of the documented schema (docs/dataset-format.md), then
 * CREATE INDEX for each of the five indexes. The two files are compared row by row and index entry
 * by index entry (test/support/sqlite-oracle.ts), and the rejected rows with their lines and reasons.
 *
 * What the reference takes from src: the tagging rules (RowTagger, classifications), the naming rule
 * for stored columns and the record checks (recordProblem, keepsRaggedRows). What it does not: the scanner,
 * the byte tagger, row blocks, the writer thread, sort keys, the page writers, how a record of another
 * number of fields is repaired (done here from the documented format: padded, or cut with its extra cells
 * in `_extra`, and `_fields` the number it had).
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { ColumnRole, ImportOptions } from '../../src/shared/import-types.ts';
import { rejectionText } from '../../src/shared/rejections.ts';
import { runImport } from '../../src/core/import/run-import.ts';
import { RowTagger, TAG_COLUMNS } from '../../src/core/import/tag/tags.ts';
import { keepsRaggedRows, recordProblem, storedColumnNames } from '../../src/core/import/tag/records.ts';
import { MAX_RAW_CHARS } from '../../src/core/import/read/byte-scanner.ts';
import { expectSameAsReference, recordSize, type Cell, type CompareResult } from './sqlite-oracle.ts';

export const WRITER_WORKER = new URL('../../src/core/import/import-worker.ts', import.meta.url);

/** The indexes of docs/dataset-format.md, as `calls<column>`. */
export const DOCUMENTED_INDEXES = ['_side', '_reason', '_status', '_time', '_client_digits'] as const;

export interface GenRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
  /** The record's text as written, without its line end. */
  readonly raw: string;
}

export interface GenFile {
  readonly header: readonly string[];
  readonly text: string;
  readonly records: readonly GenRecord[];
}

/** A cell as a CSV writer (Excel, Python's csv) writes it: quoted when it must be, quotes doubled. */
export function csvCell(value: string, delimiter: string): string {
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes header and records; `blankBefore(i)` blank lines go before record i (they are not records
 * but count as lines). Line breaks inside cells must be LF here (each one is one line).
 */
export function buildCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  eol: '\n' | '\r\n',
  delimiter = ';',
  blankBefore: (i: number) => number = () => 0,
): GenFile {
  const parts: string[] = [header.map((h) => csvCell(h, delimiter)).join(delimiter), eol];
  let line = 2;
  const records: GenRecord[] = [];
  rows.forEach((cells, i) => {
    for (let b = blankBefore(i); b > 0; b--) {
      parts.push(eol);
      line++;
    }
    for (const cell of cells) if (cell.includes('\r')) throw new Error('buildCsv: no CR inside cells');
    const raw = cells.map((c) => csvCell(c, delimiter)).join(delimiter);
    records.push({ line, cells, raw });
    parts.push(raw, eol);
    line += 1 + (raw.match(/\n/g)?.length ?? 0);
  });
  return { header, text: parts.join(''), records };
}

export type Roles = readonly (ColumnRole | null)[];

/** A record of another number of fields, as a call: how many it had, and its cells past the header's (a long one). */
export interface Shape {
  readonly found: number;
  readonly extra: readonly string[] | null;
}

/**
 * The writer's record for a row (values and storage classes as the writer stores them), for sizing. A row of
 * the header's shape ends at `_cost`: `_fields` and `_extra` are the table's last columns, NULL for it.
 */
export function referenceValues(tagger: RowTagger, line: number, cells: readonly string[], shape: Shape | null = null): Cell[] {
  const tags: unknown[] = [];
  tagger.fill(cells, tags, 0);
  const c = tagger.classHit(cells).c;
  const text = (v: string | null): Cell => (v === null ? { kind: 'null' } : { kind: 'text', v });
  const int = (v: number | null): Cell => (v === null ? { kind: 'null' } : { kind: 'int', v });
  const real = (v: unknown): Cell => (v === null ? { kind: 'null' } : { kind: 'real', v: v as number });
  return [
    int(line),
    ...cells.map((v) => text(v)),
    text(c.code),
    int(c.manager),
    int(c.client),
    text(c.side),
    text(c.reason),
    int(c.benign ? 1 : 0),
    text(c.origin),
    text(tags[1] as string | null),
    text(tags[2] as string | null),
    text(tags[3] as string | null),
    real(tags[4]),
    real(tags[5]),
    ...(shape ? [int(shape.found), ...(shape.extra ? [text(JSON.stringify(shape.extra))] : [])] : []),
  ];
}

/** Payload size of the row's record in the calls table. */
export function payloadOf(tagger: RowTagger, line: number, cells: readonly string[]): number {
  return recordSize(referenceValues(tagger, line, cells));
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface Expected {
  readonly imported: number;
  /** Of the imported: records of another number of fields. */
  readonly repaired: number;
  readonly rejected: { line: number; reason: string; raw: string }[];
}

/**
 * The reference dataset: the documented schema, rows by INSERT (rowids 1, 2, … in file order), then CREATE INDEX.
 * Records of another number of fields are kept as calls unless `ragged` is 'reject'.
 */
export function writeReference(file: string, gen: GenFile, roles: Roles, ragged: ImportOptions['raggedRows'] = undefined): Expected {
  const width = gen.header.length;
  const names = storedColumnNames(gen.header, width);
  const tagger = new RowTagger(roles);
  const keep = keepsRaggedRows({ raggedRows: ragged }, width);
  const rejected: Expected['rejected'] = [];
  const rows: { line: number; fields: string[]; shape: Shape | null }[] = [];
  for (const record of gen.records) {
    const fields = [...record.cells];
    const found = fields.length;
    const problem = recordProblem(fields, width, tagger.statusIndex);
    if (keep && problem === rejectionText({ kind: 'field-count', expected: width, found })) {
      const extra = found > width ? fields.splice(width) : null;
      while (fields.length < width) fields.push('');
      rows.push({ line: record.line, fields, shape: { found, extra } });
    } else if (problem !== null) {
      rejected.push({ line: record.line, reason: problem, raw: record.raw.slice(0, MAX_RAW_CHARS) });
    } else {
      rows.push({ line: record.line, fields, shape: null });
    }
  }
  const repaired = rows.filter((row) => row.shape !== null).length;
  const db = new Database(file);
  try {
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const shapeDefs = repaired > 0 ? ['_fields INTEGER', '_extra TEXT'] : [];
    const defs = ['_line INTEGER', ...names.map((n) => `${q(n)} TEXT`), ...TAG_COLUMNS.map(([n, t]) => `${q(n)} ${t}`), ...shapeDefs];
    db.exec(`CREATE TABLE calls (${defs.join(', ')})`);
    const insert = db.prepare(`INSERT INTO calls VALUES (${defs.map(() => '?').join(', ')})`);
    const bind = (c: Cell): string | number | bigint | null => (c.kind === 'null' ? null : c.kind === 'int' ? BigInt(c.v) : c.v);
    db.transaction(() => {
      for (const { line, fields, shape } of rows) {
        const values = referenceValues(tagger, line, fields, shape).map(bind);
        while (values.length < defs.length) values.push(null);
        insert.run(...values);
      }
    })();
    for (const column of DOCUMENTED_INDEXES) db.exec(`CREATE INDEX ${q(`calls${column}`)} ON calls (${q(column)})`);
  } finally {
    db.close();
  }
  return { imported: rows.length, repaired, rejected };
}

/** The real import: runImport with its writer thread (what the import worker and the CLI run). */
export async function importForReal(csv: string, out: string, roles: Roles, ragged: ImportOptions['raggedRows'] = undefined): Promise<void> {
  const rolesOption: Record<number, ColumnRole | null> = {};
  roles.forEach((role, i) => {
    rolesOption[i] = role;
  });
  await runImport({
    path: csv,
    outPath: out,
    datasetId: 'oracle',
    appVersion: 'test',
    writerWorkerUrl: WRITER_WORKER,
    options: { encoding: 'utf-8', delimiter: ';', headerRow: 1, roles: rolesOption, ...(ragged ? { raggedRows: ragged } : {}) },
  });
}

/** Imported file against reference: calls and its indexes, then the rejected rows and the counts in meta. */
export function expectImportMatchesReference(out: string, reference: string, expected: Expected, inSql = false): CompareResult {
  const result = expectSameAsReference(out, reference, 'calls', inSql);
  expect(result.rows, 'imported rows').toBe(expected.imported);
  const db = new Database(out, { readonly: true });
  try {
    const rejected = db.prepare('SELECT line, reason, raw FROM rejected ORDER BY rowid').all();
    expect(rejected).toEqual(expected.rejected);
    const meta = (key: string): unknown => JSON.parse((db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value);
    expect(meta('imported')).toBe(expected.imported);
    expect(meta('rejected')).toBe(expected.rejected.length);
    expect(meta('repaired')).toBe(expected.repaired);
  } finally {
    db.close();
  }
  return result;
}
