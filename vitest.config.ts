// Test runner settings: real sockets and processes, so generous timeouts and no parallel files
// fighting over the 2 cores for timing-sensitive cases.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
