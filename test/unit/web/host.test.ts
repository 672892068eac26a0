import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../shared/contract.ts';
import { decodeWire, encodeWire } from '../../../shared/wire-codec.ts';
import { startWebHost, type WebHost } from '../../../electron/web/host.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/web/security.ts';
import { resolveStaticPath } from '../../../electron/web/static-files.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Raw node:http, so Host and Origin can be set to anything a browser or attacker might send. */
function request(port: number, target: string, options: RequestOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: target, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'qa-web-'));
}

const SECRET = 'GEHEIM-nicht-ausliefern';

describe('web host', () => {
  let root: string;
  let rendererDir: string;
  let host: WebHost;

  const goodHeaders = (extra: Record<string, string> = {}): Record<string, string> => ({
    Host: `127.0.0.1:${host.port}`,
    Origin: `http://127.0.0.1:${host.port}`,
    Authorization: `Bearer ${host.token}`,
    'Content-Type': 'application/json',
    ...extra,
  });

  const call = async (method: string, input: unknown): Promise<CallResult<unknown>> => {
    const reply = await request(host.port, `/api/call/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: goodHeaders(),
      body: encodeWire(input),
    });
    expect(reply.status).toBe(200);
    return decodeWire(reply.body) as CallResult<unknown>;
  };

  beforeAll(async () => {
    root = makeTempDir();
    // Files beside the served folder that a traversal would reach.
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: SECRET }));
    fs.writeFileSync(path.join(root, 'secret.txt'), SECRET);
    rendererDir = path.join(root, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Quartiersatlas</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'worker.mjs'), 'export {};');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'style.css'), 'body{}');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'module.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'de.json'), '{}');
    fs.writeFileSync(path.join(rendererDir, '.env'), SECRET);
    try {
      fs.symlinkSync(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
    } catch {
      // Windows without symlink rights: the symlink case is then not checked.
    }
    host = await startWebHost({
      dbPath: path.join(root, 'db', 'qa.sqlite'),
      seedDemo: false,
      rendererDir,
      checkOutputs: true,
      heartbeatMs: 100,
    });
  });

  afterAll(async () => {
    await host?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('listening', () => {
    it('binds to the loopback address only', () => {
      const address = host.server.address() as net.AddressInfo;
      expect(address.address).toBe('127.0.0.1');
      expect(address.port).toBe(host.port);
    });

    it('cannot be reached through a non-loopback interface', async () => {
      const external = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal);
      if (!external) return; // a machine without a network card: nothing to reach
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: external.address, port: host.port });
        socket.setTimeout(2000);
        socket.on('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('timeout', () => {
          socket.destroy();
          resolve('timeout');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(outcome).not.toBe('connected');
    });

    it('prints a token of 32 random bytes in base64url in the address', () => {
      expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    });
  });

  describe('API access', () => {
    it('refuses a call without a token (401)', async () => {
      const headers = goodHeaders();
      delete headers.Authorization;
      const reply = await request(host.port, '/api/call/app.info', { method: 'POST', headers, body: '{}' });
      expect(reply.status).toBe(401);
      expect(reply.body).toContain('Sitzung ungültig');
    });

    it('refuses a call with a wrong token (401)', async () => {
      const wrong = host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A');
      for (const authorization of [`Bearer ${wrong}`, 'Bearer ', `Basic ${host.token}`, host.token, `Bearer ${host.token}x`]) {
        const reply = await request(host.port, '/api/call/app.info', {
          method: 'POST',
          headers: goodHeaders({ Authorization: authorization }),
          body: '{}',
        });
        expect(reply.status, authorization).toBe(401);
      }
    });

    it('refuses a call from a foreign or missing Origin (403)', async () => {
      for (const origin of ['http://evil.example', `http://localhost:${host.port}`, `http://127.0.0.1:${host.port + 1}`, 'null']) {
        const reply = await request(host.port, '/api/call/app.info', { method: 'POST', headers: goodHeaders({ Origin: origin }), body: '{}' });
        expect(reply.status, origin).toBe(403);
      }
      const headers = goodHeaders();
      delete headers.Origin;
      expect((await request(host.port, '/api/call/app.info', { method: 'POST', headers, body: '{}' })).status).toBe(403);
    });

    it('refuses a foreign Host header (DNS rebinding) with 403, for the API and for pages', async () => {
      for (const hostHeader of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${host.port}`]) {
        const api = await request(host.port, '/api/call/app.info', { method: 'POST', headers: goodHeaders({ Host: hostHeader }), body: '{}' });
        expect(api.status, hostHeader).toBe(403);
        const page = await request(host.port, '/', { headers: { Host: hostHeader } });
        expect(page.status, hostHeader).toBe(403);
        expect(page.body).not.toContain('Quartiersatlas</title>');
      }
    });

    it('answers app.info with the right token, Origin and Host', async () => {
      const result = await call('app.info', {});
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const info = result.value as { host: string; databasePath: string; counts: Record<string, number> };
      expect(info.host).toBe('web');
      expect(info.databasePath).toBe(path.join(root, 'db', 'qa.sqlite'));
      expect(info.counts.spatial_units).toBe(0);
    });

    it('accepts Host localhost:PORT with the canonical Origin', async () => {
      const reply = await request(host.port, '/api/call/app.info', {
        method: 'POST',
        headers: goodHeaders({ Host: `localhost:${host.port}` }),
        body: '{}',
      });
      expect(reply.status).toBe(200);
    });

    it('sends the security headers on API answers and refusals alike', async () => {
      const ok = await request(host.port, '/api/call/app.info', { method: 'POST', headers: goodHeaders(), body: '{}' });
      const refused = await request(host.port, '/api/call/app.info', { method: 'POST', body: '{}', headers: { Host: `127.0.0.1:${host.port}` } });
      for (const reply of [ok, refused]) {
        expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
        expect(reply.headers['x-content-type-options']).toBe('nosniff');
        expect(reply.headers['referrer-policy']).toBe('no-referrer');
        expect(reply.headers['cross-origin-opener-policy']).toBe('same-origin');
      }
      expect(ok.headers['cache-control']).toBe('no-store');
    });

    it('takes POST only (405 for GET)', async () => {
      const reply = await request(host.port, '/api/call/app.info', { headers: goodHeaders() });
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe('POST');
    });

    it('answers an unknown method with an error envelope', async () => {
      const result = await call('files.delete', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    });

    it('answers invalid input with an error envelope', async () => {
      const result = await call('units.get', { id: 42 });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      if (!result.ok) expect(result.error.message).toContain('units.get');
    });

    it('answers bad JSON with 400, a wrong content type with 415, an unknown route with 404', async () => {
      const badJson = await request(host.port, '/api/call/app.info', { method: 'POST', headers: goodHeaders(), body: '{"ok": ' });
      expect(badJson.status).toBe(400);
      const empty = await request(host.port, '/api/call/app.info', { method: 'POST', headers: goodHeaders(), body: '' });
      expect(empty.status).toBe(400);
      const form = await request(host.port, '/api/call/app.info', {
        method: 'POST',
        headers: goodHeaders({ 'Content-Type': 'application/x-www-form-urlencoded' }),
        body: '{}',
      });
      expect(form.status).toBe(415);
      const unknown = await request(host.port, '/api/other', { method: 'POST', headers: goodHeaders(), body: '{}' });
      expect(unknown.status).toBe(404);
      const badName = await request(host.port, '/api/call/%E0%A4%A', { method: 'POST', headers: goodHeaders(), body: '{}' });
      expect(badName.status).toBe(400);
    });

    it('refuses a body over the limit with 413 without reading it', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: host.port,
            path: '/api/call/app.info',
            method: 'POST',
            headers: goodHeaders({ 'Content-Length': String(300 * 1024 * 1024) }),
            agent: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write('{"a":"');
      });
      expect(status).toBe(413);
    });

    it('carries binary input ({$bytes}) and streams progress events as NDJSON', async () => {
      const lines: Array<{ event?: string; payload?: unknown; heartbeat?: boolean }> = [];
      const stream = http.request({
        host: '127.0.0.1',
        port: host.port,
        path: '/api/events',
        method: 'POST',
        headers: goodHeaders(),
        agent: false,
      });
      const opened = new Promise<http.IncomingMessage>((resolve, reject) => {
        stream.on('response', resolve);
        stream.on('error', reject);
      });
      stream.end(encodeWire({}));
      const response = await opened;
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/x-ndjson/);
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          lines.push(JSON.parse(buffer.slice(0, newline)) as (typeof lines)[number]);
          buffer = buffer.slice(newline + 1);
        }
      });
      await expect.poll(() => host.eventStreamCount()).toBe(1);

      const geojson = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: '01', name: 'Testquartier' },
            geometry: {
              type: 'Polygon',
              coordinates: [[[9.40, 54.78], [9.41, 54.78], [9.41, 54.79], [9.40, 54.79], [9.40, 54.78]]],
            },
          },
        ],
      };
      const result = await call('imports.units', {
        jobId: 'job-1',
        files: [{ name: 'quartiere.geojson', data: new TextEncoder().encode(JSON.stringify(geojson)) }],
        level: 'Quartier',
        codeField: 'code',
        nameField: 'name',
      });
      expect(result).toMatchObject({ ok: true, value: { created: 1 } });

      await expect.poll(() => lines.some((l) => l.event === 'data.changed')).toBe(true);
      await expect.poll(() => lines.some((l) => l.heartbeat === true)).toBe(true);
      const progress = lines.filter((l) => l.event === 'job.progress').map((l) => l.payload as { jobId: string; phase: string });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.jobId === 'job-1')).toBe(true);
      expect(progress.at(-1)?.phase).toBe('fertig');

      // Closing the stream unsubscribes it.
      stream.destroy();
      response.destroy();
      await expect.poll(() => host.eventStreamCount()).toBe(0);
    });

    it('refuses the event stream without a token', async () => {
      const headers = goodHeaders({ Authorization: 'Bearer falsch' });
      const reply = await request(host.port, '/api/events', { method: 'POST', headers, body: '{}' });
      expect(reply.status).toBe(401);
    });
  });

  describe('static files', () => {
    it('serves index.html for / with the security headers', async () => {
      const reply = await request(host.port, '/?token=abc', { headers: { Host: `127.0.0.1:${host.port}` } });
      expect(reply.status).toBe(200);
      expect(reply.body).toContain('<title>Quartiersatlas</title>');
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
      expect(reply.headers['cross-origin-opener-policy']).toBe('same-origin');
    });

    it('sends the right content types', async () => {
      const expected: Record<string, string> = {
        '/assets/app.js': 'text/javascript; charset=utf-8',
        '/assets/worker.mjs': 'text/javascript; charset=utf-8',
        '/assets/style.css': 'text/css; charset=utf-8',
        '/assets/icon.svg': 'image/svg+xml',
        '/assets/icon.png': 'image/png',
        '/assets/module.wasm': 'application/wasm',
        '/assets/de.json': 'application/json; charset=utf-8',
        '/index.html': 'text/html; charset=utf-8',
      };
      for (const [target, type] of Object.entries(expected)) {
        const reply = await request(host.port, target, { headers: { Host: `127.0.0.1:${host.port}` } });
        expect(reply.status, target).toBe(200);
        expect(reply.headers['content-type'], target).toBe(type);
      }
    });

    it('answers 404 for unknown files and 405 for other methods', async () => {
      const headers = { Host: `127.0.0.1:${host.port}` };
      expect((await request(host.port, '/assets/missing.js', { headers })).status).toBe(404);
      expect((await request(host.port, '/assets', { headers })).status).toBe(404);
      expect((await request(host.port, '/assets/', { headers })).status).toBe(404);
      expect((await request(host.port, '/', { method: 'POST', headers, body: '' })).status).toBe(405);
      expect((await request(host.port, '/', { method: 'PUT', headers, body: '' })).status).toBe(405);
    });

    it('never leaves the renderer folder (traversal, encodings, dot files, symlinks)', async () => {
      const headers = { Host: `127.0.0.1:${host.port}` };
      const attempts = [
        '/../package.json',
        '/%2e%2e/package.json',
        '/%2E%2E/secret.txt',
        '/assets/../../secret.txt',
        '/assets/%2e%2e/%2e%2e/secret.txt',
        '/..%2fpackage.json',
        '/assets/..%2f..%2fsecret.txt',
        '/..%5csecret.txt',
        '/..\\secret.txt',
        '/%252e%252e/secret.txt',
        '//secret.txt',
        `/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
        `/${path.join(root, 'secret.txt')}`,
        '/secret.txt%00.js',
        '/.env',
        '/%2eenv',
        '/assets/link.txt',
      ];
      for (const target of attempts) {
        const reply = await request(host.port, target, { headers });
        expect(reply.status, target).toBe(404);
        expect(reply.body, target).not.toContain(SECRET);
      }
    });

    it('redirects a page opened on localhost:PORT to 127.0.0.1:PORT, keeping the address', async () => {
      const reply = await request(host.port, '/?token=abc', { headers: { Host: `localhost:${host.port}` } });
      expect(reply.status).toBe(307);
      expect(reply.headers.location).toBe(`http://127.0.0.1:${host.port}/?token=abc`);
    });
  });

  it('resolves request paths only to plain files below the root', () => {
    const base = path.resolve('/srv/renderer');
    expect(resolveStaticPath(base, '/')).toBe(path.join(base, 'index.html'));
    expect(resolveStaticPath(base, '/assets/a%20b.js')).toBe(path.join(base, 'assets', 'a b.js'));
    for (const bad of ['', 'x', '/..', '/a/..', '/%2e', '/a//b', '/a/', '/C:%5cwin.ini', '/%E0%A4%A', '/a%00b']) {
      expect(resolveStaticPath(base, bad), bad).toBeNull();
    }
  });
});

describe('web host without a built renderer', () => {
  it('says in German how to build it', async () => {
    const root = makeTempDir();
    const host = await startWebHost({ dbPath: path.join(root, 'qa.sqlite'), seedDemo: false, rendererDir: path.join(root, 'fehlt') });
    try {
      const reply = await request(host.port, '/', { headers: { Host: `127.0.0.1:${host.port}` } });
      expect(reply.status).toBe(503);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.body).toContain('npm run build:renderer');
      expect(reply.body).toContain('noch nicht gebaut');
    } finally {
      await host.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('web host lifecycle', () => {
  it('uses a new token per start and releases the database on close, even with an open event stream', async () => {
    const root = makeTempDir();
    const dbPath = path.join(root, 'qa.sqlite');
    const rendererDir = path.join(root, 'renderer');
    try {
      const first = await startWebHost({ dbPath, seedDemo: false, rendererDir });
      await expect(startWebHost({ dbPath, seedDemo: false, rendererDir })).rejects.toThrow(/bereits/);
      const stream = http.request({
        host: '127.0.0.1',
        port: first.port,
        path: '/api/events',
        method: 'POST',
        headers: {
          Host: `127.0.0.1:${first.port}`,
          Origin: `http://127.0.0.1:${first.port}`,
          Authorization: `Bearer ${first.token}`,
          'Content-Type': 'application/json',
        },
        agent: false,
      });
      const ended = new Promise<void>((resolve) => {
        stream.on('response', (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('close', resolve);
        });
        stream.on('error', () => resolve());
      });
      stream.end('{}');
      await expect.poll(() => first.eventStreamCount()).toBe(1);
      await first.close();
      await ended;
      expect(fs.existsSync(`${dbPath}.lock`)).toBe(false);

      const second = await startWebHost({ dbPath, seedDemo: false, rendererDir });
      expect(second.token).not.toBe(first.token);
      await second.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports a taken port in German', async () => {
    const root = makeTempDir();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(startWebHost({ dbPath: path.join(root, 'qa.sqlite'), seedDemo: false, port })).rejects.toThrow(
        `Port ${port} ist bereits belegt`,
      );
      // The database lock was given back.
      expect(fs.existsSync(path.join(root, 'qa.sqlite.lock'))).toBe(false);
    } finally {
      blocker.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
