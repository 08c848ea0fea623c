import { z } from 'zod';
import type { CallFilter, CallSort } from './query.ts';
import { callFilterSchema, callSortSchema } from './query-schema.ts';

/**
 * How the user left a dataset's grid: its filter, its sort and its columns (order, width, hidden,
 * pinned). Kept in the settings file, keyed by dataset id, so it is there after a restart in both hosts
 * (the browser host's page origin changes with its port, so the page's own storage would forget it).
 */
export interface ColumnLayout {
  /** The grid's column id (an original column's name, or `_status`, `_meaning`, …). */
  readonly id: string;
  readonly width?: number;
  readonly hide?: boolean;
  readonly pinned?: 'left' | 'right';
}

export interface DatasetView {
  readonly filter: CallFilter;
  readonly sort: CallSort | null;
  /** In display order; columns missing here keep their default place after these. */
  readonly columns: readonly ColumnLayout[];
}

/** Views of at most this many datasets are kept (the most recently saved). */
export const MAX_SAVED_VIEWS = 50;
const MAX_COLUMNS = 2000;

export const columnLayoutSchema = z.strictObject({
  id: z.string().min(1).max(1000),
  width: z.number().int().min(10).max(5000).optional(),
  hide: z.boolean().optional(),
  pinned: z.enum(['left', 'right']).optional(),
}) satisfies z.ZodType<ColumnLayout>;

export const datasetViewSchema = z.strictObject({
  filter: callFilterSchema,
  sort: callSortSchema.nullable(),
  columns: z.array(columnLayoutSchema).max(MAX_COLUMNS),
}) satisfies z.ZodType<DatasetView>;

export const datasetViewsSchema = z
  .record(z.string().max(200), datasetViewSchema)
  .refine((views) => Object.keys(views).length <= MAX_SAVED_VIEWS, `at most ${MAX_SAVED_VIEWS} saved views`);
