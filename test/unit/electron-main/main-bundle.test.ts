import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security-policy.ts';

/**
 * The real Electron binary cannot be downloaded on this machine, so the bundled main process
 * (exactly what scripts/build-electron.mjs emits) runs in plain Node against a fake 'electron'
 * module (fixtures/fake-electron.mjs). This checks the wiring — AppCore opening, the demo seeded
 * through the bundled job-worker.mjs, app:// serving, session and navigation guards, IPC, events,
 * startup errors — but not Chromium's own behaviour (CSP enforcement, sandbox, real frames).
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const driver = path.join(repo, 'test/unit/electron-main/fixtures/run-main.mjs');
const demoFile = path.join(repo, 'resources/demo/flensburg/spielplaetze_flensburg.geojson');

let base: string;
let appDir: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'qa-main-bundle-'));
  appDir = path.join(base, 'app');
  execFileSync(process.execPath, [path.join(repo, 'scripts/build-electron.mjs'), '--outdir', path.join(appDir, 'build/electron')], { stdio: 'pipe' });
  fs.mkdirSync(path.join(appDir, 'build/renderer/assets'), { recursive: true });
  fs.writeFileSync(path.join(appDir, 'build/renderer/index.html'), '<!doctype html><title>Quartiersatlas</title>');
  fs.writeFileSync(path.join(appDir, 'build/renderer/assets/app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(appDir, 'build/package.json'), '{"secret":true}');
  fs.writeFileSync(path.join(appDir, 'package.json'), '{"name":"quartiersatlas-test","type":"module"}');
  const link = process.platform === 'win32' ? 'junction' : 'dir';
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(appDir, 'node_modules'), link);
  fs.symlinkSync(path.join(repo, 'resources'), path.join(appDir, 'resources'), link);
}, 120_000);

afterAll(() => {
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

function runMain(args: string[], env: Record<string, string> = {}): Record<string, any> {
  const userData = path.join(base, `profile-${Math.random().toString(36).slice(2)}`);
  const result = spawnSync(process.execPath, [driver, ...args], {
    cwd: base,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      QUARTIERSATLAS_DB: '',
      FAKE_MAIN: path.join(appDir, 'build/electron/main.mjs'),
      FAKE_APP_PATH: appDir,
      FAKE_USER_DATA: userData,
      FAKE_DEMO_FILE: demoFile,
      ...env,
    },
  });
  const line = result.stdout.trim().split('\n').findLast((l) => l.startsWith('{'));
  if (result.status !== 0 || !line) throw new Error(`driver failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(line) as Record<string, any>;
}

describe('bundled main process (fake electron)', () => {
  let out: Record<string, any>;
  const dbPath = () => path.join(base, 'data', 'test.sqlite');

  beforeAll(() => {
    fs.mkdirSync(path.join(base, 'data'), { recursive: true });
    out = runMain(['--db', dbPath()]);
  }, 120_000);

  it('starts without error, sandboxed, with the app:// scheme privileged', () => {
    expect(out.exitCode).toBeNull();
    expect(out.errors).toEqual([]);
    expect(out.sandbox).toBe(true);
    expect(out.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
  });

  it('opens one hardened window on app://quartiersatlas/ and shows it when ready', () => {
    expect(out.window.title).toBe('Quartiersatlas');
    expect(out.window.show).toBe(false);
    expect(out.window.shown).toBe(true);
    expect(out.window.url).toBe('app://quartiersatlas/index.html');
    expect(out.window.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
    expect(out.window.webPreferences.preload).toBe(path.join(appDir, 'build/electron/preload.cjs'));
    expect(fs.existsSync(out.window.webPreferences.preload)).toBe(true);
  });

  it('serves build/renderer with the CSP and nothing outside it', () => {
    expect(out.protocol.index).toMatchObject({ status: 200, csp: CONTENT_SECURITY_POLICY, type: 'text/html; charset=utf-8' });
    expect(out.protocol.index.body).toContain('<!doctype html>');
    expect(out.protocol.root.status).toBe(200);
    expect(out.protocol.asset).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', csp: CONTENT_SECURITY_POLICY });
    expect(out.protocol.head).toMatchObject({ status: 200, body: '' });
    expect(out.protocol.post).toBe(405);
    expect(out.protocol.otherHost).toBe(404);
    for (const [url, status] of Object.entries(out.protocol.traversal)) expect(status, url).toBe(404);
  });

  it('blocks every request that is not app:, data:, blob: or devtools:', () => {
    expect(out.requests).toEqual({
      'app://quartiersatlas/index.html': 'allow',
      'data:image/png;base64,AA': 'allow',
      'https://example.org/': 'cancel',
      'http://127.0.0.1:1/': 'cancel',
      'file:///etc/passwd': 'cancel',
      'ws://localhost/': 'cancel',
    });
  });

  it('denies all permissions', () => {
    expect(out.permissionRequest).toBe(false);
    expect(out.permissionCheck).toBe(false);
    expect(out.devicePermission).toBe(false);
  });

  it('blocks navigation away, popups and webviews', () => {
    expect(out.navigation).toEqual({ away: true, inside: false, frameAway: true, redirectAway: true, webview: true, windowOpen: { action: 'deny' } });
  });

  it('answers IPC from the main frame through the core — with the demo seeded by the bundled worker', () => {
    expect(out.ipc.appInfo.ok).toBe(true);
    expect(out.ipc.appInfo.value).toMatchObject({ host: 'electron', databasePath: dbPath() });
    expect(out.ipc.levels.ok).toBe(true);
    expect(out.ipc.levels.value.length).toBeGreaterThan(0);
    expect(out.ipc.unknownMethod.ok).toBe(false);
    expect(out.ipc.badMethod).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('refuses IPC from subframes, gone frames and other webContents', () => {
    for (const key of ['subframe', 'nullFrame', 'otherSender']) {
      expect(out.ipc[key], key).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('runs an import in the worker and forwards its events to the window', () => {
    expect(out.ipc.importFacilities.ok).toBe(true);
    expect(out.events).toContain('quartiersatlas:event job.progress');
    expect(out.events).toContain('quartiersatlas:event data.changed');
  });

  it('sets the German menu and closes the database on quit', () => {
    expect(out.menu).toEqual(['Datei', 'Bearbeiten', 'Ansicht', 'Hilfe']);
    expect(out.quit).toBe(true);
    expect(fs.existsSync(`${dbPath()}.lock`)).toBe(false);
  });
});

describe('bundled main process: failed starts', () => {
  it('a second instance leaves at once without a window', () => {
    const out = runMain([], { FAKE_SINGLE_INSTANCE: '0' });
    expect(out.exitCode).toBe(0);
    expect(out.window).toBeUndefined();
  }, 60_000);

  it('a database locked by another process: German error box, exit 1', () => {
    const db = path.join(base, 'locked.sqlite');
    fs.writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    const out = runMain(['--db', db]);
    expect(out.exitCode).toBe(1);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0].title).toBe('Quartiersatlas kann nicht starten');
    expect(out.errors[0].message).toMatch(/bereits von einem anderen Quartiersatlas-Prozess geöffnet/);
  }, 60_000);

  it('a file that is no database: German error box, exit 1', () => {
    const db = path.join(base, 'notes.sqlite');
    fs.writeFileSync(db, 'Das ist keine Datenbank, nur Text. '.repeat(100));
    const out = runMain(['--db', db]);
    expect(out.exitCode).toBe(1);
    expect(out.errors[0].message).toMatch(/keine Quartiersatlas-Datenbank/);
  }, 60_000);

  it('--db without a file: German error box, exit 1', () => {
    const out = runMain(['--db']);
    expect(out.exitCode).toBe(1);
    expect(out.errors[0].message).toMatch(/Nach --db fehlt der Pfad/);
  }, 60_000);

  it('QUARTIERSATLAS_DB is used when there is no --db', () => {
    const db = path.join(base, 'from-env.sqlite');
    const out = runMain([], { QUARTIERSATLAS_DB: db });
    expect(out.exitCode).toBeNull();
    expect(out.ipc.appInfo.value.databasePath).toBe(db);
  }, 120_000);
});
