import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { CallsightError } from '../../../shared/result.ts';
import { MESSAGES, messageWith } from '../../messages.ts';

/**
 * The workbook's ZIP container, read with yauzl (central directory, ZIP64, data descriptors, inflate,
 * size checks). Entries are only ever streamed, so a sheet of any size is never held in memory.
 */

export interface Archive {
  readonly zip: ZipFile;
  readonly entries: ReadonlyMap<string, Entry>;
  readonly size: number;
}

const damaged = (): CallsightError => new CallsightError('unsupported-file', MESSAGES.workbookDamaged);

/**
 * yauzl reports defects of the archive as plain Errors and zlib ones with a `Z_…` code: all mean damaged.
 * A failing system call (EACCES, EIO…) keeps its own meaning.
 */
function asCallsightError(error: unknown): Error {
  if (error instanceof CallsightError) return error;
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string') return error;
  return damaged();
}

export async function openArchive(path: string): Promise<Archive> {
  // autoClose off: entries are opened after the directory has been listed, until closeArchive.
  const zip = await fromArchive(yauzl.openPromise(path, { lazyEntries: true, autoClose: false }));
  try {
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName, entry);
    return { zip, entries, size: zip.fileSize };
  } catch (error) {
    zip.close();
    throw asCallsightError(error);
  }
}

export function closeArchive(archive: Archive): void {
  archive.zip.close();
}

/**
 * The most a sheet part may inflate to. Sheets are streamed, never held, so this bounds time and the
 * rejected rows a decompression bomb could write, not memory: 4 GB of XML is several times Excel's own
 * limit of 1,048,576 rows at the widths call logs have.
 */
export const MAX_SHEET_PART_BYTES = 4 * 1024 ** 3;

/**
 * Streams an entry's uncompressed bytes; return false from `onData` to stop early (previews read only
 * the first rows). `onCompressed` gets an estimate of the compressed bytes behind each chunk (progress
 * against the file size), scaled by the entry's ratio since yauzl hands out only inflated data.
 * An entry that says, or turns out, to inflate to more than `maxBytes` fails with one sentence naming
 * the part and the limit (issue 10, item 5: a 166 KB file held 68 MB of XML).
 */
export async function streamEntry(
  archive: Archive,
  entry: Entry,
  onData: (chunk: Buffer) => boolean | void,
  onCompressed: (bytes: number) => void = () => undefined,
  maxBytes: number = MAX_SHEET_PART_BYTES,
): Promise<void> {
  if (!entry.canDecodeFileData()) throw new CallsightError('unsupported-file', MESSAGES.workbookCompression);
  const tooLarge = (): CallsightError => new CallsightError('unsupported-file', messageWith.workbookPartTooLarge(entry.fileName, maxBytes));
  // The size the directory declares is checked first (yauzl holds the data to it), then every byte as it comes.
  if (entry.uncompressedSize > maxBytes) throw tooLarge();
  const ratio = entry.uncompressedSize > 0 ? entry.compressedSize / entry.uncompressedSize : 0;
  const stream = await fromArchive(archive.zip.openReadStreamPromise(entry));
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  let inflated = 0;
  try {
    // Only failures of the archive (bad inflate data, wrong sizes) mean damaged; an error thrown by
    // onData (the writer, a cancellation) passes through as it is.
    for (let next = await fromArchive(chunks.next()); !next.done; next = await fromArchive(chunks.next())) {
      inflated += next.value.length;
      if (inflated > maxBytes) throw tooLarge();
      onCompressed(Math.round(next.value.length * ratio));
      if (onData(next.value) === false) break;
    }
  } finally {
    stream.destroy(); // yauzl supports destroying a read stream mid-entry (a preview stops early)
  }
}

function fromArchive<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw asCallsightError(error);
  });
}
