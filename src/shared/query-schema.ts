import { z } from 'zod';
import { QUERY_LIMITS, type CallFilter, type CallSort, type DistinctRequest, type PageRequest } from './query.ts';
import { REASONS, SIDES, type StatusOrigin } from './status/types.ts';

/**
 * The shape of a CallFilter and a CallSort, checked at the boundary (dispatch.ts) before the engine
 * sees them. These caps only bound the size of a request; the user-facing rules (how many values a
 * field may hold, a range the right way round, a column the dataset has, a column of the right kind)
 * are checked by the query compiler, which says what is wrong in the user's language
 * (src/core/query/validate.ts).
 */
const PAYLOAD_VALUES = 10_000;
const PAYLOAD_TEXT = 10_000;

export const ORIGINS = ['documented', 'inferred', 'unknown'] as const satisfies readonly StatusOrigin[];

const text = z.string().max(PAYLOAD_TEXT);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(PAYLOAD_VALUES);
const column = z.string().min(1).max(PAYLOAD_TEXT);

const columnCondition = z.discriminatedUnion('op', [
  z.strictObject({ column, op: z.literal('contains'), value: text }),
  z.strictObject({ column, op: z.literal('equals'), value: text }),
  z.strictObject({ column, op: z.literal('empty') }),
  z.strictObject({ column, op: z.literal('range'), min: z.number().finite().optional(), max: z.number().finite().optional() }),
]);

export const callFilterSchema = z.strictObject({
  sides: list(z.enum(SIDES)).optional(),
  reasons: list(z.enum(REASONS)).optional(),
  statuses: list(text).optional(),
  origins: list(z.enum(ORIGINS)).optional(),
  hideBenign: z.boolean().optional(),
  from: text.optional(),
  to: text.optional(),
  weekdays: list(z.number().int().min(0).max(6)).optional(),
  hours: list(z.number().int().min(0).max(23)).optional(),
  phone: text.optional(),
  managers: list(text).optional(),
  sites: list(text).optional(),
  where: list(columnCondition).optional(),
}) satisfies z.ZodType<CallFilter>;

export const callSortSchema = z.strictObject({
  column,
  direction: z.enum(['asc', 'desc']),
}) satisfies z.ZodType<CallSort>;

export const pageRequestSchema = z.strictObject({
  filter: callFilterSchema,
  sort: callSortSchema,
  offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.number().int().min(1).max(QUERY_LIMITS.maxPage),
}) satisfies z.ZodType<PageRequest>;

export const distinctRequestSchema = z.strictObject({
  column,
  filter: callFilterSchema,
  limit: z.number().int().min(1).max(QUERY_LIMITS.maxDistinct),
}) satisfies z.ZodType<DistinctRequest>;

/** A call's id in its dataset (SQLite rowid). */
export const callIdSchema = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
