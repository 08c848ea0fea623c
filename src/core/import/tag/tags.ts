import type { ColumnRole } from '../../../shared/import-types.ts';
import { classifyLegs, classifyStatus, type Classification, type Side } from '../../../shared/status/index.ts';
import { combineDateTime, normalisePhone, parseCost, parseDateTime, parseDuration } from './values.ts';

/** The tag columns, in the order RowTagger.fill writes them (docs/dataset-format.md). */
export const TAG_COLUMNS = [
  ['_status', 'TEXT'],
  ['_manager_leg', 'INTEGER'],
  ['_client_leg', 'INTEGER'],
  ['_side', 'TEXT'],
  ['_reason', 'TEXT'],
  ['_benign', 'INTEGER'],
  ['_origin', 'TEXT'],
  ['_time', 'TEXT'],
  ['_client_digits', 'TEXT'],
  ['_manager_digits', 'TEXT'],
  ['_duration_s', 'REAL'],
  ['_cost', 'REAL'],
] as const;

/** The column of each role a tagger reads (-1: the file has none). */
export type RoleColumns = Readonly<
  Record<'status' | 'managerLeg' | 'clientLeg' | 'datetime' | 'date' | 'time' | 'clientNumber' | 'managerNumber' | 'duration' | 'cost', number>
>;

export function roleColumns(roles: readonly (ColumnRole | null)[]): RoleColumns {
  const at = (role: ColumnRole): number => roles.indexOf(role);
  return {
    status: at('status'),
    managerLeg: at('managerLeg'),
    clientLeg: at('clientLeg'),
    datetime: at('datetime'),
    date: at('date'),
    time: at('time'),
    clientNumber: at('clientNumber'),
    managerNumber: at('managerNumber'),
    duration: at('duration'),
    cost: at('cost'),
  };
}

/** Values RowTagger.fill writes per row: the classification id, then `_time` … `_cost`. */
export const TAG_VALUES_PER_ROW = 6;

const NO_STATUS: Classification = {
  raw: '',
  code: null,
  manager: null,
  client: null,
  side: 'unknown',
  reason: 'unknown',
  benign: false,
  origin: 'unknown',
};

/**
 * A wrong status column (an id, a comment) has as many distinct values as rows; past this many, raw
 * values are classified afresh instead of cached, so memory stays flat.
 */
const RAW_CACHE_LIMIT = 10_000;

/**
 * Slots of the front cache of raw status values: a power of two, well above the few dozen distinct
 * statuses of a usual file so that few of them share a slot (a shared slot only costs Map lookups).
 */
const RECENT_SLOTS = 1024;

type Hit = { readonly id: number; readonly c: Classification };

/**
 * Computes the tag values of one record from its cells, given the column roles.
 * Statuses have a few dozen distinct values in a million rows, so classifications are cached by raw value.
 */
export class RowTagger {
  private readonly byRaw = new Map<string, Hit>();
  /**
   * A direct-mapped cache in front of byRaw, slot chosen by a hash of a few chars computed here. Each
   * row's status is a new string whose hash V8 must compute before Map.get, which costs more than the
   * rest of classOf; this cache needs one short content comparison instead. Misses go to byRaw.
   */
  private readonly recentKeys: string[] = new Array<string>(RECENT_SLOTS).fill('');
  private readonly recentHits: (Hit | null)[] = new Array<Hit | null>(RECENT_SLOTS).fill(null);
  /**
   * Each distinct set of facets gets a small id; the writer stores the facets once and SQLite copies
   * them into each row by a join, which saves binding seven values per row (binding is the most
   * expensive part of an insert from JavaScript). Keyed by the facets, not the raw value, so
   * "200/487" and " 200 / 487 " share one class and the table stays small whatever the column holds.
   */
  private readonly byFacets = new Map<string, number>();
  onNewClass: (id: number, c: Classification) => void = () => undefined;

  private readonly columns: RoleColumns;

  constructor(roles: readonly (ColumnRole | null)[]) {
    this.columns = roleColumns(roles);
  }

  get statusIndex(): number {
    return this.columns.status >= 0 ? this.columns.status : this.columns.managerLeg;
  }

  classify(fields: readonly string[]): Classification | null {
    return this.classOf(fields)?.c ?? null;
  }

  /** The class of a record as fill() finds it (id and classification), for callers that read the other cells themselves. */
  classHit(fields: readonly string[]): { readonly id: number; readonly c: Classification } {
    return this.classOf(fields) ?? { id: this.idOf(NO_STATUS), c: NO_STATUS };
  }

  private classOf(fields: readonly string[]): Hit | null {
    let key: string;
    if (this.columns.status >= 0) key = fields[this.columns.status] ?? '';
    else if (this.columns.managerLeg >= 0)
      key = `${fields[this.columns.managerLeg] ?? ''}\u0000${this.columns.clientLeg >= 0 ? (fields[this.columns.clientLeg] ?? '') : ''}`;
    else return null;
    const slot = recentSlot(key);
    const recent = this.recentHits[slot] as Hit | null;
    if (recent !== null && this.recentKeys[slot] === key) return recent;
    const hit = this.lookUp(key, fields);
    this.recentKeys[slot] = key;
    this.recentHits[slot] = hit;
    return hit;
  }

  private lookUp(key: string, fields: readonly string[]): Hit {
    const cached = this.byRaw.get(key);
    if (cached) return cached;
    const c =
      this.columns.status >= 0
        ? classifyStatus(key)
        : classifyLegs(fields[this.columns.managerLeg] ?? '', this.columns.clientLeg >= 0 ? (fields[this.columns.clientLeg] ?? '') : '');
    const hit = { id: this.idOf(c), c };
    if (this.byRaw.size < RAW_CACHE_LIMIT) this.byRaw.set(key, hit);
    return hit;
  }

  private idOf(c: Classification): number {
    const facets = `${c.code}|${c.side}|${c.reason}|${c.benign}|${c.origin}`;
    let id = this.byFacets.get(facets);
    if (id === undefined) {
      id = this.byFacets.size + 1;
      this.byFacets.set(facets, id);
      this.onNewClass(id, c);
    }
    return id;
  }

  /** Writes the TAG_VALUES_PER_ROW values at out[at…]; returns the side for the per-side counts. */
  fill(fields: readonly string[], out: unknown[], at: number): Side {
    const hit = this.classOf(fields);
    const c = hit?.c ?? NO_STATUS;
    out[at] = hit?.id ?? this.idOf(NO_STATUS);
    out[at + 1] =
      this.columns.datetime >= 0
        ? parseDateTime(fields[this.columns.datetime]!)
        : this.columns.date >= 0
          ? combineDateTime(fields[this.columns.date]!, this.columns.time >= 0 ? fields[this.columns.time] : undefined)
          : null;
    out[at + 2] = this.columns.clientNumber >= 0 ? normalisePhone(fields[this.columns.clientNumber]!) : null;
    out[at + 3] = this.columns.managerNumber >= 0 ? normalisePhone(fields[this.columns.managerNumber]!) : null;
    out[at + 4] = this.columns.duration >= 0 ? parseDuration(fields[this.columns.duration]!) : null;
    out[at + 5] = this.columns.cost >= 0 ? parseCost(fields[this.columns.cost]!) : null;
    return c.side;
  }
}

/**
 * The front-cache slot of a raw value, from its length and its first and last three chars (a status
 * code pair "ddd/ddd", "ddd/d", or such a pair and a wording): no loop, whose varying trip count
 * would be mispredicted from row to row.
 */
function recentSlot(key: string): number {
  const len = key.length;
  if (len < 3) return len; // "", "1", "20": slots 0–2
  let h = Math.imul(len, 0x9e3779b1);
  h = Math.imul(h ^ (key.charCodeAt(0) | (key.charCodeAt(1) << 8) | (key.charCodeAt(2) << 16)), 0x85ebca6b);
  h = Math.imul(h ^ (key.charCodeAt(len - 3) | (key.charCodeAt(len - 2) << 8) | (key.charCodeAt(len - 1) << 16)), 0xc2b2ae35);
  return (h ^ (h >>> 15)) & (RECENT_SLOTS - 1);
}
