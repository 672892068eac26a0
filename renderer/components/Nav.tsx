import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { registerNavigator, useOpenConflictCount } from '../views/austausch/use-conflict-rows.ts';
import type { ViewEntry, ViewId } from '../views/registry.ts';
import '../styles/exchange.css';

export interface NavProps {
  views: readonly ViewEntry[];
  active: ViewId;
  onSelect: (id: ViewId) => void;
}

/** Main navigation: one entry per view that exists (see views/registry.ts); „Austausch“ shows open conflicts. */
export function Nav({ views, active, onSelect }: NavProps) {
  const { t } = useTranslation();
  const exchange = views.some((v) => v.id === 'austausch');
  const conflicts = useOpenConflictCount(exchange);
  // Conflict marks in panels that have no onNavigate of their own switch views through this.
  useEffect(() => {
    registerNavigator(onSelect);
    return () => registerNavigator(null);
  }, [onSelect]);
  return (
    <nav className="app-nav" aria-label={t('nav.label')} data-testid="main-nav">
      <ul>
        {views.map((view) => (
          <li key={view.id}>
            <button
              type="button"
              className="app-nav-item"
              aria-current={view.id === active ? 'page' : undefined}
              onClick={() => onSelect(view.id)}
            >
              {t(view.labelKey)}
              {view.id === 'austausch' && conflicts > 0 ? (
                <>
                  <span className="nav-badge" data-testid="conflict-count" aria-hidden="true">
                    {conflicts}
                  </span>
                  <span className="visually-hidden">, {t('exchange.nav.openConflicts', { count: conflicts })}</span>
                </>
              ) : null}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
