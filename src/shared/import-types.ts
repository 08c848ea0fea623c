import type { LocalizedText } from './result.ts';
import type { Classification, Side } from './status/types.ts';

/** The two rare Cyrillic code pages are here so a file detected as one of them can be chosen and shown. */
export const ENCODINGS = ['utf-8', 'windows-1251', 'utf-16le', 'utf-16be', 'koi8-r', 'x-mac-cyrillic'] as const;
export type EncodingName = (typeof ENCODINGS)[number];

export const DELIMITERS = [';', ',', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** What a column means to Callsight. Columns without a role are still stored, as text. */
export const COLUMN_ROLES = [
  'status',
  'managerLeg',
  'clientLeg',
  'datetime',
  'date',
  'time',
  'clientNumber',
  'manager',
  'managerNumber',
  'site',
  'duration',
  'cost',
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** A file the user chose (dialog, picker or drop). The renderer never names paths; it holds this id. */
export interface SourceRef {
  readonly id: string;
  readonly name: string;
  readonly size: number;
  readonly kind: 'delimited' | 'xlsx';
}

/** Every detected setting can be overridden; an absent field means "detect". */
export interface ImportOptions {
  readonly encoding?: EncodingName;
  readonly delimiter?: Delimiter;
  /** 1-based line of the header row; 0 means the file has no header. */
  readonly headerRow?: number;
  readonly sheet?: string;
  /** Column index → role; a column missing here keeps its detected role, null clears it. */
  readonly roles?: Readonly<Record<number, ColumnRole | null>>;
  /** Dataset name in the library; defaults to the file name. */
  readonly name?: string;
  /** "Import again": the dataset this import replaces once it is complete (its id). */
  readonly replaces?: string;
  /**
   * Records with another number of fields than the header: 'keep' (the default) makes them calls — short ones
   * padded with empty cells, extra cells kept in the call's `_extra` — and 'reject' lists them as rejected.
   */
  readonly raggedRows?: 'keep' | 'reject';
  /**
   * Which columns the import codes for the query engine (src/core/import/write/column-codes-file.ts): 'all'
   * (every original column and the typed twins), 'roles' (the manager and site columns). Absent: 'all' for a
   * source of CODE_EVERY_COLUMN_FROM_BYTES or more, else 'roles'.
   */
  readonly codeColumns?: 'all' | 'roles';
}

/**
 * Columns of `calls` that say how a call's record was repaired (docs/dataset-format.md): `_fields`, the number
 * of fields it had (NULL when it had the header's), and `_extra`, its cells past the header's (a JSON array of
 * texts). Only a dataset that has such calls has them; they hold the file's data, so they are listed,
 * filtered and exported like the file's own columns.
 */
export const SHAPE_COLUMNS = { fields: '_fields', extra: '_extra' } as const;
export const SHAPE_COLUMN_NAMES: readonly string[] = [SHAPE_COLUMNS.fields, SHAPE_COLUMNS.extra];

export interface PreviewColumn {
  readonly index: number;
  readonly name: string;
  readonly role: ColumnRole | null;
  /** The file gave this column no name: `name` is the stored "Column N", the dialog shows it in the interface language. */
  readonly generated?: boolean;
}

export interface PreviewRow {
  /** 1-based line (or sheet row) where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
  readonly status: Classification | null;
  /** Why this row would be rejected, if it would. */
  readonly problem: string | null;
  /** Imported with a repaired shape (unless options.raggedRows is 'reject'): the fields it had, and how many were extra. */
  readonly repaired?: { readonly found: number; readonly extra: number };
}

export interface ImportPreview {
  readonly source: SourceRef;
  readonly encoding: EncodingName | null;
  readonly delimiter: Delimiter | null;
  readonly headerRow: number;
  readonly sheets: readonly string[];
  readonly sheet: string | null;
  readonly columns: readonly PreviewColumn[];
  readonly rows: readonly PreviewRow[];
  /** True when no column looks like a status: the dialog must ask which column holds it. */
  readonly needsStatusColumn: boolean;
  readonly warnings: readonly LocalizedText[];
}

/** 'queued': waiting for the import before it to finish (imports run one at a time). */
export type ImportPhase = 'queued' | 'reading' | 'indexing' | 'done' | 'cancelled' | 'failed';

export interface ImportProgress {
  readonly jobId: string;
  readonly phase: ImportPhase;
  readonly bytesRead: number;
  readonly bytesTotal: number;
  readonly rowsRead: number;
  readonly rowsPerSecond: number;
  /** Seconds left, null until it can be estimated. */
  readonly etaSeconds: number | null;
  /** Set when phase is done. */
  readonly datasetId?: string;
  /** Set when phase is failed: the reason, in both interface languages. */
  readonly error?: LocalizedText;
}

export type SideCounts = Readonly<Record<Side, number>>;

export interface DatasetSummary {
  readonly id: string;
  readonly name: string;
  readonly sourceName: string;
  readonly sourceSize: number;
  readonly sourceSha256: string;
  readonly importedAt: string;
  readonly rowsRead: number;
  readonly imported: number;
  readonly rejected: number;
  /** Of the rejected: lines that are no calls by design (a title, an "Итого" row), not failures to read. */
  readonly skipped?: number;
  /** Of the imported: calls whose record had another number of fields (padded, or extra cells kept apart). */
  readonly repaired?: number;
  readonly bySide: SideCounts;
  /** Imported rows whose date/time cell could not be read as a time (`_time` NULL though the cell is not empty). */
  readonly unreadableTimes: number;
  readonly encoding: EncodingName | null;
  readonly delimiter: Delimiter | null;
  readonly sheet: string | null;
  readonly elapsedMs: number;
  readonly appVersion: string;
}

/** The most rejected rows one request may ask for. */
export const MAX_REJECTED_PAGE = 1000;

export interface RejectedRow {
  readonly line: number;
  readonly reason: string;
  readonly raw: string;
}
