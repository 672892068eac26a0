import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';

/**
 * The security rules of the Electron shell as plain functions, so they can be tested in Node
 * without Electron. The window only ever shows our own files under `app://quartiersatlas/`;
 * nothing may leave the machine.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'quartiersatlas';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export { CONTENT_SECURITY_POLICY };

/** Schemes the renderer may load at all (session.webRequest filter). */
const ALLOWED_REQUEST_SCHEMES = new Set(['app:', 'data:', 'blob:', 'devtools:']);

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Exactly our origin: app://quartiersatlas/… — no other host, no user info, no port. */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    url.startsWith(`${APP_ORIGIN}/`)
  );
}

/** will-navigate / will-redirect: the window never leaves our own pages. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Every request of the session passes here: our own files, inline data, blobs (MapLibre's
 * workers and images) and the developer tools. Everything else — http(s), ws, file, ftp —
 * is cancelled, so even a bug in the renderer cannot reach the network or the disk.
 */
/** Exports are made in the page as blob: URLs of our own origin; nothing else may download. */
export function isAllowedDownload(url: string): boolean {
  return url.startsWith(`blob:${APP_ORIGIN}/`);
}

/** Only a plain file name from the page: no folders, no path tricks. */
export function safeDownloadName(name: string): string {
  // Control characters are exactly what must not reach a file name.
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '').trim();
  return base.slice(0, 150) || 'quartiersatlas-export';
}

export function isAllowedRequest(url: string): boolean {
  const parsed = parseUrl(url);
  if (!parsed || !ALLOWED_REQUEST_SCHEMES.has(parsed.protocol)) return false;
  if (parsed.protocol === `${APP_SCHEME}:`) return isAppUrl(url);
  if (parsed.protocol === 'blob:') {
    // blob:app://quartiersatlas/<uuid> — only blobs created by our own origin.
    return isAppUrl(url.slice('blob:'.length));
  }
  return true;
}

/**
 * Maps the path of an app:// URL (still percent-encoded, as in `new URL(u).pathname`) to a
 * file below `root`, by string rules only: decoded once, no `..` segment, no backslash, no NUL,
 * no drive letter or NTFS stream (`:`), and the result must stay inside `root`. `/` means
 * index.html. Returns null for anything suspicious; the caller answers 404.
 */
export function resolveAppPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/')) return null;
  if (/[\\\0:]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return null;
  if (segments.length === 0 || decoded.endsWith('/')) segments.push('index.html');
  const base = path.resolve(root);
  const candidate = path.resolve(base, ...segments);
  return isInside(base, candidate) ? candidate : null;
}

/**
 * resolveAppPath plus the file system: the file must exist, be a regular file, and its real
 * path (symlinks followed) must still lie inside the real root — a symlink in build/renderer
 * pointing elsewhere is not served.
 */
export function resolveAppFile(root: string, urlPath: string): string | null {
  const candidate = resolveAppPath(root, urlPath);
  if (candidate === null) return null;
  try {
    const realRoot = fs.realpathSync(root);
    const realFile = fs.realpathSync(candidate);
    if (!isInside(realRoot, realFile)) return null;
    return fs.statSync(realFile).isFile() ? realFile : null;
  } catch {
    return null;
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers for every app:// response. */
export function responseHeaders(filePath: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(filePath),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

/** The parts of Electron's WebFrameMain the IPC check looks at. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/**
 * IPC is accepted only from the main frame of our window showing our own page — not from a
 * subframe, not from a frame that has gone (null), not after a navigation elsewhere.
 */
export function isTrustedSender(senderFrame: FrameLike | null | undefined, mainFrame: FrameLike | null | undefined): boolean {
  if (senderFrame == null || mainFrame == null) return false;
  const sameFrame =
    senderFrame === mainFrame || (senderFrame.processId === mainFrame.processId && senderFrame.routingId === mainFrame.routingId);
  return sameFrame && senderFrame.parent === null && isAppUrl(senderFrame.url);
}
