/**
 * Text as SpreadsheetML holds it. XML 1.0 cannot carry most control characters at all, so OOXML spells
 * them `_xHHHH_` (ECMA-376 Part 1, 22.9.2.19 ST_Xstring), and a literal `_xHHHH_` in the text gets its
 * underscore spelled the same way so Excel does not decode it.
 */

/** Excel's limit for the text of one cell; longer text is cut there (Excel would refuse the file). */
export const MAX_CELL_TEXT = 32_767;

// eslint-disable-next-line no-control-regex -- on purpose: these are the characters XML 1.0 cannot hold
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)/g;
const SPECIAL = /[&<>"]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for an element or an attribute value. */
export function xmlText(text: string): string {
  let out = SPECIAL.test(text) ? text.replace(SPECIAL, (c) => ENTITIES[c]!) : text;
  SPECIAL.lastIndex = 0;
  if (CONTROL.test(out)) out = out.replace(CONTROL, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  CONTROL.lastIndex = 0;
  return out;
}

/** An inline-string cell; `xml:space` keeps leading and trailing spaces. */
export function inlineStringCell(ref: string, text: string, style = 0): string {
  const cut = text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text;
  const space = cut !== cut.trim() ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="inlineStr"><is><t${space}>${xmlText(cut)}</t></is></c>`;
}

export function numberCell(ref: string, value: number, style = 0): string {
  return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
