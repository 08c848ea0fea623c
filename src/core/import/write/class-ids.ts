/**
 * Each imported row's status class id, in row order, for the facet indexes built after the scan.
 * Rows are kept in blocks of 2^20 (the store grows by whole blocks: no copies of the whole, no
 * doubling). A file has a few dozen classes, so ids take one byte a row; the store widens to two and
 * then four bytes only when an id needs it — a status column that really holds free text or a wrong
 * column has one class per distinct value, and any number of them must keep its own id.
 */

const BLOCK_BITS = 20;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK_ROWS - 1;

type Block = Uint8Array | Uint16Array | Uint32Array;

/** The largest id each width holds. */
const WIDTHS = [
  { max: 0xff, make: (rows: number | Block): Block => (typeof rows === 'number' ? new Uint8Array(rows) : Uint8Array.from(rows)) },
  { max: 0xffff, make: (rows: number | Block): Block => (typeof rows === 'number' ? new Uint16Array(rows) : Uint16Array.from(rows)) },
  { max: 0xffffffff, make: (rows: number | Block): Block => (typeof rows === 'number' ? new Uint32Array(rows) : Uint32Array.from(rows)) },
] as const;

export class ClassIdStore {
  private blocks: Block[] = [];
  private width = 0;
  private rows = 0;

  get length(): number {
    return this.rows;
  }

  /** Bytes held per row (1, 2 or 4): for tests and memory figures. */
  get bytesPerRow(): number {
    return [1, 2, 4][this.width]!;
  }

  push(id: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id <= 0xffffffff)) throw new RangeError(`class id ${id} out of range`);
    if (id > WIDTHS[this.width]!.max) this.widen(id);
    const block = this.rows >>> BLOCK_BITS;
    if (block === this.blocks.length) this.blocks.push(WIDTHS[this.width]!.make(BLOCK_ROWS));
    this.blocks[block]![this.rows & BLOCK_MASK] = id;
    this.rows++;
  }

  /** The id of row `row` (0-based). */
  get(row: number): number {
    return this.blocks[row >>> BLOCK_BITS]![row & BLOCK_MASK]!;
  }

  private widen(id: number): void {
    while (id > WIDTHS[this.width]!.max) this.width++;
    const make = WIDTHS[this.width]!.make;
    this.blocks = this.blocks.map((narrow) => make(narrow));
  }
}
