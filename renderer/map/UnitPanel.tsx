import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../shared/contract.ts';
import { formatArea, formatDate, formatValue } from '../components/format.ts';
import { SidePanel } from './SidePanel.tsx';
import { ConflictMarker } from '../views/austausch/ConflictMarker.tsx';
import { useConflictRows } from '../views/austausch/use-conflict-rows.ts';

export type UnitDetail = MethodOutput<'units.get'>;

export interface UnitPanelProps {
  detail: UnitDetail | null;
  loading?: boolean;
  error?: string | null;
  onClose: () => void;
  onSelectUnit: (unitId: string) => void;
  /** Opens the district profile of this unit (the selection is shared). */
  onOpenProfile?: () => void;
}

/** Everything about one spatial unit: key, level, parent, area, validity, sub-units. */
export function UnitPanel({ detail, loading, error, onClose, onSelectUnit, onOpenProfile }: UnitPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const conflicts = useConflictRows();
  if (!detail) {
    return (
      <SidePanel title={loading ? t('common.loading') : t('panel.unit')} onClose={onClose} titleTestId="unit-name">
        {error ? (
          <p role="alert" className="notice notice--error">
            {error}
          </p>
        ) : null}
      </SidePanel>
    );
  }
  const attributes = Object.entries(detail.attributes);
  const ended = detail.validTo !== null && detail.validTo < localToday();
  return (
    <SidePanel title={detail.name} kicker={detail.level.name} onClose={onClose} titleTestId="unit-name">
      {error ? (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      ) : null}
      {conflicts.hasUnit(detail.id) ? <ConflictMarker variant="banner" /> : null}
      {ended && detail.validTo ? (
        <p className="notice" data-testid="unit-ended">
          {t('unit.ended', { date: formatDate(detail.validTo, lang) })}
        </p>
      ) : null}
      <dl className="facts" aria-busy={loading ? true : undefined}>
        <dt>{t('unit.code')}</dt>
        <dd className="mono" data-testid="unit-code">
          {detail.code}
        </dd>
        <dt>{t('unit.level')}</dt>
        <dd>{detail.level.name}</dd>
        <dt>{t('unit.parent')}</dt>
        <dd data-testid="unit-parent">
          {detail.parent ? (
            <button type="button" className="link-button" onClick={() => detail.parent && onSelectUnit(detail.parent.id)}>
              {detail.parent.name} <span className="mono">({detail.parent.code})</span>
            </button>
          ) : (
            <span className="muted">{t('unit.noParent')}</span>
          )}
          {detail.parent ? <span className="muted small"> · {detail.parent.levelName}</span> : null}
        </dd>
        <dt>{t('unit.area')}</dt>
        <dd data-testid="unit-area">{formatArea(detail.areaKm2, lang)}</dd>
        {detail.validFrom ? (
          <>
            <dt>{t('unit.validFrom')}</dt>
            <dd>{formatDate(detail.validFrom, lang)}</dd>
          </>
        ) : null}
        {detail.validTo ? (
          <>
            <dt>{t('unit.validTo')}</dt>
            <dd>{formatDate(detail.validTo, lang)}</dd>
          </>
        ) : null}
        <dt>{t('unit.children')}</dt>
        <dd data-testid="unit-children">{detail.childCount}</dd>
      </dl>
      {onOpenProfile ? (
        <p>
          <button type="button" className="button" onClick={onOpenProfile} data-testid="open-profile">
            {t('unit.openProfile')}
          </button>
        </p>
      ) : null}
      {attributes.length > 0 ? (
        <details className="attributes">
          <summary>{t('unit.attributes', { count: attributes.length })}</summary>
          <table className="data-table">
            <tbody>
              {attributes.map(([key, value]) => (
                <tr key={key}>
                  <th scope="row">{key}</th>
                  <td>{formatValue(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </SidePanel>
  );
}

/** Today as YYYY-MM-DD in local time: a unit whose validity ended before is history. */
function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}
