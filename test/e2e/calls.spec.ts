import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { classifyStatus } from '../../src/shared/status/classify.ts';
import { SIDES, type Side } from '../../src/shared/status/types.ts';
import { expect, test } from './fixtures.ts';
import { callRow, callsCsv } from './files.ts';

const DOCS = fileURLToPath(new URL('../../docs', import.meta.url));
const COUNT = 400;

/** The generated calls as the test's reference: time (as the engine stores it), status code, side. */
const CALLS = Array.from({ length: COUNT }, (_, i) => {
  const [date = '', status = '', phone = '', manager = ''] = callRow(i);
  const [, d, mo, y, time] = /^(\d{2})\.(\d{2})\.(\d{4}) (\S+)$/.exec(date) ?? [];
  const classified = classifyStatus(status);
  return { date, time: `${y}-${mo}-${d}T${time}`, code: classified.code, side: classified.side, reason: classified.reason, phone, manager };
});

const ru = (n: number): string => n.toLocaleString('ru-RU');

async function importCalls(page: Page, path: string): Promise<void> {
  await page.getByTestId('nav-datasets').click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('import-name').fill('Март');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
}

/** The text of one column's cell in the grid row at a position (the grid renders rows as they load). */
function gridCell(page: Page, rowIndex: number, colId: string) {
  return page.getByTestId('calls-grid').locator(`.ag-row[row-index="${rowIndex}"] [role="gridcell"][col-id="${colId}"]`);
}

/** The engine's own counts for a filter, through the page's API (the same call the chips make). */
async function engineCounts(page: Page, datasetId: string, filter: object): Promise<Record<Side, number>> {
  return page.evaluate<Record<Side, number>>(`(async () => {
    const result = await window.callsight.calls.counts(${JSON.stringify(datasetId)}, ${JSON.stringify(filter)});
    if (!result.ok) throw new Error(result.error.message);
    return result.value.bySide;
  })()`);
}

async function chipCounts(page: Page): Promise<Partial<Record<Side, number>>> {
  const chips = await page.getByTestId('call-side-chips').locator('[data-count]').all();
  const pairs = await Promise.all(chips.map(async (chip) => [await chip.getAttribute('data-testid'), await chip.getAttribute('data-count')] as const));
  return Object.fromEntries(pairs.map(([id, count]) => [String(id).replace('call-chip-', ''), Number(count)]));
}

test('the call grid: side chips, time range, sort, last row, detail, reference both ways, remembered view, language', async ({ openApp }, testInfo) => {
  test.setTimeout(120_000);
  const { text } = callsCsv(COUNT);
  const path = testInfo.outputPath('calls.csv');
  await writeFile(path, text);
  const page = await openApp();
  await importCalls(page, path);

  // "Open the calls" from the dataset's summary: the grid, every call counted.
  await page.getByTestId('dataset-detail-open').click();
  const screen = page.getByTestId('calls-screen');
  await expect(screen).toHaveAttribute('data-state', 'ready');
  const datasetId = String(await screen.getAttribute('data-dataset'));
  const count = page.getByTestId('calls-count');
  await expect(count).toHaveAttribute('data-matched', String(COUNT));
  await expect(gridCell(page, 0, 'Статус')).toHaveText(CALLS[0]!.code ?? '');
  await expect(page.getByTestId('calls-grid').locator('.ag-header-cell-text')).toContainText(['Дата', 'Статус', 'Номер клиента', 'Менеджер', 'Статус', 'Значение', 'Сторона', 'Причина']);

  // Chips count every side; the numbers are the engine's and the generated file's.
  const bySide = Object.fromEntries(SIDES.map((side) => [side, CALLS.filter((call) => call.side === side).length])) as Record<Side, number>;
  await expect.poll(() => chipCounts(page)).toEqual(Object.fromEntries(SIDES.filter((side) => bySide[side] > 0).map((side) => [side, bySide[side]])));
  expect(await engineCounts(page, datasetId, {})).toEqual(bySide);

  // Client side only.
  await page.getByTestId('call-chip-client').click();
  await expect(page.getByTestId('call-chip-client')).toHaveAttribute('aria-pressed', 'true');
  await expect(count).toHaveAttribute('data-matched', String(bySide.client));
  await expect(page.getByTestId('filter-token-text')).toHaveText(['Сторона: Клиент']);

  // A time range: 5 to 20 March (to exclusive).
  await page.getByTestId('time-from').fill('2026-03-05T00:00');
  await page.getByTestId('time-to').fill('2026-03-20T00:00');
  const inRange = CALLS.filter((call) => call.side === 'client' && call.time >= '2026-03-05T00:00:00' && call.time < '2026-03-20T00:00:00');
  await expect(count).toHaveAttribute('data-matched', String(inRange.length));
  await expect(count).toContainText(`${ru(inRange.length)} из ${ru(COUNT)}`);
  await expect(page.getByTestId('filter-token-text')).toHaveText(['Сторона: Клиент', 'Время: 2026-03-05 00:00 — 2026-03-20 00:00']);
  // Chips now count the other sides within the time range (engine's figures).
  const rangeCounts = await engineCounts(page, datasetId, { from: '2026-03-05T00:00', to: '2026-03-20T00:00' });
  await expect.poll(async () => (await chipCounts(page)).client).toBe(rangeCounts.client);
  expect(rangeCounts.client).toBe(inRange.length);

  // Sort by time, descending (second click on the header).
  const dateHeader = page.getByTestId('calls-grid').locator('.ag-header-cell[col-id="Дата"]');
  await dateHeader.locator('.ag-header-cell-label').click();
  await expect(dateHeader).toHaveAttribute('aria-sort', 'ascending');
  await dateHeader.locator('.ag-header-cell-label').click();
  await expect(dateHeader).toHaveAttribute('aria-sort', 'descending');
  const byTimeDesc = [...inRange].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  await expect(gridCell(page, 0, 'Дата')).toHaveText(byTimeDesc[0]!.date);

  // Ctrl+End: the last row (the earliest call of the range) is on screen and readable.
  await gridCell(page, 0, 'Дата').click();
  await page.keyboard.press('Control+End');
  const last = inRange.length - 1;
  await expect(gridCell(page, last, 'Дата')).toHaveText(byTimeDesc[last]!.date);
  const lastCode = (await gridCell(page, last, 'Статус').innerText()).trim();
  expect(CALLS.filter((call) => call.date === byTimeDesc[last]!.date).map((call) => call.code)).toContain(lastCode);

  // Its detail: Enter on the focused last row.
  await expect(gridCell(page, last, 'Дата')).toHaveClass(/ag-cell-focus/);
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('call-detail');
  await expect(detail).toBeFocused();
  await expect(detail.getByTestId('call-detail-code')).toHaveText(lastCode);
  await expect(detail.getByTestId('call-field').filter({ hasText: 'Дата' }).locator('dd')).toHaveText(byTimeDesc[last]!.date);
  await expect(detail.getByTestId('call-detail-client-leg')).toBeVisible();

  // To its status in the reference, with the dataset's count of it, and back.
  await detail.getByTestId('call-detail-reference').click();
  await expect(page.getByTestId('reference-screen')).toBeVisible();
  const statusDetail = page.getByTestId('status-detail');
  await expect(statusDetail).toHaveAttribute('data-code', lastCode);
  const withCode = CALLS.filter((call) => call.code === lastCode).length;
  await expect(statusDetail.getByTestId('detail-in-dataset')).toHaveAttribute('data-count', String(withCode));
  await page.getByTestId('nav-calls').click();
  await expect(screen).toBeVisible();
  await expect(count).toHaveAttribute('data-matched', String(inRange.length));
  await expect(page.getByTestId('call-detail')).toBeVisible();

  // Hide a column; the view (filter, sort, columns) is saved to the settings and found again after a reload.
  const saved = page.waitForResponse((response) => response.url().includes('/api/settings/update'));
  await page.getByTestId('column-chooser-button').click();
  await page.getByTestId('column-entry').filter({ hasText: 'Менеджер' }).first().locator('input[type="checkbox"]').uncheck();
  await page.keyboard.press('Escape');
  await saved;
  await expect(page.getByTestId('calls-grid').locator('.ag-header-cell[col-id="Менеджер"]')).toHaveCount(0);
  await page.waitForTimeout(600); // the store writes after a short pause; the request above may be an earlier one
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('dataset-open').click();
  await expect(screen).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('filter-token-text')).toHaveText(['Сторона: Клиент', 'Время: 2026-03-05 00:00 — 2026-03-20 00:00']);
  await expect(count).toHaveAttribute('data-matched', String(inRange.length));
  await expect(dateHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(gridCell(page, 0, 'Дата')).toHaveText(byTimeDesc[0]!.date);
  await expect(page.getByTestId('calls-grid').locator('.ag-header-cell[col-id="Менеджер"]')).toHaveCount(0);

  // Back and forward through the filter history (Alt+←, Alt+→).
  await gridCell(page, 0, 'Дата').click();
  await page.getByTestId('filter-token-remove').first().click();
  await expect(page.getByTestId('filter-token-text')).toHaveText(['Время: 2026-03-05 00:00 — 2026-03-20 00:00']);
  await gridCell(page, 0, 'Дата').click();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByTestId('filter-token-text')).toHaveText(['Сторона: Клиент', 'Время: 2026-03-05 00:00 — 2026-03-20 00:00']);
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('filter-token-text')).toHaveText(['Время: 2026-03-05 00:00 — 2026-03-20 00:00']);
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(count).toHaveAttribute('data-matched', String(inRange.length));

  await mkdir(DOCS, { recursive: true });
  await page.screenshot({ path: join(DOCS, 'screenshot-calls.png') });

  // English: headers, chips and tokens follow.
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('calls-grid').locator('.ag-header-cell[col-id="_side"] .ag-header-cell-text')).toHaveText('Side');
  await expect(page.getByTestId('call-chip-client')).toContainText('Client');
  await expect(page.getByTestId('filter-token-text').first()).toHaveText('Side: Client');
  await expect(count).toContainText(`${inRange.length} of ${COUNT} calls`);
});

test('the summary: counts, charts, and a click narrows the grid', async ({ openApp }, testInfo) => {
  test.setTimeout(120_000);
  const { text } = callsCsv(COUNT);
  const path = testInfo.outputPath('calls.csv');
  await writeFile(path, text);
  const page = await openApp();
  await importCalls(page, path);
  await page.getByTestId('dataset-detail-open').click();
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(COUNT));

  // The reason picker lists reasons with their counts; picking one narrows the grid, the status picker follows.
  await page.getByTestId('reason-picker-button').click();
  const busy = page.getByTestId('reason-picker-option').filter({ hasText: 'Занято' });
  const busyCount = CALLS.filter((call) => call.reason === 'busy').length;
  await expect(busy).toContainText(ru(busyCount));
  await busy.locator('input').check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(busyCount));
  await page.getByTestId('status-picker-button').click();
  const busyCodes = [...new Set(CALLS.filter((call) => call.reason === 'busy').map((call) => call.code))].sort();
  const statusOptions = async (): Promise<string[]> => {
    const options = await page.getByTestId('status-picker-option').all();
    return (await Promise.all(options.map((option) => option.getAttribute('data-value')))).map(String).sort();
  };
  await expect.poll(statusOptions).toEqual(busyCodes);
  await page.keyboard.press('Escape');
  await page.getByTestId('filter-clear').click();

  await page.getByTestId('tab-summary').click();
  const summary = page.getByTestId('summary-panel');
  await expect(summary).toHaveAttribute('data-total', String(COUNT));
  await expect(summary.getByTestId('summary-manager')).toHaveCount(3);
  await expect(page.getByTestId('chart-over-time').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('chart-heatmap').locator('canvas').first()).toBeVisible();
  // The import's confirmation would cover the tables in the README's picture.
  for (const close of await page.getByTestId('info-toast').getByRole('button').all()) await close.click();
  await mkdir(DOCS, { recursive: true });
  await page.screenshot({ path: join(DOCS, 'screenshot-summary.png') });

  // A manager's row narrows the grid to that manager.
  await summary.getByTestId('summary-manager').filter({ hasText: 'Смирнова Анна' }).click();
  await expect(page.getByTestId('calls-grid')).toBeVisible();
  await expect(page.getByTestId('filter-token-text')).toHaveText(['Менеджер: Смирнова Анна']);
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(CALLS.filter((call) => call.manager === 'Смирнова Анна').length));

  // A bar of the chart: that day and side, failures only.
  await page.getByTestId('tab-summary').click();
  const chart = page.getByTestId('chart-over-time').locator('canvas').first();
  await expect(chart).toBeVisible();
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  if (!box) throw new Error('chart has no box');
  // Click along the bottom of the plot area until a bar answers (bars are thin on a daily axis).
  for (let x = box.x + 60; x < box.x + box.width - 20; x += 6) {
    await page.mouse.click(x, box.y + box.height - 52);
    if (await page.getByTestId('calls-grid').isVisible()) break;
  }
  await expect(page.getByTestId('filter-token-text').filter({ hasText: 'Время' })).toHaveCount(1);
  await expect(page.getByTestId('filter-token-text').filter({ hasText: 'Сторона' })).toHaveCount(1);
  expect(Number(await page.getByTestId('calls-count').getAttribute('data-matched'))).toBeGreaterThan(0);

  // A heatmap cell: Thursday, 12:00–12:59, failures only (the chart's plot area is inset 48/16/8/64 px).
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('tab-summary').click();
  const heat = page.getByTestId('chart-heatmap').locator('canvas').first();
  await heat.scrollIntoViewIfNeeded();
  const area = await heat.boundingBox();
  if (!area) throw new Error('heatmap has no box');
  await page.mouse.click(area.x + 48 + ((area.width - 64) / 24) * 12.5, area.y + 8 + ((area.height - 72) / 7) * 3.5);
  await expect(page.getByTestId('filter-token-text').filter({ hasText: 'День недели' })).toHaveText(['День недели: чт']);
  await expect(page.getByTestId('filter-token-text').filter({ hasText: 'Час' })).toHaveText(['Час: 12:00–12:59']);
  const failuresThen = CALLS.filter((call) => new Date(`${call.time.slice(0, 10)}T00:00:00Z`).getUTCDay() === 4 && call.time.slice(11, 13) === '12'
    && !['success', 'pending'].includes(call.side));
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(failuresThen.length));
  expect(failuresThen.length).toBeGreaterThan(0);

  // A status cell opens the reference there; "Show these calls" comes back with the grid narrowed to it.
  await page.getByTestId('filter-clear').click();
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(COUNT));
  const link = page.getByTestId('calls-grid').locator('.ag-row[row-index="1"]').getByTestId('status-link');
  const code = (await link.innerText()).trim();
  await link.click();
  const statusDetail = page.getByTestId('status-detail');
  await expect(statusDetail).toHaveAttribute('data-code', code);
  await expect(statusDetail).toBeFocused();
  const withCode = CALLS.filter((call) => call.code === code).length;
  await expect(statusDetail.getByTestId('detail-in-dataset')).toHaveAttribute('data-count', String(withCode));
  await statusDetail.getByTestId('detail-show-calls').click();
  await expect(page.getByTestId('filter-token-text')).toHaveText([`Статус: ${code}`]);
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(withCode));
});

test('a dataset in an older format says so in one sentence and offers Import again', async ({ openApp, host }, testInfo) => {
  const path = testInfo.outputPath('calls.csv');
  await writeFile(path, callsCsv(50).text);
  const page = await openApp();
  await importCalls(page, path);
  // What an import before the grid wrote: no index on the failure side.
  const folder = join(host.dataDir, 'datasets');
  const [name] = (await readdir(folder)).filter((file) => file.endsWith('.sqlite'));
  const db = new Database(join(folder, name!));
  const index = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql LIKE '%\"_side\"%'").pluck().get() as string;
  db.exec(`DROP INDEX "${index}"`);
  db.close();

  await page.getByTestId('dataset-open').click();
  const note = page.getByTestId('calls-reimport');
  await expect(note).toContainText('импортируйте файл заново');
  await note.getByTestId('calls-reimport-button').click();
  await expect(page.getByTestId('import-dialog')).toBeVisible();
});
