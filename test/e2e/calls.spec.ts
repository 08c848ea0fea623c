import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
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
  await expect(page.getByTestId('calls-grid').locator('.ag-header-cell-text')).toContainText([
    'Дата',
    'Статус',
    'Номер клиента',
    'Менеджер',
    'Статус',
    'Значение',
    'Сторона',
    'Причина',
  ]);

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
  const dateHeader = page.getByTestId('calls-grid').locator('.ag-header-cell[role="columnheader"][col-id="Дата"]');
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
  const failuresThen = CALLS.filter(
    (call) =>
      new Date(`${call.time.slice(0, 10)}T00:00:00Z`).getUTCDay() === 4 && call.time.slice(11, 13) === '12' && !['success', 'pending'].includes(call.side),
  );
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
  const chooser = page.waitForEvent('filechooser');
  await note.getByTestId('calls-reimport-button').click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('import-dialog')).toBeVisible();
});

/** A call log with a duration and a comment, for the column filters: 300 calls from 1 to 28 March 2026. */
const FILTER_COUNT = 300;
const FILTER_CALLS = Array.from({ length: FILTER_COUNT }, (_, i) => {
  const [date = '', status = '', phone = '', manager = ''] = callRow(i);
  const [, d, mo, y, time] = /^(\d{2})\.(\d{2})\.(\d{4}) (\S+)$/.exec(date) ?? [];
  const duration = i % 7 === 0 ? '' : String((i * 13) % 240);
  const comment = i % 5 === 0 ? 'Перезвонить позже' : i % 5 === 1 ? '' : 'ок';
  return { cells: [date, status, phone, manager, duration, comment], time: `${y}-${mo}-${d}T${time}`, duration, comment };
});
/** Opens a column's filter menu from the button in the row under its header (the cell in the header's column). */
async function openColumnFilter(page: Page, colId: string): Promise<void> {
  await page.getByTestId('calls-grid').locator(`.ag-floating-filter[col-id="${colId}"] .ag-floating-filter-button-button`).click();
}
const filterCsv = (): string =>
  `${[[...['Дата', 'Статус', 'Номер клиента', 'Менеджер'], 'Длительность', 'Комментарий'], ...FILTER_CALLS.map((call) => call.cells)]
    .map((cells) => cells.join(';'))
    .join('\r\n')}\r\n`;

test('column filters narrow the grid through the same filter: tokens, history, remembered; quick ranges count from the file’s last day', async ({
  openApp,
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  // Mid-April 2026 by the machine's clock: the file (March) ends before today.
  await page.clock.setFixedTime(new Date(2026, 3, 15, 10, 0));
  const path = testInfo.outputPath('calls.csv');
  await writeFile(path, filterCsv());
  await openApp();
  await importCalls(page, path);
  await page.getByTestId('dataset-detail-open').click();
  const count = page.getByTestId('calls-count');
  await expect(count).toHaveAttribute('data-matched', String(FILTER_COUNT));
  const grid = page.getByTestId('calls-grid');
  const tokens = page.getByTestId('filter-token-text');

  // Text: "contains", typed in the row under the header (AG Grid's floating filter), case folded by the engine.
  await grid.getByRole('textbox', { name: 'Комментарий Поле фильтра' }).fill('перезвонить');
  const callBack = FILTER_CALLS.filter((call) => call.comment === 'Перезвонить позже');
  await expect(count).toHaveAttribute('data-matched', String(callBack.length));
  await expect(tokens).toHaveText(['Комментарий содержит «перезвонить»']);

  // Number: a range with both ends included, from the column's filter menu.
  await openColumnFilter(page, 'Длительность');
  const menu = page.locator('.ag-filter');
  await menu.locator('.ag-filter-select').first().click();
  await page.locator('.ag-select-list .ag-list-item').filter({ hasText: 'Между' }).click();
  await menu.locator('.ag-filter-from input').fill('30');
  await menu.locator('.ag-filter-to input').fill('60');
  const inRange = callBack.filter((call) => call.duration !== '' && Number(call.duration) >= 30 && Number(call.duration) <= 60);
  await expect(count).toHaveAttribute('data-matched', String(inRange.length));
  await expect(tokens).toHaveText(['Комментарий содержит «перезвонить»', 'Длительность: 30–60 с']);
  await page.keyboard.press('Escape');
  // The engine's answer for the same CallFilter is what the grid shows.
  const datasetId = String(await page.getByTestId('calls-screen').getAttribute('data-dataset'));
  const where = [
    { column: 'Длительность', op: 'range', min: 30, max: 60 },
    { column: 'Комментарий', op: 'contains', value: 'перезвонить' },
  ];
  const engineTotal = await page.evaluate<number>(`(async () => {
    const result = await window.callsight.calls.counts(${JSON.stringify(datasetId)}, ${JSON.stringify({ where })});
    if (!result.ok) throw new Error(result.error.message);
    return result.value.total;
  })()`);
  expect(engineTotal).toBe(inRange.length);

  // Removing a token clears its column filter too; Back brings both back.
  await page.getByTestId('filter-token-remove').first().click();
  await expect(tokens).toHaveText(['Длительность: 30–60 с']);
  await expect(grid.getByRole('textbox', { name: 'Комментарий Поле фильтра' })).toHaveValue('');
  await gridCell(page, 0, 'Дата').click();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(tokens).toHaveText(['Комментарий содержит «перезвонить»', 'Длительность: 30–60 с']);
  await expect(grid.getByRole('textbox', { name: 'Комментарий Поле фильтра' })).toHaveValue('перезвонить');
  await expect(count).toHaveAttribute('data-matched', String(inRange.length));

  // "Is empty" from the menu replaces the range.
  await openColumnFilter(page, 'Длительность');
  await menu.locator('.ag-filter-select').first().click();
  await page.locator('.ag-select-list .ag-list-item').filter({ hasText: 'Пусто' }).click();
  await expect(tokens).toHaveText(['Комментарий содержит «перезвонить»', 'Длительность: пусто']);
  await page.keyboard.press('Escape');
  await expect(count).toHaveAttribute('data-matched', String(callBack.filter((call) => call.duration === '').length));

  // Remembered with the dataset's view.
  await page.waitForTimeout(800);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('dataset-open').click();
  await expect(tokens).toHaveText(['Комментарий содержит «перезвонить»', 'Длительность: пусто']);
  await expect(page.getByTestId('calls-grid').getByRole('textbox', { name: 'Комментарий Поле фильтра' })).toHaveValue('перезвонить');
  await page.getByTestId('filter-clear').click();
  await expect(count).toHaveAttribute('data-matched', String(FILTER_COUNT));

  // Quick ranges: "today" is the file's last day (28 March), named so, with a note why.
  const quick = page.getByTestId('quick-range');
  await expect(quick).toHaveAttribute('data-anchor', 'file');
  await expect(page.getByTestId('quick-range-note')).toContainText('28 марта 2026');
  await expect(quick.locator('option[value="today"]')).toHaveText(/Последний день файла \(28 мар/);
  await quick.selectOption('today');
  await expect(tokens).toHaveText(['Время: 2026-03-28 00:00 — 2026-03-29 00:00']);
  await expect(count).toHaveAttribute('data-matched', String(FILTER_CALLS.filter((call) => call.time.startsWith('2026-03-28')).length));
  await quick.selectOption('last7');
  await expect(tokens).toHaveText(['Время: 2026-03-22 00:00 — 2026-03-29 00:00']);
  await quick.selectOption('thisMonth');
  await expect(count).toHaveAttribute('data-matched', String(FILTER_COUNT));
});

test('the keyboard: Tab leaves the grid, focus is always visible, the keys are listed in ru and en', async ({ openApp }, testInfo) => {
  test.setTimeout(120_000);
  const path = testInfo.outputPath('calls.csv');
  await writeFile(path, filterCsv());
  const page = await openApp();
  await importCalls(page, path);
  await page.getByTestId('dataset-detail-open').click();
  await expect(page.getByTestId('calls-count')).toHaveAttribute('data-matched', String(FILTER_COUNT));
  for (const close of await page.getByTestId('info-toast').getByRole('button').all()) await close.click();

  /** Where the focus is: inside the grid or not, something to name it by, and whether it shows. */
  // (A string: the test's TypeScript has no DOM; the page runs it.)
  const focus = () =>
    page.evaluate<{ inGrid: boolean; name: string; visible: boolean }>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { inGrid: false, name: 'body', visible: false };
    const ring = (s) => s !== null && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
    const style = getComputedStyle(el);
    const cell = el.closest('.ag-cell, .ag-header-cell');
    return {
      inGrid: el.closest('[data-testid="calls-grid"]') !== null,
      name: el.getAttribute('data-testid') || el.getAttribute('aria-label') || el.className || el.tagName,
      visible: ring(style) || ring(cell ? getComputedStyle(cell) : null) || style.boxShadow !== 'none',
    };
  })()`);

  // From a cell, Tab leaves the grid at once, and so does Shift+Tab.
  await gridCell(page, 2, 'Менеджер').click();
  await page.keyboard.press('ArrowDown');
  expect((await focus()).inGrid).toBe(true);
  await page.keyboard.press('Tab');
  expect((await focus()).inGrid, 'Tab from a cell leaves the grid').toBe(false);
  await gridCell(page, 3, 'Менеджер').click();
  await page.keyboard.press('Shift+Tab');
  const before = await focus();
  expect(before.inGrid, 'Shift+Tab from a cell leaves the grid').toBe(false);
  expect(before.visible, `focus shows on ${before.name}`).toBe(true);

  // Backwards through the whole screen to the top: every stop shows its focus, the grid was one stop.
  const stops: { inGrid: boolean; name: string; visible: boolean }[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Shift+Tab');
    const now = await focus();
    if (now.name === 'body') break;
    stops.push(now);
  }
  expect(stops.length).toBeGreaterThan(5);
  for (const stop of stops) expect(stop.visible, `focus shows on ${stop.name}`).toBe(true);
  expect(stops.filter((stop) => stop.inGrid)).toEqual([]);
  // Forward again: into the grid (one stop), then out of it with the next Tab.
  await page.getByTestId('phone-search').focus();
  let entered = false;
  for (let i = 0; i < 10 && !entered; i++) {
    await page.keyboard.press('Tab');
    entered = (await focus()).inGrid;
  }
  expect(entered, 'Tab reaches the grid').toBe(true);
  expect((await focus()).visible).toBe(true);
  await page.keyboard.press('Tab');
  expect((await focus()).inGrid, 'the next Tab leaves it').toBe(false);

  // "?" lists the keys; Esc closes the list and gives the focus back.
  await gridCell(page, 1, 'Менеджер').click();
  await page.keyboard.press('?');
  const help = page.getByTestId('keyboard-help');
  await expect(help).toBeFocused();
  await expect(help.getByTestId('keyboard-help-entry')).toHaveCount(8);
  await expect(help).toContainText('Tab выходит из таблицы');
  await expect(help).toContainText('Ctrl+E');
  await expect(help).toContainText('Ctrl+Home, Ctrl+End');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(gridCell(page, 1, 'Менеджер')).toBeFocused();
  await page.getByTestId('lang-en').click();
  await page.getByTestId('keyboard-help-button').click();
  await expect(page.getByTestId('keyboard-help')).toContainText('Tab leaves the grid');
  await expect(page.getByTestId('keyboard-help-button')).toHaveAttribute('aria-expanded', 'true');
});

/**
 * 1,200,000 calls: past the tallest div Chromium draws (AG Grid measures 32,000,000 px there, and
 * 1.2M rows of 30 px are 36,000,000), so the grid stretches its scroll range and the scrollbar's
 * bottom must still be the last call. Made from a template in about a second and imported through the
 * real CLI into the host's data folder.
 */
const BIG_ROWS = 1_200_000;
const BIG_HEADER = 'Дата и время;Статус;Номер клиента;Менеджер;Длительность;Комментарий';
const BIG_STATUSES = ['200/200', '200/487', '200/486', '486/0', '487/0', '811/0'] as const;

function writeBigLog(path: string): void {
  const fd = openSync(path, 'w');
  try {
    let chunk = `${BIG_HEADER}\r\n`;
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < BIG_ROWS; i++) {
      const time = new Date(start + i * 2000).toISOString().slice(0, 19).replace('T', ' ');
      chunk += `${time};${BIG_STATUSES[i % BIG_STATUSES.length]};+7916${String(i).padStart(7, '0')};Менеджер ${i % 37};${i % 600};звонок ${i}\r\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

test('1.2 million calls: the scrollbar reaches the last call, Ctrl+End is immediate, a new sort order says it is being prepared', async ({
  openApp,
  host,
}, testInfo) => {
  test.setTimeout(240_000);
  const csv = testInfo.outputPath('big.csv');
  writeBigLog(csv);
  const datasets = join(host.dataDir, 'datasets');
  await mkdir(datasets, { recursive: true, mode: 0o700 });
  const cli = spawnSync(
    process.execPath,
    [
      fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url)),
      'import',
      csv,
      '--out',
      join(datasets, 'big.callsight.sqlite'),
      '--name',
      'Миллион',
      '--json',
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  expect(cli.status, cli.stderr).toBe(0);
  expect((JSON.parse(cli.stdout) as { imported: number }).imported).toBe(BIG_ROWS);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('dataset-open').click();
  const count = page.getByTestId('calls-count');
  await expect(count).toHaveAttribute('data-total', String(BIG_ROWS));
  await expect(gridCell(page, 0, 'Комментарий')).toHaveText('звонок 0');

  // The scroll range is stretched: the scrollbar's range is shorter than the rows would be. (AG Grid 36
  // scrolls .ag-grid-viewport with its own scrollbar hidden; the one the user drags is this element's.)
  const viewport = page.getByTestId('calls-grid').locator('.ag-body-vertical-scroll-viewport');
  const range = await viewport.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
  expect(range.scrollHeight, 'AG Grid stretches rows past the tallest div').toBeLessThan(BIG_ROWS * 30);
  expect(range.scrollHeight).toBeGreaterThan(1_000_000);

  // Move the scrollbar from the top to the bottom in ten steps, as a drag of its thumb does. (Headless
  // Chromium draws overlay scrollbars, which the mouse cannot grab: the steps set the scrollbar
  // element's position, and the grid follows it through its scroll events, as it does for a drag.)
  const box = await viewport.boundingBox();
  expect(box?.width, 'the element is the scrollbar at the grid’s right edge').toBeLessThan(40);
  for (let step = 1; step <= 10; step++) {
    await viewport.evaluate((el, part) => {
      el.scrollTop = ((el.scrollHeight - el.clientHeight) * part) / 10;
    }, step);
    await page.waitForTimeout(100);
  }
  await expect.poll(() => viewport.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2), { message: 'at the bottom' }).toBe(true);
  const last = BIG_ROWS - 1;
  await expect(gridCell(page, last, 'Комментарий')).toHaveText(`звонок ${last}`, { timeout: 20_000 });

  // Back to the top, then Ctrl+End: the last row is on screen at once (one page request).
  await gridCell(page, last - 3, 'Комментарий').click();
  await page.keyboard.press('Control+Home');
  await expect(gridCell(page, 0, 'Комментарий')).toHaveText('звонок 0');
  const started = Date.now();
  await page.keyboard.press('Control+End');
  await expect(gridCell(page, last, 'Комментарий')).toHaveText(`звонок ${last}`);
  expect(Date.now() - started, 'Ctrl+End on 1.2M rows (shared, loaded machine)').toBeLessThan(3_000);
  // The last call's _line, from its detail (Enter on the focused last row): the header is line 1.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('call-detail').locator('h3')).toHaveText(/строка/);
  expect((await page.getByTestId('call-detail').locator('h3').innerText()).replace(/\D/g, '')).toBe(String(BIG_ROWS + 1));
  await page.getByTestId('call-detail-close').click();

  // Sorting by Comment needs an order the engine builds once (1.2M distinct texts): its first page is one
  // scan of the calls that picks it (SQLite's ORDER BY … LIMIT), then the engine builds the whole order
  // in the background, and a page past the first ones waits for it. The note shows while a page waits and
  // goes when its rows come. An observer notes the note's every appearance, however short, so a faster
  // engine cannot slip past the test; the time the first was shown is reported beside it.
  const preparing = page.getByTestId('calls-preparing');
  await expect(preparing).toHaveCount(0);
  await page.evaluate(`(() => {
    window.__preparing = [];
    new MutationObserver(() => {
      const note = document.querySelector('[data-testid="calls-preparing"]');
      const last = window.__preparing[window.__preparing.length - 1];
      if (note && (!last || last.end !== undefined)) window.__preparing.push({ start: performance.now(), text: note.textContent });
      if (!note && last && last.end === undefined) last.end = performance.now();
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
  const header = page.getByTestId('calls-grid').locator('.ag-header-cell[col-id="Комментарий"] .ag-header-cell-label');
  await header.click();
  await expect(gridCell(page, 0, 'Комментарий')).toHaveText('звонок 0');
  await expect(gridCell(page, 2, 'Комментарий')).toHaveText('звонок 10');
  // The last row needs the whole order: Ctrl+End waits for it.
  await gridCell(page, 2, 'Комментарий').click();
  await page.keyboard.press('Control+End');
  await expect(gridCell(page, last, 'Комментарий')).toHaveText('звонок 999999', { timeout: 60_000 });
  await expect(preparing).toHaveCount(0);
  const shown = await page.evaluate<{ start: number; end?: number; text: string }[]>('window.__preparing');
  expect(shown.length, 'the note was shown while the first page was picked').toBeGreaterThanOrEqual(1);
  for (const note of shown) {
    expect(note.text).toContain('Готовлю порядок сортировки');
    expect(note.end, 'every note went when its rows came').toBeDefined();
  }
  testInfo.annotations.push({ type: 'preparing note shown (ms)', description: String(Math.round(shown[0]!.end! - shown[0]!.start)) });
  // Kept: the other direction needs no new order and says nothing.
  await header.click();
  await expect(gridCell(page, 0, 'Комментарий')).toHaveText('звонок 999999');
  expect(await page.evaluate<number>('window.__preparing.length')).toBe(shown.length);
});
