import type { CallFilter } from '../../../shared/query.ts';
import { normalize, sameFilter } from './filter-model.ts';

/**
 * Back/Forward through the filters of one dataset (Alt+← / Alt+→), like a browser's history: a new
 * filter drops whatever was ahead of the current step. Immutable, so React state holds it directly.
 */
export interface FilterHistory {
  readonly steps: readonly CallFilter[];
  readonly index: number;
}

/** Long enough for an afternoon of clicking, short enough to keep in memory without thought. */
const MAX_STEPS = 100;

export const startHistory = (filter: CallFilter): FilterHistory => ({ steps: [normalize(filter)], index: 0 });

export const currentFilter = (history: FilterHistory): CallFilter => history.steps[history.index] ?? {};

export function pushFilter(history: FilterHistory, filter: CallFilter): FilterHistory {
  if (sameFilter(currentFilter(history), filter)) return history;
  const steps = [...history.steps.slice(0, history.index + 1), normalize(filter)].slice(-MAX_STEPS);
  return { steps, index: steps.length - 1 };
}

export const canGoBack = (history: FilterHistory): boolean => history.index > 0;
export const canGoForward = (history: FilterHistory): boolean => history.index < history.steps.length - 1;

export const goBack = (history: FilterHistory): FilterHistory => (canGoBack(history) ? { ...history, index: history.index - 1 } : history);

export const goForward = (history: FilterHistory): FilterHistory => (canGoForward(history) ? { ...history, index: history.index + 1 } : history);
