import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.tsx';
import { errorMessage } from '../../api/client.ts';
import type { ViewProps } from '../registry.ts';
import { ConflictsPanel, type Conflict } from './ConflictsPanel.tsx';
import { ExchangePanel, type ExchangeStatus } from './ExchangePanel.tsx';
import { HistoryPanel, type HistoryEntry } from './HistoryPanel.tsx';
import { SafetyPanel, type Snapshot } from './SafetyPanel.tsx';
import { notifyConflictsChanged, takeRequestedTab, type ExchangeTab } from './use-conflict-rows.ts';
import '../../styles/exchange.css';

const TABS: readonly ExchangeTab[] = ['exchange', 'conflicts', 'history', 'safety'];

interface Loaded<T> {
  value: T | null;
  error: string | null;
}

function useLoad<T>(load: () => Promise<T>, version: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ value: null, error: null });
  useEffect(() => {
    let cancelled = false;
    load().then(
      (value) => !cancelled && setState({ value, error: null }),
      (e: unknown) => !cancelled && setState((s) => ({ value: s.value, error: errorMessage(e) })),
    );
    return () => {
      cancelled = true;
    };
  }, [load, version]);
  return state;
}

/**
 * „Austausch“: colleagues merge their work by passing files (no server). This laptop's name, a
 * file for colleagues, reading a colleague's file with a preview, the conflict inbox, the
 * history of files, and safety (Zwischenstände, backups, starting from a colleague's file).
 */
export default function AustauschView(_props: ViewProps) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [tab, setTab] = useState<ExchangeTab>(() => takeRequestedTab() ?? 'exchange');
  const [version, setVersion] = useState(0);
  const tabRefs = useRef(new Map<ExchangeTab, HTMLButtonElement>());
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => api.on('data.changed', reload), [api, reload]);

  const status = useLoad<ExchangeStatus>(useCallback(() => api.call('exchange.status', {}), [api]), version);
  const conflicts = useLoad<Conflict[]>(useCallback(() => api.call('exchange.conflicts', {}), [api]), version);
  const history = useLoad<HistoryEntry[]>(useCallback(() => api.call('exchange.history', {}), [api]), version);
  const snapshots = useLoad<Snapshot[]>(useCallback(() => api.call('safety.snapshots', {}), [api]), version);

  /** After a decision or an import; `open`: the conflicts main still has, when known. */
  const changed = (open?: number) => {
    reload();
    notifyConflictsChanged(open);
  };

  const select = (next: ExchangeTab, focus = false) => {
    setTab(next);
    if (focus) tabRefs.current.get(next)?.focus();
  };
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = TABS.indexOf(tab);
    let next: ExchangeTab | undefined;
    if (event.key === 'ArrowRight') next = TABS[(index + 1) % TABS.length];
    else if (event.key === 'ArrowLeft') next = TABS[(index - 1 + TABS.length) % TABS.length];
    else if (event.key === 'Home') next = TABS[0];
    else if (event.key === 'End') next = TABS[TABS.length - 1];
    if (!next) return;
    event.preventDefault();
    select(next, true);
  };

  const openCount = conflicts.value?.length ?? 0;
  const label = (key: ExchangeTab) => (key === 'conflicts' && openCount > 0 ? `${t('exchange.tabs.conflicts')} (${openCount})` : t(`exchange.tabs.${key}`));

  return (
    <div className="austausch-view">
      <div className="austausch-header">
        <h1 className="austausch-title">{t('exchange.title')}</h1>
        <p className="hint">{t('exchange.intro')}</p>
        <div className="exchange-tabs" role="tablist" aria-label={t('exchange.title')}>
          {TABS.map((key) => (
            <button
              key={key}
              ref={(el) => {
                if (el) tabRefs.current.set(key, el);
                else tabRefs.current.delete(key);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${key}`}
              aria-selected={tab === key}
              aria-controls={`${id}-panel-${key}`}
              tabIndex={tab === key ? 0 : -1}
              className="exchange-tab"
              onClick={() => select(key)}
              onKeyDown={onTabKey}
              data-testid={`exchange-tab-${key}`}
            >
              {label(key)}
            </button>
          ))}
        </div>
      </div>
      <div className="austausch-main" role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`} tabIndex={0}>
        {status.error && tab === 'exchange' ? (
          <p className="notice notice--error" role="alert">
            {status.error}
          </p>
        ) : null}
        {tab === 'exchange' ? <ExchangePanel status={status.value} onChanged={changed} onOpenConflicts={() => select('conflicts')} /> : null}
        {tab === 'conflicts' ? <ConflictsPanel conflicts={conflicts.value} error={conflicts.error} onResolved={changed} /> : null}
        {tab === 'history' ? <HistoryPanel history={history.value} error={history.error} /> : null}
        {tab === 'safety' ? <SafetyPanel snapshots={snapshots.value} error={snapshots.error} /> : null}
      </div>
    </div>
  );
}
