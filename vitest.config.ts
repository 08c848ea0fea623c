import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Integration tests spawn worker threads and the CLI; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
