/**
 * yazl's CRC-32 made native (src/core/export/xlsx/native-crc32.ts): the replaced function gives the
 * same values as a plain table CRC-32, also chained over pieces as yazl's stream watcher calls it, and a
 * ZIP yazl writes with it reads back through yauzl, with every entry's stored CRC equal
 * to the CRC of its inflated bytes.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { useNativeCrc32 } from '../../../src/core/export/xlsx/native-crc32.ts';

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function tableCrc(bytes: Uint8Array, previous = 0): number {
  let crc = (previous ^ -1) >>> 0;
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0;
  return (crc ^ -1) >>> 0;
}

function randomBytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('native CRC-32 for yazl', () => {
  it('replaces the function yazl calls, with the same values, whole and chained', () => {
    expect(useNativeCrc32()).toBe(true);
    expect(useNativeCrc32()).toBe(true);
    const crc = createRequire(createRequire(import.meta.url).resolve('yazl'))('buffer-crc32') as { unsigned: (b: Buffer, p?: number) => number };
    for (const size of [0, 1, 7, 1000, 65_537]) {
      const bytes = randomBytes(size, size + 1);
      expect(crc.unsigned(bytes)).toBe(tableCrc(bytes));
      const cut = Math.floor(size / 3);
      expect(crc.unsigned(bytes.subarray(cut), crc.unsigned(bytes.subarray(0, cut)))).toBe(tableCrc(bytes));
      expect(crc.unsigned(bytes)).toBe(zlib.crc32(bytes));
    }
  });

  it('a ZIP yazl writes with it holds the right CRC of every entry (read back by yauzl)', async () => {
    useNativeCrc32();
    const parts = { 'a.txt': randomBytes(10_000, 3), 'b.xml': Buffer.from('<x>тест</x>'.repeat(5000)), 'c.bin': randomBytes(300_000, 9) };
    const zip = new yazl.ZipFile();
    zip.addBuffer(parts['a.txt'], 'a.txt', { compressionLevel: 4 });
    const stream = new PassThrough();
    zip.addReadStream(stream, 'b.xml', { compressionLevel: 4 });
    stream.end(parts['b.xml']);
    zip.addBuffer(parts['c.bin'], 'c.bin', { compressionLevel: 0 });
    zip.end();
    const chunks: Buffer[] = [];
    for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
    const file = Buffer.concat(chunks);
    const zipfile = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
    );
    const seen: Record<string, { stored: number; actual: number; same: boolean }> = {};
    await new Promise<void>((resolve, reject) => {
      zipfile.on('entry', (entry: yauzl.Entry) => {
        zipfile.openReadStream(entry, (error, read) => {
          if (error) return reject(error);
          const got: Buffer[] = [];
          read.on('data', (d: Buffer) => got.push(d));
          read.on('end', () => {
            const bytes = Buffer.concat(got);
            seen[entry.fileName] = { stored: entry.crc32, actual: tableCrc(bytes), same: bytes.equals(parts[entry.fileName as keyof typeof parts]) };
            zipfile.readEntry();
          });
        });
      });
      zipfile.on('end', () => resolve());
      zipfile.on('error', reject);
      zipfile.readEntry();
    });
    expect(Object.keys(seen).sort()).toEqual(['a.txt', 'b.xml', 'c.bin']);
    for (const entry of Object.values(seen)) expect(entry).toEqual({ stored: entry.actual, actual: entry.actual, same: true });
  });
});
