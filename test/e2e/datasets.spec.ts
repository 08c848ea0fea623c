import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { SIDES } from '../../src/shared/status/types.ts';
import { expect, test } from './fixtures.ts';
import { encodeCp1251 } from '../fixtures/encode.ts';
import { writeXlsx } from '../fixtures/xlsx.ts';
import { callsCsv, writeBigCsv, type Expected } from './files.ts';

const DOCS = fileURLToPath(new URL('../../docs', import.meta.url));

/** Picks a file through the host's file picker, opened by the "Import file…" button, by Ctrl+O or by another button ("Import again"). */
async function pickFile(page: Page, path: string, how: 'button' | 'shortcut' | Locator = 'button'): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  if (how === 'button') await page.getByTestId('import-file').click();
  else if (how === 'shortcut') await page.keyboard.press('Control+o');
  else await how.click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('import-dialog')).toBeVisible();
}

function previewReady(page: Page) {
  return expect(page.getByTestId('preview-grid')).toHaveAttribute('data-ready', 'true');
}

/** Text of the preview's data cells of one file column (c0, c1, …), in row order. */
async function previewColumn(page: Page, index: number): Promise<string[]> {
  const rows = page.getByTestId('preview-grid').locator('.ag-row');
  const cells = await rows.evaluateAll(
    (nodes, col) =>
      nodes
        .map((row) => [Number(row.getAttribute('row-index')), row.querySelector(`[col-id="c${col}"]`)?.textContent ?? null] as const)
        .filter((pair): pair is readonly [number, string] => pair[1] !== null)
        .sort((a, b) => a[0] - b[0])
        .map(([, text]) => text),
    index,
  );
  return cells;
}

async function expectDataset(page: Page, name: string, expected: Expected): Promise<void> {
  const row = page.getByTestId('dataset-row').filter({ has: page.getByTestId('dataset-name').getByText(name, { exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('dataset-rows')).toHaveText(expected.rowsRead.toLocaleString('ru-RU'));
  await expect(row.getByTestId('dataset-imported')).toHaveText(expected.imported.toLocaleString('ru-RU'));
  // Unreadable rows only: the skipped "Итого" line is no error (issue 11, item 5).
  await expect(row.getByTestId('dataset-rejected')).toHaveText((expected.rejected - expected.skipped).toLocaleString('ru-RU'));
  await expect(row.getByTestId('dataset-rejected')).toHaveAttribute('data-skipped', String(expected.skipped));
  // Each side with its count (the row names the sides with their shares, largest first: issue 11, item 7).
  const shares = row.getByTestId('side-share');
  const shown = await shares.evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute('data-side')}=${node.getAttribute('data-count')}`));
  const wanted = SIDES.filter((side) => expected.bySide[side] > 0).map((side) => `${side}=${expected.bySide[side]}`);
  expect(shown.sort()).toEqual(wanted.sort());
}

test('windows-1251 file: preview, change encoding, import, library counts, rejected rows', async ({ openApp }, testInfo) => {
  const { text, expected } = callsCsv(250);
  const path = testInfo.outputPath('звонки-cp1251.csv');
  await writeFile(path, encodeCp1251(text));

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await pickFile(page, path);
  await previewReady(page);

  // Detected as windows-1251: Cyrillic reads right.
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-encoding', 'windows-1251');
  await expect(page.getByTestId('role-select-1')).toHaveValue('status');
  await expect(page.getByTestId('preview-grid').locator('.role-header-name').nth(3)).toHaveText('Менеджер');
  // AG Grid renders rows asynchronously: poll until they are there.
  await expect.poll(async () => (await previewColumn(page, 3)).slice(0, 3)).toEqual(['Иванов Пётр', 'Смирнова Анна', 'Кузнецов Олег']);
  await expect(page.getByTestId('preview-count')).toContainText('100');
  await expect(page.getByTestId('preview-grid').getByTestId('side-badge').first()).toBeVisible();

  // Read as UTF-8 the same bytes turn into replacement characters; back to 1251 and they are right again.
  await page.getByTestId('import-encoding').selectOption('utf-8');
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-encoding', 'utf-8');
  await previewReady(page);
  await expect.poll(async () => (await previewColumn(page, 3))[0]).toContain('\uFFFD');
  await page.getByTestId('import-encoding').selectOption('windows-1251');
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-encoding', 'windows-1251');
  await expect.poll(async () => (await previewColumn(page, 3))[0]).toBe('Иванов Пётр');

  await page.getByTestId('import-name').fill('Март, 1251');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expectDataset(page, 'Март, 1251', expected);

  // The new dataset is opened: summary, sides, the rejected "Итого" line with its line number.
  const detail = page.getByTestId('dataset-detail');
  await expect(detail.getByTestId('dataset-detail-name')).toHaveText('Март, 1251');
  await expect(detail.getByTestId('detail-imported')).toHaveText(expected.imported.toLocaleString('ru-RU'));
  await expect(detail.getByTestId('detail-skipped')).toHaveText('1');
  await expect(detail.getByTestId('detail-rejected')).toHaveText('0');
  await expect(detail.getByTestId('rejected-row')).toHaveCount(1);
  await expect(detail.getByTestId('rejected-row')).toHaveAttribute('data-line', String(expected.rowsRead + 1));
  await expect(detail.getByTestId('rejected-row')).toContainText('Итого');
  // The stored English reason is shown in the interface language.
  await expect(detail.getByTestId('rejected-row')).toContainText('итоговая строка');

  // The README's screenshots are taken at 1280×720 (issue 11).
  await page.setViewportSize({ width: 1280, height: 720 });
  await mkdir(DOCS, { recursive: true });
  await page.screenshot({ path: `${DOCS}/screenshot-datasets.png` });
});

test('a large import shows progress, can be cancelled mid-way and leaves nothing in the library', async ({ openApp }, testInfo) => {
  test.setTimeout(240_000);
  const path = testInfo.outputPath('big.csv');
  // ~140 MB: the engine imports ~650k rows/s here, so the import runs for about three seconds and Cancel
  // lands mid-way (the checks before the click take well under one).
  await writeBigCsv(path, 2_000_000);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await pickFile(page, path, 'shortcut');
  await previewReady(page);
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-encoding', 'utf-8');
  await page.getByTestId('import-start').click();

  // Progress from the engine's events: bytes, rows, speed, ETA.
  const progress = page.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('data-phase', 'reading');
  await expect.poll(async () => Number(await progress.getAttribute('data-rows'))).toBeGreaterThan(0);
  await expect(page.getByTestId('progress-bytes')).toContainText(' из ');
  await expect(page.getByTestId('progress-rows')).toContainText('Строк:');
  await page.getByTestId('import-cancel').click();

  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('info-toast')).toContainText('Импорт отменён');
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await page.reload();
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
});

test('rename, import again, delete; drop a file on the window', async ({ openApp }, testInfo) => {
  const { text, expected } = callsCsv(40);
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();

  // Drag and drop: a File built in the page (a string expression: this program has no DOM types), dropped on the window.
  const transfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([${JSON.stringify(text)}], 'dropped.csv', { type: 'text/csv' }));
    return transfer;
  })()`);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.locator('body').dispatchEvent(type, { dataTransfer: transfer });
  await expect(page.getByTestId('import-dialog')).toBeVisible();
  await previewReady(page);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expectDataset(page, 'dropped', expected);

  // The imported dataset opens with the keyboard on its detail: Escape closes it at once, and the
  // keyboard lands on that dataset's name (which opens the detail; its Open button opens the calls).
  const row = page.getByTestId('dataset-row');
  await expect(page.getByTestId('dataset-detail')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dataset-detail')).toHaveCount(0);
  await expect(row.getByTestId('dataset-name')).toBeFocused();
  // Opening by keyboard focuses the detail again.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('dataset-detail')).toBeFocused();
  await page.getByTestId('dataset-detail').getByRole('button', { name: 'Закрыть' }).click();
  await expect(row.getByTestId('dataset-name')).toBeFocused();

  // Rename: saved with Enter or cancelled with Escape, the keyboard is back on the row's Rename button.
  await row.getByTestId('dataset-rename').click();
  await page.getByTestId('rename-input').fill('Переименован');
  await page.getByTestId('rename-input').press('Enter');
  await expectDataset(page, 'Переименован', expected);
  await expect(row.getByTestId('dataset-rename')).toBeFocused();
  await row.getByTestId('dataset-rename').press('Enter');
  await page.getByTestId('rename-input').fill('Не сохранится');
  await page.getByTestId('rename-input').press('Escape');
  await expect(page.getByTestId('rename-input')).toHaveCount(0);
  await expect(row.getByTestId('dataset-rename')).toBeFocused();
  await expectDataset(page, 'Переименован', expected);

  // Import again asks for the file (the browser host deleted the upload when its import ended) and opens the
  // dialog on it; Escape closes it; a run replaces the dataset in place, under its name and with the file's
  // name as its source (issue 11, item 6). Dropping the file again adds a second dataset.
  const onDisk = testInfo.outputPath('dropped.csv');
  await writeFile(onDisk, text);
  await pickFile(page, onDisk, row.getByTestId('dataset-reimport'));
  await expect(page.getByTestId('import-dialog').getByRole('heading', { level: 2 })).toHaveText('Импорт: dropped.csv');
  await previewReady(page);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await pickFile(page, onDisk, row.getByTestId('dataset-reimport'));
  await previewReady(page);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(row).toHaveCount(1);
  await expectDataset(page, 'Переименован', expected);
  await expect(row.locator('.col-source')).toHaveText(/^dropped\.csv · /);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.locator('body').dispatchEvent(type, { dataTransfer: transfer });
  await previewReady(page);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(row).toHaveCount(2);

  await row.first().getByTestId('dataset-remove').click();
  await expect(page.getByTestId('confirm-remove')).toBeVisible();
  // Any modal, not only the import dialog, makes the library behind it inert.
  await expect(page.getByTestId('app-main')).toHaveAttribute('inert', '');
  await page.getByTestId('confirm-remove-ok').click();
  // The removed row's place is taken by the next one, and the keyboard goes to its Open button…
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('dataset-open')).toBeFocused();
  // …and with the library empty, to the import button.
  await row.getByTestId('dataset-remove').click();
  await page.getByTestId('confirm-remove-ok').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await expect(page.getByTestId('import-file')).toBeFocused();
});

test('without a recognisable status column the dialog asks for one before importing', async ({ openApp }, testInfo) => {
  const lines = ['Когда;A;B;Кто'];
  for (let i = 0; i < 30; i++) lines.push(`0${1 + (i % 9)}.03.2026 10:00;200;${i % 2 ? 487 : 200};Иванов`);
  const path = testInfo.outputPath('legs.csv');
  await writeFile(path, `${lines.join('\n')}\n`);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, path);
  await previewReady(page);
  await expect(page.getByTestId('needs-status')).toBeVisible();
  await expect(page.getByTestId('import-start')).toBeDisabled();

  await page.getByTestId('role-select-1').selectOption('managerLeg');
  await page.getByTestId('role-select-2').selectOption('clientLeg');
  await previewReady(page);
  await expect(page.getByTestId('needs-status')).toHaveCount(0);
  await expect(page.getByTestId('preview-grid').locator('.status-tag').first()).toContainText('200/200');
  await expect(page.getByTestId('import-start')).toBeEnabled();
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  const row = page.getByTestId('dataset-row');
  await expect(row.getByTestId('dataset-imported')).toHaveText('30');
});

test('an XLSX workbook: choose the sheet, the preview follows, the chosen sheet is imported', async ({ openApp }, testInfo) => {
  const sheet = (rows: number, manager: string) => [
    ['Дата', 'Статус', 'Номер клиента', 'Менеджер'],
    ...Array.from({ length: rows }, (_, i) => [
      `0${1 + (i % 9)}.03.2026 10:00`,
      i % 2 ? '200/487' : '200/200',
      `+7 900 555-12-${String(i).padStart(2, '0')}`,
      manager,
    ]),
  ];
  const path = testInfo.outputPath('книга.xlsx');
  await writeFile(
    path,
    writeXlsx([
      { name: 'Звонки', rows: sheet(30, 'Иванов') },
      { name: 'Март 2026', rows: sheet(12, 'Смирнова') },
    ]),
  );

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, path);
  await previewReady(page);
  await expect(page.getByTestId('import-encoding')).toHaveCount(0);
  await expect(page.getByTestId('import-sheet').locator('option')).toHaveText(['Звонки', 'Март 2026']);
  await expect(page.getByTestId('preview-count')).toContainText('30');
  await expect.poll(async () => (await previewColumn(page, 3))[0]).toBe('Иванов');

  await page.getByTestId('import-sheet').selectOption('Март 2026');
  await expect(page.getByTestId('preview-count')).toContainText('12');
  await expect.poll(async () => (await previewColumn(page, 3))[0]).toBe('Смирнова');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('dataset-row').getByTestId('dataset-imported')).toHaveText('12');
});

test('a failed request shows the engine’s message instead of failing silently', async ({ openApp }, testInfo) => {
  const path = testInfo.outputPath('empty.csv');
  await writeFile(path, '');
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, path);
  // The engine's sentence, in the interface language (Russian by default), in the dialog itself
  // (issue 11, item 1: not in a toast that would outlive it).
  await expect(page.getByTestId('import-problem-text')).toHaveText('Файл пуст.');
  await expect(page.getByTestId('error-toast')).toHaveCount(0);
  await expect(page.getByTestId('import-start')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
});

test('a host that does not answer gets a sentence in the interface language, not the transport’s exception', async ({ openApp }) => {
  const page = await openApp();
  // The request never reaches the host (a dropped connection), then the host answers with something that is
  // not a Result (a proxy's error page): both are transport failures, not engine errors.
  await page.route('**/api/datasets/list', (route) => route.abort('connectionreset'));
  await page.getByTestId('nav-datasets').click();
  const toast = page.getByTestId('error-toast');
  const message = toast.locator('.toast-message');
  await expect(message).toHaveText('Ядро Callsight не ответило: действие не выполнено. Попробуйте ещё раз; если не поможет, перезапустите приложение.');
  await expect(page.getByTestId('library-error')).toBeVisible();
  // The sentence is the app's own, so it follows a language switch like every other text.
  await page.getByTestId('lang-en').click();
  await expect(message).toHaveText('The Callsight engine did not answer: nothing was done. Try again; if that does not help, restart the app.');
  await page.getByTestId('lang-ru').click();
  await toast.getByRole('button').click();

  await page.unroute('**/api/datasets/list');
  await page.route('**/api/datasets/list', (route) => route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }));
  await page.getByTestId('library-retry').click();
  await expect(message).toHaveText(/^Ядро Callsight не ответило/);
  await expect(toast).not.toContainText('Bad Gateway');
  await toast.getByRole('button').click();

  // With the host answering again, Retry loads the (empty) library.
  await page.unroute('**/api/datasets/list');
  await page.getByTestId('library-retry').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await expect(page.getByTestId('library-error')).toHaveCount(0);
  await expect(toast).toHaveCount(0);
});

test('a failed preview clears the stale preview; a failed start returns to the form; Escape closes the dialog after either', async ({ openApp }, testInfo) => {
  // One byte: readable as UTF-8, but nothing at all as UTF-16 (an odd last byte is dropped), so the engine
  // rejects that preview with "Файл пуст.". (A digit: a letter alone would be a header with no calls.)
  const tiny = testInfo.outputPath('tiny.csv');
  await writeFile(tiny, '1');
  const { text } = callsCsv(20);
  const calls = testInfo.outputPath('calls.csv');
  await writeFile(calls, text);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, tiny);
  await previewReady(page);
  await expect(page.getByTestId('preview-count')).toBeVisible();

  await page.getByTestId('import-encoding').selectOption('utf-16le');
  // Said in the dialog (issue 11, item 1), with the options kept so the encoding can be changed back.
  await expect(page.getByTestId('import-problem-text')).toHaveText('Файл пуст.');
  await expect(page.getByTestId('import-encoding')).toBeVisible();
  await expect(page.getByTestId('error-toast')).toHaveCount(0);
  await expect(page.getByTestId('preview-loading')).toHaveCount(0);
  // No preview of the earlier options is left on screen, and nothing can be started.
  await expect(page.getByTestId('preview-count')).toHaveCount(0);
  await expect(page.getByTestId('preview-grid').locator('.ag-row')).toHaveCount(0);
  await expect(page.getByTestId('preview-grid')).toHaveAttribute('data-ready', 'false');
  await expect(page.getByTestId('import-start')).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('error-toast')).toHaveCount(0);

  // imports.start fails (the host answers with an error): back to the form, closable, nothing running.
  await page.route('**/api/imports/start', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'io', message: 'Запуск не удался (тест).' } }),
    }),
  );
  await pickFile(page, calls);
  await previewReady(page);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('error-toast')).toContainText('Запуск не удался (тест).');
  await expect(page.getByTestId('import-setup')).toBeVisible();
  await expect(page.getByTestId('import-cancel')).toHaveCount(0);
  await expect(page.getByTestId('import-dialog-close')).toBeVisible();
  await expect(page.getByTestId('import-start')).toBeEnabled();
  await expect(page.getByTestId('import-start')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await page.getByTestId('error-toast').getByRole('button').click();

  // With the host answering again, the same file imports normally: nothing of the failed attempt lingers.
  await page.unroute('**/api/imports/start');
  await pickFile(page, calls);
  await previewReady(page);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('info-toast')).toContainText('Импорт завершён: calls.');
});

test('while the import dialog is open the library behind it is inert and no second import opens', async ({ openApp }, testInfo) => {
  const { text } = callsCsv(10);
  const path = testInfo.outputPath('calls.csv');
  await writeFile(path, text);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, path);
  await previewReady(page);
  await expect(page.getByTestId('app-main')).toHaveAttribute('inert', '');

  // Tab and Shift+Tab go round the dialog (and the browser's own UI), never into the library or the app's header.
  // (Tab leaves the preview grid now, so 25 presses go round the whole dialog, its own header included.)
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press(key);
      await expect(page.locator('main :focus, .app-header :focus')).toHaveCount(0);
      await expect(page.getByTestId('import-file')).not.toBeFocused();
    }
  }

  // Ctrl+O does not open a second file picker while the dialog is open.
  let chooserOpened = false;
  const onChooser = () => {
    chooserOpened = true;
  };
  page.on('filechooser', onChooser);
  await page.getByTestId('import-name').press('Control+o');
  await page.waitForTimeout(500);
  page.off('filechooser', onChooser);
  expect(chooserOpened).toBe(false);
  await expect(page.getByTestId('import-dialog')).toHaveCount(1);

  // Closed: the library is live again and the keyboard is back on the button that opened the dialog.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('app-main')).not.toHaveAttribute('inert', /.*/);
  await expect(page.getByTestId('import-file')).toBeFocused();
});
