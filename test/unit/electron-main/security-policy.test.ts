import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  contentTypeFor,
  isAllowedNavigation,
  isAllowedRequest,
  isAppUrl,
  isTrustedSender,
  resolveAppFile,
  resolveAppPath,
  responseHeaders,
  type FrameLike,
} from '../../../electron/main/security-policy.ts';

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );

  it('has exactly the agreed directives', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "worker-src 'self' blob:; connect-src 'self' blob: data:; font-src 'self'; object-src 'none'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('names no remote origin, no wildcard, no scheme that reaches the network', () => {
    for (const [name, values] of directives) {
      for (const value of values) {
        expect(value, `${name} ${value}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/);
      }
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*|'unsafe-eval'|file:/);
  });

  it('allows scripts only from the app itself', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });
});

describe('isAppUrl / isAllowedNavigation', () => {
  it.each([APP_ENTRY_URL, 'app://quartiersatlas/', 'app://quartiersatlas/assets/index-abc.js', 'app://quartiersatlas/index.html#/karte?x=1'])(
    'allows %s',
    (url) => {
      expect(isAppUrl(url)).toBe(true);
      expect(isAllowedNavigation(url)).toBe(true);
    },
  );

  it.each([
    'https://quartiersatlas/',
    'http://127.0.0.1:8080/',
    'https://example.org/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://quartiersatlas.evil.example/',
    'app://quartiersatlas@evil.example/',
    'app://user:pw@quartiersatlas/',
    'app://quartiersatlas:8080/',
    'APP://QUARTIERSATLAS.evil/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  it.each([
    'app://quartiersatlas/assets/index.js',
    'data:image/png;base64,AAAA',
    'blob:app://quartiersatlas/6c1c4bde-1f8b-4d7b-9a57-3f3c8fd3b2f1',
    'devtools://devtools/bundled/inspector.html',
  ])('allows %s', (url) => expect(isAllowedRequest(url)).toBe(true));

  it.each([
    'https://tile.openstreetmap.org/1/1/1.png',
    'http://localhost:5173/',
    'ws://127.0.0.1:9229/',
    'wss://example.org/',
    'file:///C:/Windows/win.ini',
    'ftp://example.org/',
    'chrome://gpu',
    'chrome-extension://abc/x.js',
    'app://other/x.js',
    'blob:https://example.org/6c1c4bde-1f8b-4d7b-9a57-3f3c8fd3b2f1',
    'nonsense',
  ])('cancels %s', (url) => expect(isAllowedRequest(url)).toBe(false));
});

describe('resolveAppPath (string rules)', () => {
  const root = path.resolve(os.tmpdir(), 'qa-root', 'build', 'renderer');

  it('maps paths below the root', () => {
    expect(resolveAppPath(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppPath(root, '/assets/Karte%20View.js')).toBe(path.join(root, 'assets', 'Karte View.js'));
    expect(resolveAppPath(root, '/./assets//x.css')).toBe(path.join(root, 'assets', 'x.css'));
  });

  it('serves index.html for the root and folders', () => {
    expect(resolveAppPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, '')).toBeNull();
    expect(resolveAppPath(root, '/assets/')).toBe(path.join(root, 'assets', 'index.html'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2e%2e/etc/passwd',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/assets\\..\\..\\secret.txt',
    '/%5c%5cserver%5cshare%5cx',
    '/C:/Windows/win.ini',
    '/C%3A/Windows/win.ini',
    '/index.html:stream',
    '/index.html%00.png',
    '/%E0%A4%A', // malformed percent-encoding
    '/%252e%252e/..', // double-encoded dots, then a real ..
    'relative/index.html',
  ])('refuses %s', (urlPath) => {
    expect(resolveAppPath(root, urlPath)).toBeNull();
  });

  it('decodes only once: a double-encoded %2e%2e is a harmless literal name inside the root', () => {
    expect(resolveAppPath(root, '/%252e%252e/x')).toBe(path.join(root, '%2e%2e', 'x'));
  });
});

describe('resolveAppFile (file system)', () => {
  let base: string;
  let root: string;

  beforeAll(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'qa-resolve-'));
    root = path.join(base, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(base, 'secret.txt'), 'geheim');
    fs.mkdirSync(path.join(base, 'renderer-evil'));
    fs.writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'evil');
    try {
      fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'link-out.txt'));
      fs.symlinkSync(base, path.join(root, 'dir-out'), 'dir');
      fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'link-in.html'));
    } catch {
      // Symlinks may need privileges on Windows; the symlink cases then check nothing.
    }
  });

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  it('finds real files', () => {
    expect(resolveAppFile(root, '/')).toBe(fs.realpathSync(path.join(root, 'index.html')));
    expect(resolveAppFile(root, '/assets/app.js')).toBe(fs.realpathSync(path.join(root, 'assets', 'app.js')));
  });

  it('answers null for missing files and folders', () => {
    expect(resolveAppFile(root, '/missing.js')).toBeNull();
    expect(resolveAppFile(root, '/assets')).toBeNull();
  });

  it('never leaves the root, also not into a sibling with the same prefix', () => {
    expect(resolveAppFile(root, '/../secret.txt')).toBeNull();
    expect(resolveAppFile(root, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveAppFile(root, '/..%2frenderer-evil/x.js')).toBeNull();
    expect(resolveAppFile(root, '/..\\secret.txt')).toBeNull();
  });

  it('does not follow symlinks out of the root', () => {
    if (!fs.existsSync(path.join(root, 'link-out.txt'))) return;
    expect(resolveAppFile(root, '/link-out.txt')).toBeNull();
    expect(resolveAppFile(root, '/dir-out/secret.txt')).toBeNull();
    expect(resolveAppFile(root, '/link-in.html')).toBe(fs.realpathSync(path.join(root, 'index.html')));
  });
});

describe('responses', () => {
  it('sends the CSP and a content type with every file', () => {
    const headers = responseHeaders('/x/index.html');
    expect(headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('knows the types vite emits', () => {
    expect(contentTypeFor('a/index-abc.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('a/maplibre-gl-worker.mjs')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('a/x.CSS')).toMatch(/^text\/css/);
    expect(contentTypeFor('a/icon.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a/font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('isTrustedSender', () => {
  const frame = (url: string, over: Partial<FrameLike> = {}): FrameLike => ({ url, parent: null, processId: 4, routingId: 1, ...over });
  const main = frame(APP_ENTRY_URL);

  it('accepts the main frame on our page (same object or same ids)', () => {
    expect(isTrustedSender(main, main)).toBe(true);
    expect(isTrustedSender(frame('app://quartiersatlas/index.html#/karte'), main)).toBe(true);
  });

  it('refuses a missing frame, a subframe, another frame, a foreign page', () => {
    expect(isTrustedSender(null, main)).toBe(false);
    expect(isTrustedSender(main, null)).toBe(false);
    expect(isTrustedSender(frame(APP_ENTRY_URL, { parent: main, routingId: 7 }), main)).toBe(false);
    expect(isTrustedSender(frame(APP_ENTRY_URL, { parent: main }), main)).toBe(false);
    expect(isTrustedSender(frame(APP_ENTRY_URL, { processId: 9 }), main)).toBe(false);
    const foreign = frame('https://example.org/');
    expect(isTrustedSender(foreign, foreign)).toBe(false);
    const spoof = frame('app://quartiersatlas.evil/');
    expect(isTrustedSender(spoof, spoof)).toBe(false);
  });
});

describe('downloads of exports', () => {
  it('accepts only blob: URLs of the app itself', async () => {
    const { isAllowedDownload } = await import('../../../electron/main/security-policy.ts');
    expect(isAllowedDownload('blob:app://quartiersatlas/6f1c2a52-8d0e-4f4e-9a55-0b7d6f3c9e21')).toBe(true);
    expect(isAllowedDownload('https://example.org/x.csv')).toBe(false);
    expect(isAllowedDownload('blob:https://example.org/6f1c')).toBe(false);
    expect(isAllowedDownload('file:///etc/passwd')).toBe(false);
  });

  it('keeps suggested file names plain', async () => {
    const { safeDownloadName } = await import('../../../electron/main/security-policy.ts');
    expect(safeDownloadName('quartiersatlas_stadtteil_sgb2.csv')).toBe('quartiersatlas_stadtteil_sgb2.csv');
    expect(safeDownloadName('../../.bashrc')).toBe('_.._.bashrc');
    expect(safeDownloadName('..')).toBe('quartiersatlas-export');
    expect(safeDownloadName('a/b\\c:d.csv')).toBe('a_b_c_d.csv');
  });
});
