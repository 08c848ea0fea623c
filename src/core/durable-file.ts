import fs from 'node:fs';
import path from 'node:path';

/**
 * Files that must survive a power cut once the app said they were saved (issue 10, item 12). A rename
 * is atomic, but without fsync the new name can reach the disk before the file's data does, and the
 * rename itself lives in the folder, which needs its own fsync. Call logs are personal data: what is
 * written here is readable by its owner only (0600).
 * https://www.sqlite.org/atomiccommit.html ("Deleting The Rollback Journal"), man 2 fsync.
 */

/** Flushes `from` to disk, renames it to `to`, then flushes the folder that holds the new name. */
export function durableRename(from: string, to: string): void {
  const fd = fs.openSync(from, 'r+');
  try {
    fs.fchmodSync(fd, 0o600);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(from, to);
  syncFolder(path.dirname(to));
}

/** Writes a small file (settings, window state) completely or not at all: temp file, fsync, rename, fsync folder. */
export function writeFileDurably(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.tmp`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  syncFolder(path.dirname(file));
}

/** Windows cannot open a folder as a file (EISDIR/EPERM); NTFS journals the rename itself there. */
function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = fs.openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a folder (EINVAL); the rename is then as durable as they make it
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates the folder readable by its owner only, and tightens it if it exists (issue 10, item 11). */
export function privateFolder(folder: string): void {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  try {
    fs.chmodSync(folder, 0o700);
  } catch {
    // not ours to change (a folder the user named on a shared drive): keep going
  }
}
