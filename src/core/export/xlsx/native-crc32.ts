import { createRequire } from 'node:module';
import zlib from 'node:zlib';

/**
 * yazl computes each entry's CRC-32 with buffer-crc32, a byte-at-a-time loop in JavaScript: about 1.3
 * of the 13 CPU-seconds of a 1M-row XLSX export (node --cpu-prof, 2026-11-30). Node has zlib's own
 * crc32 (`zlib.crc32`, Node 22.2+), the same function (same polynomial, same running-value
 * convention: `crc32(b, crc32(a)) === crc32(a ++ b)`), an order of magnitude faster. yazl calls
 * `require('buffer-crc32').unsigned(buffer[, previous])` and nothing else of it, so that one function is
 * replaced in the module yazl loads (one module instance: Node caches it by path; electron-vite leaves
 * dependencies outside the bundle). The ZIP yazl writes is byte for byte the same.
 */
interface BufferCrc32 {
  unsigned: (buffer: Buffer | string, previous?: number | Buffer) => number;
}

let installed = false;

/** Makes yazl's CRC-32 native; idempotent. Returns whether the native function is in place. */
export function useNativeCrc32(): boolean {
  if (installed) return true;
  if (typeof zlib.crc32 !== 'function') return false;
  const require = createRequire(createRequire(import.meta.url).resolve('yazl'));
  const crc = require('buffer-crc32') as BufferCrc32;
  const original = crc.unsigned;
  const native: BufferCrc32['unsigned'] = (buffer, previous) => {
    // buffer-crc32 also takes a string and a Buffer as the previous value; yazl passes neither, but keep them right.
    if (typeof buffer === 'string' || Buffer.isBuffer(previous)) return original(buffer, previous);
    return zlib.crc32(buffer, previous ?? 0);
  };
  // The replacement must agree with the original before it is trusted (a changed buffer-crc32 would not).
  const probe = Buffer.from('Callsight · CRC-32 probe', 'utf8');
  if (native(probe) !== original(probe) || native(probe, 0x1234_5678) !== original(probe, 0x1234_5678)) return false;
  crc.unsigned = native;
  installed = true;
  return true;
}
