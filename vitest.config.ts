// Test projects. `npm test` runs them all inside a private keychain (test/support/run-tests.sh).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/src/**/*.test.ts', 'test/main/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
          globalSetup: ['test/support/global-setup.ts'],
          // electron-store imports `electron`: inline it so test/main's vi.mock('electron') applies.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'robustness',
          environment: 'node',
          include: ['test/robustness/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
