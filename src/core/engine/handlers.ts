import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ApiEvents, ApiRequests, Channel } from '../../shared/api.ts';
import type { ImportProgress, SourceRef } from '../../shared/import-types.ts';
import { CallsightError } from '../../shared/result.ts';
import type { Language } from '../../shared/settings.ts';
import { DatasetLibrary } from '../datasets/library.ts';
import { datasetPath } from '../datasets/dataset-file.ts';
import { CallQueries } from '../query/call-queries.ts';
import { detectSourceKind, previewSource, startImport, type ImportHandle } from '../import/index.ts';
import { MESSAGES, messageWith } from '../messages.ts';
import { SettingsStore } from './settings-store.ts';
import { ImportQueue } from './import-queue.ts';
import { UploadsFolder } from './uploads.ts';
import { ExportJobs } from '../export/export-jobs.ts';
import type { PdfPrinter } from '../export/report/write-report.ts';
import { dataPaths } from './data-paths.ts';

/** Everything the engine answers. 'sources/choose' is the host's own (a dialog or a picker), so it is not here. */
export type EngineChannel = Exclude<Channel, 'sources/choose'>;
export type EngineHandlers = {
  readonly [C in EngineChannel]: (...args: ApiRequests[C]['args']) => Promise<ApiRequests[C]['result']>;
};

export interface EngineOptions {
  readonly dataDir: string;
  readonly appVersion: string;
  readonly host: 'electron' | 'browser';
  /** Where the import worker lives; the Electron build bundles it separately. */
  readonly importWorkerUrl?: URL | string;
  readonly emit: <E extends keyof ApiEvents>(event: E, payload: ApiEvents[E]) => void;
  /** The host prints PDF reports (Electron's printToPDF, through the worker's port); otherwise a Chromium on the machine. */
  readonly printPdf?: PdfPrinter;
}

export interface Engine {
  readonly handlers: EngineHandlers;
  /**
   * Hosts call this with a path that came from a dialog, a drop or an upload — never from page text.
   * An upload (`upload` set) is the engine's to delete: once its import ended (finished, failed or
   * cancelled), when the same page uploads another file, or when it lies unused for UPLOAD_IDLE_MS.
   */
  registerSource(path: string, displayName?: string, upload?: { readonly page: string }): Promise<SourceRef>;
  /** Uploads registered and not yet imported (or importing): the browser host caps their number. */
  pendingUploads(): number;
  /** The interface language, for the sentences of errors the engine reports. */
  language(): Language;
  /** Deletes the uploads of earlier runs; the browser host calls it once, before it listens. */
  sweepUploads(): void;
}

/** An upload nobody previews or imports for this long is abandoned (its page was closed, say). */
const UPLOAD_IDLE_MS = 30 * 60_000;

interface Source {
  readonly path: string;
  readonly ref: SourceRef;
  /** Set for a browser-host upload: the page it came from, and the imports (queued or running) that still read it. */
  readonly upload?: { readonly page: string; imports: number; lastUsed: number };
}

export function createEngine(options: EngineOptions): Engine {
  const paths = dataPaths(options.dataDir);
  const settings = new SettingsStore(paths.settingsFile);
  const library = new DatasetLibrary(paths.datasetsDir);
  library.cleanLeftovers();
  // No sweep of uploads here: this runs again whenever the worker restarts, and would delete the uploads
  // of the running host. The browser host asks for the sweep once, before it accepts uploads.
  const uploads = new UploadsFolder(paths.uploadsDir);
  const sources = new Map<string, Source>();
  const jobs = new Map<string, ImportHandle>();
  const queue = new ImportQueue(startImport);
  // The grid's queries keep the last datasets open; a dataset is released before its file is renamed or deleted.
  const queries = new CallQueries();
  const fileOf = (id: string): string => datasetPath(paths.datasetsDir, id);

  /** An upload goes as soon as no import reads it: its dataset never needs it ("import again" asks for the file). */
  function releaseUpload(id: string): void {
    const source = sources.get(id);
    if (!source?.upload || source.upload.imports > 0) return;
    sources.delete(id);
    uploads.remove(source.path);
  }
  const idleSweep = setInterval(
    () => {
      const now = Date.now();
      for (const [id, source] of sources) if (source.upload && now - source.upload.lastUsed > UPLOAD_IDLE_MS) releaseUpload(id);
    },
    Math.min(UPLOAD_IDLE_MS, 60_000),
  );
  idleSweep.unref();

  async function registerSource(path: string, displayName?: string, upload?: { readonly page: string }): Promise<SourceRef> {
    const name = basename(path);
    const info = await stat(path).catch(() => {
      throw new CallsightError('io', messageWith.cannotRead(name));
    });
    if (!info.isFile()) throw new CallsightError('io', messageWith.notAFile(name));
    const ref: SourceRef = {
      id: randomUUID(),
      name: displayName ?? basename(path),
      size: info.size,
      kind: await detectSourceKind(path),
    };
    if (upload) {
      // One upload at a time per page: the page's earlier upload that it did not import is abandoned.
      for (const [id, source] of sources) if (source.upload?.page === upload.page) releaseUpload(id);
    }
    sources.set(ref.id, { path, ref, ...(upload ? { upload: { page: upload.page, imports: 0, lastUsed: Date.now() } } : {}) });
    return ref;
  }

  function sourceById(id: string): Source {
    const source = sources.get(id);
    if (!source) throw new CallsightError('not-found', MESSAGES.sourceGone);
    if (source.upload) source.upload.lastUsed = Date.now();
    return source;
  }

  const report = (progress: ImportProgress): void => options.emit('imports/progress', progress);
  // Exports run here, a chunk at a time, into the data folder's exports/ (src/core/export/export-jobs.ts).
  const exportJobs = new ExportJobs(paths.exportsDir, (progress) => options.emit('exports/progress', progress), options.printPdf);
  exportJobs.sweep();

  /**
   * A finished import: "Import again" (options.replaces) takes the place of the dataset it came from, which
   * goes only now that its successor is complete; a name another dataset has gets a number ("март (2)").
   */
  function settleNewDataset(id: string, replaces: string | undefined): void {
    try {
      if (replaces !== undefined && replaces !== id) {
        queries.release(fileOf(replaces));
        library.remove(replaces);
      }
      const { name } = library.get(id);
      const unique = library.uniqueName(name, id);
      if (unique !== name) library.rename(id, unique);
    } catch {
      // The new dataset stands as imported; the old one stays if it could not be removed.
    }
  }

  const handlers: EngineHandlers = {
    'app/info': async () => ({ version: options.appVersion, host: options.host }),
    'settings/get': async () => settings.get(),
    'settings/update': async (patch) => settings.update(patch),
    'sources/preview': async (sourceId, importOptions) => {
      const { path, ref } = sourceById(sourceId);
      return previewSource(path, ref, importOptions);
    },
    'imports/start': async (sourceId, importOptions) => {
      const source = sourceById(sourceId);
      const { path, ref } = source;
      // One import at a time: a second one waits in the queue, its progress saying 'queued'.
      const handle = queue.enqueue(
        {
          path,
          source: ref,
          options: importOptions,
          datasetsDir: paths.datasetsDir,
          appVersion: options.appVersion,
          onProgress: report,
          ...(options.importWorkerUrl ? { workerUrl: options.importWorkerUrl } : {}),
        },
        randomUUID(),
      );
      jobs.set(handle.jobId, handle);
      if (source.upload) source.upload.imports++;
      const ended = (): void => {
        jobs.delete(handle.jobId);
        if (source.upload) source.upload.imports--;
        releaseUpload(sourceId);
      };
      handle.done.then((summary) => {
        settleNewDataset(summary.id, importOptions.replaces);
        ended();
      }, ended);
      return { jobId: handle.jobId };
    },
    'imports/cancel': async (jobId) => {
      const job = jobs.get(jobId);
      if (!job) throw new CallsightError('not-found', MESSAGES.importAlreadyFinished);
      job.cancel();
      return null;
    },
    'datasets/list': async () => library.list(),
    'datasets/get': async (id) => library.get(id),
    'datasets/rename': async (id, name) => library.rename(id, name),
    'datasets/remove': async (id) => {
      queries.release(fileOf(id));
      library.remove(id);
      return null;
    },
    'datasets/reimport': async (id) => {
      const path = library.sourcePath(id);
      if (!path) {
        throw new CallsightError('not-found', MESSAGES.originalFileMoved);
      }
      // The file's real name, not the upload's internal one.
      return registerSource(path, library.get(id).sourceName || undefined);
    },
    'datasets/rejected': async (id, offset, limit) => library.rejected(id, offset, limit),
    'calls/columns': async (id) => queries.columns(fileOf(id)),
    'calls/page': async (id, request) => queries.page(fileOf(id), request, (column, phase) => options.emit('calls/order', { datasetId: id, column, phase })),
    'calls/counts': async (id, filter) => queries.counts(fileOf(id), filter),
    'calls/summary': async (id, filter) => queries.summary(fileOf(id), filter),
    'calls/row': async (id, callId) => queries.row(fileOf(id), callId),
    'calls/distinct': async (id, request) => queries.distinct(fileOf(id), request),
    'exports/start': async (id, request) => exportJobs.start(fileOf(id), request),
    'exports/cancel': async (jobId) => {
      exportJobs.cancel(jobId);
      return null;
    },
  };

  return {
    handlers,
    registerSource,
    language: () => settings.get().language,
    sweepUploads: () => uploads.removeAll(),
    pendingUploads: () => [...sources.values()].filter((source) => source.upload).length,
  };
}
