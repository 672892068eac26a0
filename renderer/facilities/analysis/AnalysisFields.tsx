import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './analysis.css';
import type { Category } from './analysis-model.ts';

/** Form pieces both facility analysis dialogs share (categories, resources, code and name). */

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

export function AnalysisTextField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  testId,
  wide,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  hint?: string;
  testId: string;
  wide?: boolean;
}) {
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${wide ? ' field--wide' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        className="input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="inline-error" data-testid={`${testId}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
