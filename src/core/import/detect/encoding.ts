import type { EncodingName } from '../../../shared/import-types.ts';
import { CallsightError } from '../../../shared/result.ts';
import { MESSAGES } from '../../messages.ts';

/**
 * Encoding detection for call-log exports. Decided by rules, not a statistical guesser:
 * BOM → NUL-byte pattern (UTF-16 without BOM) → UTF-8 validity → Cyrillic letter statistics to tell
 * Windows-1251 from KOI8-R and MacCyrillic (the three single-byte Cyrillic code pages an export
 * can come in; Excel on Russian Windows writes 1251).
 */

/** Every encoding we can decode. */
export type TextEncoding = EncodingName;

export interface DetectedEncoding {
  readonly encoding: TextEncoding;
  /** Bytes of BOM to skip before decoding. */
  readonly bomLength: number;
}

export function bomOf(bytes: Uint8Array): DetectedEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return null;
}

/** The BOM length for a chosen encoding, so an override still skips a BOM that is there. */
export function bomLengthFor(bytes: Uint8Array, encoding: TextEncoding): number {
  const bom = bomOf(bytes);
  return bom && bom.encoding === encoding ? bom.bomLength : 0;
}

/**
 * Detects the encoding of a file from its first bytes (a 64 KB sample is plenty).
 * Throws CallsightError('unsupported-file') for empty and binary files.
 */
export function detectEncoding(sample: Uint8Array, fileSize = sample.length): DetectedEncoding {
  if (fileSize === 0 || sample.length === 0) throw new CallsightError('unsupported-file', MESSAGES.fileEmpty);
  const bom = bomOf(sample);
  if (bom) {
    if (bom.encoding === 'utf-8' && sample.length === 3 && fileSize === 3) throw new CallsightError('unsupported-file', MESSAGES.fileEmpty);
    return bom;
  }
  const utf16 = utf16ByNulPattern(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (looksBinary(sample)) {
    throw new CallsightError('unsupported-file', MESSAGES.fileBinary);
  }
  if (isValidUtf8(sample)) return { encoding: 'utf-8', bomLength: 0 };
  return { encoding: guessCyrillicCodePage(sample), bomLength: 0 };
}

/** UTF-16 text of mostly Latin/Cyrillic letters has a NUL (Latin) or 0x04 (Cyrillic) in every other byte. */
function utf16ByNulPattern(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0,
    oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be';
  return null;
}

/** NUL bytes or many C0 control characters (other than tab, CR, LF, FF) mean this is not text. */
function looksBinary(sample: Uint8Array): boolean {
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control > Math.max(8, sample.length / 100);
}

/** Valid UTF-8, tolerating a multi-byte sequence cut off at the end of the sample. */
export function isValidUtf8(sample: Uint8Array): boolean {
  let end = sample.length;
  // Step back over a trailing partial sequence (at most 3 bytes).
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    if (b >= 0xc0) {
      const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (needed > back) end -= back;
    }
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Relative frequency (per mille) of lowercase Russian letters in ordinary text. */
const RUSSIAN_FREQ: Readonly<Record<string, number>> = {
  о: 110,
  е: 85,
  а: 80,
  и: 74,
  н: 67,
  т: 63,
  с: 55,
  р: 47,
  в: 45,
  л: 44,
  к: 35,
  м: 32,
  д: 30,
  п: 28,
  у: 26,
  я: 20,
  ы: 19,
  ь: 17,
  г: 17,
  з: 16,
  б: 16,
  ч: 14,
  й: 12,
  х: 10,
  ж: 9,
  ш: 7,
  ю: 6,
  ц: 5,
  щ: 4,
  э: 3,
  ф: 3,
  ъ: 1,
  ё: 1,
};

const isLowerCyr = (c: number): boolean => (c >= 0x430 && c <= 0x44f) || c === 0x451;
const isUpperCyr = (c: number): boolean => (c >= 0x410 && c <= 0x42f) || c === 0x401;

/**
 * Scores a decoding of the high bytes as Russian: frequent lowercase letters score, an uppercase letter
 * right after a lowercase one (wRONG case) and non-letters decoded from high bytes are penalised.
 * The correct code page gives mostly lowercase common letters; a wrong one gives case soup or symbols.
 */
export function russianScore(text: string): number {
  let score = 0;
  let prevLower = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      prevLower = false;
      continue;
    }
    if (isLowerCyr(c)) {
      score += RUSSIAN_FREQ[text[i]!] ?? 0;
      prevLower = true;
    } else if (isUpperCyr(c)) {
      // Capitals count by their letter's frequency too, so all-caps text still tells code pages apart.
      score += prevLower ? -60 : (RUSSIAN_FREQ[text[i]!.toLowerCase()] ?? 0);
      prevLower = false;
    } else {
      score -= 40;
      prevLower = false;
    }
  }
  return score;
}

const CODE_PAGES = ['windows-1251', 'koi8-r', 'x-mac-cyrillic'] as const;

function guessCyrillicCodePage(sample: Uint8Array): TextEncoding {
  let best: TextEncoding = 'windows-1251';
  let bestScore = -Infinity;
  for (const page of CODE_PAGES) {
    const score = russianScore(new TextDecoder(page).decode(sample));
    // Strictly greater: ties go to Windows-1251, by far the most common for these exports.
    if (score > bestScore) {
      best = page;
      bestScore = score;
    }
  }
  return best;
}
