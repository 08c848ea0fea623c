/**
 * Issue 11, items 1-4: the import dialog explains bad files itself, detects and checks roles, is usable from
 * the keyboard alone, and its progress view says only what is known.
 */
import { writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { callsCsv, writeBigCsv } from './files.ts';
import { pngLike } from '../fixtures/shapes.ts';

async function pickFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-file').click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('import-dialog')).toBeVisible();
}

const previewReady = (page: Page) => expect(page.getByTestId('preview-grid')).toHaveAttribute('data-ready', 'true');

/** The focused element's test id, or its tag and classes when it has none. */
function focused(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const element = document.activeElement;
    if (!element) return 'none';
    return element.getAttribute('data-testid') ?? (element.tagName.toLowerCase() + '.' + [...element.classList].join('.'));
  })()`);
}

/** Whether the focused element shows a focus ring: an outline (ours) or AG Grid's focus border. */
function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  })()`);
}

const insideGrid = (page: Page, testId: string): Promise<boolean> =>
  page.evaluate(`document.querySelector('[data-testid="${testId}"]')?.contains(document.activeElement) ?? false`);

test('a picture, an empty file and a header-only file are explained in the dialog, each with "Choose another file"', async ({ openApp }, testInfo) => {
  const png = testInfo.outputPath('снимок экрана.png');
  await writeFile(png, pngLike(5));
  const empty = testInfo.outputPath('пустой.csv');
  await writeFile(empty, '');
  const headerOnly = testInfo.outputPath('только-заголовок.csv');
  await writeFile(headerOnly, 'Дата;Статус;Номер клиента;Менеджер\r\n');
  const good = testInfo.outputPath('звонки.csv');
  await writeFile(good, callsCsv(30).text);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, png);
  const problem = page.getByTestId('import-problem');
  await expect(page.getByTestId('import-problem-text')).toHaveText(
    'Это не текстовая выгрузка — похоже на изображение PNG. Выберите сам журнал звонков: CSV, TXT или XLSX.',
  );
  // Nothing else competes with it: no preview, no encoding guess, no toast that would outlive the dialog.
  await expect(page.getByTestId('preview-grid')).toHaveCount(0);
  await expect(page.getByTestId('import-encoding')).toHaveCount(0);
  await expect(page.getByTestId('needs-status')).toHaveCount(0);
  await expect(page.getByTestId('error-toast')).toHaveCount(0);
  await expect(page.getByTestId('import-start')).toBeDisabled();
  await expect(page.getByTestId('import-choose-another')).toBeFocused();

  // "Choose another file": the dialog starts over on that file.
  const chooseAnother = async (path: string) => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('import-choose-another').click();
    await (await chooser).setFiles(path);
  };
  await chooseAnother(empty);
  await expect(page.getByTestId('import-problem-text')).toHaveText('Файл пуст.');
  await chooseAnother(headerOnly);
  await expect(page.getByTestId('import-problem-text')).toHaveText('В файле только строка заголовков: звонков в нём нет.');
  await expect(page.getByTestId('import-start')).toBeDisabled();
  await chooseAnother(good);
  await previewReady(page);
  await expect(problem).toHaveCount(0);
  await expect(page.getByTestId('import-dialog')).toContainText('звонки.csv');

  // The same explanation in English, in the dialog.
  await page.keyboard.press('Escape');
  await page.getByTestId('lang-en').click();
  await pickFile(page, png);
  await expect(page.getByTestId('import-problem-text')).toContainText('This is not a text export — it looks like a PNG image.');
  await expect(page.getByTestId('import-choose-another')).toHaveText('Choose another file');
});

test('roles: without a header they come from the values; row 1 that reads like a header is pointed out; one column per role; header row -1 refused; names localised; nothing clipped', async ({
  openApp,
}, testInfo) => {
  const lines = ['ID;Дата и время;Статус;Номер клиента;Номер менеджера;Длительность'];
  const statuses = ['200/403', '200/487', '200/486', '487/0', '200/200', '603/0'];
  for (let i = 1; i <= 40; i++) {
    lines.push(
      `${i};05.03.2026 10:${String(i % 60).padStart(2, '0')}:00;${statuses[i % statuses.length]};+7 912 345-67-${String(i).padStart(2, '0')};+7 495 111-22-${String(i).padStart(2, '0')};${i * 7}`,
    );
  }
  const path = testInfo.outputPath('с-id.csv');
  await writeFile(path, `${lines.join('\r\n')}\r\n`);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, path);
  await previewReady(page);
  await expect(page.getByTestId('role-select-0')).toHaveValue('');
  await expect(page.getByTestId('role-select-5')).toHaveValue('duration');

  // Nothing clipped: status cells and the role selects show their whole text.
  const clipped = await page.evaluate<string[]>(`(() => {
    const out = [];
    for (const cell of document.querySelectorAll('[data-testid="preview-grid"] .ag-cell[col-id="_status"]')) {
      if (cell.scrollWidth > cell.clientWidth + 1) out.push('status cell: ' + cell.textContent);
    }
    const canvas = document.createElement('canvas').getContext('2d');
    for (const select of document.querySelectorAll('[data-testid^="role-select-"]')) {
      canvas.font = getComputedStyle(select).font;
      const text = select.options[select.selectedIndex].text;
      // The text plus the select's padding and its arrow must fit.
      if (canvas.measureText(text).width + 30 > select.clientWidth) out.push('role select: ' + text);
    }
    return out;
  })()`);
  expect(clipped).toEqual([]);

  // Header row 0: the header line is data now, the id column is no duration, and the dialog says why row 1 looks odd.
  await page.getByTestId('import-header-row').fill('0');
  await expect(page.getByTestId('preview-grid').locator('.role-header-name').first()).toHaveText('Столбец 1');
  await previewReady(page);
  await expect(page.getByTestId('role-select-0')).toHaveValue('');
  await expect(page.getByTestId('role-select-2')).toHaveValue('status');
  await expect(page.getByTestId('role-select-3')).toHaveValue('clientNumber');
  await expect(page.getByTestId('import-dialog').getByRole('list', { name: 'Предупреждения' })).toContainText(
    'Строка 1 похожа на названия столбцов, а строка заголовка — 0',
  );

  // A second "Статус" takes the role from the first, and the dialog says so.
  await page.getByTestId('role-select-5').selectOption('status');
  await expect(page.getByTestId('role-moved')).toHaveText(
    'Роль «Статус» может быть только у одного столбца: она перенесена со столбца «Столбец 3» на «Столбец 6».',
  );
  await previewReady(page);
  await expect(page.getByTestId('role-select-2')).toHaveValue('');
  await expect(page.getByTestId('role-select-5')).toHaveValue('status');
  expect(
    await page
      .locator('[data-testid^="role-select-"]')
      .evaluateAll((nodes) => nodes.filter((node) => (node as unknown as { value: string }).value === 'status').length),
  ).toBe(1);

  // -1 is refused, visibly, and nothing can start until the field holds a row number again.
  await page.getByTestId('import-header-row').fill('-1');
  await expect(page.getByTestId('header-row-invalid')).toBeVisible();
  await expect(page.getByTestId('import-header-row')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('import-start')).toBeDisabled();
  await page.getByTestId('import-header-row').fill('1');
  await expect(page.getByTestId('header-row-invalid')).toHaveCount(0);
  await previewReady(page);
  await expect(page.getByTestId('preview-grid').locator('.role-header-name').first()).toHaveText('ID');

  // Generated names follow the interface language.
  await page.getByTestId('import-header-row').fill('0');
  await expect(page.getByTestId('preview-grid').locator('.role-header-name').first()).toHaveText('Столбец 1');
  await page.keyboard.press('Escape');
  await page.getByTestId('lang-en').click();
  await pickFile(page, path);
  await previewReady(page);
  await page.getByTestId('import-header-row').fill('0');
  await expect(page.getByTestId('preview-grid').locator('.role-header-name').first()).toHaveText('Column 1');
});

test('keyboard only: Tab leaves the preview grid, Enter on a header opens its role select, focus always visible', async ({ openApp }, testInfo) => {
  const path = testInfo.outputPath('звонки.csv');
  await writeFile(path, callsCsv(150).text);
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles(path);
  await previewReady(page);
  await expect(page.getByTestId('import-name')).toBeFocused();

  // From the name field to Cancel: a handful of presses, not one per preview cell; every stop shows its focus.
  const stops: string[] = [];
  for (let i = 0; i < 20 && (await focused(page)) !== 'import-close'; i++) {
    await page.keyboard.press('Tab');
    stops.push(await focused(page));
    expect(await focusVisible(page), `focus ring on ${stops.at(-1)}`).toBe(true);
  }
  expect(stops.at(-1), stops.join(' → ')).toBe('import-close');
  expect(stops.length).toBeLessThanOrEqual(8);
  // The grid was one stop on the way.
  expect(stops.filter((stop) => stop.includes('ag-')).length).toBeLessThanOrEqual(2);

  // Back into the grid, up to the headers, across to the "Менеджер" column, Enter: its role select has the keyboard.
  while (!(await insideGrid(page, 'preview-grid'))) await page.keyboard.press('Shift+Tab');
  const header = page.getByTestId('preview-grid').locator('.ag-header-cell[col-id="c3"]');
  // Shift+Tab comes back to the last cell: Ctrl+↑ to the first row, ↑ to the header, then across.
  await page.keyboard.press('Control+ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await page.evaluate<boolean>(`!!document.activeElement?.closest('.ag-header')`)).toBe(true);
  for (let i = 0; i < 8 && !(await header.evaluate((node) => node.ownerDocument.activeElement === node)); i++) {
    const column = await page.evaluate<string | null>(`document.activeElement?.getAttribute('col-id') ?? null`);
    await page.keyboard.press(column === 'c4' || column === 'c5' ? 'ArrowLeft' : 'ArrowRight');
  }
  await expect(header).toBeFocused();
  expect(await focusVisible(page)).toBe(true);
  await page.keyboard.press('Enter');
  const select = page.getByTestId('role-select-3');
  await expect(select).toBeFocused();
  expect(await focusVisible(page)).toBe(true);
  // The arrows choose (the picker, when open, takes them too); Escape closes a picker, Enter hands the keyboard back.
  await page.keyboard.press('Escape');
  await select.focus();
  const before = await select.inputValue();
  await page.keyboard.press('ArrowDown');
  await expect(select).not.toHaveValue(before);
  const chosen = await select.inputValue();
  await page.keyboard.press('Enter');
  await expect(header).toBeFocused();
  await previewReady(page);
  await expect(page.getByTestId('role-select-3')).toHaveValue(chosen);
  // The dialog is still open (Escape in the select never closed it) and Tab still leaves the grid.
  await page.keyboard.press('Tab');
  expect(await insideGrid(page, 'preview-grid')).toBe(false);
});

test('the progress view: a compact dialog, and never "0 Б из 0 Б", a speed of 0, or "оценивается" while indexing', async ({ openApp }, testInfo) => {
  test.setTimeout(180_000);
  const path = testInfo.outputPath('big.csv');
  await writeBigCsv(path, 600_000);
  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, path);
  await previewReady(page);
  await page.getByTestId('import-start').click();
  // Sampled straight from the DOM (no waiting for elements that may just have gone) until the dialog closes.
  const seen: { phase: string; text: string; box: { width: number; height: number } | null }[] = [];
  for (;;) {
    const sample = await page.evaluate<{ open: boolean; phase: string; text: string; box: { width: number; height: number } | null }>(`(() => {
      const dialog = document.querySelector('[data-testid="import-dialog"]');
      const progress = document.querySelector('[data-testid="import-progress"]');
      const rect = dialog?.getBoundingClientRect();
      return { open: !!dialog, phase: progress?.getAttribute('data-phase') ?? '', text: progress?.innerText ?? '', box: rect ? { width: rect.width, height: rect.height } : null };
    })()`);
    if (!sample.open) break;
    if (sample.phase !== '') seen.push({ phase: sample.phase, text: sample.text, box: sample.box });
    await page.waitForTimeout(40);
  }
  expect(seen.length).toBeGreaterThan(3);
  for (const { phase, text, box } of seen) {
    expect(text, phase).not.toContain('0 Б из 0 Б');
    expect(text, phase).not.toMatch(/(^|\D)0 строк\/с/);
    expect(text, phase).not.toMatch(/Строк: 0(\D|$)/);
    if (phase === 'indexing') expect(text).not.toContain('оценивается');
    if (box) {
      expect(box.width, 'a progress view needs no 1180 px dialog').toBeLessThanOrEqual(600);
      expect(box.height).toBeLessThanOrEqual(320);
    }
  }
  await expect(page.getByTestId('info-toast')).toContainText('Импорт завершён');
});

test('rows with another number of fields are kept as calls (padded, extra cells kept), or rejected when asked; a title and "Итого" are skipped, not errors', async ({
  openApp,
}, testInfo) => {
  const lines = ['Отчёт по звонкам за март', 'Дата и время;Номер клиента;Статус;Менеджер'];
  for (let i = 0; i < 30; i++) {
    const time = `05.03.2026 10:${String(i).padStart(2, '0')}:00`;
    if (i === 5) lines.push(`${time};+7 912 345-67-05;200/487`);
    else if (i === 9) lines.push(`${time};+7 912 345-67-09;487/0;Иванова;перезвонить;вечером;!`);
    else lines.push(`${time};+7 912 345-67-${String(i).padStart(2, '0')};200/200;Петров`);
  }
  lines.push('Итого: 30;;;');
  const path = testInfo.outputPath('неровный.csv');
  await writeFile(path, `${lines.join('\r\n')}\r\n`);

  const page = await openApp();
  await page.getByTestId('nav-datasets').click();
  await pickFile(page, path);
  await previewReady(page);
  const grid = page.getByTestId('preview-grid');
  await expect(page.getByTestId('import-reject-ragged')).not.toBeChecked();
  await expect(grid.locator('.ag-row[row-id="8"] [col-id="_problem"]')).toHaveText('дополнена: полей 3 из 4');
  await expect(grid.locator('.ag-row[row-id="12"] [col-id="_problem"]')).toHaveText('лишние поля (3) сохранены в _extra');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  const detail = page.getByTestId('dataset-detail');
  await expect(detail.getByTestId('detail-imported')).toHaveText('30');
  await expect(page.getByTestId('info-toast')).toContainText('2 строки с другим числом полей загружены с исправленной формой.');
  await expect(detail.getByTestId('detail-repaired')).toHaveText('2');
  await expect(detail.getByTestId('detail-skipped')).toHaveText('2');
  await expect(detail.getByTestId('detail-rejected')).toHaveText('0');
  await expect(page.getByTestId('dataset-rejected')).toHaveText('0');

  // The call grid marks both rows (a badge with the sentence, the row tinted), _extra is a column, the drawer lists the cells.
  await page.getByTestId('dataset-open').click();
  const calls = page.getByTestId('calls-grid');
  const callCell = (index: number, colId: string) => calls.locator(`.ag-row[row-index="${index}"] [role="gridcell"][col-id="${colId}"]`);
  await expect(callCell(5, '_fields').getByTestId('shape-badge')).toHaveAttribute('title', 'Строка дополнена: в ней было 3 поля из 4');
  await expect(callCell(5, '_fields')).toHaveText('3/4');
  await expect(callCell(9, '_fields').getByTestId('shape-badge')).toHaveAttribute('title', '3 лишних поля сохранены в _extra');
  await expect(callCell(9, '_extra')).toHaveText('["перезвонить","вечером","!"]');
  await expect(callCell(4, '_fields').getByTestId('shape-badge')).toHaveCount(0);
  await expect(calls.locator('.ag-row[row-index="9"]').first()).toHaveClass(/row-repaired/);
  await expect(calls.locator('.ag-row[row-index="4"]').first()).not.toHaveClass(/row-repaired/);
  await callCell(9, 'Статус').dblclick();
  const drawer = page.getByTestId('call-detail');
  await expect(drawer.getByTestId('call-detail-shape')).toHaveText('3 лишних поля сохранены в _extra');
  await expect(drawer.locator('[data-testid="call-field"][data-name="_extra"] dt')).toHaveText(['Поле 5 (лишнее)', 'Поле 6 (лишнее)', 'Поле 7 (лишнее)']);
  await expect(drawer.locator('[data-testid="call-field"][data-name="_extra"] dd')).toHaveText(['перезвонить', 'вечером', '!']);
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-datasets').click();

  // "Reject them instead": the two rows are listed as unreadable with their reason.
  await pickFile(page, path);
  await previewReady(page);
  await page.getByTestId('import-reject-ragged').check();
  await expect(grid.locator('.ag-row[row-id="8"] [col-id="_problem"]')).toHaveText('ожидалось полей: 4, найдено: 3');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(detail.getByTestId('detail-imported')).toHaveText('28');
  await expect(detail.getByTestId('detail-repaired')).toHaveCount(0);
  await expect(detail.getByTestId('detail-rejected')).toHaveText('2');
});
