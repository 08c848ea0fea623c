import fs from 'node:fs';
import type { Delimiter, ImportOptions } from '../../shared/import-types.ts';
import { CallsightError } from '../../shared/result.ts';
import { bomLengthFor, detectEncoding, type TextEncoding } from './encoding.ts';
import { detectDelimiter, detectHeaderRow, modalWidth, scanSample, type SampleRecord } from './dialect.ts';
import { isUtf8 } from 'node:buffer';
import { ByteScanner, decodeRaw, type ByteBrokenSink, type ByteRecordSink } from './byte-scanner.ts';
import { rejectionText } from '../../shared/rejections.ts';
import { MESSAGES, messageWith } from '../messages.ts';

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
  const detected = detectEncoding(head, size);
  const encoding: TextEncoding = options.encoding ?? detected.encoding;
  const bomLength = options.encoding ? bomLengthFor(head, encoding) : detected.bomLength;
  const truncated = head.length < size;
  let body = head.subarray(bomLength);
  if (encoding.startsWith('utf-16') && body.length % 2 === 1) body = body.subarray(0, body.length - 1);
  const text = new TextDecoder(encoding).decode(body);
  if (text.trim() === '') throw new CallsightError('unsupported-file', MESSAGES.fileEmpty);

  const delimiter = options.delimiter ?? detectDelimiter(text, truncated) ?? ';';
  const records = scanSample(text, delimiter, truncated);
  const headerRow = options.headerRow ?? detectHeaderRow(records);
  const headerRecord = headerRow > 0 ? records.find((record) => record.line === headerRow) : undefined;
  const header = headerRecord ? headerRecord.fields : null;
  const sample = records.filter((record) => record.line > headerRow);
  const width = header ? header.length : Math.max(1, modalWidth(sample).mode);
  return { encoding, bomLength, delimiter, headerRow: header ? headerRow : 0, header, width, sample, fileSize: size };
}

/** U+FFFD in UTF-8: what a decoder puts in place of bytes that are not valid in the file's encoding. */
const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/**
 * Streams the whole file through the byte scanner as UTF-8. A UTF-8 file is scanned as read (each
 * chunk checked with the native validator); any other encoding, or a UTF-8 chunk with invalid bytes, is
 * decoded and re-encoded to UTF-8 first. Records before and at the header line are skipped.
 * `onChunk` gets the bytes read so far and the raw bytes (progress, hash); `onReplacement` is called
 * when the text holds U+FFFD, i.e. bytes that could not be decoded. Synchronous on purpose: it runs in
 * the import worker, where blocking is free and sync reads avoid a promise per chunk.
 */
export function streamDelimited(
  path: string,
  plan: DelimitedPlan,
  onRecord: ByteRecordSink,
  onBroken: ByteBrokenSink,
  onChunk: (bytesRead: number, bytes: Uint8Array) => void,
  onReplacement: () => void,
): void {
  const fd = openForReading(path);
  const skipThrough = plan.headerRow;
  // Lines above the header (a report title, a note) are not calls, but nothing is dropped silently.
  const sink: ByteRecordSink = skipThrough > 0
    ? (fields, starts, ends, count, line, raw, rawStart, rawEnd) => {
      if (line > skipThrough) onRecord(fields, starts, ends, count, line, raw, rawStart, rawEnd);
      else if (line < skipThrough) onBroken(line, decodeRaw(raw, rawStart, rawEnd), BEFORE_HEADER);
    }
    : onRecord;
  const broken: ByteBrokenSink = skipThrough > 0 ? (line, raw, reason) => { if (line > skipThrough) onBroken(line, raw, reason); } : onBroken;
  const scanner = new ByteScanner(plan.delimiter, sink, broken);
  const toUtf8 = plan.encoding === 'utf-8' ? new Utf8Checker() : new Transcoder(plan.encoding);
  const buffer = Buffer.allocUnsafe(STREAM_CHUNK_BYTES);
  let position = 0;
  const push = (utf8: Uint8Array): void => {
    if (utf8.length === 0) return;
    if (Buffer.from(utf8.buffer, utf8.byteOffset, utf8.length).indexOf(REPLACEMENT) >= 0) onReplacement();
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
}

/**
 * UTF-8 input: valid chunks pass through untouched (the common case, checked natively); a chunk with
 * invalid bytes is decoded with U+FFFD in their place, as TextDecoder does, and re-encoded.
 */
class Utf8Checker implements ToUtf8 {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private pending: Uint8Array = new Uint8Array(0);

  next(bytes: Uint8Array): Uint8Array {
    const joined = this.pending.length > 0 ? Buffer.concat([this.pending, bytes]) : bytes;
    const complete = completeLength(joined);
    this.pending = Buffer.from(joined.subarray(complete)); // a copy: `bytes` is the reader's reused buffer
    const chunk = joined.subarray(0, complete);
    return isUtf8(chunk) ? chunk : Buffer.from(this.decoder.decode(chunk), 'utf8');
  }

  end(): Uint8Array {
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return rest.length === 0 ? rest : Buffer.from(this.decoder.decode(rest), 'utf8');
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

/** Any other encoding: decoded in stream mode (sequences may span chunks) and re-encoded as UTF-8. */
class Transcoder implements ToUtf8 {
  private readonly decoder: InstanceType<typeof TextDecoder>;

  constructor(encoding: TextEncoding) {
    this.decoder = new TextDecoder(encoding);
  }

  next(bytes: Uint8Array): Uint8Array {
    return Buffer.from(this.decoder.decode(bytes, { stream: true }), 'utf8');
  }

  end(): Uint8Array {
    return Buffer.from(this.decoder.decode(), 'utf8');
  }
}
