import fs from 'node:fs';
import { IndexTreeWriter } from '../sqlite-file/btree.ts';
import { PageFile } from '../sqlite-file/page-file.ts';
import type { TagValues } from './byte-tagger.ts';
import { digitsKeyOfBytes, KEY_DIGITS, sortRowsByKey, SpilledKeys, writeDigitsOfKey, writeTimeOfKey, type KeyPairs } from './sort-keys.ts';

/** Root pages of the `_time` and `_client_digits` indexes (allocated when the schema was created). */
export interface KeyedRoots {
  readonly time: number;
  readonly digits: number;
}

/**
 * The dataset's indexes on `_time` and `_client_digits`, built in the scanning thread: it has the keys
 * as it tags each row, and once the writer thread has finished the calls table, the scanning thread
 * writes these two indexes at the end of the file while the writer builds the other three.
 */
export class KeyedIndexes {
  private readonly time: SpilledKeys;
  private readonly digits: SpilledKeys;
  /** Client numbers longer than a sort key holds exactly (rare): row → digits. */
  private readonly longDigits = new Map<number, string>();
  private rows = 0;

  constructor(partialPath: string) {
    this.time = new SpilledKeys(`${partialPath}-keys-time`);
    this.digits = new SpilledKeys(`${partialPath}-keys-digits`);
  }

  /** The keys of the next imported row (rows are numbered in import order, as their rowids). */
  add(tags: TagValues): void {
    const time = this.time;
    time.keys[time.at] = tags.time[0]!;
    time.keys[time.at + 1] = tags.time[1]!;
    time.commit();
    const digits = this.digits;
    digitsKeyOfBytes(tags.client, 0, tags.clientLength, digits.keys, digits.at);
    digits.commit();
    if (tags.clientLength > KEY_DIGITS) this.longDigits.set(this.rows, Buffer.from(tags.client.subarray(0, tags.clientLength)).toString('latin1'));
    this.rows++;
  }

  /**
   * Appends both indexes' pages to the dataset file — which must then hold exactly the calls table and
   * the schema, `pageCount` pages — and writes their roots; returns the file's new page count.
   */
  build(partialPath: string, pageSize: number, pageCount: number, roots: KeyedRoots): number {
    const fd = fs.openSync(partialPath, 'r+');
    try {
      const file = new PageFile(fd, pageSize);
      if (file.pageCount !== pageCount) throw new Error(`dataset file has ${file.pageCount} pages, the writer reported ${pageCount}`);
      this.buildOne(file, roots.time, this.time, writeTimeOfKey, null);
      this.buildOne(file, roots.digits, this.digits, writeDigitsOfKey, this.longDigits.size > 0 ? this.longDigits : null);
      file.flush();
      return file.pageCount;
    } finally {
      fs.closeSync(fd);
      this.dispose();
    }
  }

  private buildOne(
    file: PageFile, root: number, spilled: SpilledKeys, writeKey: (hi: number, lo: number, out: Uint8Array) => number, long: Map<number, string> | null,
  ): void {
    const keys = spilled.readAll();
    const n = this.rows;
    const order = sortRowsByKey(keys, n);
    if (long) orderLongDigits(order, keys, long);
    const tree = new IndexTreeWriter(file, root);
    const key = Buffer.alloc(64);
    for (let i = 0; i < n; i++) {
      const row = order[i]!;
      const exact = long?.get(row);
      if (exact === undefined) tree.appendKey(key, writeKey(keys[2 * row]!, keys[2 * row + 1]!, key), row + 1);
      else tree.appendKey(Buffer.from(exact, 'latin1'), exact.length, row + 1);
    }
    tree.finish();
  }

  dispose(): void {
    this.time.dispose();
    this.digits.dispose();
  }
}

/** Rows whose numbers share a key with a longer number: those runs are sorted by the full digits. */
function orderLongDigits(order: Uint32Array, keys: KeyPairs, long: ReadonlyMap<number, string>): void {
  const prefix = Buffer.alloc(KEY_DIGITS);
  const full = (row: number): string =>
    long.get(row) ?? prefix.toString('latin1', 0, writeDigitsOfKey(keys[2 * row]!, keys[2 * row + 1]!, prefix));
  const sameKey = (a: number, b: number): boolean => keys[2 * a] === keys[2 * b] && keys[2 * a + 1] === keys[2 * b + 1];
  for (let i = 0; i < order.length;) {
    let j = i + 1;
    while (j < order.length && sameKey(order[i]!, order[j]!)) j++;
    if (j - i > 1 && order.subarray(i, j).some((row) => long.has(row))) {
      const run = [...order.subarray(i, j)].sort((a, b) => (full(a) < full(b) ? -1 : full(a) > full(b) ? 1 : a - b));
      order.set(run, i);
    }
    i = j;
  }
}
