#!/usr/bin/env node
// npm run dist:dir — package the app as an unpacked Linux folder (dist/linux-unpacked) and check
// what went into it. Expects `npm run build` to have run (the npm script does that first).
//
// No Electron binary can be downloaded here, so electron-builder gets a stub distribution via
// -c.electronDist=<dir>: app-builder-lib (electron/ElectronFramework.js, unpack → selectElectron)
// treats a directory without electron-v<version>-<platform>-<arch>.zip inside as an unpacked
// Electron and copies it as it is; on Linux it then renames the file `electron` to the
// executableName. Nothing else is read from it, so an empty `electron` file (+ the `version`
// file a real distribution has) is enough to test the packaging: app.asar, app.asar.unpacked,
// extraResources. The stub folder is of course not a runnable app.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const asar = require('@electron/asar');

const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const appDir = path.join(repo, 'dist', 'linux-unpacked');

const REQUIRED_BUILD = ['build/renderer/index.html', 'build/electron/main.mjs', 'build/electron/preload.cjs', 'build/electron/job-worker.mjs'];
const DEMO_FILES = ['flensburg_stadtteile.geojson', 'flensburg_stadtbezirke.geojson', 'spielplaetze_flensburg.geojson'];

function createStubElectron() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quartiersatlas-electron-stub-'));
  fs.writeFileSync(path.join(dir, 'electron'), '');
  fs.chmodSync(path.join(dir, 'electron'), 0o755);
  fs.writeFileSync(path.join(dir, 'version'), electronVersion);
  return dir;
}

function runElectronBuilder(stub) {
  const cli = path.join(path.dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  const args = [cli, '--linux', 'dir', '--x64', '--config', 'electron-builder.yml', `-c.electronDist=${stub}`, '--publish', 'never'];
  console.log(`electron-builder ${args.slice(1).join(' ')}`);
  const result = spawnSync(process.execPath, args, { cwd: repo, stdio: 'inherit', env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true' } });
  return result.status === 0;
}

/** Returns [{ ok, de, en }] for every expectation. */
function checkPackage() {
  const checks = [];
  const check = (ok, de, en) => checks.push({ ok: Boolean(ok), de, en });
  const resources = path.join(appDir, 'resources');
  const archive = path.join(resources, 'app.asar');

  check(fs.existsSync(path.join(appDir, 'quartiersatlas')), 'Programmdatei quartiersatlas', 'executable quartiersatlas');
  if (!fs.existsSync(archive)) {
    check(false, 'resources/app.asar vorhanden', 'resources/app.asar exists');
    return { checks, entries: [] };
  }
  // isPack: true marks every entry as "pack  : /path" or "unpack: /path".
  const listing = asar.listPackage(archive, { isPack: true }).map((line) => {
    const unpacked = line.startsWith('unpack');
    const entry = line.replace(/^(un)?pack\s*:\s*/, '').split(path.sep).join('/');
    return { entry, unpacked };
  });
  const entries = new Set(listing.map((item) => item.entry));
  for (const file of [...REQUIRED_BUILD, 'package.json']) {
    check(entries.has(`/${file}`), `app.asar enthält ${file}`, `app.asar contains ${file}`);
  }

  const packageJson = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  check(packageJson.main === 'build/electron/main.mjs', `package.json "main" = build/electron/main.mjs (ist: ${packageJson.main})`, `package.json "main" is build/electron/main.mjs (is: ${packageJson.main})`);
  check(entries.has(`/${packageJson.main}`), 'der Einstiegspunkt liegt im Archiv', 'the entry point is inside the archive');

  const unpacked = path.join(resources, 'app.asar.unpacked');
  const nativeAddon = path.join(unpacked, 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node');
  check(fs.existsSync(nativeAddon) && fs.statSync(nativeAddon).size > 100_000, 'app.asar.unpacked enthält better-sqlite3 linux-x64.node', 'app.asar.unpacked contains better-sqlite3 linux-x64.node');
  check(fs.existsSync(path.join(unpacked, 'node_modules', 'better-sqlite3', 'lib', 'index.js')), 'app.asar.unpacked enthält better-sqlite3/lib (für den Import-Worker)', 'app.asar.unpacked contains better-sqlite3/lib (for the import worker)');
  check(fs.existsSync(path.join(unpacked, 'build', 'electron', 'job-worker.mjs')), 'app.asar.unpacked enthält build/electron/job-worker.mjs', 'app.asar.unpacked contains build/electron/job-worker.mjs');

  for (const file of DEMO_FILES) {
    const demo = path.join(resources, 'demo', 'flensburg', file);
    check(fs.existsSync(demo) && fs.statSync(demo).size > 0, `resources/demo/flensburg/${file}`, `resources/demo/flensburg/${file}`);
  }

  const leaked = [...entries].filter(
    (entry) => /^\/(electron|renderer|shared|test|scripts|docs|resources)\//.test(entry) || (/\.(sqlite|ts|tsx|map)$/.test(entry) && !entry.startsWith('/node_modules/')),
  );
  const topLevel = [...new Set([...entries].map((entry) => entry.split('/')[1]))].sort();
  const leakedText = leaked.length ? `: ${leaked.slice(0, 5).join(', ')}${leaked.length > 5 ? ` … (${leaked.length})` : ''}` : '';
  check(leaked.length === 0, `keine Quelltexte, Tests oder Datenbanken im Archiv${leakedText}`, `no sources, tests or databases in the archive${leakedText}`);
  check(
    topLevel.join(',') === 'build,node_modules,package.json',
    `oberste Ebene: build, node_modules, package.json (ist: ${topLevel.join(', ')})`,
    `top level: build, node_modules, package.json (is: ${topLevel.join(', ')})`,
  );
  const modules = [...new Set([...entries].map((entry) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(entry)?.[1]).filter(Boolean))];
  check(
    modules.length === 1 && modules[0] === 'better-sqlite3',
    `node_modules im Archiv: nur better-sqlite3 (ist: ${modules.join(', ') || 'keine'})`,
    `node_modules in the archive: only better-sqlite3 (is: ${modules.join(', ') || 'none'})`,
  );
  const otherPrebuilds = fs.existsSync(path.join(unpacked, 'node_modules', 'better-sqlite3', 'prebuilds'))
    ? fs.readdirSync(path.join(unpacked, 'node_modules', 'better-sqlite3', 'prebuilds')).filter((name) => !name.startsWith('linux'))
    : [];
  check(otherPrebuilds.length === 0, `keine fremden Plattform-Addons${otherPrebuilds.length ? `: ${otherPrebuilds.join(', ')}` : ''}`, `no other platforms' addons${otherPrebuilds.length ? `: ${otherPrebuilds.join(', ')}` : ''}`);
  return { checks, entries: listing };
}

/**
 * A trial run of the packaged main process in plain Node, with the stand-in for Electron from
 * test/unit/electron-main/fixtures: app.asar is extracted into a folder of the same name beside
 * the real app.asar.unpacked and resources/demo, so the paths are those of the installed app.
 * Unpacked entries are symlinked to app.asar.unpacked, except job-worker.mjs, which is removed
 * from the "app.asar" folder: the worker must be found in app.asar.unpacked (build-electron.mjs
 * redirects run-job's lookup there), as worker threads cannot count on reading from an asar.
 */
function smokeRun() {
  const checks = [];
  const check = (ok, de, en) => checks.push({ ok: Boolean(ok), de, en });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quartiersatlas-packaged-'));
  try {
    const resources = path.join(tmp, 'resources');
    const packagedResources = path.join(appDir, 'resources');
    fs.mkdirSync(resources);
    asar.extractAll(path.join(packagedResources, 'app.asar'), path.join(resources, 'app.asar'));
    fs.cpSync(path.join(packagedResources, 'app.asar.unpacked'), path.join(resources, 'app.asar.unpacked'), { recursive: true });
    fs.cpSync(path.join(packagedResources, 'demo'), path.join(resources, 'demo'), { recursive: true });
    // Electron reads an unpacked entry from app.asar.unpacked — for better-sqlite3's .node this
    // matters: main thread and worker must load the very same file, or the process holds two
    // SQLite copies whose POSIX locks clash (the database gets corrupted). Symlinks mirror that.
    for (const file of listFiles(path.join(resources, 'app.asar.unpacked'))) {
      const inArchive = path.join(resources, 'app.asar', path.relative(path.join(resources, 'app.asar.unpacked'), file));
      fs.rmSync(inArchive, { force: true });
      if (path.basename(file) !== 'job-worker.mjs') fs.symlinkSync(file, inArchive);
    }
    const appPath = path.join(resources, 'app.asar');
    const result = spawnSync(process.execPath, [path.join(repo, 'test/unit/electron-main/fixtures/run-main.mjs')], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        QUARTIERSATLAS_DB: '',
        FAKE_MAIN: path.join(appPath, 'build', 'electron', 'main.mjs'),
        FAKE_APP_PATH: appPath,
        FAKE_PACKAGED: '1',
        FAKE_RESOURCES_PATH: resources,
        FAKE_USER_DATA: path.join(tmp, 'profile'),
        FAKE_DEMO_FILE: path.join(resources, 'demo', 'flensburg', DEMO_FILES[2]),
      },
    });
    const line = (result.stdout ?? '').trim().split('\n').findLast((l) => l.startsWith('{'));
    if (result.status !== 0 || !line) {
      check(false, `Probelauf des Hauptprozesses (Exit ${result.status}): ${(result.stderr ?? '').trim().slice(-400)}`, 'trial run of the main process');
      return checks;
    }
    const out = JSON.parse(line);
    check(out.exitCode === null && out.errors.length === 0, `Probelauf: Start ohne Fehler${out.errors.length ? ` (${out.errors[0].message})` : ''}`, 'trial run: starts without error');
    const levels = out.ipc?.levels?.value ?? [];
    check(levels.length > 0, `Probelauf: Demodaten aus resources/demo über den ausgepackten Worker geladen (${levels.length} Ebenen)`, `trial run: demo loaded from resources/demo by the unpacked worker (${levels.length} levels)`);
    check(out.ipc?.importFacilities?.ok === true, 'Probelauf: Import im Worker, Ereignisse ans Fenster', 'trial run: import in the worker, events to the window');
    check(out.protocol?.index?.status === 200 && out.protocol.index.csp, 'Probelauf: app://quartiersatlas/index.html mit CSP aus dem Archiv', 'trial run: app://quartiersatlas/index.html served from the archive with CSP');
    check(out.window?.webPreferences?.sandbox === true && out.window?.url === 'app://quartiersatlas/index.html', 'Probelauf: Fenster mit Sandbox auf app://quartiersatlas/', 'trial run: sandboxed window on app://quartiersatlas/');
    check(fs.existsSync(path.join(tmp, 'profile', 'quartiersatlas.sqlite')), 'Probelauf: Datenbank im Benutzerprofil (userData)', 'trial run: database in the user profile (userData)');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return checks;
}

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function folderSize(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderSize(full) : fs.lstatSync(full).size;
  }
  return total;
}

const missingBuild = REQUIRED_BUILD.filter((file) => !fs.existsSync(path.join(repo, file)));
if (missingBuild.length > 0) {
  console.error(`Erst bauen / build first (npm run build): ${missingBuild.join(', ')} fehlt / missing.`);
  process.exit(1);
}

const stub = createStubElectron();
let built;
try {
  built = runElectronBuilder(stub);
} finally {
  fs.rmSync(stub, { recursive: true, force: true });
}
if (!built) {
  console.error('electron-builder ist fehlgeschlagen / electron-builder failed.');
  process.exit(1);
}

const { checks, entries } = checkPackage();
if (checks.every((item) => item.ok)) checks.push(...smokeRun());
const unpackedCount = entries.filter((item) => item.unpacked).length;
console.log('');
console.log(`Paketinhalt / package contents: ${path.relative(repo, appDir)} (${(folderSize(appDir) / 1024 / 1024).toFixed(1)} MiB, app.asar: ${entries.length} Einträge / entries, davon / of which ${unpackedCount} ausgepackt / unpacked)`);
for (const { ok, de, en } of checks) console.log(`  ${ok ? 'OK    ' : 'FEHLT '} ${de} / ${en}`);
const failed = checks.filter((item) => !item.ok);
console.log('');
if (failed.length > 0) {
  console.log(`${failed.length} Prüfung(en) fehlgeschlagen / ${failed.length} check(s) failed.`);
  process.exit(1);
}
console.log(`Alle ${checks.length} Prüfungen bestanden / all ${checks.length} checks passed.`);
console.log('Hinweis / note: die Programmdatei ist ein Platzhalter (kein Electron-Download möglich) / the executable is a stub (no Electron download possible).');
