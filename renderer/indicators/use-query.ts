import { useEffect, useEffectEvent, useState } from 'react';
import { useApi } from '../api/context.tsx';
import { errorMessage, isConnectionError } from '../api/client.ts';

/** Bumps whenever main reports changed data (import, edit, sync), so views reload. */
export function useDataVersion(): number {
  const api = useApi();
  const [version, setVersion] = useState(0);
  useEffect(() => api.on('data.changed', () => setVersion((v) => v + 1)), [api]);
  return version;
}

export interface QueryResult<T> {
  data: T | null;
  /** German message; connection problems are left to the app's banner (null here). */
  error: string | null;
  /** True until the first answer for the current key. */
  loading: boolean;
}

/**
 * Loads something through the API whenever `key` changes (and after data.changed); null key =
 * nothing to load. The previous answer for the same key stays visible while reloading.
 */
export function useQuery<T>(key: string | null, load: () => Promise<T>, version = 0): QueryResult<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: string | null }>({ key: null, data: null, error: null });
  const run = useEffectEvent(() => load());
  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    run().then(
      (data) => !cancelled && setState({ key, data, error: null }),
      (error: unknown) => !cancelled && setState({ key, data: null, error: isConnectionError(error) ? null : errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [key, version]);
  const current = key !== null && state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: key !== null && !current };
}
