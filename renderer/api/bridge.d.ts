import type { Map as MapLibreMap } from 'maplibre-gl';
import type { CallResult } from '../../shared/contract.ts';

/**
 * What the Electron preload exposes as `window.quartiersatlas` (contextBridge). The renderer
 * never touches Electron or Node directly; this object is its only door to the main process.
 */
export interface QuartiersatlasBridge {
  invoke(method: string, input: unknown): Promise<CallResult<unknown>>;
  /** Subscribe to events pushed by main; returns the unsubscribe function. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  host: 'electron';
}

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    quartiersatlas?: QuartiersatlasBridge;
    /** The MapLibre map of the Karte view, for end-to-end tests (queryRenderedFeatures). */
    __quartiersatlasMap?: MapLibreMap;
  }
}
