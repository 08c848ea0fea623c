/**
 * UI responsiveness in the browser host, in Debian's Chromium (headless, 1280×800):
 *
 *   node test/bench/ui-responsiveness.ts [--rows N]                    # during an import (default 1,000,000 rows)
 *   node test/bench/ui-responsiveness.ts --drag [--drag-rows N] [--drag-seconds S] [--seed S]
 *
 * Import: starts the browser host on a fresh data folder, opens the real renderer, picks the bench CSV
 * through the import dialog, and records every animation frame from the moment Start is pressed until the
 * dataset appears in the library.
 *
 * Drag (issue 8: "no frame gap > 100 ms while dragging the scrollbar top to bottom of 10M rows"): the grid
 * bench's 10M-row dataset (`grid-<seed>-<rows>.callsight.sqlite`, imported by the real CLI; imported here
 * the same way when it is missing) is linked into a fresh data folder's `datasets/`, where the library
 * lists it, and opened in the call grid. The mouse presses the grid's vertical scrollbar thumb (AG Grid's
 * own `.ag-body-vertical-scroll-viewport`: Chromium draws it once Playwright's `--hide-scrollbars` is
 * left out), moves it to the bottom in small steps over `--drag-seconds`, and lets go; every animation
 * frame is recorded from the press until the last row is on screen. The last row shown is checked against
 * the dataset (its `_line`, read from its detail drawer, is the file's last line). Then Ctrl+Home and
 * Ctrl+End: the time from the key press to the last row's cells on screen.
 *
 * Prints the longest frame gap, the 99th percentile, how many gaps exceeded 100 ms and 50 ms, and the
 * load average. Figures only, no pass/fail; it fails when a check of what it timed fails.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from '@playwright/test';
import { writeBenchCsv } from '../fixtures/bench-data.ts';
import { startBrowserHost } from '../support/browser-host.ts';
import { BENCH_DIR, cachedBenchCsv, CLI, loadAverage, rowsAndSeed, say } from './support.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    drag: { type: 'boolean', default: false },
    'drag-rows': { type: 'string', default: '10000000' },
    'drag-seconds': { type: 'string', default: '8' },
    seed: { type: 'string', default: '20261127' },
    trace: { type: 'string' },
    profile: { type: 'string' },
  },
  strict: true,
});

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CALLSIGHT_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    // Playwright hides scrollbars in headless mode; the drag needs one the mouse can grab.
    ignoreDefaultArgs: ['--hide-scrollbars'],
  });
}

// A string, not a function: this file is type-checked without DOM types, and the code runs in the page.
const START_FRAMES = `
  window.__frames = [];
  window.__recording = true;
  const tick = (now) => { if (!window.__recording) return; window.__frames.push(now); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
`;

/** The same, noting in each frame the grid's first rendered row and whether any row on screen has its data. */
const START_GRID_FRAMES = `
  window.__frames = [];
  window.__firstRows = [];
  window.__loaded = 0;
  window.__recording = true;
  const tick = (now) => {
    if (!window.__recording) return;
    window.__frames.push(now);
    const grid = document.querySelector('[data-testid="calls-grid"]');
    const row = grid && grid.querySelector('.ag-row[row-index]');
    window.__firstRows.push(row ? Number(row.getAttribute('row-index')) : -1);
    if (grid && grid.querySelector('.ag-row[row-id]')) window.__loaded++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

interface Gaps {
  readonly frames: number;
  readonly p99: number;
  readonly worst: number;
  readonly over100: number;
  readonly over50: number;
  /** Where in the recording (ms from its start) the gaps over 100 ms ended. */
  readonly longAt: readonly number[];
}

/**
 * The browser host on `dataDir` and Chromium showing its library at 1280×800, as a user sees it; `run`
 * measures there. Everything is closed and the data folder removed afterwards.
 */
async function inLibrary(dataDir: string, run: (page: Page, browser: Browser) => Promise<void>): Promise<void> {
  const host = await startBrowserHost(dataDir, { echoStderr: true });
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByTestId('nav-datasets').click();
    await run(page, browser);
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function stopFrames(page: Page): Promise<Gaps> {
  const stamps = await page.evaluate<number[]>('(() => { window.__recording = false; return window.__frames; })()');
  const gaps: number[] = [];
  const longAt: number[] = [];
  for (let i = 1; i < stamps.length; i++) {
    const gap = stamps[i]! - stamps[i - 1]!;
    gaps.push(gap);
    if (gap > 100) longAt.push(Math.round(stamps[i]! - stamps[0]!));
  }
  gaps.sort((a, b) => a - b);
  return {
    frames: gaps.length,
    p99: gaps[Math.floor(gaps.length * 0.99)] ?? 0,
    worst: gaps[gaps.length - 1] ?? 0,
    over100: gaps.filter((gap) => gap > 100).length,
    over50: gaps.filter((gap) => gap > 50).length,
    longAt,
  };
}

const gapLines = (gaps: Gaps): string[] => [
  `  frames          ${gaps.frames}`,
  `  frame gap p99   ${gaps.p99.toFixed(1)} ms`,
  `  frame gap max   ${gaps.worst.toFixed(1)} ms   (target ≤ 100 ms)`,
  `  gaps > 100 ms   ${gaps.over100}${gaps.longAt.length > 0 ? `   (ending at ${gaps.longAt.join(', ')} ms)` : ''}`,
  `  gaps > 50 ms    ${gaps.over50}`,
];

async function importScenario(): Promise<void> {
  const rows = Number(values.rows);
  const dir = join(tmpdir(), 'callsight-bench');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `ui-calls-${rows}.csv`);
  if (!existsSync(csv)) writeBenchCsv(csv, rows);
  const megabytes = statSync(csv).size / 1e6;

  const dataDir = mkdtempSync(join(tmpdir(), 'callsight-ui-bench-'));
  await inLibrary(dataDir, async (page) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-file').click();
    await (await chooser).setFiles(csv);
    await page.getByTestId('preview-grid').and(page.locator('[data-ready="true"]')).waitFor({ timeout: 120_000 });

    const loadBefore = loadAverage();
    await page.evaluate(START_FRAMES);
    const started = Date.now();
    await page.getByTestId('import-start').click();
    await page.getByTestId('dataset-row').first().waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - started) / 1000;
    const gaps = await stopFrames(page);
    say(
      [
        `UI responsiveness during import (browser host, Chromium)`,
        `  file            ${rows.toLocaleString('en-US')} rows, ${megabytes.toFixed(1)} MB`,
        `  import to list  ${seconds.toFixed(1)} s`,
        ...gapLines(gaps),
        `  load average    ${loadBefore} → ${loadAverage()}`,
        '',
      ].join('\n'),
    );
  });
}

/** The grid bench's dataset of `rows` rows, or one imported the same way (the real CLI) beside it. */
function benchDataset(rows: number, seed: number): string {
  const grid = join(BENCH_DIR, `grid-${seed}-${rows}.callsight.sqlite`);
  try {
    const marker = JSON.parse(readFileSync(`${grid}.json`, 'utf8')) as { integrity?: string };
    if (existsSync(grid) && marker.integrity?.startsWith('ok')) {
      say(`dataset: the grid bench's ${grid}`);
      return grid;
    }
  } catch {
    // no grid bench dataset: import one
  }
  const own = join(BENCH_DIR, `ui-${seed}-${rows}.callsight.sqlite`);
  if (existsSync(own)) {
    say(`dataset: ${own}`);
    return own;
  }
  const { path: csv } = cachedBenchCsv(rows, seed, say);
  say(`importing ${csv} with the CLI → ${own} …`);
  const partial = `${own}.importing`;
  rmSync(partial, { force: true });
  const run = spawnSync(process.execPath, [CLI, 'import', csv, '--out', partial, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`the import failed (exit ${run.status})`);
  linkSync(partial, own);
  rmSync(partial, { force: true });
  return own;
}

/** The last call in file order (the grid's default order): its rowid, `_line` and time cell. */
function lastCall(file: string): { rowid: number; line: number; time: string; total: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const columns = JSON.parse((db.prepare("SELECT value FROM meta WHERE key = 'columns'").pluck().get() as string | undefined) ?? '[]') as string[];
    const first = columns[0] ?? '';
    const row = db.prepare(`SELECT rowid AS rowid, _line AS line, "${first.replaceAll('"', '""')}" AS time FROM calls ORDER BY _line DESC LIMIT 1`).get() as {
      rowid: number;
      line: number;
      time: string;
    };
    const total = db.prepare('SELECT max(rowid) FROM calls').pluck().get() as number;
    return { ...row, total };
  } finally {
    db.close();
  }
}

async function dragScenario(): Promise<void> {
  const { rows, seed } = rowsAndSeed({ rows: values['drag-rows'], seed: values.seed }, 'bench:ui', 1000);
  const dragMs = Number(values['drag-seconds']) * 1000;
  const source = benchDataset(rows, seed);
  const expected = lastCall(source);
  if (expected.total !== rows) say(`note: the dataset holds ${expected.total} calls (max rowid)`);

  const dataDir = mkdtempSync(join(tmpdir(), 'callsight-ui-drag-'));
  const datasets = join(dataDir, 'datasets');
  mkdirSync(datasets, { recursive: true, mode: 0o700 });
  const linked = join(datasets, 'bench.callsight.sqlite');
  // A hard link (same file system: instant); a copy where linking is refused. The grid's file order
  // writes nothing into the file.
  try {
    linkSync(source, linked);
  } catch {
    say('copying the dataset (no hard link possible) …');
    copyFileSync(source, linked);
  }

  await inLibrary(dataDir, async (page, browser) => {
    await page.getByTestId('dataset-open').click();
    const grid = page.getByTestId('calls-grid');
    await page
      .getByTestId('calls-count')
      .and(page.locator(`[data-total="${expected.total}"]`))
      .waitFor({ timeout: 60_000 });
    await grid.locator('.ag-row[row-index="0"][row-id]').waitFor();

    // AG Grid 36 scrolls its rows in .ag-grid-viewport with the native scrollbar hidden; the scrollbar a user
    // drags is .ag-body-vertical-scroll-viewport's, at the grid's right edge.
    const bar = grid.locator('.ag-body-vertical-scroll-viewport');
    const geometry = await bar.evaluate((el) => ({
      scrollHeight: el.scrollHeight,
      clientHeight: el.clientHeight,
      offsetWidth: el.offsetWidth,
      clientWidth: el.clientWidth,
    }));
    const box = await bar.boundingBox();
    if (!box || box.width < 5) throw new Error(`no scrollbar to drag (width ${box?.width}): is --hide-scrollbars still passed?`);
    const x = box.x + box.width / 2;
    // The thumb: at the top, below the arrow button (as wide as the bar is); at its shortest it is
    // about as long as the bar is wide.
    const arrow = box.width;
    const yTop = box.y + arrow + 4;
    const yBottom = box.y + box.height - arrow - 1;

    const loadBefore = loadAverage();
    if (values.trace)
      await browser.startTracing(page, { path: values.trace, screenshots: false, categories: ['devtools.timeline', 'v8.execute', 'blink.user_timing'] });
    const cdp = values.profile ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.evaluate(START_GRID_FRAMES);
    await page.mouse.move(x, yTop);
    await page.mouse.down();
    const steps = Math.max(50, Math.round(dragMs / 20));
    const started = Date.now();
    for (let i = 1; i <= steps; i++) {
      await page.mouse.move(x, yTop + ((yBottom - yTop) * i) / steps);
      const due = started + (dragMs * i) / steps;
      const wait = due - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
    }
    // Past the end of the track, as a user's hand overshoots.
    await page.mouse.move(x, box.y + box.height + 20);
    const dragSeconds = (Date.now() - started) / 1000;
    const afterDrag = await bar.evaluate((el) => ({ top: el.scrollTop, max: el.scrollHeight - el.clientHeight }));
    await page.mouse.up();
    const released = Date.now();
    const lastRow = grid.locator(`.ag-row[row-index="${expected.total - 1}"][row-id]`).first();
    await lastRow.waitFor({ timeout: 60_000 });
    const settleMs = Date.now() - released;
    const gaps = await stopFrames(page);
    const followed = await page.evaluate<{ positions: number; loaded: number }>('({ positions: new Set(window.__firstRows).size, loaded: window.__loaded })');
    if (values.trace) await browser.stopTracing();
    if (cdp && values.profile) writeFileSync(values.profile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    const loadAfter = loadAverage();

    // What the screen shows: the last row's id, its time cell and its `_line` from its detail.
    const rowId = Number(await lastRow.getAttribute('row-id'));
    const indexes = await grid.locator('.ag-row[row-index]').evaluateAll((els) => els.map((el) => Number(el.getAttribute('row-index'))));
    const shownTime = (await lastRow.locator('[role="gridcell"]').first().innerText()).trim();
    await lastRow.locator('[role="gridcell"]').first().click();
    await page.keyboard.press('Enter');
    const detailHeading = page.getByTestId('call-detail').locator('h3');
    await detailHeading
      .filter({ hasText: /\d/ })
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    const heading = (await detailHeading.innerText()).trim();
    const shownLine = Number(heading.replace(/\D/g, ''));
    await page.getByTestId('call-detail-close').click();
    const checks = [
      [rowId === expected.rowid, `last row id ${rowId}, dataset's last call ${expected.rowid}`],
      [shownLine === expected.line, `last row's _line ${shownLine} (detail "${heading}"), the file's last line ${expected.line}`],
      [shownTime === expected.time, `last row's first cell "${shownTime}", dataset "${expected.time}"`],
    ] as const;

    say(
      [
        `UI responsiveness while dragging the grid's scrollbar (browser host, Chromium, 1280×800)`,
        `  dataset         ${expected.total.toLocaleString('en-US')} calls, file order; scroll range ${geometry.scrollHeight.toLocaleString('en-US')} px (client ${geometry.clientHeight}), scrollbar ${box.width} px wide`,
        `  drag            ${steps} mouse moves over ${dragSeconds.toFixed(1)} s, top to bottom; scrollTop ${Math.round(afterDrag.top)} of ${afterDrag.max} before release`,
        `  release → last row on screen   ${settleMs} ms`,
        ...gapLines(gaps),
        `  rows followed   ${followed.positions} first rows drawn in ${gaps.frames + 1} frames; rows with their data on screen in ${followed.loaded} frames`,
        `  rows shown      ${Math.min(...indexes)}–${Math.max(...indexes)} (row-index), last: id ${rowId}, line ${shownLine}`,
        ...checks.map(([ok, text]) => `  check           ${ok ? 'ok' : 'FAILED'}: ${text}`),
        `  load average    ${loadBefore} → ${loadAfter}`,
      ].join('\n'),
    );
    // Ctrl+End from the top: key press to the last row's cells on screen.
    await grid
      .locator('.ag-row[row-index="0"][row-id] [role="gridcell"]')
      .first()
      .click()
      .catch(() => undefined);
    await page.keyboard.press('Control+Home');
    await grid.locator('.ag-row[row-index="0"][row-id]').first().waitFor();
    await grid.locator('.ag-row[row-index="0"][row-id] [role="gridcell"]').first().click();
    await page.waitForTimeout(500);
    const loadEnd = loadAverage();
    await page.evaluate(START_FRAMES);
    const pressed = await page.evaluate<number>('performance.now()');
    await page.keyboard.press('Control+End');
    const shownAt = await page.evaluate<number>(`new Promise((resolve) => {
      const want = ${JSON.stringify(expected.time)};
      setTimeout(() => resolve(-1), 30000);
      const look = () => {
        const cell = document.querySelector('[data-testid="calls-grid"] .ag-row[row-index="${expected.total - 1}"][row-id] [role="gridcell"]');
        if (cell && cell.textContent.trim() === want) resolve(performance.now()); else requestAnimationFrame(look);
      };
      look();
    })`);
    const endGaps = await stopFrames(page);
    if (shownAt < 0) {
      say('Ctrl+End: the last row was not on screen after 30 s');
      process.exitCode = 1;
    }

    say(
      `Ctrl+End from the top: key press → last row's cells on screen ${(shownAt - pressed).toFixed(0)} ms; frame gap max ${endGaps.worst.toFixed(1)} ms (load ${loadEnd})`,
    );
    if (checks.some(([ok]) => !ok)) process.exitCode = 1;
  });
}

if (values.drag) await dragScenario();
else await importScenario();
