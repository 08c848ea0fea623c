import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config.ts';

/**
 * Issue 10, item 9: the packaging configuration (electron-builder.config.ts), read as data — no build runs
 * here (packaging needs the Electron runtime, which these machines cannot download).
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};

/**
 * What electron-builder does with a path of the app folder: kept when the last pattern that matches it is not
 * negated. Production dependencies are added by electron-builder itself, so they are kept unless a pattern drops them.
 */
function packed(patterns: readonly string[], file: string): boolean {
  let kept = file.startsWith('node_modules/');
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (matchesGlob(file, negated ? pattern.slice(1) : pattern)) kept = !negated;
  }
  return kept;
}

describe('electron-builder configuration', () => {
  it('sets the Electron fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar with better-sqlite3 unpacked beside it', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    // Node-API binaries for every platform ship in the package: nothing is rebuilt against Electron.
    expect(config.npmRebuild).toBe(false);
  });

  it('packs the build and nothing of the sources, tests or source maps', () => {
    const files = config.files;
    for (const file of [
      'out/main/index.js',
      'out/main/engine-worker.js',
      'out/main/import-worker.js',
      'out/main/scan-worker.js',
      'out/main/chunks/scan-range-abc.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc.js',
      'package.json',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
    ]) {
      expect(packed(files, file), file).toBe(true);
    }
    for (const file of [
      'src/main/index.ts',
      'test/unit/main/packaging.test.ts',
      'scripts/dist.ts',
      'README.md',
      'out/main/index.js.map',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3/src/better_sqlite3.cpp',
      '.git/config',
    ]) {
      expect(packed(files, file), file).toBe(false);
    }
  });

  it('makes AppImage and deb for Linux, NSIS for Windows, each with its own SQLite binary only', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    const linux = [...config.files, ...config.linux.files];
    const win = [...config.files, ...config.win.files];
    expect(packed(linux, 'node_modules/better-sqlite3/prebuilds/linux-x64.node')).toBe(true);
    expect(packed(linux, 'node_modules/better-sqlite3/prebuilds/win32-x64.node')).toBe(false);
    expect(packed(win, 'node_modules/better-sqlite3/prebuilds/win32-x64.node')).toBe(true);
    expect(packed(win, 'node_modules/better-sqlite3/prebuilds/linux-x64.node')).toBe(false);
    expect(config.publish).toBeNull();
  });

  it('is what `npm run dist` runs, with electron-builder a dev dependency', () => {
    expect(pkg.scripts.dist).toContain('scripts/dist.ts');
    expect(readFileSync(join(ROOT, 'scripts/dist.ts'), 'utf8')).toContain("'--config', 'electron-builder.config.ts'");
    expect(pkg.devDependencies['electron-builder']).toBeDefined();
    expect(pkg.dependencies['electron-builder']).toBeUndefined();
    // Squirrel.Windows' helper is not used (NSIS is): its install script is declined, so `npm install` asks nothing.
    expect(pkg.allowScripts?.['electron-winstaller']).toBe(false);
  });
});

const electronInstalled = ((): boolean => {
  const dir = join(ROOT, 'node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
})();

describe.skipIf(electronInstalled)('npm run dist without the Electron runtime', () => {
  it('says so in one sentence and exits 1', () => {
    // A mirror nobody listens on: the download fails at once, wherever this runs.
    const run = spawnSync(process.execPath, ['scripts/dist.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', ELECTRON_GET_USE_PROXY: '' },
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Callsight: cannot package the app — the Electron runtime cannot be downloaded on this machine; .+\.$/);
  });
});
