import { spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallsightApi } from '../../src/shared/api.ts';
import type { ExportProgress, ExportRequest } from '../../src/shared/export.ts';
import { classifyStatus } from '../../src/shared/status/classify.ts';
import { expect, test } from './fixtures.ts';
import { callRow, HEADER } from './files.ts';

/**
 * Exports in Chromium against the browser host (issue #9): through the page's own API
 * (`window.callsight.exports` — start, progress events, the token-header download the host client turns
 * into a browser download, cancel leaving no file), and through the export dialog as a user reaches it:
 * the grid's "Export…" / Ctrl+E with the current view, and the library's whole-dataset export.
 */
const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

async function datasetOf(dataDir: string, id: string, count: number): Promise<void> {
  const csv = join(dataDir, `${id}.csv`);
  await writeFile(csv, `${[HEADER, ...Array.from({ length: count }, (_, i) => callRow(i))].map((row) => row.join(';')).join('\n')}\n`);
  await mkdir(join(dataDir, 'datasets'), { recursive: true });
  const run = spawnSync(process.execPath, [CLI, 'import', csv, '--out', join(dataDir, 'datasets', `${id}.callsight.sqlite`), '--json'], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

/** Runs in the page: starts an export (and cancels it at once if asked); resolves with its last progress event. */
const exportInPage = async ([id, req, stop]: [string, ExportRequest, boolean]): Promise<ExportProgress> => {
  const api = (globalThis as unknown as { callsight: CallsightApi }).callsight;
  let jobId = '';
  const seen: ExportProgress[] = [];
  const ended = new Promise<ExportProgress>((resolve) => {
    api.exports.onProgress((progress) => {
      seen.push(progress);
      if (progress.jobId === jobId && ['done', 'failed', 'cancelled'].includes(progress.phase)) resolve(progress);
    });
  });
  const started = await api.exports.start(id, req);
  if (!started.ok) throw new Error(started.error.message);
  jobId = started.value.jobId;
  if (stop) await api.exports.cancel(jobId);
  // An event that arrived before jobId was known is in `seen`.
  const early = seen.find((p) => p.jobId === jobId && ['done', 'failed', 'cancelled'].includes(p.phase));
  return early ?? ended;
};

test('an export of the client side downloads as a CSV with the engine’s count of calls', async ({ openApp, host }) => {
  await datasetOf(host.dataDir, 'march', 400);
  const page = await openApp();
  const request: ExportRequest = { format: 'csv', filter: { sides: ['client'] }, sort: { column: '_line', direction: 'asc' }, language: 'ru' };
  const last = await page.evaluate(exportInPage, ['march', request, false] as [string, ExportRequest, boolean]);
  expect(last.phase).toBe('done');
  const clients = Array.from({ length: 400 }, (_, i) => callRow(i)).filter((row) => classifyStatus(row[1]!).side === 'client').length;
  expect(last.result?.rows).toBe(clients);
  const downloading = page.waitForEvent('download');
  const saved = await page.evaluate((name) => (globalThis as unknown as { callsight: CallsightApi }).callsight.exports.save(name), last.result!.fileName);
  expect(saved).toEqual({ ok: true, value: { saved: true } });
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(last.result!.fileName);
  const path = join(host.dataDir, 'downloaded.csv');
  await download.saveAs(path);
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  expect(text.trimEnd().split('\r\n')).toHaveLength(clients + 1);
});

test('a cancelled export leaves no file in exports/', async ({ openApp, host }) => {
  await datasetOf(host.dataDir, 'big', 60_000);
  const page = await openApp();
  const request: ExportRequest = { format: 'xlsx', filter: {}, sort: { column: '_line', direction: 'asc' }, language: 'en' };
  const last = await page.evaluate(exportInPage, ['big', request, true] as [string, ExportRequest, boolean]);
  expect(last.phase).toBe('cancelled');
  expect(await readdir(join(host.dataDir, 'exports'))).toEqual([]);
});

/** Opens the first dataset of the library in the call grid; resolves once its count is shown. */
async function openCalls(page: Page, total: number): Promise<void> {
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('dataset-name').first().click();
  await page.getByTestId('dataset-detail-open').click();
  await expect(page.getByTestId('calls-screen')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(total));
}

/** Runs the open export dialog to its end, saves the file through the browser download, returns its path. */
async function exportThroughDialog(page: Page, dataDir: string, format: 'csv' | 'xlsx', saveAs: string): Promise<string> {
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('export-format').selectOption(format);
  await expect(dialog.getByTestId('export-file-name')).toHaveText(new RegExp(`\\.${format}$`));
  // CSV only: the formula guard, on unless the user unticks it.
  await expect(dialog.getByTestId('export-formula-guard')).toHaveCount(format === 'csv' ? 1 : 0);
  if (format === 'csv') await expect(dialog.getByTestId('export-formula-guard')).toBeChecked();
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-done')).toBeVisible({ timeout: 60_000 });
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-save').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
  const path = join(dataDir, saveAs);
  await download.saveAs(path);
  await dialog.getByTestId('export-dialog-close').click();
  await expect(dialog).toHaveCount(0);
  return path;
}

test('the grid’s Export… and Ctrl+E export the current view: client side, CSV and XLSX match the grid’s count', async ({ openApp, host }) => {
  test.setTimeout(120_000);
  const total = 500;
  await datasetOf(host.dataDir, 'april', total);
  const page = await openApp();
  await openCalls(page, total);

  // The client side in the grid: "N of M".
  await page.getByTestId('call-chip-client').click();
  await expect(page.getByTestId('call-chip-client')).toHaveAttribute('aria-pressed', 'true');
  const clients = Array.from({ length: total }, (_, i) => callRow(i)).filter((row) => classifyStatus(row[1]!).side === 'client').length;
  const count = page.getByTestId('calls-count');
  await expect(count).toHaveAttribute('data-matched', String(clients));
  const matched = Number(await count.getAttribute('data-matched'));
  expect(await count.textContent()).toContain(`${matched.toLocaleString('ru-RU')} из`);

  // The view: the client's number hidden, the manager pinned first, newest calls first.
  await page.getByTestId('column-chooser-button').click();
  await page.locator('[data-testid="column-entry"][data-col="Номер клиента"] input[type="checkbox"]').uncheck();
  await page.locator('[data-testid="column-entry"][data-col="Менеджер"] select').selectOption('left');
  await page.getByTestId('column-chooser-button').click();
  const dateHeader = page.getByTestId('calls-grid').locator('.ag-header-cell[role="columnheader"][col-id="Дата"]');
  await dateHeader.locator('.ag-header-cell-label').click();
  await dateHeader.locator('.ag-header-cell-label').click();
  await expect(dateHeader).toHaveAttribute('aria-sort', 'descending');
  const firstRow = (colId: string) => page.getByTestId('calls-grid').locator(`.ag-row[row-index="0"] [role="gridcell"][col-id="${colId}"]`);
  await expect(firstRow('Дата')).not.toBeEmpty();
  const gridFirst = [await firstRow('Менеджер').textContent(), await firstRow('Дата').textContent(), await firstRow('Статус').textContent()];

  // Ctrl+E from the grid opens the dialog on the current view; the proposed name says the side.
  await firstRow('Дата').click();
  await page.keyboard.press('Control+e');
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await expect(page.getByTestId('export-scope-view')).toBeChecked();
  await expect(page.getByTestId('export-file-name')).toContainText('клиент');
  const csvPath = await exportThroughDialog(page, host.dataDir, 'csv', 'view.csv');
  const lines = (await readFile(csvPath, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines).toHaveLength(matched + 1);
  // The view's visible original columns in the grid's order, then the six annotations; the grid's order of rows.
  expect(lines[0]!.split(';').slice(0, 3)).toEqual(['Менеджер', 'Дата', 'Статус']);
  expect(lines[0]!.split(';')).toHaveLength(3 + 6);
  expect(lines[1]!.split(';').slice(0, 3)).toEqual(gridFirst);
  for (const line of lines.slice(1)) expect(classifyStatus(line.split(';')[2]!).side).toBe('client');

  // The toolbar's "Export…" button: XLSX of the same view.
  await page.getByTestId('calls-export').click();
  const xlsxPath = await exportThroughDialog(page, host.dataDir, 'xlsx', 'view.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsxPath);
  expect(workbook.worksheets[0]!.rowCount).toBe(matched + 1);
});

test('the library exports the whole dataset; a big export cancelled in the dialog leaves no file', async ({ openApp, host }) => {
  test.setTimeout(120_000);
  // Big enough that the XLSX is still being written when Cancel is pressed, even on a fast machine.
  await datasetOf(host.dataDir, 'big', 200_000);
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('dataset-name').first().click();
  await page.getByTestId('dataset-detail-export').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('export-scope-view')).toHaveCount(0);
  await dialog.getByTestId('export-format').selectOption('xlsx');
  await dialog.getByTestId('export-start').click();
  await expect(dialog.getByTestId('export-progress')).toBeVisible();
  await dialog.getByTestId('export-cancel').click();
  await expect(dialog.getByTestId('export-stopped')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId('export-stopped')).toContainText('отменена');
  expect(await readdir(join(host.dataDir, 'exports'))).toEqual([]);
});
