#!/usr/bin/env node
// npm start [-- --db FILE] [--no-browser]
//
// With an Electron binary installed: builds what is stale and opens the desktop app.
// Without one (locked-down machines, CI, this repository's default: .npmrc sets ignore-scripts,
// so Electron's postinstall never downloads it): builds the renderer if needed, starts the
// loopback web host and opens the printed URL in the default browser.
//
// The binary is looked up without require('electron'): since Electron 45 that require starts a
// download when the binary is missing, which on an offline machine only fails slowly.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const rawArgs = process.argv.slice(2);
const noBrowser = rawArgs.includes('--no-browser') || process.env.QUARTIERSATLAS_NO_BROWSER === '1' || process.env.CI === 'true';
const passArgs = rawArgs.filter((arg) => arg !== '--no-browser');

/** The installed Electron executable, or null — never triggers a download. */
function findElectronBinary() {
  let electronDir;
  try {
    electronDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const relative = fs.readFileSync(pathFile, 'utf8').trim();
  if (!relative) return null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? path.join(override, relative) : path.join(electronDir, 'dist', relative);
  return fs.existsSync(binary) ? binary : null;
}

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

function rendererIsStale() {
  const built = path.join(repo, 'build', 'renderer', 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = ['renderer', 'shared', 'vite.config.ts', 'package.json'].map((name) => newestMtime(path.join(repo, name)));
  return Math.max(...sources) > fs.statSync(built).mtimeMs;
}

function run(command, args, label) {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${label} fehlgeschlagen / failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

function buildRendererIfStale() {
  if (!rendererIsStale()) {
    console.log('Oberfläche ist aktuell / renderer is up to date (build/renderer).');
    return;
  }
  console.log('Baue die Oberfläche / building the renderer (vite build) …');
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  run(process.execPath, [viteBin, 'build'], 'vite build');
}

function openInBrowser(url) {
  const [command, args, options] =
    process.platform === 'win32'
      ? ['cmd', ['/d', '/s', '/c', `start "" "${url}"`], { windowsVerbatimArguments: true }]
      : process.platform === 'darwin'
        ? ['open', [url], {}]
        : ['xdg-open', [url], {}];
  try {
    const child = spawn(command, args, { ...options, stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No browser, no desktop session: the URL stays printed in the terminal.
  }
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null) child.kill(signal);
    });
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function startElectron(binary) {
  buildRendererIfStale();
  console.log('Baue den Electron-Hauptprozess / building the Electron main process …');
  run(process.execPath, [path.join(repo, 'scripts', 'build-electron.mjs')], 'build-electron');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, ['.', ...passArgs], { cwd: repo, stdio: 'inherit', env });
  child.on('error', (error) => {
    console.error(`Electron ließ sich nicht starten / could not start Electron: ${error.message}`);
    process.exit(1);
  });
  forwardSignals(child);
}

function startWebHost() {
  console.log(
    [
      '',
      'Kein Electron-Programm installiert: Quartiersatlas startet stattdessen im Browser (nur auf diesem Rechner, 127.0.0.1).',
      'Wo das Netz es erlaubt, lädt `npm run electron:install` das Electron-Programm nach.',
      'No Electron binary is installed: starting Quartiersatlas in the browser instead (this machine only, 127.0.0.1).',
      'Where the network allows it, `npm run electron:install` fetches the Electron binary.',
      '',
    ].join('\n'),
  );
  const host = path.join(repo, 'electron', 'web', 'host.ts');
  if (!fs.existsSync(host)) {
    console.error(`${path.relative(repo, host)} fehlt / is missing.`);
    process.exit(1);
  }
  buildRendererIfStale();
  const child = spawn(process.execPath, [host, ...passArgs], { cwd: repo, stdio: ['inherit', 'pipe', 'inherit'] });
  child.on('error', (error) => {
    console.error(`Der Web-Host ließ sich nicht starten / could not start the web host: ${error.message}`);
    process.exit(1);
  });
  let buffered = '';
  let announced = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    if (announced) return;
    buffered += chunk;
    const match = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d+\/\S*/.exec(buffered);
    if (!match) {
      buffered = buffered.slice(-4096);
      return;
    }
    announced = true;
    const url = match[0];
    if (!noBrowser) openInBrowser(url);
    // Last thing on screen: the address, in case no browser opened.
    setTimeout(() => {
      console.log(`\n  Quartiersatlas: ${url}`);
      console.log('  Adresse im Browser öffnen, falls er sich nicht selbst geöffnet hat. Beenden mit Strg+C.');
      console.log('  Open this address in a browser if none opened. Stop with Ctrl+C.\n');
    }, 300);
  });
  forwardSignals(child);
}

const binary = findElectronBinary();
if (binary) startElectron(binary);
else startWebHost();
