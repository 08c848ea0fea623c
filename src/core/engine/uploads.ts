import fs from 'node:fs';
import path from 'node:path';

/**
 * Files the browser host received by upload (a browser cannot hand over a path). Each lives only until
 * its imports end: "Import again" in the browser host asks for the file again, so no dataset needs one.
 */
export class UploadsFolder {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = path.resolve(dir);
  }

  /** Earlier runs' uploads, those an older version kept for its datasets included: nothing reads them any more. */
  removeAll(): void {
    for (const name of fs.readdirSync(this.#dir)) fs.rmSync(path.join(this.#dir, name), { force: true, recursive: true });
  }

  /** A path outside the folder is the user's own file (from a dialog or a drop) and is never deleted. */
  remove(file: string): void {
    if (path.dirname(path.resolve(file)) === this.#dir) fs.rmSync(file, { force: true });
  }
}
