import fs from 'node:fs';
import zlib from 'node:zlib';
import { CallsightError } from '../../shared/result.ts';
import { MESSAGES } from '../messages.ts';

/**
 * The little of ZIP an XLSX reader needs: the central directory, small entries read whole, and one
 * big entry (the sheet) streamed through inflate so a million-row sheet is never held in memory.
 * Node's zlib does the inflating; no package needed. ZIP64 archives (> 4 GB) are not supported.
 */

export interface ZipEntry {
  readonly name: string;
  readonly method: number; // 0 stored, 8 deflate
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

const notXlsx = (): CallsightError => new CallsightError('unsupported-file', MESSAGES.workbookDamaged);

export function readZipDirectory(fd: number, fileSize: number): Map<string, ZipEntry> {
  const tailLength = Math.min(fileSize, 65_557);
  const tail = Buffer.alloc(tailLength);
  fs.readSync(fd, tail, 0, tailLength, fileSize - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) { eocd = i; break; }
  }
  if (eocd < 0) throw notXlsx();
  const count = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset + directorySize > fileSize) throw notXlsx();
  const directory = Buffer.alloc(directorySize);
  fs.readSync(fd, directory, 0, directorySize, directoryOffset);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw notXlsx();
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      name,
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Byte range of an entry's compressed data (after its local header). */
export function entryDataRange(fd: number, entry: ZipEntry): { start: number; end: number } {
  const header = Buffer.alloc(30);
  fs.readSync(fd, header, 0, 30, entry.localHeaderOffset);
  if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw notXlsx();
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  return { start, end: start + entry.compressedSize };
}

/** A small entry (workbook, styles, shared strings) as text. */
export function readEntryText(fd: number, entry: ZipEntry): string {
  const { start } = entryDataRange(fd, entry);
  const data = Buffer.alloc(entry.compressedSize);
  fs.readSync(fd, data, 0, data.length, start);
  const raw = entry.method === 0 ? data : entry.method === 8 ? zlib.inflateRawSync(data) : null;
  if (!raw) throw new CallsightError('unsupported-file', MESSAGES.workbookCompression);
  return raw.toString('utf8');
}

/**
 * Streams an entry's decompressed bytes. `onCompressed` sees each compressed chunk (progress, hashing).
 * Return false from `onData` to stop early (previews read only the first rows).
 */
export async function streamEntry(
  path: string,
  fd: number,
  entry: ZipEntry,
  onData: (chunk: Buffer) => boolean | void,
  onCompressed: (chunk: Buffer) => void = () => undefined,
): Promise<void> {
  const { start, end } = entryDataRange(fd, entry);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new CallsightError('unsupported-file', MESSAGES.workbookCompression);
  }
  const input = fs.createReadStream(path, { start, end: Math.max(start, end - 1), highWaterMark: 1 << 20 });
  const inflate = entry.method === 8 ? zlib.createInflateRaw({ chunkSize: 1 << 20 }) : null;
  input.on('data', (chunk) => onCompressed(chunk as Buffer));
  const output = inflate ? input.pipe(inflate) : input;
  try {
    for await (const chunk of output) {
      if (onData(chunk as Buffer) === false) break;
    }
  } catch (error) {
    if (error instanceof CallsightError) throw error;
    throw notXlsx();
  } finally {
    input.destroy();
    inflate?.destroy();
  }
}
