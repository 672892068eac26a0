import { useTranslation } from 'react-i18next';
import type { OutlierKind } from '../../shared/stats/outliers.ts';

export const OUTLIER_SYMBOL = '◆';

/**
 * The marker of a box-plot outlier (Tukey: outside Q1 − 1.5·IQR … Q3 + 1.5·IQR), with the rule as
 * tooltip and a word for screen readers. Extreme outliers (beyond 3·IQR) get the same mark.
 */
export function OutlierMark({ kind }: { kind: OutlierKind | null | undefined }) {
  const { t } = useTranslation();
  if (!kind || kind === 'none') return null;
  return (
    <span className="outlier-mark" title={t('outliers.tooltip')} data-testid="outlier-mark" data-kind={kind}>
      <span aria-hidden="true">{OUTLIER_SYMBOL}</span>
      <span className="visually-hidden"> ({t('outliers.short')})</span>
    </span>
  );
}
