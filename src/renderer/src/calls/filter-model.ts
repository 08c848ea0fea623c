import type { CallFilter, ColumnCondition } from '../../../shared/query.ts';
import type { Reason, Side } from '../../../shared/status/types.ts';

/**
 * The grid's filter as the user edits it: a CallFilter with no empty fields, so two filters that show
 * the same calls compare equal (history skips no-op steps) and the tokens list only what narrows.
 */

/** The fields a token can stand for; one token per value of a list field. */
export type Token =
  | { readonly field: 'sides'; readonly value: Side }
  | { readonly field: 'reasons'; readonly value: Reason }
  | { readonly field: 'statuses'; readonly value: string }
  | { readonly field: 'managers'; readonly value: string }
  | { readonly field: 'sites'; readonly value: string }
  | { readonly field: 'hideBenign' }
  | { readonly field: 'time'; readonly from: string | undefined; readonly to: string | undefined }
  | { readonly field: 'weekdays'; readonly value: number }
  | { readonly field: 'hours'; readonly value: number }
  | { readonly field: 'phone'; readonly value: string }
  /** A column's condition (the grid's column filters); `index` is its place in `where`. */
  | { readonly field: 'where'; readonly condition: ColumnCondition; readonly index: number };

type ListField = 'sides' | 'reasons' | 'statuses' | 'managers' | 'sites' | 'weekdays' | 'hours';

/** Drops empty fields; keeps the field order stable so JSON equality works. */
export function normalize(filter: CallFilter): CallFilter {
  const out: Record<string, unknown> = {};
  const list = (name: ListField) => {
    const values = filter[name];
    if (values && values.length > 0) out[name] = [...values];
  };
  list('sides');
  list('reasons');
  list('statuses');
  if (filter.origins && filter.origins.length > 0) out.origins = [...filter.origins];
  if (filter.hideBenign) out.hideBenign = true;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  list('weekdays');
  list('hours');
  if (filter.phone && filter.phone.trim() !== '') out.phone = filter.phone.trim();
  list('managers');
  list('sites');
  if (filter.where && filter.where.length > 0) out.where = [...filter.where];
  return out;
}

export const sameFilter = (a: CallFilter, b: CallFilter): boolean => JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));

export const isEmpty = (filter: CallFilter): boolean => Object.keys(normalize(filter)).length === 0;

/** Adds or removes one value of a list field (a chip or a picker's checkbox). */
export function toggleValue<F extends ListField>(filter: CallFilter, field: F, value: NonNullable<CallFilter[F]>[number]): CallFilter {
  const current = (filter[field] ?? []) as readonly unknown[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return normalize({ ...filter, [field]: next });
}

/** The filter without one field: what a picker's counts are computed for ("how many if I pick this"). */
export function without(filter: CallFilter, field: keyof CallFilter): CallFilter {
  const copy: Record<string, unknown> = { ...filter };
  delete copy[field];
  return copy;
}

/** One token per narrowing value, in the order the filter bar shows them. */
export function tokensOf(filter: CallFilter): Token[] {
  const f = normalize(filter);
  const tokens: Token[] = [];
  for (const value of f.sides ?? []) tokens.push({ field: 'sides', value });
  for (const value of f.reasons ?? []) tokens.push({ field: 'reasons', value });
  for (const value of f.statuses ?? []) tokens.push({ field: 'statuses', value });
  if (f.hideBenign) tokens.push({ field: 'hideBenign' });
  if (f.from || f.to) tokens.push({ field: 'time', from: f.from, to: f.to });
  for (const value of f.weekdays ?? []) tokens.push({ field: 'weekdays', value });
  for (const value of f.hours ?? []) tokens.push({ field: 'hours', value });
  if (f.phone) tokens.push({ field: 'phone', value: f.phone });
  for (const value of f.managers ?? []) tokens.push({ field: 'managers', value });
  for (const value of f.sites ?? []) tokens.push({ field: 'sites', value });
  (f.where ?? []).forEach((condition, index) => tokens.push({ field: 'where', condition, index }));
  return tokens;
}

export function removeToken(filter: CallFilter, token: Token): CallFilter {
  switch (token.field) {
    case 'hideBenign':
      return normalize({ ...filter, hideBenign: false });
    case 'time':
      return normalize({ ...filter, from: undefined, to: undefined });
    case 'phone':
      return normalize({ ...filter, phone: undefined });
    case 'where':
      return normalize({ ...filter, where: normalize(filter).where?.filter((_, i) => i !== token.index) });
    case 'sides':
    case 'reasons':
    case 'statuses':
    case 'managers':
    case 'sites': {
      const values: readonly string[] = filter[token.field] ?? [];
      return normalize({ ...filter, [token.field]: values.filter((v) => v !== token.value) });
    }
    case 'weekdays':
    case 'hours': {
      const values: readonly number[] = filter[token.field] ?? [];
      return normalize({ ...filter, [token.field]: values.filter((v) => v !== token.value) });
    }
  }
}
