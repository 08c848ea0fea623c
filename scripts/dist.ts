import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm run dist`: installers made by electron-builder from electron-builder.config.ts (issue 10, item 9).
 * Packaging needs the Electron runtime (electron-builder copies it into the package and flips its fuses);
 * where it cannot be downloaded, say so in one sentence and exit 1 before building anything.
 * With no arguments it packages for this platform (Linux: AppImage and deb; Windows: NSIS); arguments go
 * to electron-builder as they are (`npm run dist -- --win` for the Windows installer from Linux).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const shell = process.platform === 'win32';

/** The Electron runtime of node_modules/electron, fetched if missing; false when it cannot be had. */
function electronRuntimeAvailable(): boolean {
  let dir: string;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return false;
  }
  const installed = (): boolean => {
    const pathFile = join(dir, 'path.txt');
    return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
  };
  if (installed()) return true;
  process.stdout.write('Callsight: fetching the Electron runtime…\n');
  const download = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  return download.status === 0 && installed();
}

function run(command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!electronRuntimeAvailable()) {
  process.stderr.write(
    "Callsight: cannot package the app — the Electron runtime cannot be downloaded on this machine; run `npm run dist` where Electron's releases can be reached.\n",
  );
  process.exit(1);
}

const platformTargets: Partial<Record<NodeJS.Platform, string>> = { linux: '--linux', win32: '--win' };
const passed = process.argv.slice(2);
const targets = passed.length > 0 ? passed : [platformTargets[process.platform] ?? '--linux'];
run('npx', ['electron-vite', 'build']);
run('npx', ['electron-builder', '--config', 'electron-builder.config.ts', '--publish', 'never', ...targets]);
