import type { ColumnRole } from '../../../shared/import-types.ts';
import type { Classification, Side } from '../../../shared/status/index.ts';
import { NOT_HANDLED, phoneDigitsOfBytes, plainDecimalOfBytes, timeKeyOfBytes } from './byte-values.ts';
import { timeKey } from '../write/sort-keys.ts';
import { utf8Of } from '../read/byte-scanner.ts';
import { roleColumns, TAG_VALUES_PER_ROW, type RoleColumns, type RowTagger } from './tags.ts';
import { combineDateTime, normalisePhone, parseCost, parseDateTime, parseDuration } from './values.ts';

/**
 * What the scanning thread works out for each row and the row blocks carry (row-block.ts): the status
 * class and the `_time` sort key. (Phone digits, duration and cost are read from the cells by the writer
 * thread, which has time to spare: cellNumbers below.)
 */
export class TagValues {
  classId = 0;
  /** sort-keys.ts timeKey; (0, 0) = no time. */
  readonly time = new Int32Array(2);
}

/**
 * Tags rows, making strings only where it must: statuses are looked up by their bytes and date-times
 * in the usual shapes read from the bytes (byte-values.ts); any other shape goes to the string parsers,
 * so the result is always what RowTagger and values.ts give for the same cells.
 */
export class ByteTagger {
  private readonly tagger: RowTagger;
  /** Cells handed to RowTagger for a class lookup (only the status columns are filled). */
  private readonly statusCells: string[];
  private readonly classes = new ByteClassCache();
  private readonly stringTags: unknown[] = new Array(TAG_VALUES_PER_ROW).fill(null);

  private readonly columns: RoleColumns;
  /** Rows whose date(-time) cell holds something that is not a time that can be (`30.02.2024`, `+99:99`): `_time` NULL. */
  unreadableTimes = 0;

  constructor(roles: readonly (ColumnRole | null)[], tagger: RowTagger) {
    this.tagger = tagger;
    this.columns = roleColumns(roles);
    this.statusCells = new Array<string>(roles.length).fill('');
  }

  /** Tags a row given as strings (XLSX cells, or a record that took the careful path): RowTagger's own result. */
  fromStrings(fields: readonly string[], out: TagValues): Side {
    const tags = this.stringTags;
    const side = this.tagger.fill(fields, tags, 0);
    out.classId = tags[0] as number;
    timeKey(tags[1] as string | null, out.time, 0);
    if (tags[1] === null) {
      const cell = this.columns.datetime >= 0 ? fields[this.columns.datetime] : this.columns.date >= 0 ? fields[this.columns.date] : undefined;
      if (cell !== undefined && cell.trim() !== '') this.unreadableTimes++;
    }
    return side;
  }

  /** Tags a row whose cell i is `bytes[starts[i], ends[i])`. */
  fromBytes(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, out: TagValues): Side {
    const hit = this.classOf(bytes, starts, ends);
    out.classId = hit.id;
    this.timeOf(bytes, starts, ends, out);
    return hit.c.side;
  }

  private classOf(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): { readonly id: number; readonly c: Classification } {
    const first = this.columns.status >= 0 ? this.columns.status : this.columns.managerLeg;
    const second = this.columns.status < 0 && this.columns.clientLeg >= 0 ? this.columns.clientLeg : -1;
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
    if (this.columns.datetime >= 0) {
      const start = starts[this.columns.datetime]!,
        end = ends[this.columns.datetime]!;
      const handled = timeKeyOfBytes(bytes, start, end, out.time, 0);
      if (handled === 1) return;
      const cell = handled === 0 ? null : utf8Of(bytes, start, end);
      const iso = cell === null ? null : parseDateTime(cell);
      timeKey(iso, out.time, 0);
      if (iso === null && (cell === null || cell.trim() !== '')) this.unreadableTimes++;
    } else if (this.columns.date >= 0) {
      const time = this.columns.time >= 0 ? utf8Of(bytes, starts[this.columns.time]!, ends[this.columns.time]!) : undefined;
      const date = utf8Of(bytes, starts[this.columns.date]!, ends[this.columns.date]!);
      const iso = combineDateTime(date, time);
      timeKey(iso, out.time, 0);
      if (iso === null && date.trim() !== '') this.unreadableTimes++;
    } else {
      timeKey(null, out.time, 0);
    }
  }
}

/**
 * Phone digits, duration and cost of a cell given as bytes: the byte fast paths, else the string
 * parsers (values.ts) — the same results either way.
 */
export const cellNumbers = {
  /** normalisePhone: writes the digits to `out` (room for end - start + 1 bytes) and returns their count, -1 for none. */
  phone(bytes: Uint8Array, start: number, end: number, out: Uint8Array): number {
    const n = phoneDigitsOfBytes(bytes, start, end, out);
    if (n !== NOT_HANDLED) return n;
    const digits = normalisePhone(utf8Of(bytes, start, end));
    if (digits === null) return -1;
    for (let i = 0; i < digits.length; i++) out[i] = digits.charCodeAt(i);
    return digits.length;
  },
  /** parseDuration, NaN for none. */
  duration: (bytes: Uint8Array, start: number, end: number): number => decimal(bytes, start, end, parseDuration),
  /** parseCost, NaN for none. */
  cost: (bytes: Uint8Array, start: number, end: number): number => decimal(bytes, start, end, parseCost),
};

function decimal(bytes: Uint8Array, start: number, end: number, parse: (raw: string) => number | null): number {
  const value = plainDecimalOfBytes(bytes, start, end);
  return Number.isNaN(value) ? (parse(utf8Of(bytes, start, end)) ?? NaN) : value;
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
  private readonly hits: ({ readonly id: number; readonly c: Classification } | null)[] = new Array<{ readonly id: number; readonly c: Classification } | null>(
    SLOTS,
  ).fill(null);

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
