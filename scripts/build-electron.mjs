#!/usr/bin/env node
// Bundles the Electron side with esbuild into build/electron/:
//   main.mjs        Electron main process (ESM) with the whole AppCore inside
//   job-worker.mjs  the import worker; beside main.mjs so run-job.ts finds it
//   preload.cjs     the sandboxed preload (sandboxed preloads must be CommonJS)
// External: electron (provided by the runtime) and better-sqlite3 (native addon, loaded from
// node_modules; electron-builder unpacks it from the asar).
//
// Target: Electron 45 ships Node 24 (Electron moved to Node 24 with version 40); node22 would
// only lower syntax needlessly.
// Usage: node scripts/build-electron.mjs [--outdir DIR]   (default build/electron; tests use a temp dir)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defaultOutdir = path.join(repo, 'build', 'electron');
const NODE_TARGET = 'node24';

// CommonJS dependencies bundled into ESM still call require() for Node builtins.
const esmBanner = [
  "import { createRequire as __qaCreateRequire } from 'node:module';",
  'const require = __qaCreateRequire(import.meta.url);',
].join('\n');

const common = {
  bundle: true,
  platform: 'node',
  target: NODE_TARGET,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3'],
  absWorkingDir: repo,
};

export async function buildElectron(outdir = defaultOutdir) {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { main: 'electron/main/main.ts', 'job-worker': 'electron/core/jobs/job-worker.ts' },
      outdir,
      format: 'esm',
      outExtension: { '.js': '.mjs' },
      banner: { js: esmBanner },
    }),
    esbuild.build({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: path.join(outdir, 'preload.cjs'),
      format: 'cjs',
      // The sandboxed preload may require only 'electron' (and a few polyfilled builtins).
      external: ['electron'],
      platform: 'node',
    }),
  ]);
  const preload = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
  const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  const unexpected = requires.filter((name) => name !== 'electron');
  if (unexpected.length > 0) throw new Error(`build-electron: preload.cjs requires ${unexpected.join(', ')}; a sandboxed preload may only require electron`);
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const flag = process.argv.indexOf('--outdir');
  const outdir = flag === -1 ? defaultOutdir : path.resolve(process.argv[flag + 1] ?? '');
  try {
    await buildElectron(outdir);
    const files = fs.readdirSync(outdir).filter((name) => !name.endsWith('.map'));
    const sizes = files.map((name) => `${name} (${Math.round(fs.statSync(path.join(outdir, name)).size / 1024)} KiB)`);
    console.log(`${path.relative(repo, outdir) || outdir}: ${sizes.join(', ')} in ${Date.now() - started} ms`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
