/**
 * Issue 11: the reference from the keyboard alone (item 3), long cells and copying (item 10).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const insideGrid = (page: Page): Promise<boolean> =>
  page.evaluate(`document.querySelector('[data-testid="status-grid"]')?.contains(document.activeElement) ?? false`);

function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(`(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  })()`);
}

test('keyboard only: Tab leaves the reference grid at once, Shift+Tab comes back, focus always visible', async ({ openApp }) => {
  const page = await openApp();
  await page.keyboard.press('/');
  await expect(page.getByTestId('status-search')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  expect(await insideGrid(page)).toBe(true);
  expect(await focusVisible(page)).toBe(true);
  // Deep in the grid, one Tab is enough to leave it (it used to walk all ~335 cells).
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Tab');
  expect(await insideGrid(page)).toBe(false);
  // Shift+Tab from the search box walks back through the toolbar, not through the cells.
  await page.getByTestId('status-search').focus();
  let presses = 0;
  while (!(await insideGrid(page)) && presses < 20) {
    await page.keyboard.press('Tab');
    presses++;
    expect(await focusVisible(page)).toBe(true);
  }
  expect(await insideGrid(page)).toBe(true);
  expect(presses).toBeLessThanOrEqual(12);
  await page.keyboard.press('Tab');
  expect(await insideGrid(page)).toBe(false);
});

test('long cells end with an ellipsis and show the whole text on hover; Ctrl+C copies a cell, Ctrl+Shift+C the row', async ({ openApp, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await openApp();
  await page.setViewportSize({ width: 1280, height: 720 });
  const grid = page.getByTestId('status-grid');
  await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', '67');
  // Every row is one line high; a cut text ends with an ellipsis.
  const heights = await grid.locator('.ag-row').evaluateAll((rows) => [...new Set(rows.map((row) => Math.round(row.getBoundingClientRect().height)))]);
  expect(heights).toEqual([32]);
  const meaning = grid.locator('.ag-row[row-id="200/717"] [col-id="meaning"]');
  // A string, not a function: this program is type-checked without DOM types.
  const cut = await page.evaluate<{ truncated: boolean; overflow: string; display: string; wrap: string }>(`(() => {
    const cell = document.querySelector('[data-testid="status-grid"] .ag-row[row-id="200/717"] [col-id="meaning"]');
    const value = cell.querySelector('.ag-cell-value') ?? cell;
    const style = getComputedStyle(value);
    // An ellipsis is drawn only by a block that clips its own line of text (a flex box would just cut it).
    return { truncated: value.scrollWidth > value.clientWidth, overflow: style.textOverflow, display: style.display, wrap: style.whiteSpace };
  })()`);
  expect(cut).toEqual({ truncated: true, overflow: 'ellipsis', display: 'block', wrap: 'nowrap' });
  await meaning.hover();
  const full = 'Звонок был автоматически отменен при достижении времени, ограничивающего соединение с клиентом';
  await expect(page.locator('.ag-tooltip')).toHaveText(full);

  // Copying from the keyboard.
  await page.getByTestId('status-search').fill('200/487');
  await expect(grid.locator('.ag-row')).toHaveCount(1);
  await page.getByTestId('status-search').press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('info-toast').filter({ hasText: 'Ячейка скопирована' })).toBeVisible();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe('Клиент не взял трубку');
  await page.keyboard.press('Control+Shift+c');
  await expect
    .poll(() => page.evaluate<string>('navigator.clipboard.readText()'))
    .toBe(
      ['200/487', 'Клиент не взял трубку', 'Клиент', 'Не ответил', 'менеджер ответил (200 OK) → клиент не взял трубку (487 Request Terminated)'].join('\t'),
    );
});
