import crypto from 'node:crypto';
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { ColumnRole, DatasetSummary, ImportOptions } from '../../shared/import-types.ts';
import { CallsightError } from '../../shared/result.ts';
import { isSkipReason, rejectionText } from '../../shared/rejections.ts';
import { SIDES, type Side } from '../../shared/status/index.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import type { TextEncoding } from './detect/encoding.ts';
import { planDelimited, streamDelimited } from './read/delimited.ts';
import { decodeRaw, MAX_RAW_CHARS, utf8Of, type ByteRecordSink } from './read/byte-scanner.ts';
import { checkColumnCount, keepsRaggedRows, recordProblem, repairShape, storedColumnNames, UNDECODABLE_REASON, type RepairedShape } from './tag/records.ts';
import { detectRoles, hasStatusRole } from './detect/roles.ts';
import { roleSample } from './detect/dialect.ts';
import { RowTagger } from './tag/tags.ts';
import { ByteTagger, TagValues } from './tag/byte-tagger.ts';
import { LocalRowSink, type RowSink } from './write/row-sink.ts';
import { ScanIndexes } from './write/scan-indexes.ts';
import { PAGE_SIZE } from './write/writer.ts';
import { partialPathOf } from '../datasets/dataset-file.ts';
import { RemoteWriter } from './write/remote-writer.ts';
import { CODE_EVERY_COLUMN_FROM_BYTES, codedColumns } from './write/column-codes-file.ts';
import { detectSourceKindSync } from './read/source-kind.ts';
import { planXlsx, streamXlsx } from './read/xlsx-source.ts';

/**
 * One import, start to finish, in the calling thread: plan → stream records → check → tag → insert
 * → indexes → meta → rename. Runs inside the import worker (job.ts) and directly in the CLI.
 */

export const SCHEMA_VERSION = 1;

export interface RunImportParams {
  readonly path: string;
  readonly options: ImportOptions;
  /** Final dataset file; `<outPath>.partial` is written first. */
  readonly outPath: string;
  readonly datasetId: string;
  readonly sourceName?: string;
  readonly appVersion: string;
  /**
   * The import worker script, to encode and write rows in a second thread while this one scans and tags
   * (import-worker.ts in its 'writer' role). Absent: everything runs in this thread.
   */
  readonly writerWorkerUrl?: URL | string;
  /** Called after every chunk (about every 2 MB); the caller throttles. */
  readonly onProgress?: (p: { phase: 'reading' | 'indexing'; bytesRead: number; bytesTotal: number; rowsRead: number }) => void;
}

export interface RunImportResult {
  readonly summary: DatasetSummary;
  /** Encoding actually used (may be a code page the contract does not name, e.g. KOI8-R). */
  readonly textEncoding: TextEncoding | null;
}

export async function runImport(params: RunImportParams): Promise<RunImportResult> {
  const started = performance.now();
  const kind = detectSourceKindSync(params.path);
  const hash = crypto.createHash('sha256');
  const timings: Record<string, number> = {};
  let rowsRead = 0;
  let writer: RowSink | null = null;
  let indexes: ScanIndexes | null = null;
  const report = params.onProgress ?? (() => undefined);

  try {
    // Plan: what the columns are and which role each has.
    const xlsxPlan = kind === 'xlsx' ? await planXlsx(params.path, params.options) : null;
    const textPlan = kind === 'xlsx' ? null : planDelimited(params.path, params.options);
    const plan = (xlsxPlan ?? textPlan)!;
    checkColumnCount(plan.width);
    const names = storedColumnNames(plan.header, plan.width);
    const columnsSample = roleSample(plan.sample, names.length, plan.header !== null);
    const roles = detectRoles(plan.header ?? names.map(() => ''), columnsSample, params.options.roles);
    if (!hasStatusRole(roles)) throw new CallsightError('unsupported-file', MESSAGES.noStatusColumn);
    timings.planMs = Math.round(performance.now() - started);

    const coded = codedColumns(params.options.codeColumns ?? (plan.fileSize >= CODE_EVERY_COLUMN_FROM_BYTES ? 'all' : 'roles'), roles);
    const out: RowSink = params.writerWorkerUrl
      ? new RemoteWriter(params.outPath, names, roles, coded, params.writerWorkerUrl)
      : new LocalRowSink(params.outPath, names, roles, coded);
    writer = out;
    const packer = out.packer;
    const tagger = new RowTagger(roles);
    const scanIndexes = new ScanIndexes(partialPathOf(params.outPath));
    indexes = scanIndexes;
    tagger.onNewClass = (id, c) => {
      out.defineClass(id, c);
      scanIndexes.defineClass(id, c);
    };
    const width = plan.width;
    const statusIndex = tagger.statusIndex;
    const byteTagger = new ByteTagger(roles, tagger);
    const tags = new TagValues();
    const bySide = Object.fromEntries(SIDES.map((side) => [side, 0])) as Record<Side, number>;
    let imported = 0;
    let rejected = 0;
    let undecodable = false;

    let skippedAboveHeader = 0;
    // Lines that are no calls and were meant not to be (a title, an "Итого" row): skipped, not unreadable.
    let skipped = 0;
    const reject = (line: number, reason: string, raw: string): void => {
      rowsRead++;
      rejected++;
      if (reason === ABOVE_HEADER_REASON) skippedAboveHeader++;
      if (isSkipReason(reason)) skipped++;
      out.reject(line, reason, raw.length > MAX_RAW_CHARS ? raw.slice(0, MAX_RAW_CHARS) : raw);
    };
    let repaired = 0;
    const importStrings = (fields: string[], line: number, shape: RepairedShape | null): void => {
      rowsRead++;
      imported++;
      if (shape) repaired++;
      bySide[byteTagger.fromStrings(fields, tags)]++;
      scanIndexes.add(tags);
      packer.addStrings(line, tags, fields, shape);
    };
    /**
     * Checks a record given as strings: false when it was rejected, else how its shape was repaired (null: it
     * needed nothing). Pads, cuts or trims `fields` in place. `badBytes`: whether it holds bytes that could not
     * be decoded.
     */
    const keepRagged = keepsRaggedRows(params.options, width);
    const accept = (fields: string[], line: number, rawText: () => string, badBytes: boolean): RepairedShape | null | false => {
      // Another number of fields: made a call as Excel would show it, its shape kept in `_fields`/`_extra` (issue 11, item 5).
      const shape = keepRagged && !badBytes ? repairShape(fields, width, statusIndex) : null;
      if (shape) return shape;
      const problem = recordProblem(fields, width, statusIndex) ?? (badBytes ? UNDECODABLE_REASON : null);
      if (problem === null) return null;
      reject(line, problem, rawText());
      return false;
    };
    // XLSX rows arrive as strings.
    const onStringRecord = (fields: string[], line: number, text: string, start: number, end: number): void => {
      const shape =
        fields.length !== width || !isDigitStart(fields[0]!) || undecodable
          ? accept(fields, line, () => (end > start ? text.slice(start, Math.min(end, start + MAX_RAW_CHARS)) : fields.join('\t')), false)
          : null;
      if (shape !== false) importStrings(fields, line, shape);
    };
    // Text rows arrive as UTF-8 byte ranges, tagged from the bytes.
    const onByteRecord: ByteRecordSink = (bytes, starts, ends, count, line, raw, rawStart, rawEnd) => {
      // (An empty first cell is checked apart: in an unescaped record the next cell's bytes follow it directly.)
      if (count !== width || !isDigitByte(bytes[starts[0]!]!) || starts[0] === ends[0] || undecodable) {
        const fields = Array.from({ length: count }, (_, i) => utf8Of(bytes, starts[i]!, ends[i]!));
        // Undecodable bytes reach the scanner as invalid UTF-8 (delimited.ts), so a record is checked by
        // its bytes: a U+FFFD written in the file is a character.
        const badBytes = undecodable && !isUtf8(raw.subarray(rawStart, rawEnd));
        const shape = accept(fields, line, () => (rawEnd > rawStart ? decodeRaw(raw, rawStart, rawEnd) : fields.join('\t')), badBytes);
        if (shape !== false) importStrings(fields, line, shape);
        return;
      }
      rowsRead++;
      imported++;
      bySide[byteTagger.fromBytes(bytes, starts, ends, tags)]++;
      scanIndexes.add(tags);
      packer.addBytes(line, tags, bytes, starts, ends);
    };

    const sizeTotal = plan.fileSize;
    if (xlsxPlan) {
      hashFile(params.path, hash); // the sheet stream sees only one entry; the hash is of the whole file
      await streamXlsx(
        params.path,
        xlsxPlan,
        onStringRecord,
        (bytesRead) => {
          report({ phase: 'reading', bytesRead, bytesTotal: sizeTotal, rowsRead });
        },
        (line, raw, reason) => reject(line, reason, raw),
      );
    } else {
      streamDelimited(
        params.path,
        textPlan!,
        onByteRecord,
        (line, raw, reason) => reject(line, reason, raw),
        (bytesRead, bytes) => {
          hash.update(bytes);
          report({ phase: 'reading', bytesRead, bytesTotal: sizeTotal, rowsRead });
        },
        () => {
          // Undecodable bytes are rare: only once they have appeared do records pay for the check. Sticky,
          // because a record can start in an earlier chunk than the one it ends in.
          undecodable = true;
        },
      );
    }
    // A file of only a header (and maybe a title above it) has no calls: it never becomes an empty dataset.
    if (imported === 0 && rejected === skippedAboveHeader) throw new CallsightError('unsupported-file', MESSAGES.headerOnly);
    const written = await out.finishRows();
    timings.readMs = Math.round(performance.now() - started) - timings.planMs;
    report({ phase: 'indexing', bytesRead: sizeTotal, bytesTotal: sizeTotal, rowsRead });
    const indexStart = performance.now();
    // Two threads, two sets of indexes (scan-indexes.ts): the writer writes the `_client_digits` one
    // after the calls table while this thread builds the other four into a stream, appended after it.
    const digitsIndex = out.buildIndexes();
    const stream = scanIndexes.build(PAGE_SIZE, written.roots);
    await digitsIndex;
    await out.appendIndexes(stream);
    timings.indexMs = Math.round(performance.now() - indexStart);

    const elapsedMs = Math.round(performance.now() - started);
    const sourceName = params.sourceName ?? path.basename(params.path);
    const importedAt = new Date().toISOString();
    const name = params.options.name?.trim() || sourceName;
    const encoding = textPlan?.encoding ?? null;
    const delimiter = textPlan?.delimiter ?? null;
    const sheet = xlsxPlan?.sheet ?? null;
    const sha = hash.digest('hex');
    const rolesMeta: Record<number, ColumnRole> = {};
    roles.forEach((role, i) => {
      if (role) rolesMeta[i] = role;
    });
    // Checked before the rename: a dataset that breaks the invariant must never appear in the library.
    if (imported + rejected !== rowsRead || written.imported !== imported || written.rejected !== rejected || written.repaired !== repaired) {
      throw new CallsightError('internal', messageWith.importStopped('imported + rejected ≠ rows read'));
    }
    await out.complete({
      schema_version: SCHEMA_VERSION,
      name,
      source_name: sourceName,
      source_path: path.resolve(params.path),
      source_size: sizeTotal,
      source_sha256: sha,
      encoding,
      delimiter,
      sheet,
      header_row: plan.headerRow,
      columns: names,
      roles: rolesMeta,
      rows_read: rowsRead,
      imported,
      rejected,
      skipped,
      repaired,
      by_side: bySide,
      unreadable_times: byteTagger.unreadableTimes,
      elapsed_ms: elapsedMs,
      timings,
      app_version: params.appVersion,
      imported_at: importedAt,
    });
    writer = null;
    return {
      textEncoding: encoding,
      summary: {
        id: params.datasetId,
        name,
        sourceName,
        sourceSize: sizeTotal,
        sourceSha256: sha,
        importedAt,
        rowsRead,
        imported,
        rejected,
        skipped,
        repaired,
        bySide: { ...bySide },
        unreadableTimes: byteTagger.unreadableTimes,
        encoding: encoding ?? null,
        delimiter,
        sheet,
        elapsedMs,
        appVersion: params.appVersion,
      },
    };
  } catch (error) {
    await writer?.abort();
    indexes?.dispose();
    if (error instanceof CallsightError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') throw new CallsightError('io', MESSAGES.diskFull);
    if (code === 'EACCES' || code === 'EPERM') throw new CallsightError('io', messageWith.datasetNotWritable(params.outPath));
    throw error;
  }
}

function hashFile(file: string, hash: crypto.Hash): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n = fs.readSync(fd, buffer); n > 0; n = fs.readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

const ABOVE_HEADER_REASON = rejectionText({ kind: 'before-header' });

/** Data rows almost always start with a digit (id, date, phone): those skip the summary-row check. */
function isDigitStart(cell: string): boolean {
  return isDigitByte(cell.charCodeAt(0));
}

const isDigitByte = (c: number): boolean => c >= 48 && c <= 57;
