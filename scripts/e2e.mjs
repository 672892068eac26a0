#!/usr/bin/env node
// `npm run test:e2e [-- vitest options]`: builds the renderer if it is missing or stale, then
// runs the Chromium end-to-end tests (test/e2e/*.e2e.ts). Extra arguments go to vitest, e.g.
// `--reporter=json --outputFile.json=report.json` (used by scripts/test-all.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureRendererBuilt, ROOT } from './web.mjs';

try {
  ensureRendererBuilt();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

fs.mkdirSync(path.join(ROOT, 'test-results', 'e2e'), { recursive: true });
const vitest = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
