import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { STATUS_CATALOGUE } from '../../src/shared/status/catalogue.ts';
import { sipPhrase } from '../../src/shared/status/sip.ts';
import type { Side } from '../../src/shared/status/types.ts';
import { expect, test } from './fixtures.ts';

const DOCS = fileURLToPath(new URL('../../docs', import.meta.url));
const sorted = (codes: readonly string[]): string[] => [...codes].sort();

/** The codes of the rows the reference grid shows (it renders all rows: no row virtualisation). */
function gridCodes(page: Page): Promise<string[]> {
  return page
    .getByTestId('status-grid')
    .locator('.ag-row [col-id="code"]')
    .allInnerTexts()
    .then((codes) => sorted(codes.map((code) => code.trim())));
}

/**
 * Latin words a Russian screen may show: the product name, the language buttons, the key names of the
 * keyboard hint ("Ctrl+F", "Enter", "Esc"), the protocol names SIP and IP, and the standard SIP reason
 * phrases shown next to leg codes ("487 Request Terminated"), taken from sipPhrase itself.
 */
const LATIN_ALLOWED_IN_RU: ReadonlySet<string> = new Set([
  'Callsight',
  'RU',
  'EN',
  'Ctrl',
  'F',
  'C',
  'Shift',
  'Enter',
  'Esc',
  'SIP',
  'IP',
  ...Array.from({ length: 600 }, (_, i) => sipPhrase(100 + i)).flatMap((phrase) => phrase?.split(' ') ?? []),
  // The service's own Russian table says "Test call" for 790/0, and its wording is kept verbatim.
  'Test',
  'call',
]);

/**
 * Latin words on screen that are not allowed in Russian: the visible text (minus elements marked
 * lang="en", i.e. a status's English meaning shown on purpose) plus the ARIA labels, titles and
 * placeholders a screen reader or a hover shows, AG Grid's included.
 */
async function unexpectedLatin(page: Page): Promise<string[]> {
  // A string, not a function: this program is type-checked without DOM types.
  const texts = await page.evaluate<string[]>(`(() => {
    let text = document.body.innerText;
    for (const element of document.querySelectorAll('[lang="en"]')) text = text.replace(element.innerText, '');
    const attributes = ['aria-label', 'title', 'placeholder', 'aria-description', 'aria-roledescription'];
    const labels = [...document.querySelectorAll('*')].flatMap((element) => attributes.map((name) => element.getAttribute(name) ?? ''));
    return [text, ...labels];
  })()`);
  const words = texts.flatMap((text) => text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? []);
  return [...new Set(words.filter((word) => !LATIN_ALLOWED_IN_RU.has(word)))].sort();
}

function headerTexts(page: Page): Promise<string[]> {
  return page.getByTestId('status-grid').locator('.ag-header-cell-text').allInnerTexts();
}

test('the reference lists all 67 statuses without any dataset', async ({ openApp }) => {
  const page = await openApp();
  await expect(page.getByTestId('reference-screen')).toBeVisible();
  expect(STATUS_CATALOGUE).toHaveLength(67);
  await expect.poll(() => gridCodes(page)).toEqual(sorted(STATUS_CATALOGUE.map((entry) => entry.code)));
  await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', '67');
});

test('search "занят" lists exactly the busy statuses; codes match by substring', async ({ openApp }) => {
  const page = await openApp();
  // The busy reason's statuses: their meaning, reason label («Занято») or a leg says so (issue 11, item 8).
  const busy = STATUS_CATALOGUE.filter((entry) => entry.reason === 'busy').map((entry) => entry.code);
  expect(busy).toHaveLength(4);

  await page.keyboard.press('/');
  await expect(page.getByTestId('status-search')).toBeFocused();
  await page.keyboard.type('занят');
  await expect.poll(() => gridCodes(page)).toEqual(sorted(busy));
  await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', String(busy.length));

  // English words work too, and find the same statuses.
  await page.getByTestId('status-search').fill('busy');
  await expect.poll(() => gridCodes(page)).toEqual(sorted(busy));

  // Codes: "487" anywhere in the code, "200/48" as a prefix.
  await page.getByTestId('status-search').fill('487');
  await expect.poll(() => gridCodes(page)).toEqual(sorted(STATUS_CATALOGUE.filter((e) => e.code.includes('487')).map((e) => e.code)));
  await page.getByTestId('status-search').fill('200/48');
  await expect.poll(() => gridCodes(page)).toEqual(sorted(STATUS_CATALOGUE.filter((e) => e.code.startsWith('200/48')).map((e) => e.code)));
});

const byReason = (...reasons: string[]): string[] => sorted(STATUS_CATALOGUE.filter((e) => reasons.includes(e.reason)).map((e) => e.code));

/** Issue 11, item 8: the search finds what the screen shows. Query → the codes listed. */
const SEARCH_CASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Занято', byReason('busy')],
  ['Не ответил', sorted([...byReason('no-answer'), '200/504', '504/0'])],
  ['no answer', byReason('no-answer')],
  ['Busy Here', ['101/486', '200/486', '486/0']],
  ['клиент занят', ['101/486', '200/486', '200/600']],
  ['занят клиент', ['101/486', '200/486', '200/600']],
  ['номер не существует', ['200/404', '200/410', '200/604', '404/0', '604/0']],
  ['200 486', ['200/486']],
  ['занято', byReason('busy')],
  ['занятой', byReason('busy')],
  ['занят', byReason('busy')],
  ['busy', byReason('busy')],
];

test('search: reason labels, SIP phrases, words in any order and across fields, codes with a space, word forms', async ({ openApp }) => {
  const page = await openApp();
  const search = page.getByTestId('status-search');
  for (const [query, expected] of SEARCH_CASES) {
    await search.fill(query);
    await expect.poll(() => gridCodes(page), { message: query }).toEqual(sorted(expected));
    await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', String(expected.length));
  }
  // The legs read as Russian: no "клиент не дозвонились" anywhere in the grid.
  await search.fill('');
  await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', '67');
  await expect(page.getByTestId('status-grid')).toContainText('до клиента не дозвонились: номер не существует');
  expect(await page.getByTestId('status-grid').innerText()).not.toMatch(/(клиент|менеджер) не дозвонились/);
});

test('side chips filter the grid and show counts; the reason select narrows further', async ({ openApp }) => {
  const page = await openApp();
  const bySide = (sides: readonly Side[]) => sorted(STATUS_CATALOGUE.filter((e) => sides.includes(e.side)).map((e) => e.code));

  for (const side of ['manager', 'client', 'carrier', 'service', 'success', 'pending'] as const) {
    await expect(page.getByTestId(`side-chip-${side}`)).toHaveAttribute('data-count', String(bySide([side]).length));
  }
  await page.getByTestId('side-chip-manager').click();
  await expect(page.getByTestId('side-chip-manager')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => gridCodes(page)).toEqual(bySide(['manager']));
  await page.getByTestId('side-chip-carrier').click();
  await expect.poll(() => gridCodes(page)).toEqual(bySide(['manager', 'carrier']));
  // Every visible badge is one of the chosen sides.
  const badgeSides = await page
    .getByTestId('status-grid')
    .getByTestId('side-badge')
    .evaluateAll((nodes) => [...new Set(nodes.map((node) => node.getAttribute('data-side')))].sort());
  expect(badgeSides).toEqual(['carrier', 'manager']);

  await page.getByTestId('reason-filter').selectOption('technical');
  await expect
    .poll(() => gridCodes(page))
    .toEqual(sorted(STATUS_CATALOGUE.filter((e) => (e.side === 'manager' || e.side === 'carrier') && e.reason === 'technical').map((e) => e.code)));

  await page.getByTestId('reference-clear').click();
  await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', '67');
});

test('keyboard: search, arrows, Enter opens the detail with both legs, Escape returns to the grid', async ({ openApp }) => {
  const page = await openApp();
  const entry = STATUS_CATALOGUE.find((e) => e.code === '200/487')!;

  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('status-search')).toBeFocused();
  await page.keyboard.type('200/487');
  await expect.poll(() => gridCodes(page)).toEqual(['200/487']);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.ag-cell-focus')).toHaveCount(1);
  await page.keyboard.press('Enter');

  const detail = page.getByTestId('status-detail');
  await expect(detail).toHaveAttribute('data-code', '200/487');
  await expect(detail).toBeFocused();
  await expect(page.getByTestId('detail-meaning-ru')).toHaveText(entry.textRu);
  await expect(page.getByTestId('detail-meaning-en')).toHaveText(entry.textEn);
  await expect(page.getByTestId('detail-manager-leg-code')).toHaveText('200');
  await expect(page.getByTestId('detail-manager-leg')).toContainText('OK');
  await expect(page.getByTestId('detail-manager-leg-words')).toHaveText('менеджер ответил');
  await expect(page.getByTestId('detail-client-leg-code')).toHaveText('487');
  await expect(page.getByTestId('detail-client-leg')).toContainText('Request Terminated');
  await expect(page.getByTestId('detail-client-leg-words')).toHaveText('клиент не взял трубку');
  await expect(page.getByTestId('detail-why')).not.toBeEmpty();
  await expect(page.getByTestId('detail-check')).not.toBeEmpty();
  await expect(page.getByTestId('detail-note')).toHaveCount(0);

  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(page.getByTestId('status-grid').locator(':focus')).toHaveCount(1);

  // An ambiguous status explains itself; clicking a row opens it too.
  await page.getByTestId('status-search').fill('200/0');
  await page.getByTestId('status-grid').locator('.ag-row [col-id="code"]', { hasText: '200/0' }).click();
  await expect(detail).toHaveAttribute('data-code', '200/0');
  await expect(page.getByTestId('detail-note')).toContainText(STATUS_CATALOGUE.find((e) => e.code === '200/0')!.note!.ru);
  await expect(page.getByTestId('detail-client-leg-words')).toHaveText('клиенту не звонили');
});

test('language switch flips every visible text, grid included, and is remembered after reload', async ({ openApp }) => {
  const page = await openApp();
  const grid = page.getByTestId('status-grid');
  await expect(page.getByTestId('app')).toHaveAttribute('data-lang', 'ru');
  expect(await headerTexts(page)).toEqual(['Код', 'Значение', 'Сторона', 'Причина', 'Плечи звонка']);
  // An AG Grid text of its own: the empty overlay.
  await page.getByTestId('status-search').fill('нет такого статуса');
  await expect(grid.locator('.ag-overlay')).toContainText('Нет строк');
  const ruText = await page.locator('body').innerText();
  for (const text of ['Справочник', 'Данные', 'Сторона', 'Причина', 'Все причины', 'Ничего не найдено']) expect(ruText).toContain(text);
  // The reverse check: in Russian, no English word outside the allow-list — with the empty overlay (AG Grid's
  // own text), with all 67 rows, and with the detail of every status open in turn.
  expect(await unexpectedLatin(page)).toEqual([]);
  await page.getByTestId('status-search').fill('');
  await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', '67');
  expect(await unexpectedLatin(page)).toEqual([]);
  for (const entry of STATUS_CATALOGUE) {
    await page.getByTestId('status-search').fill(entry.code);
    await grid.locator('.ag-row [col-id="code"]').getByText(entry.code, { exact: true }).click();
    await expect(page.getByTestId('status-detail')).toHaveAttribute('data-code', entry.code);
    expect(await unexpectedLatin(page), `status ${entry.code}`).toEqual([]);
  }
  await page.getByTestId('status-detail-close').click();
  await expect(page.getByTestId('status-detail')).toHaveCount(0);
  await page.getByTestId('status-search').fill('нет такого статуса');
  await expect(grid.locator('.ag-overlay')).toContainText('Нет строк');

  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-lang', 'en');
  await expect(grid.locator('.ag-overlay')).toContainText('No Rows To Show');
  expect(await headerTexts(page)).toEqual(['Code', 'Meaning', 'Side', 'Reason', 'Call legs']);
  const enText = await page.locator('body').innerText();
  for (const text of ['Reference', 'Datasets', 'Side', 'Reason', 'All reasons', 'Nothing found']) expect(enText).toContain(text);
  // Not a single Cyrillic letter is left on screen.
  expect(enText).not.toMatch(/[А-Яа-яЁё]/);

  // With rows and the detail open, still nothing Russian except the "In Russian" meaning itself.
  await page.getByTestId('status-search').fill('');
  await expect(page.getByTestId('status-count')).toHaveAttribute('data-count', '67');
  // The count changes before the grid has drawn its rows: wait for a row before reading the text.
  await expect(grid).toContainText('manager answered (200 OK) → client did not pick up (487 Request Terminated)');
  const gridText = await grid.innerText();
  expect(gridText).not.toMatch(/[А-Яа-яЁё]/);

  // The other screen too (an empty library here).
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('library-empty')).toBeVisible();
  expect(await page.locator('body').innerText()).not.toMatch(/[А-Яа-яЁё]/);
  await page.getByTestId('nav-reference').click();

  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-lang', 'en');
  await expect(page.getByTestId('nav-reference')).toHaveText('Reference');
  await expect.poll(() => headerTexts(page)).toEqual(['Code', 'Meaning', 'Side', 'Reason', 'Call legs']);

  await page.getByTestId('lang-ru').click();
  await expect.poll(() => headerTexts(page)).toEqual(['Код', 'Значение', 'Сторона', 'Причина', 'Плечи звонка']);
  await expect(page.getByTestId('nav-reference')).toHaveText('Справочник');
});

test('the page requests nothing from any origin but the host', async ({ openApp, requests, host }) => {
  const page = await openApp();
  await page.getByTestId('status-search').fill('487');
  await page.getByTestId('nav-datasets').click();
  await expect(page.getByTestId('datasets-screen')).toBeVisible();
  await page.getByTestId('nav-reference').click();
  await expect(page.getByTestId('reference-screen')).toBeVisible();
  expect(requests.length).toBeGreaterThan(2);
  for (const url of requests) expect(new URL(url).origin).toBe(host.origin);
});

test('screenshot of the reference for the README', async ({ openApp }) => {
  const page = await openApp();
  await page.getByTestId('side-chip-client').click();
  await page.getByTestId('side-chip-manager').click();
  await page
    .getByTestId('status-grid')
    .locator('.ag-row [col-id="code"]', { hasText: /^200\/0$/ })
    .click();
  await expect(page.getByTestId('status-detail')).toHaveAttribute('data-code', '200/0');
  // The README's screenshots are taken at 1280×720 (issue 11).
  await page.setViewportSize({ width: 1280, height: 720 });
  await mkdir(DOCS, { recursive: true });
  await page.screenshot({ path: `${DOCS}/screenshot-reference.png` });
});
