import type { QuartiersatlasBridge } from './bridge.d.ts';
import type { Transport } from './client.ts';

/** IPC through the preload bridge; Uint8Array travels natively, no wire codec needed. */
export function createElectronTransport(bridge: QuartiersatlasBridge): Transport {
  return {
    host: 'electron',
    invoke: (method, input) => bridge.invoke(method, input),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
