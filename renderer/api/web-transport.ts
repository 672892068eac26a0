import { decodeWire, encodeWire } from '../../shared/wire-codec.ts';
import type { CallResult } from '../../shared/contract.ts';
import { CONNECTION_LOST, SESSION_INVALID, type ConnectionStatus, type Transport } from './client.ts';

export const TOKEN_STORAGE_KEY = 'quartiersatlas.token';
export const SESSION_INVALID_MESSAGE = 'Sitzung ungültig – bitte die Adresse aus dem Terminal neu öffnen';
const CONNECTION_LOST_MESSAGE =
  'Keine Verbindung zum lokalen Quartiersatlas-Dienst. Läuft das Programm im Terminal noch?';

/**
 * Takes the session token from `?token=` (first load) or sessionStorage (reloads) and removes it
 * from the visible address, so it does not end up in screenshots or the history.
 */
export function takeSessionToken(
  location: Pick<Location, 'href'>,
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  history: Pick<History, 'replaceState' | 'state'>,
): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    const visible = url.pathname + (url.searchParams.size > 0 ? `?${url.searchParams.toString()}` : '') + url.hash;
    history.replaceState(history.state, '', visible);
    return fromUrl;
  }
  return storage.getItem(TOKEN_STORAGE_KEY);
}

export interface WebTransportOptions {
  token: string | null;
  /** Origin-relative by default; tests pass a fake fetch. */
  fetch?: typeof fetch;
  baseUrl?: string;
  /** Wait before reconnecting the event stream, by attempt; the last value repeats. */
  reconnectDelaysMs?: readonly number[];
  /** The host sends a heartbeat every 15 s; a stream silent for longer than this is reopened. */
  streamIdleTimeoutMs?: number;
}

/** Loopback HTTP to the web host: POST /api/call/<method>, NDJSON event stream on POST /api/events. */
export function createWebTransport(options: WebTransportOptions): Transport {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base = options.baseUrl ?? '';
  const delays = options.reconnectDelaysMs ?? [250, 500, 1000, 2000, 5000];
  const idleTimeout = options.streamIdleTimeoutMs ?? 45_000;
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'ok';
  let streamAbort: AbortController | null = null;

  const headers = (): Record<string, string> => ({
    Authorization: `Bearer ${options.token ?? ''}`,
    'Content-Type': 'application/json',
  });

  function setStatus(next: ConnectionStatus): void {
    if (status === next) return;
    // A refused token stays refused until the page is opened with a new address.
    if (status === SESSION_INVALID) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  }

  function dispatchLine(line: string): void {
    let message: unknown;
    try {
      message = decodeWire(line);
    } catch {
      console.warn('Ereigniszeile ist kein gültiges JSON und wird übersprungen.');
      return;
    }
    if (!message || typeof message !== 'object') return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string') return;
    for (const listener of [...eventListeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        console.error(error);
      }
    }
  }

  const sleep = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function runStream(abort: AbortController): Promise<void> {
    let attempt = 0;
    while (!abort.signal.aborted) {
      // One controller per connection: stopping everything or a silent stream both end it.
      const connection = new AbortController();
      const stop = () => connection.abort();
      abort.signal.addEventListener('abort', stop);
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const feedWatchdog = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(stop, idleTimeout);
      };
      try {
        feedWatchdog();
        const response = await doFetch(`${base}/api/events`, {
          method: 'POST',
          headers: headers(),
          body: encodeWire({}),
          signal: connection.signal,
        });
        if (response.status === 401 || response.status === 403) {
          setStatus(SESSION_INVALID);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        setStatus('ok');
        attempt = 0;
        const reader = response.body.getReader();
        connection.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          feedWatchdog();
          buffer += decoder.decode(value, { stream: true });
          let newline: number;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line) dispatchLine(line);
          }
        }
        buffer += decoder.decode();
        if (buffer.trim()) dispatchLine(buffer.trim());
      } catch {
        if (abort.signal.aborted) return;
        if (attempt > 0) setStatus('offline');
      } finally {
        clearTimeout(watchdog);
        abort.signal.removeEventListener('abort', stop);
      }
      if (abort.signal.aborted) return;
      const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      attempt += 1;
      await sleep(delay, abort.signal);
    }
  }

  function ensureStream(): void {
    if (streamAbort && !streamAbort.signal.aborted) return;
    const abort = new AbortController();
    streamAbort = abort;
    void runStream(abort).finally(() => {
      if (streamAbort === abort) streamAbort = null;
    });
  }

  return {
    host: 'web',
    async invoke(method: string, input: unknown): Promise<CallResult<unknown>> {
      // A refused token stays refused: no more requests until the address is opened anew.
      if (status === SESSION_INVALID) return { ok: false, error: { code: SESSION_INVALID, message: SESSION_INVALID_MESSAGE } };
      let response: Response;
      try {
        response = await doFetch(`${base}/api/call/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: headers(),
          body: encodeWire(input),
        });
      } catch {
        setStatus('offline');
        return { ok: false, error: { code: CONNECTION_LOST, message: CONNECTION_LOST_MESSAGE } };
      }
      if (response.status === 401 || response.status === 403) {
        setStatus(SESSION_INVALID);
        return { ok: false, error: { code: SESSION_INVALID, message: SESSION_INVALID_MESSAGE } };
      }
      const text = await response.text();
      if (response.status !== 200) {
        return {
          ok: false,
          error: {
            code: 'http-error',
            message: `Der lokale Dienst hat die Anfrage abgelehnt (HTTP-Status ${response.status}).`,
            details: text.slice(0, 500),
          },
        };
      }
      setStatus('ok');
      try {
        return decodeWire(text) as CallResult<unknown>;
      } catch {
        return {
          ok: false,
          error: { code: 'bad-response', message: 'Die Antwort des lokalen Dienstes war nicht lesbar.' },
        };
      }
    },
    onEvent(listener) {
      eventListeners.add(listener);
      ensureStream();
      return () => {
        eventListeners.delete(listener);
        if (eventListeners.size === 0) {
          streamAbort?.abort();
        }
      };
    },
    onStatus(listener) {
      statusListeners.add(listener);
      if (status !== 'ok') listener(status);
      return () => statusListeners.delete(listener);
    },
  };
}
