import type { Result } from './result.ts';
import type { Settings } from './settings.ts';
import type { DatasetSummary, ImportOptions, ImportPreview, ImportProgress, RejectedRow, SourceRef } from './import-types.ts';
import type { CallColumns, CallCounts, CallDetail, CallFilter, CallPage, CallSummary, DistinctRequest, DistinctValues, PageRequest } from './query.ts';
import type { ExportProgress, ExportRequest } from './export.ts';

/**
 * The one contract between the renderer and everything else. The preload (Electron) and the browser
 * host client both implement CallsightApi, and the compiler checks each against it (`satisfies`).
 * Every request maps to exactly one channel below; the engine validates the arguments of each
 * (api-schema.ts, in dispatch.ts) before any handler runs.
 */
export interface AppInfo {
  readonly version: string;
  /** Where the renderer runs: the desktop shell or the browser host used for tests and headless machines. */
  readonly host: 'electron' | 'browser';
}

/** A file the user dropped on the window. Structural, so shared code needs no DOM types; a DOM File fits. */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
}

export interface ApiRequests {
  'app/info': { args: []; result: AppInfo };
  'settings/get': { args: []; result: Settings };
  'settings/update': { args: [patch: Partial<Settings>]; result: Settings };
  'sources/choose': { args: []; result: SourceRef | null };
  'sources/preview': { args: [sourceId: string, options: ImportOptions]; result: ImportPreview };
  'imports/start': { args: [sourceId: string, options: ImportOptions]; result: { jobId: string } };
  'imports/cancel': { args: [jobId: string]; result: null };
  'datasets/list': { args: []; result: DatasetSummary[] };
  'datasets/get': { args: [datasetId: string]; result: DatasetSummary };
  'datasets/rename': { args: [datasetId: string, name: string]; result: DatasetSummary };
  'datasets/remove': { args: [datasetId: string]; result: null };
  /** "Import again" in the desktop shell: a source ref for the dataset's original file, if it is still where it was. */
  'datasets/reimport': { args: [datasetId: string]; result: SourceRef };
  'datasets/rejected': { args: [datasetId: string, offset: number, limit: number]; result: { total: number; rows: RejectedRow[] } };
  /** The grid's queries (issue #8): one CallFilter model for all of them (query.ts). */
  'calls/columns': { args: [datasetId: string]; result: CallColumns };
  'calls/page': { args: [datasetId: string, request: PageRequest]; result: CallPage };
  'calls/counts': { args: [datasetId: string, filter: CallFilter]; result: CallCounts };
  'calls/summary': { args: [datasetId: string, filter: CallFilter]; result: CallSummary };
  'calls/row': { args: [datasetId: string, callId: number]; result: CallDetail };
  'calls/distinct': { args: [datasetId: string, request: DistinctRequest]; result: DistinctValues };
  /**
   * Exports (issue #9): written to the data folder's exports/ under a name proposed from the dataset
   * and the filter (`fileName`); progress and the outcome arrive as 'exports/progress' events.
   */
  'exports/start': { args: [datasetId: string, request: ExportRequest]; result: { jobId: string; fileName: string } };
  'exports/cancel': { args: [jobId: string]; result: null };
}

export type Channel = keyof ApiRequests;
export type ApiResponse<C extends Channel> = Promise<Result<ApiRequests[C]['result']>>;

/** Events pushed to the renderer. */
/** The engine's worker died (out of memory, a crash) and a new one took over; `restarts` counts them in this run. */
export interface EngineRestart {
  readonly restarts: number;
}

/**
 * A page sorted by a column whose order is not built yet waits (seconds at millions of rows): for the
 * first pages, one scan of the calls that picks them; for a page past them, the whole order, which the
 * engine builds in the background once the first page is answered and keeps in the file. 'building'
 * before the wait starts, 'ready' when it ends; the grid says "preparing the order" between the two.
 */
export interface OrderProgress {
  readonly datasetId: string;
  /** The engine column being ordered (as in CallSort). */
  readonly column: string;
  readonly phase: 'building' | 'ready';
}

export interface ApiEvents {
  'imports/progress': ImportProgress;
  'engine/restarted': EngineRestart;
  'exports/progress': ExportProgress;
  'calls/order': OrderProgress;
}
export type EventChannel = keyof ApiEvents;
export type Unsubscribe = () => void;

export interface CallsightApi {
  readonly app: {
    info(): ApiResponse<'app/info'>;
    /** The engine restarted after a crash: what it held in memory (chosen files, running imports) is gone. */
    onEngineRestarted(listener: (restart: EngineRestart) => void): Unsubscribe;
  };
  readonly settings: {
    get(): ApiResponse<'settings/get'>;
    update(patch: Partial<Settings>): ApiResponse<'settings/update'>;
  };
  readonly sources: {
    /** Opens the system file dialog (Electron) or a file picker (browser host). null when dismissed. */
    choose(): ApiResponse<'sources/choose'>;
    /** Registers a file dropped on the window. */
    fromDrop(file: DroppedFile): Promise<Result<SourceRef>>;
    preview(sourceId: string, options: ImportOptions): ApiResponse<'sources/preview'>;
  };
  readonly imports: {
    start(sourceId: string, options: ImportOptions): ApiResponse<'imports/start'>;
    cancel(jobId: string): ApiResponse<'imports/cancel'>;
    onProgress(listener: (progress: ImportProgress) => void): Unsubscribe;
  };
  readonly datasets: {
    list(): ApiResponse<'datasets/list'>;
    get(datasetId: string): ApiResponse<'datasets/get'>;
    rename(datasetId: string, name: string): ApiResponse<'datasets/rename'>;
    remove(datasetId: string): ApiResponse<'datasets/remove'>;
    /**
     * "Import again": the source to import in the dataset's place. Electron reads the original file again
     * (the user's own, on disk); the browser host opens the file picker and uploads the file, since it
     * deletes an upload once its import ended. null when the picker is dismissed.
     */
    reimport(datasetId: string): Promise<Result<SourceRef | null>>;
    rejected(datasetId: string, offset: number, limit: number): ApiResponse<'datasets/rejected'>;
  };
  readonly calls: {
    /** The dataset's columns (original and tags) with their kinds and roles, and its number of calls. */
    columns(datasetId: string): ApiResponse<'calls/columns'>;
    /** A page of calls at any position of a filter × sort. */
    page(datasetId: string, request: PageRequest): ApiResponse<'calls/page'>;
    /** Total and per-side / per-reason counts; ask after the page, it is never needed to show rows. */
    counts(datasetId: string, filter: CallFilter): ApiResponse<'calls/counts'>;
    summary(datasetId: string, filter: CallFilter): ApiResponse<'calls/summary'>;
    row(datasetId: string, callId: number): ApiResponse<'calls/row'>;
    /** The most frequent values of a column among the filter's calls (filter pickers). */
    distinct(datasetId: string, request: DistinctRequest): ApiResponse<'calls/distinct'>;
    /** A page's sort order is being built (OrderProgress). */
    onOrder(listener: (progress: OrderProgress) => void): Unsubscribe;
  };
  readonly exports: {
    start(datasetId: string, request: ExportRequest): ApiResponse<'exports/start'>;
    cancel(jobId: string): ApiResponse<'exports/cancel'>;
    onProgress(listener: (progress: ExportProgress) => void): Unsubscribe;
    /**
     * Hands a finished export to the user: the system save dialog (Electron: the file is moved where the
     * user chose; `saved` false when dismissed), or a download (browser host). Host-specific, like drops.
     */
    save(fileName: string): Promise<Result<{ saved: boolean }>>;
  };
}

/** The channel names, for both sides; no other channel exists. */
export const CHANNELS = [
  'app/info',
  'settings/get',
  'settings/update',
  'sources/choose',
  'sources/preview',
  'imports/start',
  'imports/cancel',
  'datasets/list',
  'datasets/get',
  'datasets/rename',
  'datasets/remove',
  'datasets/reimport',
  'datasets/rejected',
  'calls/columns',
  'calls/page',
  'calls/counts',
  'calls/summary',
  'calls/row',
  'calls/distinct',
  'exports/start',
  'exports/cancel',
] as const satisfies readonly Channel[];

// Compile-time proof that CHANNELS lists every channel of ApiRequests.
type MissingChannels = Exclude<Channel, (typeof CHANNELS)[number]>;
const everyChannelListed: MissingChannels extends never ? true : never = true;
void everyChannelListed;

/** The channel a dropped file is registered through; the payload differs by host (path vs upload). */
export const DROP_CHANNEL = 'sources/drop';
export const PROGRESS_EVENT: EventChannel = 'imports/progress';
export const ENGINE_RESTARTED_EVENT: EventChannel = 'engine/restarted';
export const EXPORT_PROGRESS_EVENT: EventChannel = 'exports/progress';
export const ORDER_EVENT: EventChannel = 'calls/order';
/** The host-specific channel of exports.save (Electron); the browser host downloads from /api/exports/file/<name>. */
export const EXPORT_SAVE_CHANNEL = 'exports/save';
