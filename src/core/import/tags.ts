import type { ColumnRole } from '../../shared/import-types.ts';
import { classifyLegs, classifyStatus, type Classification, type Side } from '../../shared/status/index.ts';
import { combineDateTime, normalisePhone, parseCost, parseDateTime, parseDuration } from './values.ts';

/** The tag columns, in the order RowTagger.fill writes them (docs/dataset-format.md). */
export const TAG_COLUMNS = [
  ['_status', 'TEXT'], ['_manager_leg', 'INTEGER'], ['_client_leg', 'INTEGER'], ['_side', 'TEXT'],
  ['_reason', 'TEXT'], ['_benign', 'INTEGER'], ['_origin', 'TEXT'], ['_time', 'TEXT'],
  ['_client_digits', 'TEXT'], ['_manager_digits', 'TEXT'], ['_duration_s', 'REAL'], ['_cost', 'REAL'],
] as const;

/** Values RowTagger.fill writes per row: the classification id, then `_time` … `_cost`. */
export const TAG_VALUES_PER_ROW = 6;

const NO_STATUS: Classification = {
  raw: '', code: null, manager: null, client: null, side: 'unknown', reason: 'unknown', benign: false, origin: 'unknown',
};

/**
 * Computes the tag values of one record from its cells, given the column roles.
 * Statuses have a few dozen distinct values in a million rows, so classifications are cached by raw value.
 */
export class RowTagger {
  private readonly cache = new Map<string, Classification>();
  /**
   * Each distinct classification gets a small id; the writer stores its seven facets once and SQLite
   * copies them into each row by a join, which saves binding seven values per row (binding is the
   * most expensive part of an insert from JavaScript).
   */
  private readonly ids = new Map<Classification, number>();
  onNewClass: (id: number, c: Classification) => void = () => undefined;
  private readonly status: number;
  private readonly managerLeg: number;
  private readonly clientLeg: number;
  private readonly datetime: number;
  private readonly date: number;
  private readonly time: number;
  private readonly clientNumber: number;
  private readonly managerNumber: number;
  private readonly duration: number;
  private readonly cost: number;

  constructor(roles: readonly (ColumnRole | null)[]) {
    const at = (role: ColumnRole): number => roles.indexOf(role);
    this.status = at('status');
    this.managerLeg = at('managerLeg');
    this.clientLeg = at('clientLeg');
    this.datetime = at('datetime');
    this.date = at('date');
    this.time = at('time');
    this.clientNumber = at('clientNumber');
    this.managerNumber = at('managerNumber');
    this.duration = at('duration');
    this.cost = at('cost');
  }

  get statusIndex(): number {
    return this.status >= 0 ? this.status : this.managerLeg;
  }

  classify(fields: readonly string[]): Classification | null {
    if (this.status >= 0) {
      const raw = fields[this.status] ?? '';
      let hit = this.cache.get(raw);
      if (hit === undefined) {
        hit = classifyStatus(raw);
        this.cache.set(raw, hit);
      }
      return hit;
    }
    if (this.managerLeg >= 0) {
      const manager = fields[this.managerLeg] ?? '';
      const client = this.clientLeg >= 0 ? fields[this.clientLeg] ?? '' : '';
      const key = manager + '\u0000' + client;
      let hit = this.cache.get(key);
      if (hit === undefined) {
        hit = classifyLegs(manager, client);
        this.cache.set(key, hit);
      }
      return hit;
    }
    return null;
  }

  /** Writes the TAG_VALUES_PER_ROW values at out[at…]; returns the side for the per-side counts. */
  fill(fields: readonly string[], out: unknown[], at: number): Side {
    const c = this.classify(fields) ?? NO_STATUS;
    let id = this.ids.get(c);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(c, id);
      this.onNewClass(id, c);
    }
    out[at] = id;
    out[at + 1] = this.datetime >= 0
      ? parseDateTime(fields[this.datetime]!)
      : this.date >= 0 ? combineDateTime(fields[this.date]!, this.time >= 0 ? fields[this.time] : undefined) : null;
    out[at + 2] = this.clientNumber >= 0 ? normalisePhone(fields[this.clientNumber]!) : null;
    out[at + 3] = this.managerNumber >= 0 ? normalisePhone(fields[this.managerNumber]!) : null;
    out[at + 4] = this.duration >= 0 ? parseDuration(fields[this.duration]!) : null;
    out[at + 5] = this.cost >= 0 ? parseCost(fields[this.cost]!) : null;
    return c.side;
  }
}
