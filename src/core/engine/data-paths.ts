import { join } from 'node:path';
import { privateFolder } from '../durable-file.ts';

export interface DataPaths {
  readonly settingsFile: string;
  readonly datasetsDir: string;
  readonly uploadsDir: string;
  /** Finished exports waiting to be saved or downloaded (issue #9). */
  readonly exportsDir: string;
}

/** The layout of the app's data directory; created on first use, owner-only (0700: call logs are personal data). */
export function dataPaths(dataDir: string): DataPaths {
  const paths = {
    settingsFile: join(dataDir, 'settings.json'),
    datasetsDir: join(dataDir, 'datasets'),
    uploadsDir: join(dataDir, 'uploads'),
    exportsDir: join(dataDir, 'exports'),
  };
  privateFolder(dataDir);
  privateFolder(paths.datasetsDir);
  privateFolder(paths.uploadsDir);
  privateFolder(paths.exportsDir);
  return paths;
}
