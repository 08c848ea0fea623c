/**
 * A record that grew past the scanner's size limit, read to its end without being kept. RFC 4180 still
 * decides where it ends — a quoted field runs to its closing quote, doubled quotes and line breaks
 * included — so the record is rejected as one, and the records after it are read as they are: never a
 * record split into records, whatever it holds. Only the first bytes are kept, for the rejection's raw
 * text, so a stray quote at the top of a huge file costs no memory.
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Where a reader is inside a record, byte by byte (RFC 4180 as the scanner reads it). */
export const FIELD_START = 0;
const UNQUOTED = 1;
export const QUOTED = 2;
/** A quote inside a quoted field: closing, unless another quote follows (a doubled quote). */
const QUOTE_SEEN = 3;
export type FieldState = typeof FIELD_START | typeof UNQUOTED | typeof QUOTED | typeof QUOTE_SEEN;

/**
 * The state after byte `c`, for any byte but a line end outside quotes (which ends the record). A quote
 * opens a field only at its start; in an unquoted field, or after a closing quote, quotes are data.
 */
export function afterByte(state: FieldState, c: number, delimiter: number): FieldState {
  if (state === QUOTED) return c === QUOTE ? QUOTE_SEEN : QUOTED;
  if (c === QUOTE && state !== UNQUOTED) return QUOTED; // an opening quote, or the second of a doubled one
  return c === delimiter ? FIELD_START : UNQUOTED;
}

export type LineEnd = 0 | typeof LF | typeof CR;

export class OversizedRecord {
  /** The line the record starts on. */
  readonly line: number;
  /** The file's line-end style: LF (also CRLF) or CR; 0 until the record's own end shows it. */
  eol: LineEnd;
  /** Line breaks inside quoted fields (CRLF once): what moves the line number of the next record. */
  quotedBreaks = 0;
  /** Line breaks anywhere in the record, for a record that runs to the end of the file. */
  allBreaks = 0;
  /** Whether the record holds a quote anywhere (the scanner numbers a last line without a line end by that). */
  hasQuote = false;
  private readonly delimiter: number;
  private state: FieldState = FIELD_START;
  private lastWasCr = false;
  private quotedLastWasCr = false;
  /** With the style unknown, a CR outside quotes at the end of a chunk: a CRLF, or a CR line end? */
  private pendingCr = false;
  private readonly raw: Uint8Array;
  private rawLength = 0;

  constructor(line: number, eol: LineEnd, delimiter: number, rawBytes: number) {
    this.line = line;
    this.eol = eol;
    this.delimiter = delimiter;
    this.raw = new Uint8Array(rawBytes);
  }

  /** True when the record ended inside a quoted field (at the end of the input). */
  get quoteOpen(): boolean {
    return this.state === QUOTED;
  }

  /** The kept first bytes of the record (without its line end). */
  get rawBytes(): Uint8Array {
    return this.raw.subarray(0, this.rawLength);
  }

  /** Reads bytes[from ..); returns the index just past the record's line end, or -1 while it goes on. */
  feed(bytes: Uint8Array, from: number): number {
    const length = bytes.length;
    let i = from;
    if (this.pendingCr) {
      if (i >= length) return -1;
      this.pendingCr = false;
      this.eol = bytes[i] === LF ? LF : CR;
      return this.eol === LF ? i + 1 : i;
    }
    const delimiter = this.delimiter;
    for (; i < length; i++) {
      const c = bytes[i]!;
      if (c === LF) {
        if (!this.lastWasCr) this.allBreaks++;
      } else if (c === CR) this.allBreaks++;
      this.lastWasCr = c === CR;
      if (c === QUOTE) this.hasQuote = true;
      if (this.state === QUOTED) {
        if (c === CR || (c === LF && !this.quotedLastWasCr)) this.quotedBreaks++;
        this.quotedLastWasCr = c === CR;
      } else if (this.isLineEnd(c)) {
        if (c === CR && this.eol === 0) {
          if (i + 1 >= length) {
            this.pendingCr = true;
            return -1;
          }
          this.eol = bytes[i + 1] === LF ? LF : CR;
        }
        if (c === this.eol || this.eol === 0) {
          if (this.eol === 0) this.eol = LF;
          if (this.eol === LF) this.dropTrailingCr();
          return i + 1;
        }
        // the CR of a CRLF: the LF ends the record
      }
      const before = this.state;
      this.state = afterByte(before, c, delimiter);
      if (this.state === QUOTED && before !== QUOTED) this.quotedLastWasCr = false;
      this.keepRaw(c);
    }
    return -1;
  }

  /**
   * The end of the input. Returns true when the record had in fact ended: a CR left pending was its
   * line end. Otherwise the record ends here, without a line end.
   */
  finish(): boolean {
    if (this.pendingCr) {
      this.eol = CR;
      this.pendingCr = false;
      return true;
    }
    if (!this.hasQuote && this.eol !== CR) this.dropTrailingCr(); // as the scanner trims a last plain line
    return false;
  }

  /** The CR of a CRLF is not part of the record (unless the kept bytes stopped short of it). */
  private dropTrailingCr(): void {
    if (this.rawLength > 0 && this.rawLength < this.raw.length && this.raw[this.rawLength - 1] === CR) this.rawLength--;
  }

  private isLineEnd(c: number): boolean {
    return this.eol === 0 ? c === LF || c === CR : c === this.eol;
  }

  private keepRaw(c: number): void {
    if (this.rawLength < this.raw.length) this.raw[this.rawLength++] = c;
  }
}
