import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDataVersion } from '../../indicators/use-query.ts';
import type { IndicatorDetail } from '../../indicators/values.ts';
import { useSelection } from '../../state/selection.tsx';
import { FacilityIndicatorDialog } from './FacilityIndicatorDialog.tsx';
import { SupplyRatioDialog } from './SupplyRatioDialog.tsx';

export interface FacilityAnalysisActionsProps {
  /** After saving, e.g. switch to the indicator page; the new indicator is selected already. */
  onSaved?: (saved: IndicatorDetail) => void;
  className?: string;
}

type Open = 'indicator' | 'ratio' | null;

/**
 * The two buttons that turn facilities into catalogue indicators („Kennzahl aus Einrichtungen…“,
 * „Versorgungsquote…“) with their dialogs; used in the Infrastruktur and Indikatoren views.
 */
export function FacilityAnalysisActions({ onSaved, className = 'button button--small' }: FacilityAnalysisActionsProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen('indicator')} data-testid="open-facility-indicator">
        {t('facilityAnalysis.openIndicator')}
      </button>
      <button type="button" className={className} onClick={() => setOpen('ratio')} data-testid="open-supply-ratio">
        {t('facilityAnalysis.openRatio')}
      </button>
      {open ? <OpenDialog kind={open} onClose={() => setOpen(null)} onSaved={onSaved} /> : null}
    </>
  );
}

/** Mounted only while a dialog is open, so the buttons work outside a selection (tests of a view). */
function OpenDialog({ kind, onClose, onSaved }: { kind: 'indicator' | 'ratio'; onClose: () => void; onSaved: ((saved: IndicatorDetail) => void) | undefined }) {
  const version = useDataVersion();
  const selection = useSelection();
  const saved = (detail: IndicatorDetail) => {
    onClose();
    selection.setIndicator(detail.id);
    onSaved?.(detail);
  };
  return kind === 'indicator' ? (
    <FacilityIndicatorDialog version={version} onClose={onClose} onSaved={saved} />
  ) : (
    <SupplyRatioDialog version={version} onClose={onClose} onSaved={saved} />
  );
}
