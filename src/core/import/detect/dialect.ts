import { DELIMITERS, type Delimiter } from '../../../shared/import-types.ts';
import { looksLikeValue } from './roles.ts';
import { isUtf8 } from 'node:buffer';
import { ByteScanner, utf8Of } from '../read/byte-scanner.ts';

/**
 * Delimiter and header-row detection on a decoded sample (the first ~64 KB).
 * The delimiter is the candidate that splits the sample into the most consistent number of fields
 * (quotes respected, so a comma inside a quoted comment does not count); the header is the first
 * full-width record whose cells read like names rather than values.
 */

export interface SampleRecord {
  readonly line: number;
  readonly fields: string[];
  /** The record holds bytes not valid in the file's encoding (shown as U+FFFD in its fields). */
  readonly undecodable?: boolean;
}

/**
 * Scans a sample; the last record is dropped when the sample was cut mid-file (it may be partial).
 * `sample` is text, or UTF-8 bytes as the import scans them (delimited.ts), where bytes that could not
 * be decoded are invalid UTF-8: such a record is marked undecodable (a U+FFFD written in the file is a
 * character like any other).
 */
export function scanSample(sample: string | Uint8Array, delimiter: string, truncated: boolean, limit = 2000): SampleRecord[] {
  const records: SampleRecord[] = [];
  const bytesGiven = typeof sample !== 'string';
  const scanner = new ByteScanner(
    delimiter,
    (bytes, starts, ends, count, line, raw, rawStart, rawEnd) => {
      if (records.length >= limit) return;
      const fields: string[] = [];
      for (let i = 0; i < count; i++) fields.push(utf8Of(bytes, starts[i]!, ends[i]!));
      const undecodable = bytesGiven && !isUtf8(raw.subarray(rawStart, rawEnd));
      records.push(undecodable ? { line, fields, undecodable } : { line, fields });
    },
    () => undefined,
  );
  // The same scanner as the import, so the preview shows exactly what will be imported.
  scanner.push(bytesGiven ? sample : Buffer.from(sample, 'utf8'));
  if (!truncated) scanner.finish();
  return records;
}

export function detectDelimiter(text: string, truncated: boolean): Delimiter | null {
  let best: Delimiter | null = null;
  let bestScore = 0;
  for (const candidate of DELIMITERS) {
    const all = scanSample(text, candidate, truncated, 200);
    const records = belowTitle(all);
    const { mode, share } = modalWidth(records);
    if (mode < 2) continue;
    // Consistency first, on the lines below a title; more columns breaks near-ties (a comma inside
    // values splits unevenly); then fewer lines taken for a title (a wrong delimiter that leaves the
    // header narrow would have it skipped as well).
    const score = share * 100 + Math.min(mode, 60) * 0.05 - (all.length - records.length) * 0.1;
    if (score > bestScore + 0.01) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** At most this many lines above a table are taken for a title (report name, period, filters). */
const MAX_TITLE_LINES = 5;

/**
 * The records from the first one of the most common width on: up to MAX_TITLE_LINES lines of another
 * width above it are a title or a note, and must not count for or against a delimiter (a title whose
 * commas happen to match the data's would otherwise tie "," with the real delimiter).
 */
function belowTitle(records: readonly SampleRecord[]): readonly SampleRecord[] {
  const { mode } = modalWidth(records);
  let skip = 0;
  while (skip < MAX_TITLE_LINES && skip < records.length - 1 && records[skip]!.fields.length !== mode) skip++;
  return skip === 0 ? records : records.slice(skip);
}

/** The most common field count, and the share of records that have it. */
export function modalWidth(records: readonly SampleRecord[]): { mode: number; share: number } {
  if (records.length === 0) return { mode: 0, share: 0 };
  const counts = new Map<number, number>();
  for (const record of records) counts.set(record.fields.length, (counts.get(record.fields.length) ?? 0) + 1);
  let mode = 0,
    top = 0;
  for (const [width, count] of counts)
    if (count > top || (count === top && width > mode)) {
      mode = width;
      top = count;
    }
  return { mode, share: top / records.length };
}

/**
 * 1-based line of the header row, or 0 when the file has none. Looks at the first records of the
 * modal width (a title line above the table is skipped) and accepts a row whose non-empty cells
 * are text, not dates, phone numbers, statuses or numbers.
 */
export function detectHeaderRow(records: readonly SampleRecord[]): number {
  const { mode } = modalWidth(records);
  for (const record of records.slice(0, 10)) {
    if (record.fields.length < mode) continue;
    return isHeaderLike(record.fields) ? record.line : 0;
  }
  return 0;
}

export function isHeaderLike(cells: readonly string[]): boolean {
  let named = 0;
  for (const cell of cells) {
    const value = cell.trim();
    if (value === '') continue;
    if (looksLikeValue(value)) return false;
    if (/\p{L}/u.test(value)) named++;
  }
  return named > 0;
}

/**
 * Column samples for role detection (`columns[i]` = values of column i). Without a header, records at the
 * top that read like column names are left out, so a header line taken as data (header row set to 0)
 * does not spoil the values ("ID" above 1, 2, 3 no longer makes a running number look like durations).
 */
export function roleSample(records: readonly SampleRecord[], width: number, hasHeader: boolean, limit = 500): string[][] {
  const rows = records.slice(0, limit).filter((record, i) => hasHeader || i >= MAX_TITLE_LINES || !isHeaderLike(record.fields));
  return Array.from({ length: width }, (_, column) => rows.map((record) => record.fields[column] ?? ''));
}

/** The first record, when there is no header and it reads like one (the dialog warns: header row 0 may be wrong). */
export function headerLikeFirstRecord(records: readonly SampleRecord[]): SampleRecord | null {
  const first = records[0];
  return first && first.fields.length >= 2 && isHeaderLike(first.fields) ? first : null;
}
