import { useEffect, useEffectEvent, useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface SidePanelProps {
  title: ReactNode;
  /** Small line above the title, e.g. the level name. */
  kicker?: ReactNode;
  onClose: () => void;
  children?: ReactNode;
  titleTestId?: string;
}

/** The right-hand panel for one selected thing; Esc closes it unless a dialog is open. */
export function SidePanel({ title, kicker, onClose, children, titleTestId }: SidePanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const close = useEffectEvent(() => onClose());

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (document.querySelector('.modal')) return;
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <aside className="side-panel" data-testid="side-panel" aria-labelledby={headingId}>
      <div className="side-panel-header">
        <div className="side-panel-titles">
          {kicker ? <p className="side-panel-kicker">{kicker}</p> : null}
          <h2 id={headingId} className="side-panel-title" data-testid={titleTestId}>
            {title}
          </h2>
        </div>
        <button type="button" className="icon-button" aria-label={t('panel.close')} title={t('panel.close')} onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div className="side-panel-body">{children}</div>
    </aside>
  );
}
