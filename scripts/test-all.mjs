#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + component tests, end-to-end tests — in this order, all of
// them even if one fails. Their output is streamed as usual; at the end a short table and, as
// the very last line, `N passed, N failed` (plus `, N skipped` when something was skipped).
// Typecheck and lint count as one test each. A suite that crashes counts as (at least) one failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bin = (...parts) => path.join(ROOT, 'node_modules', ...parts);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartiersatlas-tests-'));

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];

/** Runs a command with inherited output; resolves with its exit code (a spawn error is 1). */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
    child.on('error', (error) => {
      console.error(`Konnte nicht starten: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function banner(title) {
  console.log(`\n━━━ ${title} ━━━`);
}

/** One pass/fail check (typecheck, lint). */
async function single(name, args) {
  banner(name);
  const code = await run(args);
  return { name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0, note: code === 0 ? '' : `exit code ${code}` };
}

/** A vitest run with a JSON report; counts come from the report, a crash counts as a failure. */
async function vitestSuite(name, args) {
  banner(name);
  const report = path.join(reportDir, `${name}.json`);
  const code = await run([...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  let json = null;
  try {
    json = JSON.parse(fs.readFileSync(report, 'utf8'));
  } catch {
    // No report: the suite did not get as far as running its tests.
  }
  if (!json) return { name, passed: 0, failed: 1, skipped: 0, note: `crashed without a report (exit code ${code})` };
  const passed = json.numPassedTests ?? 0;
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  let failed = json.numFailedTests ?? 0;
  // A test file that fails to load has no failed test but a failed file.
  const brokenFiles = (json.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  failed += brokenFiles;
  let note = brokenFiles > 0 ? `${brokenFiles} file(s) failed to run` : '';
  if (code !== 0 && failed === 0) {
    failed = 1;
    note = `exit code ${code} without a failed test (crash or unhandled error)`;
  }
  return { name, passed, failed, skipped, note };
}

const results = [];
const timed = async (step) => {
  const started = performance.now();
  const result = await step();
  result.seconds = (performance.now() - started) / 1000;
  results.push(result);
};

await timed(() => single('typecheck', [bin('typescript', 'bin', 'tsc'), '-p', 'tsconfig.json', '--noEmit']));
await timed(async () => {
  if (!ESLINT_CONFIGS.some((file) => fs.existsSync(path.join(ROOT, file)))) {
    banner('lint');
    console.log('No eslint.config.* in the project yet: lint skipped.');
    return { name: 'lint', passed: 0, failed: 0, skipped: 1, note: 'no eslint config' };
  }
  return single('lint', [bin('eslint', 'bin', 'eslint.js'), '.']);
});
await timed(() => vitestSuite('unit', [bin('vitest', 'vitest.mjs'), 'run']));
await timed(() => vitestSuite('e2e', [path.join(ROOT, 'scripts', 'e2e.mjs')]));

fs.rmSync(reportDir, { recursive: true, force: true });

const total = { passed: 0, failed: 0, skipped: 0 };
console.log('\n━━━ Summary ━━━');
for (const r of results) {
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
  const counts = `${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`;
  console.log(`${r.failed > 0 ? '✗' : '✓'} ${r.name.padEnd(10)} ${counts.padEnd(36)} ${r.seconds.toFixed(1).padStart(6)} s${r.note ? `  (${r.note})` : ''}`);
}
process.exitCode = total.failed > 0 ? 1 : 0;
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped > 0 ? `, ${total.skipped} skipped` : ''}`);
