import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real renderer, served with the real engine by the browser host
 * (src/host/serve.ts), in Debian's Chromium: Playwright cannot download browsers on these machines.
 * Nothing is built here: `npm test` runs `electron-vite build` first (see test/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    locale: 'ru-RU',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CALLSIGHT_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
