/**
 * A streaming RFC 4180 record scanner over UTF-8 bytes, with exactly the semantics of the reference
 * string scanner (test/support/reference-scanner.ts), but it reports each field as a byte range instead of
 * making a JS string, so a writer can copy the bytes straight into SQLite.
 *
 * Same rules as the reference scanner: the line-end style (LF, CRLF or CR) is fixed by the first
 * line end outside quotes (a lone CR in an LF file is data); blank lines are skipped (they still count as
 * lines); a field that starts with a quote runs to the next quote that is not doubled, and text between
 * the closing quote and the next delimiter is kept (`"a"b;` gives `ab`); line breaks inside quotes move
 * the line numbers as an editor counts them; a record may end at the end of input without a line end; an
 * unterminated quote at the end of input is one broken record from the record's start; a record longer
 * than `maxRecordBytes` (its raw bytes, line end not counted) is one rejected record ('record-too-long'):
 * it is read on to its real end without being kept (oversized-record.ts), and the records after it are
 * read as usual — a record is never split into records. Only the unit differs: the limit counts bytes.
 *
 * Input: UTF-8 without BOM (the caller strips it and transcodes other encodings first). Chunks may end
 * anywhere, also inside a multi-byte sequence: the special bytes (delimiter, quote, CR, LF) are ASCII
 * and never occur inside one, so a split sequence is simply carried with the unfinished record.
 *
 * Speed (1M-row, 136 MB file: see test/bench/byte-scanner.ts): the bytes are scanned in windows of
 * 32 KB, each also made into a one-byte (latin1) string, one char per byte, because String#indexOf on it
 * runs memchr and is far cheaper to call than any JS loop over the bytes is to run (2x on that file).
 * The common record has no quote: its line end and each delimiter are found with indexOf (the next
 * quote too, rarely), and its fields are reported as ranges of the caller's chunk: no copy, no
 * allocation per record. A record holding a quote takes a slower path; its fields still point into
 * the chunk unless one needs unescaping (a doubled quote, text after a closing quote), which copies the
 * record's fields into an internal buffer. The unfinished tail of a chunk is copied to the front of an
 * internal buffer; the next chunk's head is appended to it just far enough to finish the carried
 * record, and the rest of that chunk is scanned in place.
 */

import { rejectionText } from '../../../shared/rejections.ts';
import { afterByte, FIELD_START, OversizedRecord, QUOTED, type FieldState, type LineEnd } from './oversized-record.ts';

/**
 * Receives one record. Field i is `fields[starts[i] .. ends[i])` (UTF-8, unescaped), for i < count.
 * `fields` is a view of the pushed chunk (not the chunk object itself: indices are relative to the
 * view), or of an internal buffer (a record carried over a chunk end, or one that needed unescaping).
 * `starts`/`ends` are reused between calls (and may be longer than count). All of them are only valid
 * during the call: copy what you keep. `line` is the 1-based line where the record starts;
 * `raw[rawStart .. rawEnd)` are the record's raw bytes without its line end, for rejection messages
 * (`raw` is often the same array as `fields`; as in DelimitedScanner, a last record that ends at the
 * end of input keeps a trailing CR in its raw bytes when it holds a quote).
 */
export type ByteRecordSink = (
  fields: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  line: number,
  raw: Uint8Array,
  rawStart: number,
  rawEnd: number,
) => void;
/** Receives bytes that could not be split into a record: raw is UTF-8-decoded, at most MAX_RAW_CHARS chars. */
export type ByteBrokenSink = (line: number, raw: string, reason: string) => void;

/** Raw text kept for a rejected record (enough to see what went wrong, not a copy of the file). */
export const MAX_RAW_CHARS = 4096;
/** Bytes that always hold MAX_RAW_CHARS whole characters (a UTF-16 unit takes at most 3 bytes). */
const RAW_BYTES = 3 * MAX_RAW_CHARS + 3;

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** Longest record we accept; a longer one is rejected, so a stray quote cannot make the import hold the file. */
const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** How much of the next chunk is joined to a carried tail at first (enough for any ordinary record). */
const JOIN_PROBE = 16 * 1024;
/** Bytes scanned at a time (see scan). */
const WINDOW = 32 * 1024;

type Eol = LineEnd;
/**
 * Why the carried tail is unfinished, when that tells which bytes it waits for: PLAIN, it holds no
 * line end and no quote (a line end or a quote must come); OPEN_QUOTE, a quoted field never closes
 * (a quote must come). NONE: unknown.
 */
type Stuck = 0 | 1 | 2;
const NONE = 0;
const PLAIN = 1;
const OPEN_QUOTE = 2;

const rawDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

export class ByteScanner {
  private readonly delimiter: number;
  private readonly delimiterChar: string;
  private readonly onRecord: ByteRecordSink;
  private readonly onBroken: ByteBrokenSink;
  private readonly maxRecordBytes: number;
  /** buf[0 .. carryLength) is the unfinished tail of the input so far; the next chunk is appended to it. */
  private buf = new Uint8Array(64 * 1024);
  private carryLength = 0;
  /** Unescaped fields of the record being scanned on the slow path. */
  private unescaped = new Uint8Array(4 * 1024);
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  /** Line on which the next record starts. */
  private line = 1;
  /** 0 until the first line end is seen; then LF (also CRLF) or CR. */
  private eol: Eol = 0;
  /** A record past the size limit, being read to its end (then rejected). */
  private oversized: OversizedRecord | null = null;
  /** What the carried tail waits for, as the last scan found it. */
  private stuck: Stuck = NONE;
  /** While the line-end style is unknown: how many bytes of the carried tail hold no line end outside quotes. */
  private eolScanned = 0;
  /** ... and where in the record they leave the reader (inside quotes or not). */
  private eolState: FieldState = FIELD_START;

  /** `delimiter`: one ASCII character other than the quote, CR and LF (`;` `,` tab `|` in practice). */
  constructor(delimiter: string, onRecord: ByteRecordSink, onBroken: ByteBrokenSink, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES) {
    const code = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || code > 0x7f || code === QUOTE || code === CR || code === LF) {
      throw new Error(`ByteScanner: the delimiter must be one ASCII character, got ${JSON.stringify(delimiter)}`);
    }
    this.delimiter = code;
    this.delimiterChar = delimiter;
    this.onRecord = onRecord;
    this.onBroken = onBroken;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The line the next record would start on (after finish(): one past the last line). */
  get currentLine(): number {
    return this.line;
  }

  /** Scans a chunk. The chunk is only read during the call (the caller may reuse its buffer afterwards). */
  push(chunk: Uint8Array): void {
    // A plain Uint8Array view keeps the hot loops monomorphic whether the caller passes Buffers or not.
    const bytes = chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.oversized !== null) {
      const end = this.oversized.feed(bytes, 0);
      if (end < 0) return;
      this.rejectOversized(false);
      if (end < bytes.length) this.process(bytes, end, false);
      return;
    }
    const carried = this.carryLength;
    const stuck = this.stuck;
    this.stuck = NONE;
    if (carried === 0) {
      this.process(bytes, 0, false);
      return;
    }
    if (stuck !== NONE && bytes.indexOf(QUOTE) < 0 && (stuck === OPEN_QUOTE || bytes.indexOf(this.eol === CR ? CR : LF) < 0)) {
      // Still unfinished whatever the chunk holds: no need to scan the whole tail again (a long tail
      // rescanned on every push would cost time quadratic in its length).
      this.stuck = stuck;
      this.keep(this.append(bytes, 0, bytes.length), 0);
      return;
    }
    if (this.eol === 0 || bytes.length <= JOIN_PROBE) {
      this.process(this.append(bytes, 0, bytes.length), 0, false, true);
      return;
    }
    // Finish the carried record on a copy of the chunk's head, then scan the rest of the chunk in place.
    // Scanning is record by record, so this gives what scanning carry + chunk as one text would give.
    const head = this.append(bytes, 0, JOIN_PROBE);
    const pos = this.scan(head, 0, false);
    if (pos >= carried) {
      this.keep(bytes, this.scan(bytes, pos - carried, false));
      return;
    }
    // The carried record runs past the probe: join all of the chunk and go on from where it stopped.
    const text = this.append(bytes, JOIN_PROBE, bytes.length);
    this.keep(text, this.scan(text, pos, false));
  }

  /** End of input: the last record needs no line end; an open quote becomes a broken record. */
  finish(): void {
    if (this.oversized !== null) {
      const endedAtLineEnd = this.oversized.finish();
      this.rejectOversized(!endedAtLineEnd);
      return;
    }
    const length = this.carryLength;
    if (length === 0) return;
    this.carryLength = 0;
    this.process(this.buf.subarray(0, length), 0, true, true);
  }

  /** Appends bytes[from, to) to the carried tail (which stays in place); returns a view of the whole. */
  private append(bytes: Uint8Array, from: number, to: number): Uint8Array {
    const length = this.carryLength + to - from;
    if (length > this.buf.length) {
      const grown = new Uint8Array(Math.max(length, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.carryLength));
      this.buf = grown;
    }
    this.buf.set(from === 0 && to === bytes.length ? bytes : bytes.subarray(from, to), this.carryLength);
    this.carryLength = length;
    return this.buf.subarray(0, length);
  }

  /**
   * Scans text[begin ..), where the reference scanner's text would start. `resume`: text is the carried
   * tail plus more, and the tail's first eolScanned bytes were already searched for the first line end.
   */
  private process(text: Uint8Array, begin: number, final: boolean, resume = false): void {
    const pos = begin;
    if (this.eol === 0) {
      // The first line end outside quotes decides the style (a quoted comment may hold another kind),
      // quotes read as the records are (a quote opens a field only at its start), from `begin` as
      // DelimitedScanner does. Bytes of the carried tail searched in vain are not searched again: a long
      // first line stays linear.
      let i = resume ? begin + this.eolScanned : begin;
      let state: FieldState = resume && this.eolScanned > 0 ? this.eolState : FIELD_START;
      this.eolScanned = 0;
      const length = text.length;
      const delimiter = this.delimiter;
      let eol: Eol = 0;
      for (; i < length; i++) {
        const c = text[i]!;
        if (state !== QUOTED && c === LF) {
          eol = LF;
          break;
        }
        if (state !== QUOTED && c === CR) {
          if (i + 1 < length) eol = text[i + 1] === LF ? LF : CR;
          else if (final) eol = CR;
          break; // (a CR at the end is looked at again with the next chunk)
        }
        state = afterByte(state, c, delimiter);
      }
      this.eol = eol;
      if (eol === 0 && !final) {
        if (pos === begin) {
          this.eolScanned = i - begin;
          this.eolState = state;
        }
        this.keep(text, pos);
        return;
      }
      if (eol === 0) this.eol = LF; // a single line without a line end
    }
    this.keep(text, this.scan(text, pos, final));
  }

  /**
   * Emits every record of text[pos ..] that is complete; returns where the unfinished rest starts
   * (text.length when nothing is left). Needs the line-end style to be known.
   *
   * Works through windows of WINDOW bytes (widened while one record does not fit), each scanned as if
   * it were the whole text: scanning is record by record, so the records are the same, and the one-byte
   * strings made per window stay small (a string per 1 MB chunk costs twice the time in the GC).
   */
  private scan(text: Uint8Array, pos: number, final: boolean): number {
    const length = text.length;
    let size = WINDOW;
    while (length - pos > size) {
      const next = pos + this.scanWindow(text.subarray(pos, pos + size), false);
      size = next === pos ? size * 2 : WINDOW;
      pos = next;
    }
    return pos + this.scanWindow(pos === 0 ? text : text.subarray(pos), final);
  }

  /** scan() of one window: emits its complete records, returns where the unfinished rest starts. */
  private scanWindow(text: Uint8Array, final: boolean): number {
    const length = text.length;
    let pos = 0;
    this.stuck = NONE;
    if (length === 0) return 0;
    // The same bytes as a one-byte string (one char per byte): String#indexOf runs memchr on it, and
    // calling it costs less than any loop over the bytes, per line as per field.
    const s = latin1(text);
    const eolChar = this.eol === CR ? '\r' : '\n';
    const crlf = this.eol === LF;
    const delimiter = this.delimiterChar;
    let starts = this.starts;
    let ends = this.ends;
    // Next quote; past the end (length + 1) when there is none, so even a last line running to the end is before it.
    let nextQuote = s.indexOf('"', pos);
    if (nextQuote < 0) nextQuote = length + 1;
    // First delimiter at or after pos, carried from line to line (-1: none left).
    let nextDelimiter = s.indexOf(delimiter, pos);

    while (pos < length) {
      if (nextQuote < pos) {
        nextQuote = s.indexOf('"', pos);
        if (nextQuote < 0) nextQuote = length + 1;
      }
      let nl = s.indexOf(eolChar, pos);
      if (nl < 0) {
        if (nextQuote < length)
          nl = length; // the quote comes first: slow path below
        else if (!final) {
          this.stuck = PLAIN;
          break;
        } // no line end, no quote: the rest continues in the next chunk
        else nl = length; // the last record, without a line end
      }
      if (nextQuote > nl) {
        // Fast path: a whole line without quotes, text[pos, nl).
        let end = nl;
        if (crlf && end > pos && text[end - 1] === CR) end--;
        if (end - pos > this.maxRecordBytes) {
          this.onBroken(this.line, decodeRaw(text, pos, end), this.tooLong);
        } else if (end > pos) {
          if (nextDelimiter !== -1 && nextDelimiter < pos) nextDelimiter = s.indexOf(delimiter, pos);
          let count = 0;
          let fieldStart = pos;
          while (nextDelimiter !== -1 && nextDelimiter < end) {
            if (count === starts.length) {
              this.growFields();
              starts = this.starts;
              ends = this.ends;
            }
            starts[count] = fieldStart;
            ends[count] = nextDelimiter;
            count++;
            fieldStart = nextDelimiter + 1;
            nextDelimiter = s.indexOf(delimiter, fieldStart);
          }
          if (count === starts.length) {
            this.growFields();
            starts = this.starts;
            ends = this.ends;
          }
          starts[count] = fieldStart;
          ends[count] = end;
          this.onRecord(text, starts, ends, count + 1, this.line, text, pos, end);
        }
        if (nl === length) return length; // final: no line end after the last record
        this.line++;
        pos = nl + 1;
        continue;
      }
      const next = this.scanQuoted(text, s, pos, final);
      if (next < 0) break; // unfinished: wait for more bytes
      pos = next;
      starts = this.starts;
      ends = this.ends;
    }
    return pos;
  }

  /** Keeps the unfinished tail text[pos ..]; a tail past the size limit is read on to its end instead (then rejected). */
  private keep(text: Uint8Array, pos: number): void {
    const length = text.length;
    const size = length - pos;
    // The tail may end with the CR of a CRLF, which is not part of the record: one byte of slack, so a
    // tail past it is surely an oversized record (one just at the limit is judged when it is emitted).
    if (size > this.maxRecordBytes + 1) {
      this.carryLength = 0;
      this.stuck = NONE;
      this.eolScanned = 0;
      const oversized = new OversizedRecord(this.line, this.eol, this.delimiter, RAW_BYTES);
      this.oversized = oversized;
      const end = oversized.feed(text, pos);
      if (end >= 0) {
        this.rejectOversized(false);
        if (end < length) this.process(text, end, false);
      }
      return;
    }
    if (size === 0) {
      this.carryLength = 0;
      return;
    }
    // When text is the carried buffer and nothing was consumed, the tail is already in place.
    if (!(pos === 0 && text.buffer === this.buf.buffer && text.byteOffset === this.buf.byteOffset)) {
      if (size > this.buf.length) this.buf = new Uint8Array(Math.max(size, this.buf.length * 2));
      this.buf.set(text.subarray(pos, length), 0); // set() copes with overlap when text is buf itself
    }
    this.carryLength = size;
  }

  /**
   * Scan of one record that contains a quote (`s` is text as a one-byte string). Returns the index after
   * the record, or -1 when the record is unfinished and more bytes are needed. Fields stay ranges of
   * `text` while each is one run of it (`"a;b"` is text[open + 1, close)); from the first field that
   * needs unescaping (a doubled quote, text after the closing quote) on, all are copied to `unescaped`.
   */
  private scanQuoted(text: Uint8Array, s: string, start: number, final: boolean): number {
    const length = text.length;
    const delimiter = this.delimiter;
    const delimiterChar = this.delimiterChar;
    const eolByte = this.eol === CR ? CR : LF;
    const eolChar = this.eol === CR ? '\r' : '\n';
    const crlf = this.eol === LF;
    let out = this.unescaped;
    let copying = false;
    let outEnd = 0;
    let count = 0;
    let newlines = 0;
    let i = start;
    // Next line end and next delimiter, cached so a long line with many fields is not searched once per field.
    let eolAt = -2;
    let delimiterAt = -2;
    for (;;) {
      // The field's value: text[valueStart, valueEnd), or out[valueStart, valueEnd) once copying.
      let valueStart = 0;
      let valueEnd = 0;
      const quoted = text[i] === QUOTE;
      let rest = !quoted; // unquoted text runs from i to the next stop
      if (quoted) {
        // Quoted field: runs to the next quote that is not doubled.
        const open = i + 1;
        let segment = open;
        valueStart = copying ? outEnd : open;
        for (;;) {
          const q = s.indexOf('"', segment);
          if (q < 0 || (q + 1 >= length && !final)) {
            if (q < 0 && !final) this.stuck = OPEN_QUOTE;
            if (!final) return -1;
            // Unterminated at end of input: everything from the record's start is one broken record.
            this.onBroken(this.line, decodeRaw(text, start, length), rejectionText({ kind: 'unterminated-quote' }));
            this.line += 1 + countLineBreaks(text, start, length);
            return length;
          }
          if (q + 1 < length && text[q + 1] === QUOTE) {
            if (!copying) {
              // the field's first doubled quote (so segment is still open)
              outEnd = this.copyFields(text, count, start);
              out = this.unescaped;
              copying = true;
              valueStart = outEnd;
            }
            outEnd = copyBytes(text, segment, q + 1, out, outEnd);
            segment = q + 2;
            continue;
          }
          if (copying) outEnd = copyBytes(text, segment, q, out, outEnd);
          valueEnd = copying ? outEnd : q;
          newlines += countLineBreaks(text, open, q); // as in the unescaped value: "" never parts CR from LF
          i = q + 1;
          break;
        }
        // Text between the closing quote and the delimiter (`"a"b;`) is kept, as Excel does. (A CR after
        // the closing quote of a CRLF file lands here too and is cut off as the line end's first half.)
        rest = i < length && text[i] !== delimiter && text[i] !== eolByte;
      }
      if (rest) {
        if (eolAt !== -1 && eolAt < i) eolAt = s.indexOf(eolChar, i);
        if (delimiterAt !== -1 && delimiterAt < i) delimiterAt = s.indexOf(delimiterChar, i);
        const stop = delimiterAt < 0 ? eolAt : eolAt < 0 ? delimiterAt : Math.min(delimiterAt, eolAt);
        if (stop < 0 && !final) return -1;
        let to = stop < 0 ? length : stop;
        const atEol = stop < 0 || text[stop] === eolByte;
        if (crlf && atEol && to > i && text[to - 1] === CR) to--;
        if (!quoted) {
          valueStart = copying ? outEnd : i;
          if (copying) outEnd = copyBytes(text, i, to, out, outEnd);
          valueEnd = copying ? outEnd : to;
        } else if (to > i) {
          if (!copying) {
            // the quoted part and this text are apart in text: join them in out
            const quotedStart = valueStart;
            outEnd = this.copyFields(text, count, start);
            out = this.unescaped;
            copying = true;
            valueStart = outEnd;
            outEnd = copyBytes(text, quotedStart, valueEnd, out, outEnd);
          }
          outEnd = copyBytes(text, i, to, out, outEnd);
          valueEnd = outEnd;
        }
        i = stop < 0 ? length : stop;
      }
      this.pushField(count++, valueStart, valueEnd);
      if (i >= length) {
        if (!final) return -1;
        this.emitQuoted(count, copying ? out : text, text, start, length, newlines);
        return length;
      }
      if (text[i] === delimiter) {
        i++;
        if (i >= length) {
          if (!final) return -1;
          this.pushField(count++, copying ? outEnd : i, copying ? outEnd : i);
          this.emitQuoted(count, copying ? out : text, text, start, length, newlines);
          return length;
        }
        continue;
      }
      // Line end (the only other stop).
      const recordEnd = crlf && i > start && text[i - 1] === CR ? i - 1 : i;
      this.emitQuoted(count, copying ? out : text, text, start, recordEnd, newlines);
      return i + 1;
    }
  }

  /** Moves the first `count` fields (ranges of text) to the front of `unescaped`; returns their end there. */
  private copyFields(text: Uint8Array, count: number, start: number): number {
    // Unescaping only drops bytes, so the record fits in what is left of the text.
    if (this.unescaped.length < text.length - start) {
      this.unescaped = new Uint8Array(Math.max(text.length - start, this.unescaped.length * 2));
    }
    const out = this.unescaped;
    const starts = this.starts;
    const ends = this.ends;
    let at = 0;
    for (let k = 0; k < count; k++) {
      const from = starts[k]!;
      starts[k] = at;
      at = copyBytes(text, from, ends[k]!, out, at);
      ends[k] = at;
    }
    return at;
  }

  private pushField(index: number, start: number, end: number): void {
    if (index === this.starts.length) this.growFields();
    this.starts[index] = start;
    this.ends[index] = end;
  }

  private emitQuoted(count: number, fields: Uint8Array, text: Uint8Array, start: number, end: number, newlines: number): void {
    if (end - start > this.maxRecordBytes) this.onBroken(this.line, decodeRaw(text, start, end), this.tooLong);
    else this.onRecord(fields, this.starts, this.ends, count, this.line, text, start, end);
    this.line += 1 + newlines;
  }

  /** The oversized record has ended (at its line end, or at the end of input): one rejection, then the line after it. */
  private rejectOversized(atEnd: boolean): void {
    const record = this.oversized!;
    this.oversized = null;
    if (this.eol === 0) this.eol = record.eol === 0 ? LF : record.eol;
    const unterminated = atEnd && record.quoteOpen;
    const raw = record.rawBytes;
    this.onBroken(record.line, decodeRaw(raw, 0, raw.length), unterminated ? rejectionText({ kind: 'unterminated-quote' }) : this.tooLong);
    // As for any record: a last one without a line end leaves the line number where it is, unless it holds a quote.
    const lines = unterminated ? 1 + record.allBreaks : atEnd && !record.hasQuote ? 0 : 1 + record.quotedBreaks;
    this.line = record.line + lines;
  }

  private get tooLong(): string {
    return rejectionText({ kind: 'record-too-long', limit: this.maxRecordBytes });
  }

  private growFields(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

/** The bytes as a one-byte string, char i = byte i (latin1 maps every byte to the char of that code). */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
}

/** Copies from[start, end) to to[at ..]; returns the index after the copy. */
function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): number {
  if (end - start > 64) {
    to.set(from.subarray(start, end), at);
    return at + end - start;
  }
  for (let i = start; i < end; i++) to[at++] = from[i]!;
  return at;
}

/**
 * Line breaks in bytes[from, to): CRLF counts once, a lone CR or LF once — how an editor numbers lines,
 * so a quoted LF inside a CR file still moves the line numbers of the records after it.
 */
function countLineBreaks(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (i + 1 < to && bytes[i + 1] === LF) i++;
    }
  }
  return n;
}

/**
 * bytes[start, end) decoded, cut to MAX_RAW_CHARS UTF-16 units as DelimitedScanner cuts its text. A
 * multi-byte sequence left incomplete by the cut (or by a chunk end) is dropped, not shown as U+FFFD.
 */
export function decodeRaw(bytes: Uint8Array, start: number, end: number): string {
  // Each UTF-16 unit takes at most 3 bytes, so this many whole characters are always enough.
  const limit = start + RAW_BYTES;
  let to = end < limit ? end : limit;
  // Back up over an incomplete sequence at the end: find its lead byte within the last 3 bytes.
  for (let k = to - 1; k >= start && k >= to - 4; k--) {
    const c = bytes[k]!;
    if (c < 0x80) break; // ASCII: complete
    if (c >= 0xc0) {
      // lead byte: complete when its sequence fits before `to`
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      if (to - k < need) to = k;
      break;
    }
  }
  const text = rawDecoder.decode(bytes.subarray(start, to));
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}

const utf8Slice = (Buffer.prototype as unknown as { utf8Slice: (this: Uint8Array, start: number, end: number) => string }).utf8Slice;

/** A cell's text: Node's own UTF-8 slice (what Buffer#toString uses) without the argument checks; any Uint8Array will do. */
export function utf8Of(bytes: Uint8Array, start: number, end: number): string {
  return utf8Slice.call(bytes, start, end);
}
