import type { ColumnRole } from '../../shared/import-types.ts';
import type { Classification, Side } from '../../shared/status/index.ts';
import { NOT_HANDLED, phoneDigitsOfBytes, plainDecimalOfBytes, timeKeyOfBytes } from './byte-values.ts';
import { timeKey } from './sort-keys.ts';
import { utf8Of } from './byte-scanner.ts';
import { TAG_VALUES_PER_ROW, type RowTagger } from './tags.ts';
import { combineDateTime, normalisePhone, parseCost, parseDateTime, parseDuration } from './values.ts';

/**
 * The tag values of one row in the form the row blocks carry them (row-block.ts): the class id, the
 * `_time` sort key, the phone digits as ASCII bytes, duration and cost as numbers (NaN for none).
 */
export class TagValues {
  classId = 0;
  /** sort-keys.ts timeKey; (0, 0) = no time. */
  readonly time = new Int32Array(2);
  client = new Uint8Array(64);
  /** -1 = none. */
  clientLength = -1;
  manager = new Uint8Array(64);
  managerLength = -1;
  duration = NaN;
  cost = NaN;
}

/**
 * Tags rows whose cells are UTF-8 byte ranges, making strings only where it must: statuses are looked
 * up by their bytes, and dates, phones, durations and costs in the usual shapes are read from the bytes
 * (byte-values.ts). Any other shape goes to the string parsers, so the result is always what
 * RowTagger.fill gives for the same cells.
 */
export class ByteTagger {
  private readonly tagger: RowTagger;
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
  /** Cells handed to RowTagger for a class lookup (only the status columns are filled). */
  private readonly statusCells: string[];
  private readonly classes = new ByteClassCache();
  private readonly stringTags: unknown[] = new Array(TAG_VALUES_PER_ROW).fill(null);

  constructor(roles: readonly (ColumnRole | null)[], tagger: RowTagger) {
    const at = (role: ColumnRole): number => roles.indexOf(role);
    this.tagger = tagger;
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
    this.statusCells = new Array<string>(roles.length).fill('');
  }

  /** Tags a row given as strings (XLSX cells, or a record that took the careful path). */
  fromStrings(fields: readonly string[], out: TagValues): Side {
    const tags = this.stringTags;
    const side = this.tagger.fill(fields, tags, 0);
    out.classId = tags[0] as number;
    timeKey(tags[1] as string | null, out.time, 0);
    out.clientLength = setDigits(out, 'client', tags[2] as string | null);
    out.managerLength = setDigits(out, 'manager', tags[3] as string | null);
    out.duration = (tags[4] as number | null) ?? NaN;
    out.cost = (tags[5] as number | null) ?? NaN;
    return side;
  }

  /** Tags a row whose cell i is `bytes[starts[i], ends[i])`. */
  fromBytes(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, out: TagValues): Side {
    const hit = this.classOf(bytes, starts, ends);
    out.classId = hit.id;
    this.timeOf(bytes, starts, ends, out);
    out.clientLength = this.clientNumber < 0 ? -1 : this.phone(bytes, starts[this.clientNumber]!, ends[this.clientNumber]!, out, 'client');
    out.managerLength = this.managerNumber < 0 ? -1 : this.phone(bytes, starts[this.managerNumber]!, ends[this.managerNumber]!, out, 'manager');
    out.duration = this.duration < 0 ? NaN : decimal(bytes, starts[this.duration]!, ends[this.duration]!, parseDuration);
    out.cost = this.cost < 0 ? NaN : decimal(bytes, starts[this.cost]!, ends[this.cost]!, parseCost);
    return hit.c.side;
  }

  private classOf(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): { readonly id: number; readonly c: Classification } {
    const first = this.status >= 0 ? this.status : this.managerLeg;
    const second = this.status < 0 && this.clientLeg >= 0 ? this.clientLeg : -1;
    if (first < 0) return this.tagger.classHit(this.statusCells);
    const cached = this.classes.get(bytes, starts[first]!, ends[first]!, second < 0 ? 0 : starts[second]!, second < 0 ? 0 : ends[second]!);
    if (cached !== null) return cached;
    const cells = this.statusCells;
    cells[first] = utf8Of(bytes, starts[first]!, ends[first]!);
    if (second >= 0) cells[second] = utf8Of(bytes, starts[second]!, ends[second]!);
    const hit = this.tagger.classHit(cells);
    this.classes.set(bytes, starts[first]!, ends[first]!, second < 0 ? 0 : starts[second]!, second < 0 ? 0 : ends[second]!, hit);
    return hit;
  }

  private timeOf(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, out: TagValues): void {
    if (this.datetime >= 0) {
      const start = starts[this.datetime]!, end = ends[this.datetime]!;
      const handled = timeKeyOfBytes(bytes, start, end, out.time, 0);
      if (handled === 1) return;
      timeKey(handled === 0 ? null : parseDateTime(utf8Of(bytes, start, end)), out.time, 0);
    } else if (this.date >= 0) {
      const time = this.time >= 0 ? utf8Of(bytes, starts[this.time]!, ends[this.time]!) : undefined;
      timeKey(combineDateTime(utf8Of(bytes, starts[this.date]!, ends[this.date]!), time), out.time, 0);
    } else {
      timeKey(null, out.time, 0);
    }
  }

  private phone(bytes: Uint8Array, start: number, end: number, out: TagValues, which: 'client' | 'manager'): number {
    if (out[which].length <= end - start) out[which] = new Uint8Array(2 * (end - start + 1));
    const n = phoneDigitsOfBytes(bytes, start, end, out[which]);
    return n !== NOT_HANDLED ? n : setDigits(out, which, normalisePhone(utf8Of(bytes, start, end)));
  }
}

function decimal(bytes: Uint8Array, start: number, end: number, parse: (raw: string) => number | null): number {
  const value = plainDecimalOfBytes(bytes, start, end);
  return Number.isNaN(value) ? parse(utf8Of(bytes, start, end)) ?? NaN : value;
}

/** Puts phone digits (ASCII) into out[which]; returns their count, -1 for none. */
function setDigits(out: TagValues, which: 'client' | 'manager', digits: string | null): number {
  if (digits === null) return -1;
  if (out[which].length < digits.length) out[which] = new Uint8Array(2 * digits.length);
  const target = out[which];
  for (let i = 0; i < digits.length; i++) target[i] = digits.charCodeAt(i);
  return digits.length;
}

const SLOTS = 1024;
/** Longer status cells are not cached by bytes (a free-text column would only churn the cache). */
const MAX_KEY_BYTES = 64;

/**
 * Status classes by the bytes of the status cell(s): a direct-mapped cache, so a known status costs a
 * hash of a few bytes and one comparison instead of a new string and a Map lookup. A key is the status
 * cell's bytes, or the two leg cells' bytes joined by a 0 byte.
 */
class ByteClassCache {
  private readonly keys: (Uint8Array | null)[] = new Array<Uint8Array | null>(SLOTS).fill(null);
  private readonly hits: ({ readonly id: number; readonly c: Classification } | null)[] = new Array(SLOTS).fill(null);

  get(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): { readonly id: number; readonly c: Classification } | null {
    const length = aEnd - a + 1 + bEnd - b;
    if (length > MAX_KEY_BYTES) return null;
    const slot = slotOf(bytes, a, aEnd, b, bEnd);
    const key = this.keys[slot];
    if (key === null || key === undefined || key.length !== length) return null;
    let k = 0;
    for (let i = a; i < aEnd; i++) if (key[k++] !== bytes[i]) return null;
    if (key[k++] !== 0) return null;
    for (let i = b; i < bEnd; i++) if (key[k++] !== bytes[i]) return null;
    return this.hits[slot]!;
  }

  set(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number, hit: { readonly id: number; readonly c: Classification }): void {
    const length = aEnd - a + 1 + bEnd - b;
    if (length > MAX_KEY_BYTES) return;
    const key = new Uint8Array(length);
    key.set(bytes.subarray(a, aEnd), 0);
    key.set(bytes.subarray(b, bEnd), aEnd - a + 1);
    const slot = slotOf(bytes, a, aEnd, b, bEnd);
    this.keys[slot] = key;
    this.hits[slot] = hit;
  }
}

function slotOf(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): number {
  let h = 0x811c9dc5 ^ (aEnd - a) ^ ((bEnd - b) << 8);
  for (let i = a; i < aEnd; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  for (let i = b; i < bEnd; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  return (h ^ (h >>> 15)) & (SLOTS - 1);
}
