import { describe, expect, it, vi } from 'vitest';
import { decodeWire, encodeWire } from '../../shared/wire-codec.ts';
import { ApiError, createClient, type ConnectionStatus } from '../../renderer/api/client.ts';
import { createElectronTransport } from '../../renderer/api/electron-transport.ts';
import {
  createWebTransport,
  SESSION_INVALID_MESSAGE,
  takeSessionToken,
  TOKEN_STORAGE_KEY,
} from '../../renderer/api/web-transport.ts';
import type { QuartiersatlasBridge } from '../../renderer/api/bridge.d.ts';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

function streamOf(chunks: string[], keepOpen = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpen) controller.close();
    },
  });
}

describe('takeSessionToken', () => {
  it('moves ?token= into sessionStorage and removes it from the address', () => {
    const storage = memoryStorage();
    const history = { state: null, replaceState: vi.fn() };
    const token = takeSessionToken({ href: 'http://127.0.0.1:4711/?token=abc123&x=1#karte' }, storage, history);
    expect(token).toBe('abc123');
    expect(storage.getItem(TOKEN_STORAGE_KEY)).toBe('abc123');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1#karte');
  });

  it('reads the token from sessionStorage after a reload', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'kept');
    const history = { state: null, replaceState: vi.fn() };
    expect(takeSessionToken({ href: 'http://127.0.0.1:4711/' }, storage, history)).toBe('kept');
    expect(history.replaceState).not.toHaveBeenCalled();
  });
});

describe('web transport', () => {
  it('POSTs the wire-encoded input with the bearer token and decodes the envelope', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      new Response(encodeWire({ ok: true, value: new Uint8Array([7, 8, 9]) }), { status: 200 }),
    );
    const client = createClient(createWebTransport({ token: 'T0K', fetch }));
    const bytes = await client.call('basemap.read', { offset: 10, length: 3 });
    expect(bytes).toEqual(new Uint8Array([7, 8, 9]));
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/call/basemap.read');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({ Authorization: 'Bearer T0K', 'Content-Type': 'application/json' });
    expect(decodeWire(String(init?.body))).toEqual({ offset: 10, length: 3 });
  });

  it('sends Uint8Array inputs as $bytes', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      new Response(encodeWire({ ok: false, error: { code: 'import-failed', message: 'Kaputt.', details: [] } })),
    );
    const client = createClient(createWebTransport({ token: 't', fetch }));
    const error = await client
      .call('imports.preview', { kind: 'units', files: [{ name: 'a.geojson', data: new Uint8Array([1, 2]) }] })
      .catch((e: unknown) => e);
    expect(String(fetch.mock.calls[0]![1]?.body)).toContain('"$bytes":"AQI="');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'import-failed', message: 'Kaputt.', details: [] });
  });

  it('turns 401/403 into the German session message and reports the status', async () => {
    const fetch = vi.fn(async () => new Response('nope', { status: 401 }));
    const transport = createWebTransport({ token: 'old', fetch });
    const statuses: ConnectionStatus[] = [];
    transport.onStatus?.((s) => statuses.push(s));
    const client = createClient(transport);
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'session-invalid', message: SESSION_INVALID_MESSAGE });
    expect(SESSION_INVALID_MESSAGE).toBe('Sitzung ungültig – bitte die Adresse aus dem Terminal neu öffnen');
    expect(statuses).toEqual(['session-invalid']);
  });

  it('reports a lost connection in German', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const client = createClient(createWebTransport({ token: 't', fetch }));
    await expect(client.call('levels.list', {})).rejects.toMatchObject({ code: 'connection-lost' });
  });

  it('reads NDJSON events across chunk boundaries and validates payloads', async () => {
    const lines = [
      encodeWire({ event: 'job.progress', payload: { jobId: 'j1', phase: 'lesen', done: 1, total: 3 } }),
      encodeWire({ event: 'job.progress', payload: { jobId: 'j1', phase: 'unsinn', done: 1, total: 3 } }),
      encodeWire({ event: 'data.changed', payload: { tables: ['spatial_unit'] } }),
    ].join('\n') + '\n';
    const cut = Math.floor(lines.length / 2);
    const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
      expect(url).toBe('/api/events');
      expect(init?.headers).toMatchObject({ Authorization: 'Bearer t' });
      return new Response(streamOf([lines.slice(0, cut), lines.slice(cut)], true));
    });
    const client = createClient(createWebTransport({ token: 't', fetch }));
    const progress: unknown[] = [];
    const changed: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const off1 = client.on('job.progress', (p) => progress.push(p));
    const off2 = client.on('data.changed', (p) => changed.push(p));
    await vi.waitFor(() => expect(changed).toHaveLength(1));
    expect(progress).toEqual([{ jobId: 'j1', phase: 'lesen', done: 1, total: 3 }]);
    expect(changed).toEqual([{ tables: ['spatial_unit'] }]);
    expect(fetch).toHaveBeenCalledTimes(1);
    off1();
    off2();
    warn.mockRestore();
  });

  it('reconnects the event stream after it ends', async () => {
    let connects = 0;
    const fetch = vi.fn(async () => {
      connects += 1;
      return new Response(streamOf([encodeWire({ event: 'data.changed', payload: { tables: [String(connects)] } }) + '\n']));
    });
    const client = createClient(createWebTransport({ token: 't', fetch, reconnectDelaysMs: [5] }));
    const seen: string[] = [];
    const off = client.on('data.changed', (p) => seen.push(p.tables[0]!));
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(3));
    off();
    expect(seen.slice(0, 3)).toEqual(['1', '2', '3']);
  });

  it('reopens a stream that stays silent longer than the heartbeat allows', async () => {
    const fetch = vi.fn(async () => new Response(streamOf([], true)));
    const transport = createWebTransport({ token: 't', fetch, reconnectDelaysMs: [1], streamIdleTimeoutMs: 20 });
    const off = transport.onEvent(() => {});
    await vi.waitFor(() => expect(fetch.mock.calls.length).toBeGreaterThanOrEqual(2));
    off();
  });

  it('stops reconnecting when the token is refused', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 403 }));
    const transport = createWebTransport({ token: 'x', fetch, reconnectDelaysMs: [1] });
    const statuses: ConnectionStatus[] = [];
    transport.onStatus?.((s) => statuses.push(s));
    transport.onEvent(() => {});
    await vi.waitFor(() => expect(statuses).toEqual(['session-invalid']));
    await new Promise((r) => setTimeout(r, 30));
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('electron transport', () => {
  it('passes calls and events through the preload bridge', async () => {
    let listener: ((event: string, payload: unknown) => void) | undefined;
    const bridge: QuartiersatlasBridge = {
      host: 'electron',
      invoke: vi.fn(async () => ({ ok: true as const, value: 'de' })),
      onEvent: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    const client = createClient(createElectronTransport(bridge));
    expect(client.host).toBe('electron');
    await expect(client.call('settings.language', {})).resolves.toBe('de');
    expect(bridge.invoke).toHaveBeenCalledWith('settings.language', {});
    const seen: unknown[] = [];
    const off = client.on('data.changed', (p) => seen.push(p));
    listener?.('data.changed', { tables: ['x'] });
    listener?.('job.progress', { jobId: 'j', phase: 'lesen', done: 0, total: 0 });
    expect(seen).toEqual([{ tables: ['x'] }]);
    off();
    expect(listener).toBeUndefined();
  });
});

describe('web transport after a refused token', () => {
  it('sends no further requests', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 401 }));
    const client = createClient(createWebTransport({ token: 'x', fetch }));
    await expect(client.call('app.info', {})).rejects.toMatchObject({ code: 'session-invalid' });
    await expect(client.call('levels.list', {})).rejects.toMatchObject({ code: 'session-invalid' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
