import fs from 'node:fs';
import type { Delimiter, ImportOptions } from '../../../shared/import-types.ts';
import { CallsightError } from '../../../shared/result.ts';
import { bomLengthFor, detectEncoding, type TextEncoding } from '../detect/encoding.ts';
import { binaryKindOf } from '../detect/binary.ts';
import { detectDelimiter, detectHeaderRow, modalWidth, scanSample, type SampleRecord } from '../detect/dialect.ts';
import { isUtf8 } from 'node:buffer';
import { ByteScanner, decodeRaw, type ByteBrokenSink, type ByteRecordSink } from './byte-scanner.ts';
import { rejectionText } from '../../../shared/rejections.ts';
import { MESSAGES, messageWith } from '../../messages.ts';

/**
 * Reading a delimited text file: the plan (encoding, delimiter, header) made from its first bytes,
 * then the whole file streamed through one TextDecoder and the scanner in large chunks.
 */

const SAMPLE_BYTES = 256 * 1024;
const BEFORE_HEADER = rejectionText({ kind: 'before-header' });

export interface DelimitedPlan {
  readonly encoding: TextEncoding;
  readonly bomLength: number;
  readonly delimiter: Delimiter;
  /** 1-based header line; 0 when there is no header. */
  readonly headerRow: number;
  readonly header: readonly string[] | null;
  /** Fields per record (the header's, or the most common count). */
  readonly width: number;
  /** Records of the sample after the header (for previews and role detection). */
  readonly sample: readonly SampleRecord[];
  readonly fileSize: number;
}

export function openForReading(path: string): number {
  try {
    const fd = fs.openSync(path, 'r');
    if (fs.fstatSync(fd).isDirectory()) {
      fs.closeSync(fd);
      throw new CallsightError('io', messageWith.isFolder(path));
    }
    return fd;
  } catch (error) {
    if (error instanceof CallsightError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CallsightError('io', messageWith.fileMissing(path));
    if (code === 'EISDIR') throw new CallsightError('io', messageWith.isFolder(path));
    throw new CallsightError('io', messageWith.fileUnreadable(path, code ?? 'unknown error'));
  }
}

export function readHead(path: string, bytes: number): { head: Uint8Array; size: number } {
  const fd = openForReading(path);
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(bytes, size));
    const read = head.length === 0 ? 0 : fs.readSync(fd, head, 0, head.length, 0);
    return { head: head.subarray(0, read), size };
  } finally {
    fs.closeSync(fd);
  }
}

export function planDelimited(path: string, options: ImportOptions): DelimitedPlan {
  const { head, size } = readHead(path, SAMPLE_BYTES);
  // A picture, an archive or a program picked by mistake is named as such, whatever the encoding chosen.
  const binary = binaryKindOf(head);
  if (binary) throw new CallsightError('unsupported-file', messageWith.binaryFile(binary));
  const detected = detectEncoding(head, size);
  const encoding: TextEncoding = options.encoding ?? detected.encoding;
  const bomLength = options.encoding ? bomLengthFor(head, encoding) : detected.bomLength;
  const truncated = head.length < size;
  let body = head.subarray(bomLength);
  if (encoding.startsWith('utf-16') && body.length % 2 === 1) body = body.subarray(0, body.length - 1);
  const text = new TextDecoder(encoding).decode(body);
  if (text.trim() === '') throw new CallsightError('unsupported-file', MESSAGES.fileEmpty);

  const delimiter = options.delimiter ?? detectDelimiter(text, truncated) ?? ';';
  // Scanned as the import scans it: UTF-8 in which undecodable bytes stay invalid, so a record is marked
  // undecodable by its bytes, never by a U+FFFD written in the file.
  const toUtf8 = encoding === 'utf-8' ? new Utf8Checker() : new Transcoder(encoding);
  const sampleUtf8 = toUtf8.next(body);
  const records = scanSample(truncated ? sampleUtf8 : Buffer.concat([sampleUtf8, toUtf8.end()]), delimiter, truncated);
  if (truncated && headerRunsPastSample(text, records)) throw new CallsightError('unsupported-file', messageWith.headerTooLong(SAMPLE_BYTES));
  const headerRow = options.headerRow ?? detectHeaderRow(records);
  const headerRecord = headerRow > 0 ? records.find((record) => record.line === headerRow) : undefined;
  const header = headerRecord ? headerRecord.fields : null;
  const sample = records.filter((record) => record.line > headerRow);
  const width = header ? header.length : Math.max(1, modalWidth(sample).mode);
  return { encoding, bomLength, delimiter, headerRow: header ? headerRow : 0, header, width, sample, fileSize: size };
}

/**
 * Whether the sample ends inside the table's header line: no complete record of two or more fields
 * (at most a title above), and a last line without a line end that fills a good part of the sample.
 * Read on, such a line would be taken as one column; a header that long is not a call log's.
 */
function headerRunsPastSample(text: string, records: readonly SampleRecord[]): boolean {
  if (records.some((record) => record.fields.length >= 2)) return false;
  const lastLineEnd = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return text.length - (lastLineEnd + 1) > text.length / 4;
}

/**
 * Streams the whole file through the byte scanner as UTF-8. A UTF-8 file is scanned as read (each
 * chunk checked with the native validator), invalid bytes included: they are never a delimiter, quote
 * or line end, and a record holding them is found by its bytes (isUtf8) and rejected. Any other encoding
 * is decoded and re-encoded to UTF-8 first, each undecodable sequence becoming an invalid byte (INVALID)
 * (not U+FFFD, which a file may hold as a character), so every record is checked the same way. Records before and at the
 * header line are skipped. `onChunk` gets the bytes read so far and the raw bytes (progress, hash);
 * `onUndecodable` is called when bytes could not be decoded (not for a U+FFFD the file holds as a
 * character). Synchronous on purpose: it runs in the import worker, where blocking is free and sync
 * reads avoid a promise per chunk.
 */
export function streamDelimited(
  path: string,
  plan: DelimitedPlan,
  onRecord: ByteRecordSink,
  onBroken: ByteBrokenSink,
  onChunk: (bytesRead: number, bytes: Uint8Array) => void,
  onUndecodable: () => void,
): void {
  const fd = openForReading(path);
  const skipThrough = plan.headerRow;
  // Lines above the header (a report title, a note) are not calls, but nothing is dropped silently.
  const sink: ByteRecordSink =
    skipThrough > 0
      ? (fields, starts, ends, count, line, raw, rawStart, rawEnd) => {
          if (line > skipThrough) onRecord(fields, starts, ends, count, line, raw, rawStart, rawEnd);
          else if (line < skipThrough) onBroken(line, decodeRaw(raw, rawStart, rawEnd), BEFORE_HEADER);
        }
      : onRecord;
  const broken: ByteBrokenSink =
    skipThrough > 0
      ? (line, raw, reason) => {
          if (line > skipThrough) onBroken(line, raw, reason);
        }
      : onBroken;
  const scanner = new ByteScanner(plan.delimiter, sink, broken);
  const toUtf8 = plan.encoding === 'utf-8' ? new Utf8Checker() : new Transcoder(plan.encoding);
  const buffer = Buffer.allocUnsafe(STREAM_CHUNK_BYTES);
  let position = 0;
  const push = (utf8: Uint8Array): void => {
    if (utf8.length === 0) return;
    if (toUtf8.undecodable) onUndecodable();
    scanner.push(utf8);
  };
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, STREAM_CHUNK_BYTES, position);
      if (n === 0) break;
      // The BOM is hashed with the file but never decoded (an override encoding must not see it).
      const body = buffer.subarray(position === 0 ? plan.bomLength : 0, n);
      position += n;
      onChunk(position, buffer.subarray(0, n));
      push(toUtf8.next(body));
    }
    // A sequence cut off at the end of the file decodes only now (as U+FFFD): the caller must see it too.
    push(toUtf8.end());
    scanner.finish();
  } finally {
    fs.closeSync(fd);
  }
}

/** 256 KB reads: bytes, not strings, so no V8 large-object-space concern; few enough calls to be cheap. */
const STREAM_CHUNK_BYTES = 256 * 1024;

interface ToUtf8 {
  /** The UTF-8 for `bytes` (complete sequences only; a cut-off tail waits for the next call). */
  next(bytes: Uint8Array): Uint8Array;
  end(): Uint8Array;
  /** Whether the last call met bytes that could not be decoded. */
  readonly undecodable: boolean;
}

/**
 * UTF-8 input: chunks pass through untouched, checked natively; a chunk with invalid bytes passes
 * through too (a record is then checked by its own bytes), and says so.
 */
class Utf8Checker implements ToUtf8 {
  undecodable = false;
  private pending: Uint8Array = new Uint8Array(0);

  next(bytes: Uint8Array): Uint8Array {
    const joined = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    const complete = completeLength(joined);
    this.pending = Buffer.from(joined.subarray(complete)); // a copy: `bytes` is the reader's reused buffer
    const chunk = joined.subarray(0, complete);
    this.undecodable = !isUtf8(chunk);
    return chunk;
  }

  end(): Uint8Array {
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    // What is left is a sequence cut off by the end of the file: one undecodable character.
    this.undecodable = rest.length > 0;
    return rest.length > 0 ? INVALID : rest;
  }
}

/** Where a trailing, possibly unfinished multi-byte sequence starts (at most 3 bytes back). */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return needed > back ? n - back : n;
    }
  }
  return n;
}

/** U+FFFD in UTF-8. */
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/** A surrogate without its other half (with the u flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Stands for an undecodable sequence in the UTF-8 made here: a lone continuation byte, never valid,
 * and never taken for the start of a sequence cut off (decodeRaw shows it as one U+FFFD).
 */
const INVALID = Buffer.from([0x80]);

/**
 * Any other encoding, re-encoded as UTF-8 with INVALID for each sequence the decoder could not read.
 * Single-byte code pages are decoded in stream mode: there a U+FFFD can only be the decoder's. UTF-16
 * can hold U+FFFD as a character, so it is decoded here: a unit left unfinished (an odd byte, a high
 * surrogate) waits for the next chunk, and only a lone surrogate is undecodable.
 */
class Transcoder implements ToUtf8 {
  undecodable = false;
  private readonly decoder: InstanceType<typeof TextDecoder>;
  private readonly utf16: 'le' | 'be' | null;
  private pending: Uint8Array = new Uint8Array(0);
  private first = true;

  constructor(encoding: TextEncoding) {
    this.utf16 = encoding === 'utf-16le' ? 'le' : encoding === 'utf-16be' ? 'be' : null;
    this.decoder = new TextDecoder(encoding);
  }

  next(bytes: Uint8Array): Uint8Array {
    if (this.utf16 === null) return this.fromText(this.decoder.decode(bytes, { stream: true }));
    const joined = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    let complete = joined.length & ~1;
    if (complete >= 2) {
      const last = this.utf16 === 'le' ? joined[complete - 1]! : joined[complete - 2]!;
      if (last >= 0xd8 && last <= 0xdb) complete -= 2; // a high surrogate: its pair may be in the next chunk
    }
    this.pending = Buffer.from(joined.subarray(complete)); // a copy: `bytes` is the reader's reused buffer
    return this.fromUtf16(joined.subarray(0, complete));
  }

  end(): Uint8Array {
    if (this.utf16 === null) return this.fromText(this.decoder.decode());
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    const out = this.fromUtf16(rest.subarray(0, rest.length & ~1));
    if (rest.length % 2 === 0) return out;
    this.undecodable = true; // an odd byte at the end of the file
    return Buffer.concat([out, INVALID]);
  }

  /** UTF-8 of decoded text in which every U+FFFD is the decoder's. */
  private fromText(text: string): Uint8Array {
    this.undecodable = text.includes('\uFFFD');
    if (!this.undecodable) return Buffer.from(text, 'utf8');
    const parts: Buffer[] = [];
    for (const piece of text.split('\uFFFD')) parts.push(Buffer.from(piece, 'utf8'), INVALID);
    parts.pop();
    return Buffer.concat(parts);
  }

  /** UTF-8 of whole UTF-16 units (a surrogate pair is never cut here, but one may be lone). */
  private fromUtf16(units: Uint8Array): Uint8Array {
    const le = Buffer.from(units.buffer, units.byteOffset, units.length);
    let text = (this.utf16 === 'le' ? le : Buffer.from(le).swap16()).toString('utf16le');
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // as TextDecoder drops a BOM (an override encoding's)
    }
    // Encoding to UTF-8 writes a lone surrogate as U+FFFD: without any U+FFFD there is none (the
    // common case, and a cheap search); with one, the text is searched for lone surrogates.
    const utf8 = Buffer.from(text, 'utf8');
    this.undecodable = utf8.indexOf(REPLACEMENT) >= 0 && LONE_SURROGATE.test(text);
    if (!this.undecodable) return utf8;
    const parts: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c & 0xf800) !== 0xd800) continue;
      if (c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        i++;
        continue;
      }
      parts.push(Buffer.from(text.slice(from, i), 'utf8'), INVALID);
      from = i + 1;
    }
    parts.push(Buffer.from(text.slice(from), 'utf8'));
    return Buffer.concat(parts);
  }
}
