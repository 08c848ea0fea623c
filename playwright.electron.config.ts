import { defineConfig } from '@playwright/test';

/** The Electron smoke test: only where an Electron runtime is installed (`npm run test:electron`). */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/electron',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
});
