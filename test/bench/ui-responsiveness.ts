/**
 * UI responsiveness during a large import, in the browser host:
 *
 *   node test/bench/ui-responsiveness.ts [--rows N]
 *
 * Starts the browser host on a fresh data folder, opens the real renderer in Debian's Chromium, picks
 * the bench CSV through the import dialog, and records every animation frame from the moment Start is
 * pressed until the dataset appears in the library. Prints the longest frame gap, the 99th percentile
 * and how many gaps exceeded 100 ms (target: none). Figures only, no pass/fail.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { writeBenchCsv } from '../fixtures/bench-data.ts';
import { startBrowserHost } from '../support/browser-host.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } }, strict: true });
const rows = Number(values.rows);

const dir = join(tmpdir(), 'callsight-bench');
mkdirSync(dir, { recursive: true });
const csv = join(dir, `ui-calls-${rows}.csv`);
if (!existsSync(csv)) writeBenchCsv(csv, rows);
const megabytes = statSync(csv).size / 1e6;

const dataDir = mkdtempSync(join(tmpdir(), 'callsight-ui-bench-'));
const host = await startBrowserHost(dataDir, { echoStderr: true });
const { url } = host;

const browser = await chromium.launch({
  executablePath: process.env.CALLSIGHT_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.getByTestId('nav-datasets').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(csv);
  await page.getByTestId('preview-grid').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });

  // A string, not a function: this file is type-checked without DOM types, and the code runs in the page.
  await page.evaluate(`
    window.__frameGaps = [];
    let last = performance.now();
    const tick = (now) => { window.__frameGaps.push(now - last); last = now; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  `);
  const started = Date.now();
  await page.getByTestId('import-start').click();
  await page.getByTestId('dataset-row').first().waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - started) / 1000;
  const gaps = (await page.evaluate<number[]>('window.__frameGaps')).slice(1);
  gaps.sort((a, b) => a - b);
  const p99 = gaps[Math.floor(gaps.length * 0.99)] ?? 0;
  const worst = gaps[gaps.length - 1] ?? 0;
  const over = gaps.filter((gap) => gap > 100).length;
  process.stdout.write(
    [
      `UI responsiveness during import (browser host, Chromium)`,
      `  file            ${rows.toLocaleString('en-US')} rows, ${megabytes.toFixed(1)} MB`,
      `  import to list  ${seconds.toFixed(1)} s`,
      `  frames          ${gaps.length}`,
      `  frame gap p99   ${p99.toFixed(1)} ms`,
      `  frame gap max   ${worst.toFixed(1)} ms   (target ≤ 100 ms)`,
      `  gaps > 100 ms   ${over}`,
      '',
    ].join('\n'),
  );
} finally {
  await browser.close();
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
