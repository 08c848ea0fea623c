/**
 * Which characters of a cell can turn into a given character when the cell is lower-cased as
 * callsight_contains lower-cases it (String.prototype.toLowerCase). A case-insensitive search for a
 * needle holding `ch` can then skip, in SQLite's own code, every text cell that holds none of them:
 * only the cells left are handed to JavaScript. For 'п' that is 'п' and 'П'; for 'i' also 'İ', which
 * lower-cases to 'i' and a combining dot; for 'ς' also 'Σ', which becomes 'ς' at the end of a word.
 */

/**
 * Code points past this one have no case mapping (planes 2–16: ideographs, tags, private use), so the
 * table is built from one pass over the first two planes, about 10 ms; a unit test checks the whole
 * range against it, so a Unicode update that adds a mapping up there fails it.
 */
export const LAST_CASED_CODE_POINT = 0x1ffff;

let variantsOf: Map<string, readonly string[]> | null = null;

/** The characters (as strings) whose lower case contains `ch` (one code point, itself lower case), `ch` included. */
export function caseVariants(ch: string): readonly string[] {
  variantsOf ??= buildVariants(LAST_CASED_CODE_POINT);
  return variantsOf.get(ch) ?? [ch];
}

/** The table for code points 0…last: lower-case character → the characters that lower-case into it. */
export function buildVariants(last: number): Map<string, readonly string[]> {
  const variants = new Map<string, string[]>();
  const add = (lower: string, from: string): void => {
    const list = variants.get(lower);
    if (!list) variants.set(lower, [lower, from]);
    else if (!list.includes(from)) list.push(from);
  };
  for (let code = 0; code <= last; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue; // surrogates are not characters
    const from = String.fromCodePoint(code);
    const lower = from.toLowerCase();
    if (lower === from) continue;
    for (const ch of lower) add(ch, from);
  }
  // The one mapping that depends on context (Final_Sigma): Σ at the end of a word becomes ς, not σ.
  add('ς', 'Σ');
  return variants;
}
