import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start`: build, then run the desktop app. Electron downloads its runtime on first use; where that
 * is impossible (an offline machine), say so in one sentence, build if needed, start the browser host and
 * open its URL in the system's browser (issue 10, item 10), so `npm start` always shows the product.
 * `npm start -- --browser` goes straight to the browser host; `--port N`, `--data-dir DIR` are passed to it.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const shell = process.platform === 'win32';

function electronDir(): string | null {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

function installedBinary(dir: string): string | null {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function ensureElectron(): boolean {
  const dir = electronDir();
  if (!dir) return false;
  if (installedBinary(dir)) return true;
  process.stdout.write('Callsight: fetching the Electron runtime (first start only)…\n');
  const download = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'ignore', timeout: 180_000 });
  return download.status === 0 && installedBinary(dir) !== null;
}

/** The system's "open this URL" command, or null where there is none. */
function openerFor(platform: NodeJS.Platform): { command: string; args: (url: string) => string[] } | null {
  if (platform === 'darwin') return { command: 'open', args: (url) => [url] };
  if (platform === 'win32') return { command: 'cmd', args: (url) => ['/c', 'start', '""', url.replace(/&/g, '^&')] };
  return { command: 'xdg-open', args: (url) => [url] };
}

function openInBrowser(url: string): void {
  const opener = openerFor(process.platform);
  const fallback = (): void => {
    process.stdout.write(`Callsight: open ${url} in your browser.\n`);
  };
  if (!opener) return fallback();
  try {
    const child = spawn(opener.command, opener.args(url), { stdio: 'ignore', detached: true });
    child.once('error', fallback);
    child.once('exit', (code) => {
      if (code !== 0) fallback();
    });
    child.unref();
  } catch {
    fallback();
  }
}

function runBrowserHost(): void {
  if (!existsSync(join(root, 'out/renderer/index.html'))) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', shell });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  // `npm start -- --port N --data-dir DIR` reach the host.
  const hostArgs = process.argv.slice(2).filter((arg) => arg !== '--browser');
  const host = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(root, 'src/host/serve.ts'), ...hostArgs], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
  });
  let opened = false;
  host.stdout.setEncoding('utf8');
  host.stdout.on('data', (text: string) => {
    process.stdout.write(text);
    const match = /^Callsight UI: (\S+)$/m.exec(text);
    if (match && !opened) {
      opened = true;
      openInBrowser(match[1]!);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => host.kill(signal));
  host.once('exit', (code) => process.exit(code ?? 0));
}

if (process.argv.includes('--browser')) {
  runBrowserHost();
} else if (!ensureElectron()) {
  process.stdout.write(
    'Callsight: the Electron runtime is not installed and cannot be downloaded on this machine, so Callsight opens in your browser instead (stop it with Ctrl+C).\n',
  );
  runBrowserHost();
} else {
  // `electron-vite preview` builds main, preload and renderer, then starts Electron on the result.
  const run = spawnSync('npx', ['electron-vite', 'preview'], { cwd: root, stdio: 'inherit', shell });
  process.exit(run.status ?? 0);
}
