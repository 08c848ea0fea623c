import { z } from 'zod';
import type { ApiRequests, Channel } from './api.ts';
import { ID_PATTERN } from './ids.ts';
import { COLUMN_ROLES, DELIMITERS, ENCODINGS, MAX_REJECTED_PAGE } from './import-types.ts';
import { LANGUAGES } from './settings.ts';
import { datasetViewsSchema } from './dataset-view.ts';
import { callFilterSchema, callIdSchema, distinctRequestSchema, pageRequestSchema } from './query-schema.ts';
import { exportRequestSchema } from './export-schema.ts';

/**
 * Argument schemas for every channel: the engine (dispatch.ts, for both hosts) parses what the renderer sends with
 * these before anything else runs. Ids are opaque tokens we minted; names are bounded text.
 */
const id = z.string().regex(ID_PATTERN, 'not a valid id');
const name = z.string().trim().min(1).max(200);

const importOptions = z.strictObject({
  encoding: z.enum(ENCODINGS).optional(),
  delimiter: z.enum(DELIMITERS).optional(),
  headerRow: z.number().int().min(0).max(1000).optional(),
  sheet: z.string().max(200).optional(),
  roles: z.record(z.string().regex(/^\d{1,4}$/), z.enum(COLUMN_ROLES).nullable()).optional(),
  name: name.optional(),
  replaces: id.optional(),
  raggedRows: z.enum(['keep', 'reject']).optional(),
});

const settingsPatch = z.strictObject({ language: z.enum(LANGUAGES).optional(), views: datasetViewsSchema.optional() });

type ArgSchemas = { readonly [C in Channel]: z.ZodType<ApiRequests[C]['args']> };

export const ARG_SCHEMAS: ArgSchemas = {
  'app/info': z.tuple([]),
  'settings/get': z.tuple([]),
  'settings/update': z.tuple([settingsPatch]),
  'sources/choose': z.tuple([]),
  'sources/preview': z.tuple([id, importOptions]),
  'imports/start': z.tuple([id, importOptions]),
  'imports/cancel': z.tuple([id]),
  'datasets/list': z.tuple([]),
  'datasets/get': z.tuple([id]),
  'datasets/rename': z.tuple([id, name]),
  'datasets/remove': z.tuple([id]),
  'datasets/reimport': z.tuple([id]),
  'datasets/rejected': z.tuple([id, z.number().int().min(0), z.number().int().min(1).max(MAX_REJECTED_PAGE)]),
  'calls/columns': z.tuple([id]),
  'calls/page': z.tuple([id, pageRequestSchema]),
  'calls/counts': z.tuple([id, callFilterSchema]),
  'calls/summary': z.tuple([id, callFilterSchema]),
  'calls/row': z.tuple([id, callIdSchema]),
  'calls/distinct': z.tuple([id, distinctRequestSchema]),
  'exports/start': z.tuple([id, exportRequestSchema]),
  'exports/cancel': z.tuple([id]),
};

export function parseArgs<C extends Channel>(channel: C, args: unknown): { ok: true; args: ApiRequests[C]['args'] } | { ok: false; message: string } {
  const parsed = ARG_SCHEMAS[channel].safeParse(args);
  if (parsed.success) return { ok: true, args: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `Invalid argument for ${channel}: ${issue ? `${issue.path.join('.') || 'args'} ${issue.message}` : 'unknown'}` };
}

export function isChannel(value: string): value is Channel {
  return Object.hasOwn(ARG_SCHEMAS, value);
}
