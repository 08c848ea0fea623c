import type { AuxStore } from './aux-store.ts';
import type { OpenedDataset } from './open-dataset.ts';
import type { PhoneQuery } from './prepare-filter.ts';

/**
 * Every call's client digits (`_client_digits`) packed two to a byte, 8 bytes a call, indexed by rowid
 * (slot 0 unused): digit i of the number in nibble i (high nibble first), unused nibbles and calls
 * without a number 0xF. A phone search by any fragment of digits is then a byte search over 80 MB at
 * 10M calls (Buffer.indexOf, native) instead of a substring test of 10M index entries in SQLite.
 * The import writes it (src/core/import/write/phone-digits-file.ts); a dataset without it gets it
 * derived once from the `_client_digits` index and kept in the file.
 */
export const PHONE_DIGITS_AUX = 'client-digits-bcd';
/** Bytes per call: 16 digits, the most a stored number has. */
export const PHONE_SLOT_BYTES = 8;
export const PHONE_MAX_DIGITS = 2 * PHONE_SLOT_BYTES;

export function loadPhoneDigits(dataset: OpenedDataset, store: AuxStore, maxRowid: number): Uint8Array {
  const stored = store.read(PHONE_DIGITS_AUX, (length) => new Uint8Array(length));
  if (stored && stored.array.length === PHONE_SLOT_BYTES * (maxRowid + 1)) return stored.array;
  const built = derivePhoneDigits(dataset, maxRowid);
  store.write(PHONE_DIGITS_AUX, built, null);
  return built;
}

const CHUNK = 65536;

/** From the `_client_digits` index (its entries hold the rowid: the table is not read), in keyset steps. */
export function derivePhoneDigits(dataset: OpenedDataset, maxRowid: number): Uint8Array {
  const packed = new Uint8Array(PHONE_SLOT_BYTES * (maxRowid + 1)).fill(0xff);
  const next = dataset.db
    .prepare('SELECT rowid, "_client_digits" FROM calls WHERE ("_client_digits", rowid) > (?, ?) ORDER BY "_client_digits", rowid LIMIT ?')
    .raw();
  let after: [string, number] = ['', 0];
  for (;;) {
    const rows = next.all(...after, CHUNK) as [number, string][];
    if (rows.length === 0) break;
    for (const [rowid, digits] of rows) packDigits(digits, packed, rowid * PHONE_SLOT_BYTES);
    const [rowid, digits] = rows[rows.length - 1]!;
    after = [digits, rowid];
  }
  return packed;
}

/** Packs ASCII digits (a string or bytes) into one slot at `at`; the slot must be 0xFF-filled. Longer than 16 digits: left as no number. */
export function packDigits(digits: string | Uint8Array, out: Uint8Array, at: number, length = digits.length): void {
  if (length > PHONE_MAX_DIGITS || length <= 0) return;
  for (let i = 0; i < length; i++) {
    const d = (typeof digits === 'string' ? digits.charCodeAt(i) : digits[i]!) - 48;
    const byte = at + (i >> 1);
    out[byte] = i & 1 ? (out[byte]! & 0xf0) | d : (d << 4) | 0x0f;
  }
}

/**
 * The rowids whose digits contain `query.fragment` anywhere or start with `query.prefix`, ascending per
 * pass (a rowid may come twice). A fragment is found as its whole bytes at either nibble alignment, then
 * its odd nibble at the start or end is checked, and that it lies inside one call's slot.
 */
export function matchPhone(packed: Uint8Array, query: PhoneQuery): number[] {
  const found: number[] = [];
  const buffer = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const search = (digits: string, alignment: 0 | 1, anchored: boolean): void => {
    const head = alignment === 1 ? digits.charCodeAt(0) - 48 : -1;
    const body = digits.slice(alignment);
    const pairs = body.length >> 1;
    const tail = body.length & 1 ? body.charCodeAt(body.length - 1) - 48 : -1;
    if (pairs === 0) return;
    const pattern = Buffer.alloc(pairs);
    for (let i = 0; i < pairs; i++) pattern[i] = ((body.charCodeAt(2 * i) - 48) << 4) | (body.charCodeAt(2 * i + 1) - 48);
    for (let pos = buffer.indexOf(pattern, PHONE_SLOT_BYTES); pos >= 0; pos = buffer.indexOf(pattern, pos + 1)) {
      const first = head >= 0 ? pos - 1 : pos;
      const last = tail >= 0 ? pos + pairs : pos + pairs - 1;
      const slot = Math.floor(first / PHONE_SLOT_BYTES);
      if (slot !== Math.floor(last / PHONE_SLOT_BYTES) || (anchored && first % PHONE_SLOT_BYTES !== 0)) continue;
      if (head >= 0 && (buffer[first]! & 0x0f) !== head) continue;
      if (tail >= 0 && buffer[last]! >> 4 !== tail) continue;
      found.push(slot);
    }
  };
  const { fragment, prefix } = query;
  if (fragment.length <= PHONE_MAX_DIGITS) {
    if (fragment.length === 1) {
      // One digit: every nibble position, both alignments (the engine asks for 3 or more; kept total for safety).
      searchOneDigit(packed, fragment.charCodeAt(0) - 48, found);
    } else {
      search(fragment, 0, false);
      if (fragment.length >= 3) search(fragment, 1, false);
      else searchOddPair(packed, fragment, found);
    }
  }
  if (prefix !== null && prefix.length <= PHONE_MAX_DIGITS) {
    if (prefix.length >= 2) search(prefix, 0, true);
    else searchOneDigitAt0(packed, prefix.charCodeAt(0) - 48, found);
  }
  return found;
}

function searchOneDigit(packed: Uint8Array, digit: number, found: number[]): void {
  for (let at = PHONE_SLOT_BYTES; at < packed.length; at++) {
    const byte = packed[at]!;
    if (byte >> 4 === digit || (byte & 0x0f) === digit) found.push(Math.floor(at / PHONE_SLOT_BYTES));
  }
}

function searchOneDigitAt0(packed: Uint8Array, digit: number, found: number[]): void {
  for (let at = PHONE_SLOT_BYTES; at < packed.length; at += PHONE_SLOT_BYTES) if (packed[at]! >> 4 === digit) found.push(at / PHONE_SLOT_BYTES);
}

/** Two digits split across two bytes (low nibble, then the next byte's high nibble) inside one slot. */
function searchOddPair(packed: Uint8Array, pair: string, found: number[]): void {
  const a = pair.charCodeAt(0) - 48;
  const b = pair.charCodeAt(1) - 48;
  for (let at = PHONE_SLOT_BYTES; at < packed.length; at++) {
    if ((at + 1) % PHONE_SLOT_BYTES !== 0 && (packed[at]! & 0x0f) === a && packed[at + 1]! >> 4 === b) found.push(Math.floor(at / PHONE_SLOT_BYTES));
  }
}
