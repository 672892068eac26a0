import fs from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAppCore, type AppCore } from '../core/app-core.ts';
import { UserFacingError } from '../core/errors.ts';
import { decodeWire, encodeWire } from '../../shared/wire-codec.ts';
import { defaultDatabasePath } from './default-db-path.ts';
import { bearerTokenMatches, classifyHost, createSessionToken, originAllowed, setSecurityHeaders } from './security.ts';
import { contentTypeFor, resolveStaticPath, statStaticFile } from './static-files.ts';

/**
 * The loopback web host: serves the built renderer and carries the contract over HTTP, for
 * machines where the desktop app cannot be installed. Listens on 127.0.0.1 only; every API call
 * needs the per-start session token and must come from our own origin.
 */

export const LOOPBACK = '127.0.0.1';
/** Imports arrive base64-encoded inside JSON; 200 MB leaves room for ~150 MB of source files. */
export const MAX_BODY_BYTES = 200 * 1024 * 1024;
export const HEARTBEAT_MS = 15_000;
/** How long shutdown waits for running calls (an import) before closing the database anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../build/renderer/', import.meta.url));
}

export interface WebHostOptions {
  dbPath: string;
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  /** Load the Flensburg demo into an empty database (default true). */
  seedDemo?: boolean;
  rendererDir?: string;
  resourcesDir?: string;
  /** Check every handler's output against the contract (tests). */
  checkOutputs?: boolean;
  heartbeatMs?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  server: http.Server;
  core: AppCore;
  /** Open event streams (tests check that closed streams unsubscribe). */
  eventStreamCount(): number;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const token = createSessionToken();
  const core = await createAppCore({
    dbPath: options.dbPath,
    host: 'web',
    seedDemoIfEmpty: options.seedDemo ?? true,
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
    ...(options.checkOutputs ? { checkOutputs: true } : {}),
  });

  const eventStreams = new Set<ServerResponse>();
  let inFlight = 0;
  let idle: (() => void) | null = null;
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('Fehler bei der Bearbeitung einer Anfrage:', error);
      if (!res.headersSent) sendText(res, 500, 'Interner Fehler des lokalen Dienstes.');
      else res.destroy();
    });
  });
  // Large imports over loopback are quick; the default request timeout (5 min) stays as a guard.
  server.headersTimeout = 30_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const hostKind = classifyHost(req.headers.host, port);
    if (hostKind === 'foreign') return sendText(res, 403, 'Unbekannter Host: Der Dienst antwortet nur auf 127.0.0.1.');
    const target = req.url ?? '/';
    if (!target.startsWith('/')) return sendText(res, 400, 'Ungültige Anfrage.');
    const query = target.indexOf('?');
    const rawPath = query >= 0 ? target.slice(0, query) : target;
    if (rawPath === '/api' || rawPath.startsWith('/api/')) return handleApi(req, res, rawPath);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Nur GET ist erlaubt.');
    }
    if (hostKind === 'localhost') {
      // The API accepts only the origin http://127.0.0.1:PORT, so move the page there.
      res.writeHead(307, { Location: `http://${LOOPBACK}:${port}${target}`, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    return serveStatic(req, res, rawPath);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const candidate = resolveStaticPath(rendererDir, rawPath);
    const file = candidate ? await statStaticFile(rendererDir, candidate) : null;
    const isIndex = candidate === path.join(rendererDir, 'index.html');
    if (!file) {
      if (isIndex) return sendHtml(res, 503, rendererMissingPage(rendererDir));
      return sendText(res, 404, 'Nicht gefunden.');
    }
    res.writeHead(200, {
      'Content-Type': contentTypeFor(file.path),
      'Content-Length': String(file.size),
      // index.html is opened with the token in its address: never keep it in a cache.
      'Cache-Control': isIndex ? 'no-store' : 'no-cache',
      'Last-Modified': file.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return refuse(req, res, 405, 'Die Schnittstelle nimmt nur POST an.');
    }
    if (!bearerTokenMatches(req.headers.authorization, token)) {
      return refuse(req, res, 401, 'Sitzung ungültig – bitte die Adresse aus dem Terminal neu öffnen.');
    }
    if (!originAllowed(req.headers.origin, port)) {
      return refuse(req, res, 403, 'Anfrage von einer fremden Seite abgelehnt.');
    }
    const contentType = req.headers['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      return refuse(req, res, 415, 'Erwartet wird Content-Type: application/json.');
    }
    if (rawPath === '/api/events') return openEventStream(req, res);
    if (!rawPath.startsWith('/api/call/')) return refuse(req, res, 404, 'Unbekannte Schnittstelle.');
    let method: string;
    try {
      method = decodeURIComponent(rawPath.slice('/api/call/'.length));
    } catch {
      return refuse(req, res, 400, 'Ungültiger Funktionsname.');
    }

    inFlight += 1;
    try {
      const body = await readBody(req, res);
      if (body === null) return;
      let input: unknown;
      try {
        input = decodeWire(body);
      } catch {
        return sendText(res, 400, 'Der Inhalt der Anfrage ist kein gültiges JSON.');
      }
      const result = await core.call(method, input);
      const text = encodeWire(result);
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(text)),
        'Cache-Control': 'no-store',
      });
      res.end(text);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    }
  }

  /** Reads the whole body as UTF-8, or answers 413 and returns null. */
  async function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      refuse(req, res, 413, tooLargeMessage());
      return null;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_BODY_BYTES) {
        refuse(req, res, 413, tooLargeMessage());
        return null;
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  }

  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    res.writeHead(200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const write = (line: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(`${line}\n`);
    };
    const unsubscribe = core.onEvent((event, payload) => write(encodeWire({ event, payload })));
    const heartbeat = setInterval(() => write('{"heartbeat":true}'), heartbeatMs);
    eventStreams.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      eventStreams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: LOOPBACK, port: options.port ?? 0, exclusive: true });
  }).catch((error: unknown) => {
    core.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new UserFacingError(
        'port-in-use',
        `Port ${options.port} ist bereits belegt. Bitte einen anderen Port mit --port wählen oder --port weglassen.`,
      );
    }
    if (code === 'EACCES') {
      throw new UserFacingError('port-denied', `Port ${options.port} darf nicht verwendet werden. Bitte einen Port über 1024 wählen.`);
    }
    throw error;
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const stream of eventStreams) stream.end();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
          idle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      server.closeAllConnections();
      await closed;
      core.close();
    })();
    return closing;
  }

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    server,
    core,
    eventStreamCount: () => eventStreams.size,
    close,
  };
}

function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string): void {
  // The body is not read; close the connection instead of draining a large upload.
  res.setHeader('Connection', 'close');
  sendText(res, status, message);
  res.on('finish', () => req.destroy());
}

function sendText(res: ServerResponse, status: number, message: string): void {
  const body = `${message}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(html)),
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

function tooLargeMessage(): string {
  return `Die Anfrage ist zu groß (höchstens ${MAX_BODY_BYTES / 1024 / 1024} MB). Bitte kleinere Dateien importieren.`;
}

export function rendererMissingMessage(rendererDir: string): string {
  return (
    `Die Oberfläche ist noch nicht gebaut: ${path.join(rendererDir, 'index.html')} fehlt. ` +
    'Bitte im Projektordner „npm run build:renderer“ ausführen und die Seite dann neu laden.'
  );
}

function rendererMissingPage(rendererDir: string): string {
  const escaped = rendererMissingMessage(rendererDir).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Quartiersatlas</title></head><body><h1>Quartiersatlas</h1><p>${escaped}</p></body></html>`;
}

const USAGE = `Aufruf: node electron/web/host.ts [--db DATEI] [--port N] [--no-demo]

  --db DATEI   Datenbankdatei (Vorgabe: QUARTIERSATLAS_DB oder der Datenordner der Desktop-App)
  --port N     Port auf 127.0.0.1 (Vorgabe: ein freier Port)
  --no-demo    Eine leere Datenbank nicht mit den Demodaten Flensburg füllen
  --help       Diese Hilfe`;

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        'no-demo': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The command line: starts the host, prints the address, runs until Ctrl+C. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if ('error' in parsed) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || !Number.isInteger(port) || port > 65535) {
      console.error(`Ungültiger Port: ${values.port} (erwartet: eine Zahl von 0 bis 65535).`);
      return 2;
    }
  }
  const dbPath = path.resolve(values.db ?? defaultDatabasePath());
  const rendererDir = defaultRendererDir();

  let host: WebHost;
  try {
    host = await startWebHost({ dbPath, port, seedDemo: !values['no-demo'], rendererDir });
  } catch (error) {
    console.error(error instanceof UserFacingError ? error.message : error);
    return 1;
  }
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) console.error(rendererMissingMessage(rendererDir));
  console.log(`Quartiersatlas läuft: ${host.url}`);
  console.log(
    `Adresse im Browser öffnen (gilt nur für diesen Start). Datenbank: ${host.core.database.path}` +
      `${host.core.demoLoaded ? ' (Demodaten Flensburg geladen)' : ''}. Beenden mit Strg+C.`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl+C: stop at once.
        process.exit(130);
      }
      stopping = true;
      console.log(`Quartiersatlas wird beendet (${signal}) …`);
      host.close().then(
        () => resolve(0),
        (error: unknown) => {
          console.error(error);
          resolve(1);
        },
      );
    };
    const signals: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const signal of signals) process.on(signal, stop);
  });
}

if (import.meta.main) {
  // Exit explicitly: nothing should keep running once the database is closed.
  process.exit(await main(process.argv.slice(2)));
}
