import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['edge/**/*.test.ts', 'db/**/*.test.ts', 'test/unit/**/*.test.ts', 'web-sdk/**/*.test.ts', 'widget/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // Real Chromium (Debian's, driven by playwright-core) against the real Node server and the built SDK.
          name: 'browser',
          include: ['test/browser/**/*.test.ts', 'web-sdk/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
