import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Issue 10, item 10: where the Electron runtime cannot be had (these machines), `npm start` says so in one
 * sentence, starts the browser host and opens its URL with the system's opener — or prints it when there is none.
 * Needs the built renderer: `npm test` builds before the unit and integration tests; run alone, build first
 * (`npm run build`). A missing build fails the test with that sentence rather than skipping it.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(join(ROOT, 'out/renderer/index.html'));
const tmp = mkdtempSync(join(tmpdir(), 'callsight-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
});

function runStart(pathDir: string, dataDir: string): { output: () => string; exited: Promise<number | null>; child: ChildProcess } {
  const child = spawn(process.execPath, ['scripts/start.ts', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, PATH: pathDir, RECORD: join(pathDir, 'opened.txt') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { output: () => output, exited: new Promise((resolve) => child.once('exit', resolve)), child };
}

async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('npm start without an Electron runtime', () => {
  it('has a built renderer to serve (npm run build)', () => {
    expect(built, 'out/renderer/index.html is missing: run `npm run build` first').toBe(true);
  });

  it('starts the browser host and opens its URL with xdg-open', async () => {
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nprintf "%s" "$1" > "$RECORD"\n');
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const run = runStart(bin, join(tmp, 'data1'));
    await until(() => existsSync(join(bin, 'opened.txt')));
    const opened = existsSync(join(bin, 'opened.txt')) ? readFileSync(join(bin, 'opened.txt'), 'utf8') : '';
    expect(opened, run.output()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
    expect(run.output()).toContain(`Callsight UI: ${opened}`);
    const sentences = run
      .output()
      .split('\n')
      .filter((line) => line.includes('cannot be downloaded'));
    expect(sentences).toHaveLength(1);
    expect((await fetch(new URL(opened).origin)).status).toBe(200);
    run.child.kill('SIGTERM');
    await run.exited;
  });

  it('prints the URL to open when the system has no opener', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    const run = runStart(empty, join(tmp, 'data2'));
    await until(() => /open http:\/\/127\.0\.0\.1:\d+\/#token=\S+ in your browser/.test(run.output()));
    expect(run.output()).toMatch(/Callsight: open http:\/\/127\.0\.0\.1:\d+\/#token=\S+ in your browser\./);
    run.child.kill('SIGTERM');
    await run.exited;
  });
});
