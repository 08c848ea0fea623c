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
