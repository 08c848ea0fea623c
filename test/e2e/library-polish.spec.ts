/**
 * Issue 11: "Import again" in place (item 6), the library's rows, names, order and search (item 7), small
 * screens (item 11) and toasts (item 12).
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { callsCsv } from './files.ts';

async function importFile(page: Page, path: string, name?: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-ready', 'true');
  if (name !== undefined) await page.getByTestId('import-name').fill(name);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
}

const rowNamed = (page: Page, name: string) =>
  page.getByTestId('dataset-row').filter({ has: page.getByTestId('dataset-name').getByText(name, { exact: true }) });

test('"Import again" replaces the dataset in place, under the name the user gave it and the real file name', async ({ openApp, host }, testInfo) => {
  const path = testInfo.outputPath('март.csv');
  await writeFile(path, callsCsv(40).text);
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await importFile(page, path);
  const row = page.getByTestId('dataset-row');
  await row.getByTestId('dataset-rename').click();
  await page.getByTestId('rename-input').fill('Март, отдел продаж');
  await page.getByTestId('rename-input').press('Enter');
  await expect(rowNamed(page, 'Март, отдел продаж')).toHaveCount(1);

  // The browser host asks for the file again: it deleted the upload when the first import ended.
  const chooser = page.waitForEvent('filechooser');
  await row.getByTestId('dataset-reimport').click();
  await (await chooser).setFiles(path);
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Импорт: март.csv');
  await expect(page.getByTestId('import-name')).toHaveValue('Март, отдел продаж');
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('import-start').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('info-toast').filter({ hasText: 'Март, отдел продаж' })).toHaveText(/Импорт завершён: Март, отдел продаж\./);
  // One dataset, not the renamed original beside a copy; its source is the file's real name.
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-name', 'Март, отдел продаж');
  await expect(page.getByTestId('dataset-detail')).toContainText('март.csv');
  await expect(page.getByTestId('dataset-detail')).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}/);
  // Neither upload outlived its import.
  await expect.poll(() => readdir(join(host.dataDir, 'uploads'))).toEqual([]);
});

test('library rows: one line, sides named with shares; duplicate names numbered or refused; sorted and searched; the opened one on screen', async ({
  openApp,
}, testInfo) => {
  const path = testInfo.outputPath('calls.csv');
  const { text, expected } = callsCsv(60);
  await writeFile(path, text);
  const page = await openApp();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('nav-datasets').click();
  for (let i = 0; i < 3; i++) await importFile(page, path);
  const rows = page.getByTestId('dataset-row');
  await expect(rows).toHaveCount(3);
  expect((await rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')))).sort()).toEqual(['calls', 'calls (2)', 'calls (3)']);

  // Each row one line high; the sides by name with their percentages, not dots with tooltips.
  for (const height of await rows.evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().height))) expect(height).toBeLessThanOrEqual(40);
  const shares = rows.first().getByTestId('side-counts');
  const total = Object.values(expected.bySide).reduce((a, b) => a + b, 0);
  const biggest = Object.entries(expected.bySide).sort((a, b) => b[1] - a[1])[0]!;
  await expect(shares).toContainText(
    `${{ success: 'Успех', manager: 'Менеджер', client: 'Клиент', carrier: 'Оператор связи', service: 'Сервис', pending: 'В процессе', unknown: 'Неизвестно' }[biggest[0]]} ${Math.round((biggest[1] / total) * 100)}\u00a0%`,
  );
  // The opened (just imported) dataset's summary is on screen.
  const detail = page.getByTestId('dataset-detail');
  await expect(detail).toBeInViewport();

  // Sorted by name, both ways; searched by name.
  await page.getByTestId('library-sort-name').click();
  await expect.poll(() => rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')))).toEqual(['calls', 'calls (2)', 'calls (3)']);
  await page.getByTestId('library-sort-name').click();
  await expect.poll(() => rows.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')))).toEqual(['calls (3)', 'calls (2)', 'calls']);
  await page.getByTestId('library-search').fill('(2)');
  await expect(rows).toHaveCount(1);
  await page.getByTestId('library-search').fill('нет такого');
  await expect(rows).toHaveCount(0);
  await expect(page.getByTestId('library-no-match')).toBeVisible();
  await page.getByTestId('library-search').fill('');
  await expect(rows).toHaveCount(3);

  // A rename to a name another dataset has is refused.
  const second = rowNamed(page, 'calls (2)');
  await second.getByTestId('dataset-rename').click();
  await page.getByTestId('rename-input').fill('CALLS');
  await page.getByTestId('rename-input').press('Enter');
  await expect(page.getByTestId('error-toast')).toHaveText(/Набор с названием «CALLS» уже есть; выберите другое название\./);
  await expect(page.locator('[data-testid="dataset-row"][data-name="calls (2)"]')).toHaveCount(1);
});

test('toasts: the same error never piles up, follows a language switch, waits behind a dialog, and goes when its action is retried', async ({
  openApp,
}, testInfo) => {
  const path = testInfo.outputPath('calls.csv');
  await writeFile(path, callsCsv(20).text);
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await importFile(page, path, 'первый');
  await importFile(page, path, 'второй');
  const toast = page.getByTestId('error-toast');
  const second = rowNamed(page, 'второй');
  await second.getByTestId('dataset-rename').click();
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('rename-input').fill('Первый');
    await page.getByTestId('rename-input').press('Enter');
    await expect(toast).toHaveCount(1);
  }
  await expect(toast).toHaveText(/Набор с названием «Первый» уже есть/);
  await page.getByTestId('lang-en').click();
  await expect(toast).toHaveText(/Another dataset is already called “Первый”; choose another name\./);

  // A dialog opened after it: the toast waits behind it, and is back when the dialog closes.
  await page.getByTestId('rename-input').press('Escape');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  await expect(toast).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(toast).toHaveCount(1);

  // The rename tried again, and working this time: its failure is gone.
  await second.getByTestId('dataset-rename').click();
  await page.getByTestId('rename-input').fill('Второй, март');
  await page.getByTestId('rename-input').press('Enter');
  await expect(rowNamed(page, 'Второй, март')).toHaveCount(1);
  await expect(toast).toHaveCount(0);
});

/** Everything a narrow window must keep: no sideways scrolling, the language switch and every row action on screen. */
async function expectFits(page: Page, what: string, rowActions = true): Promise<void> {
  const layout = await page.evaluate<{ scroll: number; client: number; outside: string[] }>(`(() => {
    const root = document.scrollingElement;
    const outside = [];
    const check = (element, label) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0) return;
      if (box.left < 0 || box.right > window.innerWidth + 0.5 || box.top < 0 || box.bottom > window.innerHeight + 0.5) outside.push(label + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
    };
    for (const element of document.querySelectorAll('[data-testid^="lang-"]')) check(element, element.getAttribute('data-testid'));
    if (${rowActions}) for (const element of document.querySelectorAll('[data-testid="dataset-row"] button')) check(element, element.getAttribute('data-testid'));
    for (const element of document.querySelectorAll('.toolbar > *')) check(element, 'toolbar ' + element.className);
    return { scroll: root.scrollWidth, client: root.clientWidth, outside };
  })()`);
  expect(layout.scroll, `${what}: the page scrolls sideways`).toBeLessThanOrEqual(layout.client);
  expect(layout.outside, what).toEqual([]);
}

test('small screens: at 1280×720 and 1024×700 nothing scrolls sideways, every row action and the language switch stay reachable, the reference filter bar is one line in both languages', async ({
  openApp,
}, testInfo) => {
  const path = testInfo.outputPath('звонки-с-длинным-названием-файла-за-март-2026.csv');
  await writeFile(path, callsCsv(30).text);
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await importFile(page, path, 'Очень длинное название набора данных за март, отдел продаж и поддержки');
  await importFile(page, path, 'Второй набор');

  for (const size of [
    { width: 1280, height: 720 },
    { width: 1024, height: 700 },
    { width: 960, height: 700 },
  ]) {
    await page.setViewportSize(size);
    for (const lang of ['ru', 'en'] as const) {
      await page.getByTestId(`lang-${lang}`).click();
      await page.getByTestId('nav-datasets').click();
      await expect(page.getByTestId('dataset-row')).toHaveCount(2);
      // Below 1024 px the table may scroll inside its frame, but the window never does.
      await expectFits(page, `library ${lang} ${size.width}`, size.width >= 1024);
      await page.getByTestId('nav-reference').click();
      await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', '67');
      // Unfiltered, and with every filter in use (its "clear" link shown, the longest reason chosen).
      for (const filtered of [false, true]) {
        if (filtered) {
          await page.getByTestId('side-chip-carrier').click();
          await page.getByTestId('reason-filter').selectOption('technical');
          await expect(page.getByTestId('reference-clear')).toBeVisible();
        }
        await expectFits(page, `reference ${lang} ${size.width}${filtered ? ' filtered' : ''}`);
        const bar = await page.locator('.reference .toolbar > *').evaluateAll((nodes) =>
          nodes
            .map((node) => node.getBoundingClientRect())
            .filter((box) => box.height > 0)
            .map((box) => Math.round(box.top + box.height / 2)),
        );
        expect(new Set(bar).size, `reference filter bar ${lang} ${size.width}: one line`).toBe(1);
      }
      await page.getByTestId('reference-clear').click();
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('lang-ru').click();

  // A chip keeps its width when pressed; the active language keeps its label under the pointer.
  const chip = page.getByTestId('side-chip-carrier');
  const before = (await chip.boundingBox())!.width;
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  expect((await chip.boundingBox())!.width).toBeCloseTo(before, 0);
  await chip.click();
  const active = page.getByTestId('lang-ru');
  await active.hover();
  const colours = await page.evaluate<{ color: string; background: string }>(`(() => {
    const style = getComputedStyle(document.querySelector('[data-testid="lang-ru"]'));
    return { color: style.color, background: style.backgroundColor };
  })()`);
  expect(colours.color).not.toBe(colours.background);
  expect(colours.background).toBe('rgb(255, 255, 255)');
});
