import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startBrowserHost } from '../support/browser-host.ts';

export { expect };

export interface Host {
  /** The URL printed by the host, token included. */
  readonly url: string;
  readonly origin: string;
  readonly dataDir: string;
}

interface Fixtures {
  host: Host;
  /** Every URL the page's context requested, in order. */
  requests: string[];
  /** Opens the app and waits until it has loaded its settings. */
  openApp: () => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  // One host and one empty data folder per test: tests never see each other's settings or datasets.
  host: async ({}, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'callsight-e2e-'));
    const host = await startBrowserHost(dataDir);
    await use({ url: host.url, origin: host.origin, dataDir });
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  },
  requests: async ({ context, host }, use) => {
    const seen: string[] = [];
    context.on('request', (request) => {
      seen.push(request.url());
    });
    await use(seen);
    // A guard on every test, not only the dedicated one: the app talks to its host and nobody else.
    const foreign = seen.filter((url) => !url.startsWith(`${host.origin}/`));
    expect(foreign, 'requests to an origin other than the host').toEqual([]);
  },
  openApp: async ({ page, host, requests }, use) => {
    void requests;
    await use(async () => {
      await page.goto(host.url);
      await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
      return page;
    });
  },
});
