import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * `npm start`: build, then run the desktop app. Electron downloads its runtime on first use; where
 * that is impossible (an offline machine), say so in one sentence and point to the browser host.
 */
const require = createRequire(import.meta.url);
const electronDir = dirname(require.resolve('electron/package.json'));

function installedBinary(): string | null {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function ensureElectron(): boolean {
  if (installedBinary()) return true;
  process.stdout.write('Callsight: fetching the Electron runtime (first start only)…\n');
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  return download.status === 0 && installedBinary() !== null;
}

if (!ensureElectron()) {
  process.stderr.write('Callsight: the Electron runtime is not installed and cannot be downloaded on this machine; run `npm run build && npm run serve` to use Callsight in your browser instead.\n');
  process.exit(1);
}

const shell = process.platform === 'win32';
// `electron-vite preview` builds main, preload and renderer, then starts Electron on the result.
const run = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit', shell });
process.exit(run.status ?? 0);
