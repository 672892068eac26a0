import { defineConfig } from 'vitest/config';

// Two projects: plain-Node tests for electron/ and shared/ (real better-sqlite3, temp files)
// and jsdom tests for React components. End-to-end tests run separately (scripts/e2e.mjs).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['test/components/**/*.test.tsx'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
