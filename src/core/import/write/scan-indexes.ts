import fs from 'node:fs';
import type { Classification } from '../../../shared/status/index.ts';
import type { StatusClass } from '../../query/status-classes.ts';
import { IndexTreeWriter } from '../../sqlite-file/btree.ts';
import { PageStream, type PageFile } from '../../sqlite-file/page-file.ts';
import type { TagValues } from '../tag/byte-tagger.ts';
import { ClassIdStore } from './class-ids.ts';
import { TimeOrderRecorder, type RecordedTimeOrder } from './time-order-file.ts';
import { ClassesByTimeRecorder, recordStatusClasses, type RecordedStatusClasses } from './status-class-file.ts';
import { KeyOrder, SpilledKeys, writeDigitsOfKey, writeTimeOfKey } from './sort-keys.ts';

/**
 * Index building is split between the import's two threads. The scanning thread knows each row's
 * status class and time as it tags it, so it builds the `_time`, `_side`, `_reason` and `_status`
 * indexes (ScanIndexes) into a page stream — their keys are short, so they never need overflow pages —
 * while the writer thread, which reads the phone numbers, writes the `_client_digits` index straight
 * after the calls table (buildDigitsIndex). The writer then appends the stream.
 */

/** Root pages of the indexes ScanIndexes builds (allocated when the schema was created). */
export interface ScanIndexRoots {
  readonly time: number;
  readonly side: number;
  readonly reason: number;
  readonly status: number;
}

/** What ScanIndexes hands to the writer: the stream file, its root pages kept aside, the time order and the status classes. */
export interface BuiltStream {
  readonly path: string;
  readonly roots: ReadonlyMap<number, Uint8Array>;
  readonly timeOrder: RecordedTimeOrder;
  readonly statusClasses: RecordedStatusClasses | null;
}

type Facet = 'side' | 'reason' | 'status';

export class ScanIndexes {
  private readonly time: SpilledKeys;
  private readonly streamPath: string;
  private readonly timeOrderPath: string;
  private readonly statusClassesPath: string;
  private readonly facetOrderPath: string;
  private readonly classIds = new ClassIdStore();
  private readonly facets: ({ readonly side: string; readonly reason: string; readonly status: string | null } | undefined)[] = [];
  /** Each class as the query engine keeps it (status-class-file.ts). */
  private readonly classes: (StatusClass | undefined)[] = [];

  constructor(partialPath: string) {
    this.time = new SpilledKeys(`${partialPath}-keys-time`);
    this.streamPath = `${partialPath}-indexes`;
    this.timeOrderPath = `${partialPath}-time-order`;
    this.statusClassesPath = `${partialPath}-status-classes`;
    this.facetOrderPath = `${partialPath}-facet-order`;
  }

  defineClass(id: number, c: Classification): void {
    this.facets[id] = { side: c.side, reason: c.reason, status: c.code };
    this.classes[id] = { code: c.code, side: c.side, reason: c.reason, benign: c.benign, origin: c.origin };
  }

  /** The keys of the next imported row (rows are numbered in import order, as their rowids). */
  add(tags: TagValues): void {
    const time = this.time;
    time.keys[time.at] = tags.time[0]!;
    time.keys[time.at + 1] = tags.time[1]!;
    time.commit();
    this.classIds.push(tags.classId);
  }

  /** Builds the four indexes into the stream file. */
  build(pageSize: number, roots: ScanIndexRoots): BuiltStream {
    const stream = new PageStream(fs.openSync(this.streamPath, 'w+'), pageSize);
    try {
      // One buffer for the three facets: the whole order of a file up to FACET_BUFFER_ROWS rows, else the
      // buckets through which a bigger file's order goes to disk (not 4 bytes a row held: 40 MB at 10M rows).
      const buffer = new Uint32Array(Math.min(this.classIds.length, FACET_BUFFER_ROWS));
      for (const facet of ['side', 'reason', 'status'] as const) this.buildFacetIndex(stream, roots[facet], facet, buffer);
      const byRow = recordStatusClasses(this.statusClassesPath, this.classIds, this.classes);
      const timeOrder = new TimeOrderRecorder(this.timeOrderPath);
      const byTime = byRow ? new ClassesByTimeRecorder(`${this.statusClassesPath}-by-time`, this.classIds, byRow.wide) : null;
      try {
        const recorder = byTime
          ? {
              add: (hi: number, lo: number, rowid: number): void => {
                timeOrder.add(hi, lo, rowid);
                byTime.add(rowid);
              },
            }
          : timeOrder;
        writeKeyedIndex(stream, roots.time, new KeyOrder(this.time, this.classIds.length, `${this.time.path}-runs`), writeTimeOfKey, recorder);
      } catch (error) {
        timeOrder.dispose();
        byTime?.dispose();
        throw error;
      }
      stream.flush();
      const statusClasses = byRow && byTime ? { ...byRow, byTime: byTime.finish() } : null;
      return { path: this.streamPath, roots: stream.roots, timeOrder: timeOrder.finish(), statusClasses };
    } finally {
      stream.close();
      this.time.dispose();
    }
  }

  /**
   * An index on one status facet: rows by the facet's value (NULL first, then by bytes), ties in row order —
   * a counting sort by class. Up to `buffer.length` rows are ordered in `buffer`; more go through it to a
   * temporary file (facetOrderOnDisk), unless the facet has too many values for its buckets.
   */
  private buildFacetIndex(file: PageFile, root: number, facet: Facet, buffer: Uint32Array): void {
    const values = [...new Set(this.facets.filter((f) => f !== undefined).map((f) => f[facet]))]
      .map((value) => (value === null ? null : Buffer.from(value)))
      .sort((a, b) => (a === null ? -1 : b === null ? 1 : Buffer.compare(a, b)));
    const rankOfValue = new Map(values.map((value, rank) => [value?.toString() ?? null, rank]));
    const rankOfClass = new Uint32Array(this.facets.length);
    this.facets.forEach((f, id) => {
      if (f) rankOfClass[id] = rankOfValue.get(f[facet])!;
    });
    const n = this.classIds.length;
    const ids = this.classIds;
    const rankOf = (row: number): number => rankOfClass[ids.get(row)]!;
    const starts = new Uint32Array(values.length + 1);
    for (let row = 0; row < n; row++) starts[rankOf(row) + 1]!++;
    for (let k = 1; k <= values.length; k++) starts[k]! += starts[k - 1]!;

    const tree = new IndexTreeWriter(file, root);
    // The rows in key order arrive a slice at a time, the slice's first row at `position`; rank: the value of the rows there.
    let rank = 0;
    const append = (rows: Uint32Array, position: number): void => {
      for (let i = 0; i < rows.length; i++) {
        while (position + i >= starts[rank + 1]!) rank++;
        const key = values[rank] as Buffer | null; // not `!`, which would also take away the NULL status's null
        tree.appendKey(key, key === null ? -1 : key.length, rows[i]! + 1);
      }
    };
    if (n <= buffer.length || values.length > buffer.length / MIN_BUCKET_ROWS) {
      const order = n <= buffer.length ? buffer.subarray(0, n) : new Uint32Array(n);
      const next = starts.slice(0, values.length);
      for (let row = 0; row < n; row++) order[next[rankOf(row)]!++] = row;
      append(order, 0);
    } else {
      facetOrderOnDisk(this.facetOrderPath, n, rankOf, starts, buffer, append);
    }
    tree.finish();
  }

  dispose(): void {
    this.time.dispose();
    fs.rmSync(this.streamPath, { force: true });
    fs.rmSync(this.timeOrderPath, { force: true });
    fs.rmSync(this.statusClassesPath, { force: true });
    fs.rmSync(`${this.statusClassesPath}-by-time`, { force: true });
    fs.rmSync(this.facetOrderPath, { force: true });
  }
}

/** Rows a facet index orders in memory (4 MB); a bigger file's order goes through a temporary file. */
const FACET_BUFFER_ROWS = 1 << 20;
/** The smallest bucket a facet value gets on the way to disk (1 KB a write); a facet with more values is ordered in memory. */
const MIN_BUCKET_ROWS = 256;
/** The largest (64 KB a write). */
const MAX_BUCKET_ROWS = 1 << 14;

/**
 * The counting sort of a facet index through a temporary file: each rank has a bucket in `buffer`, and a
 * full bucket is written where its rows go in the file (`starts`: the first position of each rank), so the
 * rows land in the file in key order, ties in row order; the file is then read back through `buffer` and
 * handed to `append` a slice at a time.
 */
export function facetOrderOnDisk(
  path: string,
  n: number,
  rankOf: (row: number) => number,
  starts: Uint32Array,
  buffer: Uint32Array,
  append: (rows: Uint32Array, position: number) => void,
): void {
  const ranks = starts.length - 1;
  const bucketRows = Math.min(MAX_BUCKET_ROWS, Math.floor(buffer.length / ranks));
  const fd = fs.openSync(path, 'w+');
  try {
    const filled = new Uint32Array(ranks);
    const next = starts.slice(0, ranks); // where each rank's next bucket goes in the file (rows)
    const write = (rank: number): void => {
      const from = rank * bucketRows;
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + 4 * from, 4 * filled[rank]!);
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, 4 * next[rank]! + done);
      next[rank]! += filled[rank]!;
      filled[rank] = 0;
    };
    for (let row = 0; row < n; row++) {
      const rank = rankOf(row);
      buffer[rank * bucketRows + filled[rank]!++] = row;
      if (filled[rank] === bucketRows) write(rank);
    }
    for (let rank = 0; rank < ranks; rank++) if (filled[rank]! > 0) write(rank);
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    for (let position = 0; position < n;) {
      const count = Math.min(buffer.length, n - position);
      let done = 0;
      while (done < 4 * count) {
        const read = fs.readSync(fd, bytes, done, 4 * count - done, 4 * position + done);
        if (read === 0) throw new Error('facet order file ended early');
        done += read;
      }
      append(buffer.subarray(0, count), position);
      position += count;
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
  }
}

/** The `_client_digits` index, written by the writer thread from the keys it gathered. */
export function buildDigitsIndex(file: PageFile, root: number, spilled: SpilledKeys, rows: number): void {
  writeKeyedIndex(file, root, new KeyOrder(spilled, rows, `${spilled.path}-runs`), writeDigitsOfKey);
}

/**
 * An index whose keys are sort-key pairs (sort-keys.ts), rows in key order, each key written back as its
 * text; `recorder` sees every entry in that order.
 */
function writeKeyedIndex(
  file: PageFile,
  root: number,
  order: KeyOrder,
  writeKey: (hi: number, lo: number, out: Uint8Array) => number,
  recorder?: Pick<TimeOrderRecorder, 'add'>,
): void {
  try {
    const tree = new IndexTreeWriter(file, root);
    const key = Buffer.alloc(64);
    while (order.next()) {
      tree.appendKey(key, writeKey(order.hi, order.lo, key), order.row + 1);
      recorder?.add(order.hi, order.lo, order.row + 1);
    }
    tree.finish();
  } finally {
    order.dispose();
  }
}
