import fs from 'node:fs';
import path from 'node:path';

/** Where a dataset lives on disk (docs/dataset-format.md): `<dir>/<id>.callsight.sqlite`. */
export const DATASET_SUFFIX = '.callsight.sqlite';

export const datasetPath = (datasetsDir: string, id: string): string => path.join(datasetsDir, `${id}${DATASET_SUFFIX}`);

/** An import writes here and renames to the final path only when complete. */
export const partialPathOf = (finalPath: string): string => `${finalPath}.partial`;

/** Deletes an import's `.partial` file and its side files (`.partial-…`: SQLite's journal, the writer's keys and rejected rows). */
export function removePartialFiles(finalPath: string): void {
  const partial = path.basename(partialPathOf(finalPath));
  const dir = path.dirname(finalPath);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // no folder, nothing left
  }
  for (const name of names) {
    if (name === partial || name.startsWith(`${partial}-`)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * SQLite's side files of a database (https://www.sqlite.org/tempfiles.html). A rollback journal left by a
 * crashed writer of an old file at this path is "hot": the next open would roll the old file's pages
 * into whatever file has the name by then. A new dataset that takes the name must take it without them.
 */
export const SQLITE_SIDE_SUFFIXES = ['-journal', '-wal', '-shm'] as const;

export function removeSqliteSideFiles(databasePath: string): void {
  for (const suffix of SQLITE_SIDE_SUFFIXES) fs.rmSync(`${databasePath}${suffix}`, { force: true });
}
