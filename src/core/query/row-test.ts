import type { ColumnCodes } from './column-codes.ts';

/**
 * The per-row test of a filter over the in-memory helpers: the status-class mask, masks of coded
 * columns (managers, sites, per-column conditions), and a mark per rowid for the parts answered by SQL
 * or by a time range outside time order.
 * Kept monomorphic and allocation-free: it runs once per call of the dataset in a pass.
 */
export class RowTest {
  /** The classes by rowid, read only when a row is tested by its class (facets in time order need none). */
  #classOf: Uint16Array | Int32Array | null = null;
  readonly #loadClassOf: () => Uint16Array | Int32Array;
  readonly #classOk: Uint8Array | null;
  readonly #codes: readonly { readonly codeOf: Uint16Array; readonly ok: Uint8Array }[];
  readonly #marks: Uint8Array | null;
  readonly #markLevel: number;

  constructor(
    classOf: () => Uint16Array | Int32Array,
    classOk: Uint8Array | null,
    codes: readonly { readonly codes: ColumnCodes; readonly ok: Uint8Array }[],
    marks: Uint8Array | null,
    markLevel: number,
  ) {
    this.#loadClassOf = classOf;
    this.#classOk = classOk;
    this.#codes = codes.map(({ codes: c, ok }) => ({ codeOf: c.codeOf, ok }));
    this.#marks = marks;
    this.#markLevel = markLevel;
  }

  /** True when the test passes every row (nothing to check). */
  get passesAll(): boolean {
    return this.#classOk === null && this.#codes.length === 0 && this.#marks === null;
  }

  /** The class mask when it is the whole test (no coded columns, no marks), else null: then a class id alone decides. */
  get classOnly(): Uint8Array | null {
    return this.#codes.length === 0 && this.#marks === null ? this.#classOk : null;
  }

  passes(rowid: number): boolean {
    if (this.#classOk !== null && this.#classOk[(this.#classOf ??= this.#loadClassOf())[rowid]!] === 0) return false;
    for (let i = 0; i < this.#codes.length; i++) {
      const code = this.#codes[i]!;
      if (code.ok[code.codeOf[rowid]!] === 0) return false;
    }
    return this.#marks === null || this.#marks[rowid] === this.#markLevel;
  }
}

/** Marks rowids in a Uint8Array; a row passes when every group marked it (level = number of groups). */
export class RowMarks {
  readonly marks: Uint8Array;
  level = 0;

  constructor(maxRowid: number) {
    this.marks = new Uint8Array(maxRowid + 1);
  }

  /** Adds one group: the rowids it yields get one more mark (each rowid at most once per group). */
  add(rowids: Iterable<number>): void {
    const marks = this.marks;
    const level = this.level;
    for (const rowid of rowids) if (marks[rowid] === level) marks[rowid] = level + 1;
    this.level++;
  }

  /** Adds one group made of several stretches `[from, to)` of `rowids`. */
  addSlices(rowids: Int32Array, slices: readonly (readonly [from: number, to: number])[]): void {
    const marks = this.marks;
    const level = this.level;
    for (const [from, to] of slices) {
      for (let i = from; i < to; i++) {
        const rowid = rowids[i]!;
        if (marks[rowid] === level) marks[rowid] = level + 1;
      }
    }
    this.level++;
  }

  addSlice(rowids: Int32Array, from: number, to: number): void {
    const marks = this.marks;
    const level = this.level;
    for (let i = from; i < to; i++) {
      const rowid = rowids[i]!;
      if (marks[rowid] === level) marks[rowid] = level + 1;
    }
    this.level++;
  }
}
