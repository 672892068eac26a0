import { defineConfig } from 'vitest/config';

// End-to-end tests: the built renderer in headless Chromium against a real loopback web host on
// a fresh demo database. Run through `npm run test:e2e` (scripts/e2e.mjs builds the renderer).
// One file at a time: each starts its own host and browser, and software WebGL is CPU-heavy.
export default defineConfig({
  test: {
    name: 'e2e',
    environment: 'node',
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    // A poll returns as soon as the UI shows the expected state; the default second is too short
    // on a loaded two-core CI machine where software WebGL competes for the CPU.
    expect: { poll: { timeout: 10_000 } },
    fileParallelism: false,
    maxWorkers: 1,
  },
});
