import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type WebContents } from 'electron';
import { createAppCore, type AppCore } from '../core/app-core.ts';
import { chooseDatabasePath } from './db-location.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.ts';
import { FORBIDDEN_RESULT, forwardCall, startupErrorText } from './ipc-forward.ts';
import { aboutText, buildMenuTemplate } from './menu-template.ts';
import {
  APP_ENTRY_URL,
  APP_SCHEME,
  isAllowedDownload,
  isAllowedNavigation,
  safeDownloadName,
  isAllowedRequest,
  isTrustedSender,
  resolveAppFile,
  responseHeaders,
} from './security-policy.ts';

/**
 * The Electron main process: a thin shell around AppCore. Every decision worth testing lives in
 * the small modules beside this file; here they are only wired to Electron's APIs.
 * No auto-update, no crash reporter (never started), no network.
 */

// Before `ready`: app:// behaves like https (standard, secure origin, fetch, module scripts).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId('de.quartiersatlas.app');

let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;
let databasePath = '';

if (!app.requestSingleInstanceLock()) {
  // A second start: the first instance focuses its window (second-instance below); we leave.
  app.exit(0);
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    core?.close();
    core = null;
  });
  app.whenReady().then(start, fail);
}

async function start(): Promise<void> {
  hardenSession();
  const appRoot = app.getAppPath();
  const rendererRoot = path.join(appRoot, 'build', 'renderer');
  serveRenderer(rendererRoot);

  let opened: AppCore;
  try {
    const location = chooseDatabasePath({
      argv: process.argv.slice(1),
      env: process.env,
      userDataDir: app.getPath('userData'),
      cwd: process.cwd(),
    });
    databasePath = location.path;
    fs.mkdirSync(path.dirname(databasePath), { recursive: true });
    opened = await createAppCore({
      dbPath: databasePath,
      host: 'electron',
      seedDemoIfEmpty: true,
      resourcesDir: app.isPackaged ? process.resourcesPath : path.join(appRoot, 'resources'),
      // Worker threads cannot load modules from inside the asar archive: electron-builder.yml unpacks it.
      workerFile: path.join(appRoot.replace(/app\.asar$/, 'app.asar.unpacked'), 'build', 'electron', 'job-worker.mjs'),
      chooseFile: async (request) => {
        const options = { title: request.title, filters: request.filters, properties: ['openFile' as const] };
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    });
  } catch (error) {
    fail(error);
    return;
  }
  core = opened;

  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    const window = mainWindow;
    if (!core || !window || window.isDestroyed() || event.sender !== window.webContents) return FORBIDDEN_RESULT;
    if (!isTrustedSender(event.senderFrame, window.webContents.mainFrame)) return FORBIDDEN_RESULT;
    return forwardCall(core.call, method, input);
  });
  opened.onEvent((name, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, name, payload);
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ isPackaged: app.isPackaged, platform: process.platform, onAbout: showAbout })),
  );
  mainWindow = createWindow(path.join(appRoot, 'build', 'electron', 'preload.cjs'));
}

function createWindow(preload: string): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Quartiersatlas',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    console.error(`Quartiersatlas: Darstellungsprozess beendet (${details.reason}, Code ${details.exitCode}).`);
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** Every WebContents (window, devtools): no navigation away, no popups, no webviews. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** No permission is ever granted; no request leaves app:, data:, blob:, devtools:. */
function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // Exports (CSV, XLSX, GeoPackage, map PNG) arrive as downloads of our own blob: URLs: ask where to save.
  ses.on('will-download', (_event, item) => {
    if (!isAllowedDownload(item.getURL())) {
      item.cancel();
      return;
    }
    item.setSaveDialogOptions({ title: 'Export speichern', defaultPath: path.join(app.getPath('downloads'), safeDownloadName(item.getFilename())) });
  });
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) console.warn(`Quartiersatlas: Anfrage blockiert: ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
}

/** app://quartiersatlas/… → build/renderer/…, strictly inside that folder, with the CSP. */
function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method Not Allowed', { status: 405 });
    const url = new URL(request.url);
    const file = isAllowedNavigation(request.url) ? resolveAppFile(root, url.pathname) : null;
    if (file === null) return new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    const body = request.method === 'HEAD' ? null : new Uint8Array(await fs.promises.readFile(file));
    return new Response(body, { status: 200, headers: responseHeaders(file) });
  });
}

function showAbout(): void {
  const text = aboutText({ version: app.getVersion(), electronVersion: process.versions.electron ?? '?', databasePath });
  const options = { type: 'info' as const, title: 'Über Quartiersatlas', message: text.message, detail: text.detail, buttons: ['OK'] };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

function fail(error: unknown): void {
  const { title, message } = startupErrorText(error);
  console.error(`${title}: ${message}`);
  dialog.showErrorBox(title, message);
  core?.close();
  core = null;
  app.exit(1);
}
