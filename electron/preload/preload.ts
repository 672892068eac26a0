import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../main/ipc-channels.ts';

/**
 * The renderer's only door to the main process, exposed as `window.quartiersatlas`
 * (see renderer/api/bridge.d.ts). Sandboxed preloads run as CommonJS: the build bundles this
 * file to build/electron/preload.cjs. Nothing of ipcRenderer itself is handed out.
 */
contextBridge.exposeInMainWorld('quartiersatlas', {
  invoke: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  onEvent(listener: (event: string, payload: unknown) => void): () => void {
    const forward = (_ipcEvent: IpcRendererEvent, event: string, payload: unknown) => listener(event, payload);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
  host: 'electron',
});
