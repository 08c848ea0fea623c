import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { datasetViewsSchema } from '../../shared/dataset-view.ts';
import { DEFAULT_SETTINGS, LANGUAGES, type Settings } from '../../shared/settings.ts';
import { writeFileDurably } from '../durable-file.ts';

// A field that does not read back (a hand-edited file, an older layout) falls back to its default alone.
const storedSettings = z
  .object({
    language: z.enum(LANGUAGES).catch(DEFAULT_SETTINGS.language),
    views: datasetViewsSchema.catch(() => ({})),
  })
  .partial();

/** Settings in a small JSON file, so both hosts (and every port of the browser host) remember them. */
export class SettingsStore {
  readonly #file: string;
  #current: Settings;

  constructor(file: string) {
    this.#file = file;
    this.#current = { ...DEFAULT_SETTINGS, ...readSettings(file) };
  }

  get(): Settings {
    return this.#current;
  }

  update(patch: Partial<Settings>): Settings {
    this.#current = { ...this.#current, ...stripUndefined(patch) };
    // Write, fsync, rename, fsync the folder: a crash or power cut never leaves half a file.
    writeFileDurably(this.#file, JSON.stringify(this.#current, null, 2));
    return this.#current;
  }
}

function readSettings(file: string): Partial<Settings> {
  try {
    const parsed = storedSettings.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? stripUndefined(parsed.data) : {};
  } catch {
    return {};
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
