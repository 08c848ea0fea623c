import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface DataPaths {
  readonly settingsFile: string;
  readonly datasetsDir: string;
  readonly uploadsDir: string;
}

/** The layout of the app's data directory; created on first use. */
export function dataPaths(dataDir: string): DataPaths {
  const paths = {
    settingsFile: join(dataDir, 'settings.json'),
    datasetsDir: join(dataDir, 'datasets'),
    uploadsDir: join(dataDir, 'uploads'),
  };
  mkdirSync(paths.datasetsDir, { recursive: true });
  mkdirSync(paths.uploadsDir, { recursive: true });
  return paths;
}
