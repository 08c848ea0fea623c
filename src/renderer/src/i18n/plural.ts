/**
 * Plural forms as CLDR categories (Intl.PluralRules). Russian needs one/few/many, English one/other;
 * `other` is always required so every number has a text. `{n}` is replaced by the formatted number.
 */
export type PluralForms = { readonly [K in Intl.LDMLPluralRule]?: string } & { readonly other: string };

/** Marks an entry of the dictionary as plural forms (identity; keeps the type). */
export const plural = (forms: PluralForms): PluralForms => forms;

/** Replaces `{name}` placeholders with values. */
export function format(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined ? whole : String(value);
  });
}
