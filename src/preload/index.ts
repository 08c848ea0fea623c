import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiRequests, CallsightApi, Channel, EngineRestart, OrderProgress } from '../shared/api.ts';
import { DROP_CHANNEL, ENGINE_RESTARTED_EVENT, EXPORT_PROGRESS_EVENT, EXPORT_SAVE_CHANNEL, ORDER_EVENT, PROGRESS_EVENT } from '../shared/api.ts';
import type { ExportProgress } from '../shared/export.ts';
import type { ImportProgress, SourceRef } from '../shared/import-types.ts';
import type { Result } from '../shared/result.ts';

// The preload implements CallsightApi with ipcRenderer.invoke and exposes nothing else. Each method
// names its channel; the page never gets ipcRenderer or a generic invoke.
const invoke = <C extends Channel>(channel: C, ...args: ApiRequests[C]['args']): Promise<Result<ApiRequests[C]['result']>> =>
  ipcRenderer.invoke(channel, ...args) as Promise<Result<ApiRequests[C]['result']>>;

const api = {
  app: {
    info: () => invoke('app/info'),
    onEngineRestarted(listener) {
      const forward = (_event: IpcRendererEvent, restart: EngineRestart): void => listener(restart);
      ipcRenderer.on(ENGINE_RESTARTED_EVENT, forward);
      return () => {
        ipcRenderer.off(ENGINE_RESTARTED_EVENT, forward);
      };
    },
  },
  settings: {
    get: () => invoke('settings/get'),
    update: (patch) => invoke('settings/update', patch),
  },
  sources: {
    choose: () => invoke('sources/choose'),
    // The path of a dropped file is read here, where the File object is trusted, never typed in by the page.
    fromDrop: (file) => ipcRenderer.invoke(DROP_CHANNEL, webUtils.getPathForFile(file as File)) as Promise<Result<SourceRef>>,
    preview: (sourceId, options) => invoke('sources/preview', sourceId, options),
  },
  imports: {
    start: (sourceId, options) => invoke('imports/start', sourceId, options),
    cancel: (jobId) => invoke('imports/cancel', jobId),
    onProgress(listener) {
      const forward = (_event: IpcRendererEvent, progress: ImportProgress): void => listener(progress);
      ipcRenderer.on(PROGRESS_EVENT, forward);
      return () => {
        ipcRenderer.off(PROGRESS_EVENT, forward);
      };
    },
  },
  datasets: {
    list: () => invoke('datasets/list'),
    get: (id) => invoke('datasets/get', id),
    rename: (id, name) => invoke('datasets/rename', id, name),
    remove: (id) => invoke('datasets/remove', id),
    reimport: (id) => invoke('datasets/reimport', id),
    rejected: (id, offset, limit) => invoke('datasets/rejected', id, offset, limit),
  },
  calls: {
    columns: (id) => invoke('calls/columns', id),
    page: (id, request) => invoke('calls/page', id, request),
    counts: (id, filter) => invoke('calls/counts', id, filter),
    summary: (id, filter) => invoke('calls/summary', id, filter),
    row: (id, callId) => invoke('calls/row', id, callId),
    distinct: (id, request) => invoke('calls/distinct', id, request),
    onOrder(listener) {
      const forward = (_event: IpcRendererEvent, progress: OrderProgress): void => listener(progress);
      ipcRenderer.on(ORDER_EVENT, forward);
      return () => {
        ipcRenderer.off(ORDER_EVENT, forward);
      };
    },
  },
  exports: {
    start: (id, request) => invoke('exports/start', id, request),
    cancel: (jobId) => invoke('exports/cancel', jobId),
    onProgress(listener) {
      const forward = (_event: IpcRendererEvent, progress: ExportProgress): void => listener(progress);
      ipcRenderer.on(EXPORT_PROGRESS_EVENT, forward);
      return () => {
        ipcRenderer.off(EXPORT_PROGRESS_EVENT, forward);
      };
    },
    // The main process shows the save dialog; the page names only the export's file name, never a path.
    save: (fileName) => ipcRenderer.invoke(EXPORT_SAVE_CHANNEL, fileName) as Promise<Result<{ saved: boolean }>>,
  },
} satisfies CallsightApi;

contextBridge.exposeInMainWorld('callsight', api);
