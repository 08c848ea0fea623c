import fs from 'node:fs';
import { AUX_PART_ELEMENTS, type AuxStore } from '../../query/aux-store.ts';

/**
 * The import's side files for the grid's helpers (time order, status classes, phone digits, column
 * codes): each is recorded a buffer at a time beside the dataset while the rows or indexes are written
 * — never held whole — and stored into the dataset by the writer at the end (AuxStore), part by part.
 */

type Elements = Uint8Array | Uint16Array | Int32Array;

/** A side file being written; a failed or cancelled import disposes of it. */
export class SideFile {
  readonly path: string;
  private fd: number | null;

  constructor(path: string) {
    this.path = path;
    this.fd = fs.openSync(path, 'w');
  }

  /** Appends `count` elements of `buffer` (from its start). */
  write(buffer: Elements, count: number): void {
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, count * buffer.BYTES_PER_ELEMENT);
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd!, bytes, done, bytes.length - done);
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /** Closes and deletes the file. */
  dispose(): void {
    this.close();
    fs.rmSync(this.path, { force: true });
  }
}

/**
 * The part buffer of each store, shared by all the side files it stores (the widest part, 4 MB): a
 * buffer per file would leave each one to the writer thread's next full GC, which may never come.
 */
const partBuffers = new WeakMap<AuxStore, ArrayBuffer>();

/**
 * Stores a closed side file of `length` elements in the dataset under `name` (AuxStore's parts, read
 * into the store's one part buffer, viewed by `makePart` as `elements` elements of the file's type),
 * with `info` beside it; then deletes the file.
 */
export function storeSideFile(
  store: AuxStore,
  name: string,
  path: string,
  length: number,
  makePart: (buffer: ArrayBuffer, elements: number) => Elements,
  info: unknown,
): void {
  let buffer = partBuffers.get(store);
  if (buffer === undefined) {
    buffer = new ArrayBuffer(AUX_PART_ELEMENTS * Int32Array.BYTES_PER_ELEMENT);
    partBuffers.set(store, buffer);
  }
  const fd = fs.openSync(path, 'r');
  try {
    const part = makePart(buffer, AUX_PART_ELEMENTS);
    const size = part.BYTES_PER_ELEMENT;
    const parts = function* (): Iterable<Elements> {
      for (let start = 0; start < length; start += AUX_PART_ELEMENTS) {
        const n = Math.min(AUX_PART_ELEMENTS, length - start);
        const bytes = new Uint8Array(part.buffer, 0, n * size);
        let done = 0;
        while (done < bytes.length) {
          const read = fs.readSync(fd, bytes, done, bytes.length - done, start * size + done);
          if (read === 0) throw new Error(`the recorded ${name} ends early`);
          done += read;
        }
        yield part.subarray(0, n);
      }
    };
    store.writeParts(name, length, parts(), info);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
  }
}
