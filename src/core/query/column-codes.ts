import type { AuxStore } from './aux-store.ts';
import { quoteIdent, type QueryColumn } from './dataset-columns.ts';
import type { OpenedDataset } from './open-dataset.ts';
import { runToEnd } from './background-builds.ts';

/**
 * A column with few distinct values (manager, site) as one code per rowid plus its list of values, so
 * manager and site filters, the per-manager table and the pickers' counts are passes over an array
 * instead of reads of the whole table. Built once by one read of the column (it has no index), then
 * kept in the file. A column with more distinct values than MAX_VALUES is not coded; queries on it
 * use SQL.
 */
export interface ColumnCodes {
  /** Indexed by rowid (slot 0 unused); an index into `values`. */
  readonly codeOf: Uint16Array;
  readonly values: readonly (string | null)[];
}

const MAX_VALUES = 0xffff;
/** Past this many values a column is not coded (the import's recorder gives up at the same count). */
export const MAX_CODED_VALUES = MAX_VALUES;
/** The codes' name in the dataset's helper tables (the import stores its own under it: column-codes-file.ts). */
export const columnCodesAux = (column: string): string => `codes:${column}`;
const CHUNK = 65536;

export function loadColumnCodes(dataset: OpenedDataset, store: AuxStore, column: QueryColumn, maxRowid: number): ColumnCodes | null {
  return runToEnd(columnCodesSteps(dataset, store, column, maxRowid));
}

/**
 * The codes as kept in the file, or else built (one read of the column, a step of CHUNK rows between
 * yields: the engine builds them between requests) and kept.
 */
export function* columnCodesSteps(dataset: OpenedDataset, store: AuxStore, column: QueryColumn, maxRowid: number): Generator<void, ColumnCodes | null, void> {
  const name = columnCodesAux(column.name);
  const stored = store.read(name, (length) => new Uint16Array(length));
  if (stored && (stored.info as { tooMany?: boolean }).tooMany) return null;
  if (stored && stored.array.length === maxRowid + 1) return { codeOf: stored.array, values: storedValues(stored.info as StoredValues) };
  const built = yield* codeColumn(dataset, column, maxRowid);
  store.write(name, built?.codeOf ?? new Uint16Array(0), built ? codesInfo(built.values) : { tooMany: true });
  return built;
}

/** The values as kept beside the codes: JSON, which writes an infinite number as null, so those are listed apart (code and sign). */
interface StoredValues {
  readonly values: (string | number | null)[];
  readonly infinite?: readonly (readonly [number, 1 | -1])[];
}

/** The info stored beside codes (the engine's, and the import's: column-codes-file.ts). */
export function codesInfo(values: readonly (string | number | null)[]): StoredValues {
  const infinite: [number, 1 | -1][] = [];
  values.forEach((value, code) => {
    if (value === Infinity || value === -Infinity) infinite.push([code, value > 0 ? 1 : -1]);
  });
  return infinite.length === 0 ? { values: [...values] } : { values: [...values], infinite };
}

function storedValues(info: StoredValues): (string | null)[] {
  const values = info.values;
  for (const [code, sign] of info.infinite ?? []) values[code] = sign * Infinity;
  // A number column's values are numbers (REAL), as SQLite gives them; the codes only hand them back to SQL.
  return values as (string | null)[];
}

/** The engine's own derivation (one read of the column), whatever is stored: for tests of what the import stores. */
export function deriveColumnCodes(dataset: OpenedDataset, column: QueryColumn, maxRowid: number): ColumnCodes | null {
  return runToEnd(codeColumn(dataset, column, maxRowid));
}

function* codeColumn(dataset: OpenedDataset, column: QueryColumn, maxRowid: number): Generator<void, ColumnCodes | null, void> {
  const codeOf = new Uint16Array(maxRowid + 1);
  const codes = new Map<string | null, number>();
  const values: (string | null)[] = [];
  // Steps of CHUNK rowids: all() is several times faster per row than iterate(), and memory stays bounded.
  const step = dataset.db.prepare(`SELECT rowid, ${column.sql} FROM calls WHERE rowid BETWEEN ? AND ?`).raw();
  for (let first = 1; first <= maxRowid; first += CHUNK) {
    for (const [rowid, value] of step.all(first, first + CHUNK - 1) as [number, string | null][]) {
      let code = codes.get(value);
      if (code === undefined) {
        if (values.length === MAX_VALUES) return null;
        code = values.push(value) - 1;
        codes.set(value, code);
      }
      codeOf[rowid] = code;
    }
    yield;
  }
  return { codeOf, values };
}

/** Which codes stand for one of `wanted`. */
export function codeMask(codes: ColumnCodes, wanted: readonly string[]): Uint8Array {
  const set = new Set(wanted);
  return Uint8Array.from(codes.values, (value) => Number(value !== null && set.has(value)));
}

/**
 * Which codes stand for values that pass a per-column condition, decided by the condition's own SQL
 * (compile-filter.ts) run over the column's distinct values: so a coded condition selects exactly the
 * rows the SQL over the calls would — SQLite's comparisons and affinity, NULL against '', `instr` and
 * callsight_contains — from one row per value instead of a read of the whole table. The values live in a
 * temporary table per column (made once per connection, refilled when the codes change) whose column
 * has the calls column's name and affinity: `'83.0' = 83` holds in a TEXT column and would not in a
 * column without one.
 */
export class CodedConditions {
  readonly #db: OpenedDataset['db'];
  /** The codes each column's table holds. */
  readonly #filled = new Map<string, ColumnCodes>();

  constructor(db: OpenedDataset['db']) {
    this.#db = db;
  }

  /** `column`: the column the condition reads (conditionColumnSql), whose codes these are. */
  mask(codes: ColumnCodes, column: QueryColumn, condition: { readonly sql: string; readonly params: readonly (string | number)[] }): Uint8Array {
    const table = `temp.${quoteIdent(`callsight_codes ${column.name}`)}`;
    if (this.#filled.get(column.name) !== codes) {
      this.#db.exec(`DROP TABLE IF EXISTS ${table}`);
      // LIMIT 0 reads no row: it only copies the column's name and declared type.
      this.#db.exec(`CREATE TABLE ${table} AS SELECT ${column.sql} FROM calls LIMIT 0`);
      const insert = this.#db.prepare(`INSERT INTO ${table} (rowid, ${column.sql}) VALUES (?, ?)`);
      this.#db.transaction(() => codes.values.forEach((value, code) => insert.run(code, value)))();
      this.#filled.set(column.name, codes);
    }
    const ok = new Uint8Array(codes.values.length);
    for (const code of this.#db
      .prepare(`SELECT rowid FROM ${table} WHERE ${condition.sql}`)
      .pluck()
      .all(...condition.params) as number[])
      ok[code] = 1;
    return ok;
  }
}
