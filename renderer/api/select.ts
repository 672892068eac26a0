import { createClient, type ApiClient } from './client.ts';
import { createElectronTransport } from './electron-transport.ts';
import { createWebTransport, takeSessionToken } from './web-transport.ts';

/** Electron when the preload bridge is there, otherwise the loopback web host. */
export function createDefaultClient(): ApiClient {
  const bridge = window.quartiersatlas;
  if (bridge) return createClient(createElectronTransport(bridge));
  const token = takeSessionToken(window.location, window.sessionStorage, window.history);
  return createClient(createWebTransport({ token }));
}
