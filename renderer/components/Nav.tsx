import { useTranslation } from 'react-i18next';
import type { ViewEntry, ViewId } from '../views/registry.ts';

export interface NavProps {
  views: readonly ViewEntry[];
  active: ViewId;
  onSelect: (id: ViewId) => void;
}

/** Main navigation: one entry per view that exists (see views/registry.ts). */
export function Nav({ views, active, onSelect }: NavProps) {
  const { t } = useTranslation();
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
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
