/**
 * The reference scanner: RFC 4180 over decoded text chunks, with fields as strings. The import reads
 * bytes with src/core/import/read/byte-scanner.ts, which is tested to agree with this one record for record
 * (test/unit/import/byte-scanner.test.ts); this simpler, string-level version is the oracle.
 *
 * (It was the import's own scanner until the byte scanner replaced it.)
 *
 * Speed matters most here (a 1M-row import scans ~115 MB), so the common case — a line without any
 * quote — is found with indexOf('\n') and cut with String#split, both native loops. Only a record
 * that contains a quote character takes the char-level path. Chunks may end anywhere (inside quotes,
 * between \r and \n, inside a doubled quote): an unfinished record is carried into the next chunk.
 *
 * Line ends: LF, CRLF and CR are recognised; the style is fixed by the first line end seen (a lone CR in
 * an LF file is data, as Excel writes it inside cells). Blank lines are skipped: they are not records.
 */

import { rejectionText } from '../../src/shared/rejections.ts';
import { MAX_RAW_CHARS } from '../../src/core/import/read/byte-scanner.ts';

/** Receives one record: its fields, the 1-based line where it starts, and where its raw text lies. */
export type RecordSink = (fields: string[], line: number, text: string, start: number, end: number) => void;
/** Receives text that could not be split into a record (an unterminated quote, an endless line). */
export type BrokenSink = (line: number, raw: string, reason: string) => void;

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** Longest record we accept (its raw text, line end not counted); a longer one is one rejected record. */
const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

type Eol = 0 | typeof LF | typeof CR;

export class DelimitedScanner {
  private readonly delimiter: string;
  private readonly onRecord: RecordSink;
  private readonly onBroken: BrokenSink;
  private readonly maxRecordChars: number;
  private carry = '';
  /** Line on which the next record starts. */
  private line = 1;
  /** 0 until the first line end is seen; then LF (also CRLF) or CR. */
  private eol: Eol = 0;

  constructor(delimiter: string, onRecord: RecordSink, onBroken: BrokenSink, maxRecordChars = DEFAULT_MAX_RECORD_CHARS) {
    this.delimiter = delimiter;
    this.onRecord = onRecord;
    this.onBroken = onBroken;
    this.maxRecordChars = maxRecordChars;
  }

  /** The line the next record would start on (after finish(): one past the last line). */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: string): void {
    this.process(this.carry.length === 0 ? chunk : this.carry + chunk, false);
  }

  /** End of input: the last record needs no line end; an open quote becomes a broken record. */
  finish(): void {
    const text = this.carry;
    this.carry = '';
    if (text.length > 0) this.process(text, true);
  }

  private process(text: string, final: boolean): void {
    let pos = 0;
    if (this.eol === 0) {
      this.eol = detectEol(text, this.delimiter, final);
      if (this.eol === 0 && !final) {
        this.keep(text, pos);
        return;
      }
      if (this.eol === 0) this.eol = LF; // a single line without a line end
    }
    const eolChar = this.eol === LF ? '\n' : '\r';
    const crlf = this.eol === LF;
    const delimiter = this.delimiter;
    const length = text.length;
    let nextQuote = text.indexOf('"', pos);
    if (nextQuote < 0) nextQuote = length;

    while (pos < length) {
      const nl = text.indexOf(eolChar, pos);
      if (nextQuote < pos) {
        nextQuote = text.indexOf('"', pos);
        if (nextQuote < 0) nextQuote = length;
      }
      if (nl >= 0 && nextQuote > nl) {
        // Fast path: a whole line without quotes.
        let end = nl;
        if (crlf && end > pos && text.charCodeAt(end - 1) === CR) end--;
        if (end > pos) this.emit(() => text.slice(pos, end).split(delimiter), text, pos, end, 0);
        else this.line++;
        pos = nl + 1;
        continue;
      }
      if (nl < 0 && nextQuote >= length) {
        // No line end and no quote: the rest is the start of a record that continues in the next chunk.
        if (!final) break;
        const end = crlf && text.charCodeAt(length - 1) === CR ? length - 1 : length;
        if (end > pos) this.emit(() => text.slice(pos, end).split(delimiter), text, pos, end, -1); // no line end: the line stays
        pos = length;
        break;
      }
      const next = this.scanQuoted(text, pos, final);
      if (next < 0) break; // unfinished: wait for more text
      pos = next;
    }
    this.keep(text, pos);
  }

  /**
   * Keeps the unfinished tail, however long: this oracle holds a record whole and judges its length when
   * it ends (the byte scanner reads an oversized record on without keeping it, to the same outcome).
   */
  private keep(text: string, pos: number): void {
    this.carry = pos >= text.length ? '' : pos === 0 ? text : text.slice(pos);
  }

  /**
   * Char-level scan of one record that contains a quote. Returns the index after the record, or -1
   * when the record is unfinished and more text is needed.
   */
  private scanQuoted(text: string, start: number, final: boolean): number {
    const length = text.length;
    const delimiter = this.delimiter;
    const eolCode = this.eol;
    const crlf = eolCode === LF;
    const fields: string[] = [];
    let newlines = 0;
    let i = start;
    // Next line end, cached so a long line with many fields is not searched once per field.
    const eolChar = String.fromCharCode(eolCode);
    let eolAt = -2;
    const nextStop = (from: number): number => {
      if (eolAt !== -1 && eolAt < from) eolAt = text.indexOf(eolChar, from);
      const d = text.indexOf(delimiter, from);
      if (d < 0) return eolAt;
      if (eolAt < 0) return d;
      return d < eolAt ? d : eolAt;
    };
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        // Quoted field: runs to the next quote that is not doubled.
        let segment = i + 1;
        value = '';
        for (;;) {
          const q = text.indexOf('"', segment);
          if (q < 0 || (q + 1 >= length && !final)) {
            if (!final) return -1;
            // Unterminated at end of input: everything from the record's start is one broken record.
            const raw = text.slice(start, Math.min(length, start + MAX_RAW_CHARS));
            this.onBroken(this.line, raw, rejectionText({ kind: 'unterminated-quote' }));
            this.line += 1 + countLineBreaks(text, start, length);
            return length;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(segment, q + 1);
            segment = q + 2;
            continue;
          }
          value += text.slice(segment, q);
          i = q + 1;
          break;
        }
        newlines += countLineBreaks(value, 0, value.length);
        // Text between the closing quote and the delimiter (`"a"b;`) is kept, as Excel does.
        if (i < length && !text.startsWith(delimiter, i) && text.charCodeAt(i) !== eolCode) {
          const stop = nextStop(i);
          if (stop < 0 && !final) return -1;
          let to = stop < 0 ? length : stop;
          const atEol = stop < 0 || text.charCodeAt(stop) === eolCode;
          if (crlf && atEol && to > i && text.charCodeAt(to - 1) === CR) to--;
          value += text.slice(i, to);
          i = stop < 0 ? length : stop;
        } else if (crlf && i + 1 >= length && text.charCodeAt(i) === CR && !final) {
          return -1; // "\r" at the chunk end: the "\n" may follow
        } else if (crlf && text.charCodeAt(i) === CR && (i + 1 >= length || text.charCodeAt(i + 1) === LF)) {
          i++; // CRLF after a closing quote
        }
      } else {
        const fieldStart = i;
        const stop = nextStop(i);
        if (stop < 0 && !final) return -1;
        let to = stop < 0 ? length : stop;
        const atEol = stop < 0 || text.charCodeAt(stop) === eolCode;
        if (crlf && atEol && to > fieldStart && text.charCodeAt(to - 1) === CR) to--;
        value = text.slice(fieldStart, to);
        i = stop < 0 ? length : stop;
      }
      fields.push(value);
      if (i >= length) {
        if (!final) return -1;
        this.emit(() => fields, text, start, length, newlines);
        return length;
      }
      if (text.startsWith(delimiter, i)) {
        i += delimiter.length;
        if (i >= length) {
          if (!final) return -1;
          fields.push('');
          this.emit(() => fields, text, start, length, newlines);
          return length;
        }
        continue;
      }
      // Line end (the only other stop).
      const recordEnd = crlf && i > start && text.charCodeAt(i - 1) === CR ? i - 1 : i;
      this.emit(() => fields, text, start, recordEnd, newlines);
      return i + 1;
    }
  }

  /** One record, text[start, end) raw, spanning 1 + newlines lines; rejected as a whole when longer than the limit. */
  private emit(fields: () => string[], text: string, start: number, end: number, newlines: number): void {
    if (end - start > this.maxRecordChars) {
      this.onBroken(this.line, text.slice(start, Math.min(end, start + MAX_RAW_CHARS)), rejectionText({ kind: 'record-too-long', limit: this.maxRecordChars }));
    } else {
      this.onRecord(fields(), this.line, text, start, end);
    }
    this.line += 1 + newlines;
  }
}

/**
 * The first line end outside quotes decides the file's style (a quoted comment may hold another kind).
 * Quotes are read as in a record: one opens a field only at the field's start, and inside quotes a
 * doubled quote stays inside; anywhere else a quote is data.
 */
function detectEol(text: string, delimiter: string, final: boolean): Eol {
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c !== QUOTE) continue;
      if (text.charCodeAt(i + 1) === QUOTE) {
        i++;
        continue;
      }
      quoted = false;
      continue;
    }
    if (c === LF) return LF;
    if (c === CR) {
      if (i + 1 < text.length) return text.charCodeAt(i + 1) === LF ? LF : CR;
      return final ? CR : 0;
    }
    if (c === QUOTE && fieldStart) {
      quoted = true;
      fieldStart = false;
      continue;
    }
    fieldStart = text.startsWith(delimiter, i);
  }
  return 0;
}

/**
 * Line breaks in text[from, to): CRLF counts once, a lone CR or LF once — how an editor numbers lines,
 * so a quoted LF inside a CR file still moves the line numbers of the records after it.
 */
function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (text.charCodeAt(i + 1) === LF && i + 1 < to) i++;
    }
  }
  return n;
}
