/**
 * SQLite's variable-length integers (https://www.sqlite.org/fileformat2.html#varint): big-endian, 7 bits
 * per byte with the high bit meaning "more follows", the ninth byte using all 8 bits. Only non-negative
 * values below 2^53 occur here (payload sizes, rowids, serial types), so 1–8 bytes suffice.
 */

export function varintLength(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  if (value < 2 ** 35) return 5;
  if (value < 2 ** 42) return 6;
  if (value < 2 ** 49) return 7;
  return 8;
}

/** Writes `value` at `offset`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  if (value < 0x80) {
    out[offset] = value;
    return offset + 1;
  }
  if (value < 0x4000) {
    out[offset] = 0x80 | (value >>> 7);
    out[offset + 1] = value & 0x7f;
    return offset + 2;
  }
  const length = varintLength(value);
  // Division, not shifts: values may exceed 32 bits.
  let rest = value;
  for (let i = length - 1; i >= 0; i--) {
    const low = rest % 128;
    out[offset + i] = i === length - 1 ? low : 0x80 | low;
    rest = Math.floor(rest / 128);
  }
  return offset + length;
}
