import { SHAPE_COLUMNS } from '../../shared/import-types.ts';
import type { ColumnKind, DatasetColumn } from '../../shared/query.ts';

/**
 * The columns of one dataset as the query engine uses them: what each holds, and the SQL that filters
 * and sorts it. Request texts name columns; they are looked up here and only the dataset's own names
 * (quoted) ever reach SQL.
 */
export interface QueryColumn extends DatasetColumn {
  /** The quoted identifier of the column itself. */
  readonly sql: string;
  /**
   * What a range or a sort compares: a typed tag column for original columns with a numeric or time
   * role (durations sort as numbers, "01.03.2026 08:00" as a time), the column itself otherwise.
   */
  readonly valueSql: string;
  /** The kind of valueSql. */
  readonly valueKind: ColumnKind;
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The tag columns every dataset has (docs/dataset-format.md), with their kinds. */
export const TAG_KINDS: Readonly<Record<string, ColumnKind>> = {
  _line: 'number',
  _status: 'text',
  _manager_leg: 'number',
  _client_leg: 'number',
  _side: 'text',
  _reason: 'text',
  _benign: 'number',
  _origin: 'text',
  _time: 'time',
  _client_digits: 'text',
  _manager_digits: 'text',
  _duration_s: 'number',
  _cost: 'number',
};

/**
 * The columns of a repaired record's shape, in a dataset that has such calls: the file's data, so listed
 * as original columns (no role), after the file's own.
 */
const SHAPE_KINDS: Readonly<Record<string, ColumnKind>> = { [SHAPE_COLUMNS.fields]: 'number', [SHAPE_COLUMNS.extra]: 'text' };

/** Original columns whose role has a typed twin among the tags: ranges and sorts use the twin. */
const ROLE_VALUES: Readonly<Record<string, { readonly sql: string; readonly kind: ColumnKind }>> = {
  datetime: { sql: '"_time"', kind: 'time' },
  date: { sql: '"_time"', kind: 'time' },
  duration: { sql: '"_duration_s"', kind: 'number' },
  cost: { sql: '"_cost"', kind: 'number' },
};

export class DatasetColumns {
  readonly list: readonly QueryColumn[];
  readonly #byName: ReadonlyMap<string, QueryColumn>;
  /** The original column of a role (manager, site, …), if the file had one. */
  readonly #byRole: ReadonlyMap<string, QueryColumn>;

  /**
   * `tableColumns`: the calls table's columns in order (`_line`, the originals, the tags);
   * `roles`: original column index → role, as the import stored them in meta.
   */
  constructor(tableColumns: readonly string[], roles: Readonly<Record<string, string>>) {
    const list: QueryColumn[] = [];
    let original = 0;
    for (const name of tableColumns) {
      const tagKind = TAG_KINDS[name];
      const sql = quoteIdent(name);
      if (tagKind !== undefined) {
        list.push({ name, kind: tagKind, tag: true, role: null, sql, valueSql: sql, valueKind: tagKind });
        continue;
      }
      const shapeKind = SHAPE_KINDS[name];
      const role = shapeKind === undefined ? (roles[String(original++)] ?? null) : null;
      const twin = role ? ROLE_VALUES[role] : undefined;
      const kind = shapeKind ?? twin?.kind ?? 'text';
      list.push({ name, kind, tag: false, role, sql, valueSql: twin?.sql ?? sql, valueKind: kind });
    }
    this.list = list;
    this.#byName = new Map(list.map((column) => [column.name, column]));
    this.#byRole = new Map(list.filter((column) => column.role !== null).map((column) => [column.role!, column]));
  }

  get(name: string): QueryColumn | undefined {
    return this.#byName.get(name);
  }

  withRole(role: string): QueryColumn | undefined {
    return this.#byRole.get(role);
  }

  /** The column whose quoted identifier is `sql`: what a number column's valueSql or a condition reads (its typed twin). */
  withSql(sql: string): QueryColumn | undefined {
    return this.list.find((column) => column.sql === sql);
  }

  /** What the renderer and the CLI are told about the columns (no SQL). */
  describe(): DatasetColumn[] {
    return this.list.map(({ name, kind, tag, role }) => ({ name, kind, tag, role }));
  }
}
