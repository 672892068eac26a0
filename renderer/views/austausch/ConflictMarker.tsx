import { useTranslation } from 'react-i18next';
import type { ViewId } from '../registry.ts';
import { openConflictInbox } from './use-conflict-rows.ts';
import '../../styles/exchange.css';

export interface ConflictMarkerProps {
  /** 'badge' beside a name in a table row, 'banner' at the top of a side panel. */
  variant: 'badge' | 'banner';
  onNavigate?: ((view: ViewId) => void) | undefined;
}

/** „Konflikt offen“ on a record; its button opens the conflict inbox of the Austausch view. */
export function ConflictMarker({ variant, onNavigate }: ConflictMarkerProps) {
  const { t } = useTranslation();
  const open = () => openConflictInbox(onNavigate);
  if (variant === 'badge') {
    return (
      <button type="button" className="badge conflict-badge" onClick={open} title={t('exchange.marker.open')} data-testid="conflict-marker">
        {t('exchange.marker.badge')}
      </button>
    );
  }
  return (
    <div className="notice notice--warning conflict-banner" role="status" data-testid="conflict-marker">
      <p>
        <strong>{t('exchange.marker.badge')}</strong> {t('exchange.marker.text')}
      </p>
      <button type="button" className="button button--small" onClick={open}>
        {t('exchange.marker.open')}
      </button>
    </div>
  );
}
