import { z } from 'zod';
import { CSV_DELIMITERS, CSV_ENCODINGS, EXPORT_FORMATS, type ExportRequest } from './export.ts';
import { callFilterSchema, callSortSchema } from './query-schema.ts';
import { LANGUAGES } from './settings.ts';

/** An export request as it crosses IPC/HTTP, checked before the engine sees it (dispatch.ts). */
export const exportRequestSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  filter: callFilterSchema,
  sort: callSortSchema,
  columns: z.array(z.string().min(1).max(10_000)).max(2000).optional(),
  language: z.enum(LANGUAGES),
  encoding: z.enum(CSV_ENCODINGS).optional(),
  delimiter: z.enum(CSV_DELIMITERS).optional(),
  replaceUnsupported: z.boolean().optional(),
  formulaGuard: z.boolean().optional(),
}) satisfies z.ZodType<ExportRequest>;

/** A finished export's file in the data folder's exports/: a plain name, never a path. */
export const exportFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[\\/]|^\.\.?$|^\./.test(name), 'not a file name');
