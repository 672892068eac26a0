import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPeriod } from '../../indicators/format.ts';
import type { IndicatorSummary } from '../../indicators/values.ts';
import type { Level } from '../../map/levels.ts';
import { setPopulation, setStandardisation, type Combine, type DraftIssue, type IndexDraft, type Standardisation } from './draft.ts';
import { FieldError, issueAt } from './FieldError.tsx';

export interface BasisPanelProps {
  draft: IndexDraft;
  levels: readonly Level[];
  periods: readonly string[];
  onLevel: (levelId: string) => void;
  onPeriod: (period: string) => void;
  issues: readonly DraftIssue[];
}

/** Level and period the index is computed for (its values live there). */
export function BasisPanel({ draft, levels, periods, onLevel, onPeriod, issues }: BasisPanelProps) {
  const { t, i18n } = useTranslation();
  const ids = { level: useId(), period: useId() };
  return (
    <fieldset className="index-section index-basis">
      <legend className="index-section-title">{t('indices.basis.legend')}</legend>
      <div className="index-row">
        <div className="field">
          <label htmlFor={ids.level}>{t('indices.basis.level')}</label>
          <select id={ids.level} className="input" value={draft.levelId ?? ''} onChange={(e) => onLevel(e.target.value)} data-testid="index-level">
            {draft.levelId ? null : <option value="">{t('indices.basis.choose')}</option>}
            {levels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          <FieldError issue={issueAt(issues, 'level')} />
        </div>
        <div className="field">
          <label htmlFor={ids.period}>{t('indices.basis.period')}</label>
          <select id={ids.period} className="input" value={draft.period ?? ''} onChange={(e) => onPeriod(e.target.value)} data-testid="index-period">
            {draft.period && periods.includes(draft.period) ? null : <option value="">{draft.period ?? t('indices.basis.choose')}</option>}
            {periods.map((p) => (
              <option key={p} value={p}>
                {formatPeriod(p, i18n.language)}
              </option>
            ))}
          </select>
          <FieldError issue={issueAt(issues, 'period')} />
        </div>
      </div>
    </fieldset>
  );
}

export interface MethodPanelProps {
  draft: IndexDraft;
  onChange: (draft: IndexDraft) => void;
  /** Counts on the level/period that can serve as inhabitants. */
  populationOptions: readonly IndicatorSummary[];
  catalogue: readonly IndicatorSummary[];
  issues: readonly DraftIssue[];
}

const COMBINES: readonly Combine[] = ['mean', 'geometric-mean', 'minimum'];

/** Standardisation, weighting by inhabitants, exclusion of small units, combination. */
export function MethodPanel({ draft, onChange, populationOptions, catalogue, issues }: MethodPanelProps) {
  const { t } = useTranslation();
  const ids = {
    standardisation: useId(),
    standardisationHint: useId(),
    weighting: useId(),
    population: useId(),
    excludeSmall: useId(),
    minPopulation: useId(),
    combine: useId(),
    combineHint: useId(),
  };
  const zScore = draft.standardisation === 'z-score';
  const population = draft.populationIndicatorId;
  // A stored index may name an inhabitants indicator that is not offered here any more.
  const options = population && !populationOptions.some((i) => i.id === population)
    ? [...populationOptions, ...catalogue.filter((i) => i.id === population)]
    : populationOptions;
  const populationIssue = issueAt(issues, 'population');
  const minIssue = issueAt(issues, 'minPopulation');
  const combineIssue = issueAt(issues, 'combine');

  return (
    <fieldset className="index-section" data-testid="index-method">
      <legend className="index-section-title">{t('indices.method.legend')}</legend>

      <div className="field">
        <label htmlFor={ids.standardisation}>{t('indices.method.standardisation')}</label>
        <select
          id={ids.standardisation}
          className="input"
          value={draft.standardisation}
          aria-describedby={ids.standardisationHint}
          onChange={(e) => onChange(setStandardisation(draft, e.target.value as Standardisation))}
          data-testid="index-standardisation"
        >
          <option value="z-score">{t('indices.method.zScore')}</option>
          <option value="rank-min-max">{t('indices.method.rankMinMax')}</option>
        </select>
        <span id={ids.standardisationHint} className="hint">
          {zScore ? t('indices.method.zScoreHint') : t('indices.method.rankMinMaxHint')}
        </span>
      </div>

      <div className="index-row">
        <div className="field">
          <label htmlFor={ids.population}>{t('indices.method.population')}</label>
          <select
            id={ids.population}
            className="input"
            value={population ?? ''}
            aria-invalid={populationIssue ? true : undefined}
            onChange={(e) => onChange(setPopulation(draft, e.target.value || null))}
            data-testid="index-population"
          >
            <option value="">{t('indices.method.noPopulation')}</option>
            {options.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
          <FieldError issue={populationIssue} />
        </div>
        <div className="field">
          <label htmlFor={ids.weighting}>{t('indices.method.weighting')}</label>
          <select
            id={ids.weighting}
            className="input"
            value={draft.weighting}
            onChange={(e) => onChange({ ...draft, weighting: e.target.value === 'population' ? 'population' : 'unweighted' })}
            data-testid="index-weighting"
          >
            <option value="unweighted">{t('indices.method.unweighted')}</option>
            <option value="population" disabled={!population}>
              {t('indices.method.byPopulation')}
            </option>
          </select>
        </div>
      </div>
      <p className="hint">{zScore ? t('indices.method.weightingHintZ') : t('indices.method.weightingHintRank')}</p>

      <div className="index-exclusion">
        <label className="checkbox-row" htmlFor={ids.excludeSmall}>
          <input
            id={ids.excludeSmall}
            type="checkbox"
            checked={draft.excludeSmall}
            disabled={!population}
            onChange={(e) => onChange({ ...draft, excludeSmall: e.target.checked })}
            data-testid="index-exclude-small"
          />
          <span>{t('indices.method.excludeSmall', { n: draft.minPopulation.trim() || '…' })}</span>
        </label>
        <div className="field field--inline">
          <label htmlFor={ids.minPopulation}>{t('indices.method.minPopulation')}</label>
          <input
            id={ids.minPopulation}
            className="input input--compact index-min-population"
            inputMode="numeric"
            value={draft.minPopulation}
            disabled={!draft.excludeSmall}
            aria-invalid={minIssue ? true : undefined}
            onChange={(e) => onChange({ ...draft, minPopulation: e.target.value })}
            data-testid="index-min-population"
          />
        </div>
        <FieldError issue={minIssue} />
      </div>
      {!population ? <p className="hint">{t('indices.method.populationNeeded')}</p> : null}

      <div className="field">
        <label htmlFor={ids.combine}>{t('indices.method.combine')}</label>
        <select
          id={ids.combine}
          className="input"
          value={draft.combine}
          aria-describedby={ids.combineHint}
          aria-invalid={combineIssue ? true : undefined}
          onChange={(e) => onChange({ ...draft, combine: e.target.value as Combine })}
          data-testid="index-combine"
        >
          {COMBINES.map((c) => (
            <option key={c} value={c} disabled={zScore && c !== 'mean'}>
              {t(`indices.method.combineOptions.${c}`)}
            </option>
          ))}
        </select>
        <span id={ids.combineHint} className="hint" data-testid="combine-hint">
          {zScore ? t('indices.method.combineOnlyRank') : t(`indices.method.combineHints.${draft.combine}`)}
        </span>
        <FieldError issue={combineIssue} />
      </div>
    </fieldset>
  );
}
