import type Database from 'better-sqlite3';

/**
 * Helper data the queries derive from a dataset once — the rowids in time order, each call's status
 * class, the values of the manager column — kept in the dataset file itself so the next open reads
 * them instead of deriving them again ("kept for the next open", issue #8). Arrays are stored as
 * blobs of at most PART_ELEMENTS elements. A file that cannot be written keeps them in memory only.
 *
 * Each entry records the dataset's fingerprint; an entry written for another file under the same
 * name is ignored and replaced.
 */

const PART_ELEMENTS = 1 << 20;
/** Bump when what a helper holds changes: older entries are then rebuilt. */
const AUX_VERSION = 1;

type Stored = Int32Array | Uint16Array | Uint8Array;

export class AuxStore {
  readonly #db: Database.Database;
  readonly #fingerprint: string;
  readonly #writable: boolean;
  #ready = false;

  constructor(db: Database.Database, fingerprint: string, writable: boolean) {
    this.#db = db;
    this.#fingerprint = fingerprint;
    this.#writable = writable;
  }

  /** A stored array's length and JSON info without its data, or null when absent or stale. */
  info(name: string): { length: number; info: unknown } | null {
    if (!this.#hasTables()) return null;
    const head = this.#db.prepare('SELECT info FROM callsight_aux_info WHERE name = ?').get(name) as { info: string } | undefined;
    if (!head) return null;
    const parsed = JSON.parse(head.info) as { version: number; fingerprint: string; length: number; info: unknown };
    return parsed.version === AUX_VERSION && parsed.fingerprint === this.#fingerprint ? { length: parsed.length, info: parsed.info } : null;
  }

  /** A stored array and its JSON info, or null when absent or stale. */
  read<T extends Stored>(name: string, make: (length: number) => T): { array: T; info: unknown } | null {
    if (!this.#hasTables()) return null;
    const head = this.#db.prepare('SELECT info FROM callsight_aux_info WHERE name = ?').get(name) as { info: string } | undefined;
    if (!head) return null;
    const parsed = JSON.parse(head.info) as { version: number; fingerprint: string; length: number; info: unknown };
    if (parsed.version !== AUX_VERSION || parsed.fingerprint !== this.#fingerprint) return null;
    const array = make(parsed.length);
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let at = 0;
    for (const part of this.#db.prepare('SELECT data FROM callsight_aux WHERE name = ? ORDER BY part').pluck().iterate(name) as Iterable<Buffer>) {
      bytes.set(part, at);
      at += part.byteLength;
    }
    return at === bytes.byteLength ? { array, info: parsed.info } : null;
  }

  write(name: string, array: Stored, info: unknown): void {
    if (!this.#writable) return;
    try {
      this.writeParts(name, array.length, partsOf(array), info);
    } catch {
      // A full disk or a file locked by another program: the helper stays in memory for this session.
    }
  }

  /**
   * Stores an array given part by part (each PART_ELEMENTS long but the last; `length` elements in all),
   * so a writer that has it on disk (the import) never holds it whole. Throws when it cannot write.
   */
  writeParts(name: string, length: number, parts: Iterable<Stored>, info: unknown): void {
    this.#createTables();
    this.#db.transaction(() => {
      this.#db.prepare('DELETE FROM callsight_aux WHERE name = ?').run(name);
      const insert = this.#db.prepare('INSERT INTO callsight_aux (name, part, data) VALUES (?, ?, ?)');
      let part = 0;
      let elements = 0;
      for (const slice of parts) {
        if (slice.length !== Math.min(PART_ELEMENTS, length - elements)) throw new Error(`aux part ${part} of ${name} has ${slice.length} elements`);
        insert.run(name, part++, Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength));
        elements += slice.length;
      }
      if (part === 0) insert.run(name, 0, Buffer.alloc(0));
      if (elements !== length) throw new Error(`aux ${name}: ${elements} elements written, ${length} expected`);
      this.#db
        .prepare('INSERT OR REPLACE INTO callsight_aux_info (name, info) VALUES (?, ?)')
        .run(name, JSON.stringify({ version: AUX_VERSION, fingerprint: this.#fingerprint, length, info }));
    })();
  }

  #hasTables(): boolean {
    if (this.#ready) return true;
    const row = this.#db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'callsight_aux_info'").get();
    this.#ready = row !== undefined;
    return this.#ready;
  }

  #createTables(): void {
    if (this.#hasTables()) return;
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS callsight_aux_info (name TEXT PRIMARY KEY, info TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS callsight_aux (name TEXT NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (name, part));
    `);
    this.#ready = true;
  }
}

/** The parts an array is stored in. */
function* partsOf(array: Stored): Iterable<Stored> {
  for (let start = 0; start < array.length; start += PART_ELEMENTS) yield array.subarray(start, Math.min(array.length, start + PART_ELEMENTS));
}

/** Elements per stored part (the import writes its parts at this size too). */
export const AUX_PART_ELEMENTS = PART_ELEMENTS;

/**
 * What identifies one import of a dataset, from its meta values: helpers stored for another import of
 * a file under the same name are ignored.
 */
export function datasetFingerprint(importedAt: unknown, sourceSha256: unknown, calls: number): string {
  return `${String(importedAt)}|${String(sourceSha256)}|${calls}`;
}
