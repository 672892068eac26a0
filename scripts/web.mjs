#!/usr/bin/env node
// `npm run web -- [--db FILE] [--port N] [--no-demo]`: builds the renderer when it is missing or
// older than its sources, then runs the loopback web host (electron/web/host.ts) in this process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RENDERER_INDEX = path.join(ROOT, 'build', 'renderer', 'index.html');

/** Everything the renderer bundle is built from. */
const RENDERER_SOURCES = ['renderer', 'shared', 'vite.config.ts', 'package-lock.json'];

function newestMtime(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

/** Why the renderer must be (re)built, or null when build/renderer is up to date. */
export function rendererBuildReason() {
  let built;
  try {
    built = fs.statSync(RENDERER_INDEX).mtimeMs;
  } catch {
    return 'build/renderer/index.html fehlt';
  }
  for (const source of RENDERER_SOURCES) {
    if (newestMtime(path.join(ROOT, source)) > built) return `${source} ist neuer als build/renderer`;
  }
  return null;
}

/** Runs `vite build` (with this Node) when needed; throws if the build fails. */
export function ensureRendererBuilt({ log = console.log } = {}) {
  const reason = rendererBuildReason();
  if (!reason) return false;
  log(`Oberfläche wird gebaut (${reason}) …`);
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`vite build ist fehlgeschlagen (Exit-Code ${result.status ?? result.signal}).`);
  }
  return true;
}

if (import.meta.main) {
  try {
    ensureRendererBuilt({ log: (line) => console.error(line) });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const { main } = await import('../electron/web/host.ts');
  process.exit(await main(process.argv.slice(2)));
}
