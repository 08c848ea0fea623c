import type { CallsightApi } from '../../../shared/api.ts';
import { MAX_SAVED_VIEWS, type DatasetView } from '../../../shared/dataset-view.ts';
import { settle } from '../api.ts';

/**
 * Each dataset's grid view (filter, sort, columns), kept in the engine's settings file. The map is read
 * once per page and written back whole, a short while after the last change (dragging a column edge
 * fires many changes; the settings file is written durably, which is not free).
 */
const SAVE_DELAY_MS = 400;

let views: Record<string, DatasetView> | null = null;
let loading: Promise<Record<string, DatasetView>> | null = null;
let timer: number | undefined;

export function loadViews(api: CallsightApi): Promise<Record<string, DatasetView>> {
  if (views) return Promise.resolve(views);
  loading ??= settle(api.settings.get()).then((result) => {
    // An unreadable settings answer is no reason to block the grid: it starts from the default view.
    views ??= result.ok ? { ...result.value.views } : {};
    return views;
  });
  return loading;
}

export async function loadView(api: CallsightApi, datasetId: string): Promise<DatasetView | null> {
  return (await loadViews(api))[datasetId] ?? null;
}

export function saveView(api: CallsightApi, datasetId: string, view: DatasetView): void {
  if (!views) return; // not loaded yet: nothing the user changed can be saved before it was shown
  // Re-inserted last, so pruning below drops the views saved longest ago.
  delete views[datasetId];
  views[datasetId] = view;
  const ids = Object.keys(views);
  for (const old of ids.slice(0, Math.max(0, ids.length - MAX_SAVED_VIEWS))) delete views[old];
  window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    if (views) void settle(api.settings.update({ views: { ...views } }));
  }, SAVE_DELAY_MS);
}
