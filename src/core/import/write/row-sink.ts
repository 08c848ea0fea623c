import type { Classification } from '../../../shared/status/index.ts';
import { LocalBlocks, RowPacker, unpackRows } from './row-block.ts';
import { DatasetWriter } from './writer.ts';
import { BlockCodesRecorder, codedColumns } from './column-codes-file.ts';
import type { BuiltStream, ScanIndexRoots } from './scan-indexes.ts';
import type { ColumnRole } from '../../../shared/import-types.ts';

/**
 * Where run-import sends its rows: straight into a DatasetWriter in the same thread (LocalRowSink), or
 * to a writer thread (RemoteWriter) so that scanning and writing run on two cores. Either way rows go
 * through the same RowPacker blocks, so both paths run the same code.
 */
export interface RowSink {
  readonly packer: RowPacker;
  defineClass(id: number, c: Classification): void;
  reject(line: number, reason: string, raw: string): void;
  /**
   * Completes the calls table; resolves with what the writer stored (checked against what was sent),
   * the file's page count and the roots of the indexes the caller builds (ScanIndexes).
   */
  finishRows(): WrittenRows | Promise<WrittenRows>;
  /** Builds the `_client_digits` index (in the writer thread: while the caller builds the other four). */
  buildIndexes(): void | Promise<void>;
  /** Appends the caller's four indexes after it. */
  appendIndexes(stream: BuiltStream): void | Promise<void>;
  complete(meta: Readonly<Record<string, unknown>>): void | Promise<void>;
  abort(): void | Promise<void>;
}

export interface WrittenRows {
  readonly imported: number;
  readonly rejected: number;
  /** Of the imported: calls of a repaired shape. */
  readonly repaired: number;
  readonly pageCount: number;
  readonly roots: ScanIndexRoots;
}

export class LocalRowSink implements RowSink {
  readonly packer: RowPacker;
  private readonly writer: DatasetWriter;
  private readonly codes: BlockCodesRecorder;

  /** `coded`: whether to code each column (column-codes-file.ts codedColumns). */
  constructor(finalPath: string, columns: readonly string[], roles: readonly (ColumnRole | null)[], coded = codedColumns('all', roles)) {
    const writer = new DatasetWriter(finalPath, columns, roles);
    this.writer = writer;
    this.codes = new BlockCodesRecorder(columns, roles, coded, (column, codes) => writer.addCodes(column, codes));
    const codes = this.codes;
    this.packer = new RowPacker(columns.length, new LocalBlocks((block, used) => unpackRows(block, used, columns.length, writer)), (block, used) =>
      codes.record(block, used),
    );
  }

  defineClass(id: number, c: Classification): void {
    this.writer.defineClass(id, c);
  }

  reject(line: number, reason: string, raw: string): void {
    this.writer.reject(line, reason, raw);
  }

  finishRows(): WrittenRows {
    this.packer.flush();
    return { imported: this.writer.imported, rejected: this.writer.rejected, repaired: this.writer.repaired, ...this.writer.finishRows() };
  }

  buildIndexes(): void {
    this.writer.buildDigitsIndex();
  }

  appendIndexes(stream: BuiltStream): void {
    this.writer.appendScanIndexes(stream);
  }

  complete(meta: Readonly<Record<string, unknown>>): void {
    this.writer.complete(meta, this.codes.finish());
  }

  abort(): void {
    this.writer.abort();
  }
}
