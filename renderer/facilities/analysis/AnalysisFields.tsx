import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './analysis.css';
import type { Category, FacilityMeasure } from './analysis-model.ts';

/** Form pieces both facility analysis dialogs share (measure, categories, resources). */

/** What is counted or summed per unit: one radio per measure, with its hint. */
export function MeasureChoice<M extends FacilityMeasure>({
  legend,
  measures,
  value,
  onChange,
  name,
  testIdPrefix,
  className = 'derive-kinds',
}: {
  legend: string;
  measures: readonly M[];
  value: M;
  onChange: (measure: M) => void;
  /** The radio group's name (unique in the page). */
  name: string;
  testIdPrefix: string;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="derive-section">
      <legend className="derive-legend">{legend}</legend>
      <div className={className} role="radiogroup" aria-label={legend}>
        {measures.map((m) => {
          const key: FacilityMeasure = m;
          return (
            <label key={m} className="derive-kind">
              <input type="radio" name={name} checked={value === m} onChange={() => onChange(m)} data-testid={`${testIdPrefix}-${m}`} />
              <span>
                <span className="derive-kind-label">{t(`facilityAnalysis.measures.${key}.label`)}</span>
                <span className="hint">{t(`facilityAnalysis.measures.${key}.hint`)}</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

export function CategoryChecklist({
  categories,
  value,
  onChange,
  error,
  children,
}: {
  categories: readonly Category[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  error: string | null;
  /** More choices about which facilities count (e.g. resources too). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  // Categories in use first: an empty category gives only zeros.
  const sorted = [...categories].sort((a, b) => Number(b.facilityCount > 0) - Number(a.facilityCount > 0) || a.name.localeCompare(b.name, 'de'));
  return (
    <fieldset className="derive-section" data-testid="analysis-categories">
      <legend className="derive-legend">{t('facilityAnalysis.categories')}</legend>
      <div className="analysis-categories">
        {sorted.map((c) => (
          <label key={c.id} className="checkbox-row">
            <input
              type="checkbox"
              checked={value.includes(c.id)}
              onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((id) => id !== c.id))}
              data-testid={`analysis-category-${c.key}`}
            />
            <span className="swatch swatch--round" style={{ background: c.color }} aria-hidden="true" />
            <span>
              {c.name} <span className="muted">({c.facilityCount})</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="inline-error" data-testid="analysis-error-categories">
          {error}
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}

export function ResourcesToggle({ value, onChange }: { value: boolean; onChange: (value: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <label className="checkbox-row">
      <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} data-testid="analysis-include-resources" />
      <span>{t('facilityAnalysis.includeResources')}</span>
    </label>
  );
}
