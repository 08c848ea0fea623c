import fs from 'node:fs';
import type { Delimiter, ImportOptions } from '../../shared/import-types.ts';
import { CallsightError } from '../../shared/result.ts';
import { bomLengthFor, detectEncoding, type TextEncoding } from './encoding.ts';
import { detectDelimiter, detectHeaderRow, modalWidth, scanSample, type SampleRecord } from './dialect.ts';
import { DelimitedScanner, type BrokenSink, type RecordSink } from './scanner.ts';
import { rejectionText } from '../../shared/rejections.ts';
import { MESSAGES, messageWith } from '../messages.ts';

/**
 * Reading a delimited text file: the plan (encoding, delimiter, header) made from its first bytes,
 * then the whole file streamed through one TextDecoder and the scanner in large chunks.
 */

const SAMPLE_BYTES = 256 * 1024;
const BEFORE_HEADER = rejectionText({ kind: 'before-header' });
/**
 * 64 KB reads: the decoded string (≤ 128 KB) stays out of V8's large-object space, whose garbage is freed
 * only by full GCs — with 2 MB chunks the heap grew to 200 MB; with 64 KB it stays near 80 MB, at the same speed.
 */
export const CHUNK_BYTES = 64 * 1024;

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

/**
 * Streams the whole file through the scanner. Records before and at the header line are skipped.
 * `onChunk` gets the bytes read so far after each chunk (progress). Synchronous on purpose: it runs in
 * the import worker, where blocking is free and sync reads avoid a promise per chunk.
 */
export function streamDelimited(
  path: string,
  plan: DelimitedPlan,
  onRecord: RecordSink,
  onBroken: BrokenSink,
  onChunk: (bytesRead: number, bytes: Uint8Array, text: string) => void,
): void {
  const fd = openForReading(path);
  const decoder = new TextDecoder(plan.encoding);
  const skipThrough = plan.headerRow;
  // Lines above the header (a report title, a note) are not calls, but nothing is dropped silently.
  const sink: RecordSink = skipThrough > 0
    ? (fields, line, text, start, end) => {
      if (line > skipThrough) onRecord(fields, line, text, start, end);
      else if (line < skipThrough) onBroken(line, end > start ? text.slice(start, end) : fields.join(plan.delimiter), BEFORE_HEADER);
    }
    : onRecord;
  const broken: BrokenSink = skipThrough > 0 ? (line, raw, reason) => { if (line > skipThrough) onBroken(line, raw, reason); } : onBroken;
  const scanner = new DelimitedScanner(plan.delimiter, sink, broken);
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      // The BOM is hashed with the file but never decoded (an override encoding must not see it).
      const text = decoder.decode(buffer.subarray(position === 0 ? plan.bomLength : 0, n), { stream: true });
      position += n;
      onChunk(position, buffer.subarray(0, n), text);
      scanner.push(text);
    }
    // A sequence cut off at the end of the file decodes only now (as U+FFFD): the caller must see it too.
    const tail = decoder.decode();
    if (tail.length > 0) {
      onChunk(position, buffer.subarray(0, 0), tail);
      scanner.push(tail);
    }
    scanner.finish();
  } finally {
    fs.closeSync(fd);
  }
}
