import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The desktop shell itself, where an Electron runtime exists (users' and release machines; never the
 * build machines here, which cannot download one). Run with `npm run test:electron` after
 * `npm run build`. Not part of `npm test`: a test that cannot run here is not counted as passing.
 */
const MAIN = fileURLToPath(new URL('../../out/main/index.js', import.meta.url));

test('the window opens with the typed API and nothing else; no network, no new windows', async ({}, testInfo) => {
  const app = await electron.launch({ args: [MAIN, `--user-data-dir=${testInfo.outputPath('user-data')}`] });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('reference-screen')).toBeVisible();
    await expect(page).toHaveTitle(/Callsight/);

    const exposed = await page.evaluate(() => {
      const api = (globalThis as unknown as { callsight?: Record<string, unknown> }).callsight;
      return {
        api: api ? Object.keys(api).sort() : [],
        require: typeof (globalThis as unknown as { require?: unknown }).require,
        process: typeof (globalThis as unknown as { process?: unknown }).process,
      };
    });
    expect(exposed).toEqual({ api: ['app', 'datasets', 'imports', 'settings', 'sources'], require: 'undefined', process: 'undefined' });

    const info = await page.evaluate(() => (globalThis as unknown as { callsight: { app: { info(): Promise<unknown> } } }).callsight.app.info());
    expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });

    // No network: a request to any other origin is refused, and new windows are denied.
    const remote = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'loaded',
        () => 'refused',
      ),
    );
    expect(remote).toBe('refused');
    await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'));
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
  }
});
