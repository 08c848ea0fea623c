import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const URL_LINE = /^Callsight UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;

export interface Host {
  /** The URL printed by the host, token included. */
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
}

/** Starts `node src/host/serve.ts --port 0 --data-dir <temp>` and resolves with the URL line it prints. */
async function startHost(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['src/host/serve.ts', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not print its URL in 30 s\n${stderr}`)), 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = URL_LINE.exec(line.trim());
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before printing its URL\n${stderr}`));
    });
  });
  return { child, url };
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

interface Fixtures {
  host: Host;
  /** Every URL the page's context requested, in order. */
  requests: string[];
  /** Opens the app and waits until it has loaded its settings. */
  openApp: () => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  // One host and one empty data folder per test: tests never see each other's settings or datasets.
  host: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'callsight-e2e-'));
    const { child, url } = await startHost(dataDir);
    await use({ url, origin: new URL(url).origin, dataDir });
    await stopHost(child);
    await rm(dataDir, { recursive: true, force: true });
  },
  requests: async ({ context, host }, use) => {
    const seen: string[] = [];
    context.on('request', (request) => { seen.push(request.url()); });
    await use(seen);
    // A guard on every test, not only the dedicated one: the app talks to its host and nobody else.
    const foreign = seen.filter((url) => !url.startsWith(`${host.origin}/`));
    expect(foreign, 'requests to an origin other than the host').toEqual([]);
  },
  openApp: async ({ page, host, requests }, use) => {
    void requests;
    await use(async () => {
      await page.goto(host.url);
      await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
      return page;
    });
  },
});
