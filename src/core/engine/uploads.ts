import fs from 'node:fs';
import path from 'node:path';
import type { DatasetLibrary } from '../datasets/library.ts';

/**
 * Files the browser host received by upload (a browser cannot hand over a path). Each is kept while
 * a dataset was imported from it, so "import again" works, and deleted once nothing needs it.
 */
export class UploadsFolder {
  readonly #dir: string;
  readonly #library: DatasetLibrary;

  constructor(dir: string, library: DatasetLibrary) {
    this.#dir = path.resolve(dir);
    this.#library = library;
  }

  /** At start: nothing is registered yet, so only the uploads datasets point at are kept. */
  removeUnreferenced(): void {
    const referenced = new Set(this.#library.list().map((dataset) => this.#library.sourcePath(dataset.id)));
    for (const name of fs.readdirSync(this.#dir)) {
      const file = path.join(this.#dir, name);
      if (!referenced.has(file)) fs.rmSync(file, { force: true, recursive: true });
    }
  }

  /** After a dataset is deleted: its upload goes too, unless another dataset came from the same file. */
  releaseSourceOf(sourcePath: string | null): void {
    if (!sourcePath || path.dirname(path.resolve(sourcePath)) !== this.#dir) return;
    const stillUsed = this.#library.list().some((dataset) => this.#library.sourcePath(dataset.id) === sourcePath);
    if (!stillUsed) fs.rmSync(sourcePath, { force: true });
  }
}
