import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the browser host and the CLI keep data when not told otherwise; the Electron shell uses
 * app.getPath('userData') instead. CALLSIGHT_DATA_DIR overrides both for scripts and tests.
 */
export function defaultDataDir(): string {
  const override = process.env.CALLSIGHT_DATA_DIR;
  if (override) return override;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Callsight');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Callsight');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'callsight');
}
