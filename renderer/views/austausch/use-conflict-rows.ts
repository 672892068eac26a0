import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/context.tsx';
import type { ViewId } from '../registry.ts';

/**
 * Open conflicts outside the Austausch view: the marks on table rows and side panels, the badge
 * in the navigation. Everything here is best effort — without the exchange methods (an older
 * main, a test without them) nothing is marked.
 */

const listeners = new Set<(open?: number) => void>();

/**
 * The view resolved a conflict: marks and the badge reload (main's 'data.changed' does, too).
 * `open` is main's own count right after the decision: the badge shows it at once.
 */
export function notifyConflictsChanged(open?: number): void {
  for (const listener of listeners) listener(open);
}

function useRefreshKey(onCount?: (open: number) => void): number {
  const api = useApi();
  const [key, setKey] = useState(0);
  useEffect(() => {
    const bump = (open?: number) => {
      if (open !== undefined) onCount?.(open);
      setKey((k) => k + 1);
    };
    listeners.add(bump);
    const off = api.on('data.changed', () => bump());
    return () => {
      listeners.delete(bump);
      off();
    };
  }, [api, onCount]);
  return key;
}

export interface ConflictRows {
  /** A record of `table` with this id has an open conflict. */
  has(table: string, row: string): boolean;
  /** The unit itself or one of its indicator values (id `<indicator>|<unit>|<period>`) has one. */
  hasUnit(unitId: string): boolean;
  /** For the map: facility ids, and unit ids (the unit or one of its values). */
  ids: { facilities: readonly string[]; units: readonly string[] };
}

/** The records with open conflicts (exchange.status → conflictRows), refreshed on 'data.changed'. */
export function useConflictRows(): ConflictRows {
  const api = useApi();
  const key = useRefreshKey();
  const [rows, setRows] = useState<readonly { table: string; row: string }[]>([]);
  useEffect(() => {
    let cancelled = false;
    api.call('exchange.status', {}).then(
      (status) => !cancelled && setRows(status.conflictRows),
      () => !cancelled && setRows([]),
    );
    return () => {
      cancelled = true;
    };
  }, [api, key]);
  return useMemo(() => {
    const keys = new Set(rows.map((r) => `${r.table}\u0000${r.row}`));
    const unitValues = new Set(rows.filter((r) => r.table === 'indicator_values').map((r) => r.row.split('|')[1] ?? ''));
    const units = new Set([...rows.filter((r) => r.table === 'spatial_units').map((r) => r.row), ...unitValues]);
    return {
      has: (table, row) => keys.has(`${table}\u0000${row}`),
      hasUnit: (unitId) => keys.has(`spatial_units\u0000${unitId}`) || unitValues.has(unitId),
      ids: { facilities: rows.filter((r) => r.table === 'facilities').map((r) => r.row), units: [...units] },
    };
  }, [rows]);
}

/** How many conflicts are open (exchange.conflicts), for the badge in the navigation. */
export function useOpenConflictCount(enabled = true): number {
  const api = useApi();
  const [count, setCount] = useState(0);
  const key = useRefreshKey(setCount);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    api.call('exchange.conflicts', {}).then(
      (list) => !cancelled && setCount(list.length),
      () => !cancelled && setCount(0),
    );
    return () => {
      cancelled = true;
    };
  }, [api, key, enabled]);
  return enabled ? count : 0;
}

export type ExchangeTab = 'exchange' | 'conflicts' | 'history' | 'safety';

let requestedTab: ExchangeTab | null = null;
let navigator: ((view: ViewId) => void) | null = null;

/** The navigation registers how to switch views, so panels without `onNavigate` can open the inbox. */
export function registerNavigator(navigate: ((view: ViewId) => void) | null): void {
  navigator = navigate;
}

/** The tab the Austausch view opens with (once), e.g. the inbox when a conflict mark was clicked. */
export function takeRequestedTab(): ExchangeTab | null {
  const tab = requestedTab;
  requestedTab = null;
  return tab;
}

/** Opens the Austausch view on its conflict inbox. */
export function openConflictInbox(navigate?: (view: ViewId) => void): void {
  const go = navigate ?? navigator;
  if (!go) return;
  requestedTab = 'conflicts';
  go('austausch');
}
