/** IPC channel names shared by main and preload (the preload bundles this file). */
export const INVOKE_CHANNEL = 'quartiersatlas:invoke';
export const EVENT_CHANNEL = 'quartiersatlas:event';
