/**
 * Files that are not a text export at all, told apart by their first bytes, so the import dialog can say
 * what the file looks like ("похоже на изображение PNG") instead of decoding it as some code page.
 * Only signatures no call-log export can start with; anything else is left to the encoding detection
 * (which still refuses NUL-heavy bytes as binary).
 */
export type BinaryKind =
  'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'tiff' | 'pdf' | 'zip' | 'gzip' | 'rar' | '7z' | 'xls' | 'exe' | 'elf' | 'macho' | 'sqlite' | 'mp3' | 'mp4';

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const hasNul = (bytes: Uint8Array, upTo = 4096): boolean => bytes.subarray(0, upTo).includes(0);

/** Signatures whose bytes are not text, or text no export starts with; `needsNul` where a text line could start the same way. */
const SIGNATURES: ReadonlyArray<{ readonly kind: BinaryKind; readonly bytes: readonly number[]; readonly at?: number; readonly needsNul?: boolean }> = [
  { kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'gif', bytes: ascii('GIF87a') },
  { kind: 'gif', bytes: ascii('GIF89a') },
  { kind: 'bmp', bytes: ascii('BM'), needsNul: true },
  { kind: 'webp', bytes: ascii('WEBP'), at: 8 },
  { kind: 'tiff', bytes: [0x49, 0x49, 0x2a, 0x00] },
  { kind: 'tiff', bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { kind: 'pdf', bytes: ascii('%PDF-') },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { kind: 'gzip', bytes: [0x1f, 0x8b] },
  { kind: 'rar', bytes: ascii('Rar!\x1a\x07') },
  { kind: '7z', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  // Excel 97-2003 (.xls) and other OLE compound files.
  { kind: 'xls', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: 'exe', bytes: ascii('MZ'), needsNul: true },
  { kind: 'elf', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { kind: 'macho', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { kind: 'macho', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { kind: 'macho', bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { kind: 'sqlite', bytes: ascii('SQLite format 3\0') },
  { kind: 'mp3', bytes: ascii('ID3'), needsNul: true },
  { kind: 'mp4', bytes: ascii('ftyp'), at: 4 },
];

/** What a file's first bytes say it is, when that is not text; null for anything that may be text. */
export function binaryKindOf(head: Uint8Array): BinaryKind | null {
  for (const signature of SIGNATURES) {
    if (!startsWith(head, signature.bytes, signature.at)) continue;
    if (signature.needsNul && !hasNul(head)) continue;
    return signature.kind;
  }
  return null;
}
