import { useEffect, useState } from 'react';
import { useApi } from '../../api/context.tsx';
import { errorMessage, isConnectionError } from '../../api/client.ts';
import type { StoredIndex } from './draft.ts';
import type { IndexPreview } from './preview-model.ts';

/** Wait after the last edit before asking main (typing a weight should not flood it). */
export const PREVIEW_DEBOUNCE_MS = 350;

export interface PreviewState {
  /** The answer and the recipe it belongs to (the legend needs that recipe's labels). */
  result: { preview: IndexPreview; stored: StoredIndex } | null;
  error: string | null;
  /** An edit is waiting or the request is running. */
  pending: boolean;
}

/**
 * indices.preview for the current recipe, debounced. A newer recipe cancels the answer of an
 * older one; the last good answer stays visible while the next is computed.
 */
export function useIndexPreview(stored: StoredIndex | null, version: number, delayMs = PREVIEW_DEBOUNCE_MS): PreviewState {
  const api = useApi();
  const key = stored ? JSON.stringify(stored) : null;
  const [state, setState] = useState<{ key: string | null; version: number; result: PreviewState['result']; error: string | null }>({
    key: null,
    version: -1,
    result: null,
    error: null,
  });

  useEffect(() => {
    if (key === null) return;
    const recipe = JSON.parse(key) as StoredIndex;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.call('indices.preview', { stored: recipe as unknown as Record<string, unknown> }).then(
        (preview) => !cancelled && setState({ key, version, result: { preview, stored: recipe }, error: null }),
        (error: unknown) =>
          !cancelled && setState((s) => ({ key, version, result: s.result, error: isConnectionError(error) ? null : errorMessage(error) })),
      );
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, key, version, delayMs]);

  if (key === null) return { result: null, error: null, pending: false };
  return { result: state.result, error: state.key === key ? state.error : null, pending: state.key !== key || state.version !== version };
}
