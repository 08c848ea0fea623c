/**
 * Text → Windows-1251 bytes. The platform decodes the code page (TextDecoder) but has no encoder for
 * it, so the table is the decoder's own mapping turned around, indexed by UTF-16 code unit: the CSV
 * writer encodes each cell straight into its output buffer with one array read per character, no
 * intermediate string nor map lookup. A character outside the code page is reported with its
 * position, or written as `?` when the caller allows replacing.
 */
export const WINDOWS_1251: Uint8Array = (() => {
  const decoder = new TextDecoder('windows-1251');
  // 0 marks a unit the code page lacks (U+0000 itself is the one unit that is written as 0).
  const table = new Uint8Array(0x10000);
  for (let byte = 1; byte < 0x80; byte++) table[byte] = byte;
  for (let byte = 0x80; byte <= 0xff; byte++) {
    const character = decoder.decode(Uint8Array.of(byte));
    // 0x98 is the one unassigned byte: the decoder gives U+0098 back, which no text should be written as.
    if (character !== '\ufffd' && byte !== 0x98) table[character.charCodeAt(0)] = byte;
  }
  return table;
})();

export const REPLACEMENT_BYTE = 0x3f; // '?'

export interface Unsupported {
  /** Index in the text (UTF-16 units) of the first character the code page lacks. */
  readonly index: number;
  readonly character: string;
}

/**
 * Encodes `text` into `out` from `offset`; returns the new offset, or the first character the code
 * page lacks when `replace` is false. `out` must have room for `text.length` bytes (one byte per
 * UTF-16 unit at most). `replaced.count` grows by one per character written as `?`.
 */
export function encodeWindows1251(text: string, out: Uint8Array, offset: number, replace: boolean, replaced: { count: number }): number | Unsupported {
  let at = offset;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const byte = WINDOWS_1251[unit]!;
    if (byte !== 0 || unit === 0) {
      out[at++] = byte;
      continue;
    }
    const character = String.fromCodePoint(text.codePointAt(i)!);
    if (!replace) return { index: i, character };
    out[at++] = REPLACEMENT_BYTE;
    replaced.count++;
    if (character.length === 2) i++; // a surrogate pair is one character, one `?`
  }
  return at;
}
