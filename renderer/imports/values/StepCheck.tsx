import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInteger } from '../../components/format.ts';
import { localeOf } from '../../i18n/index.ts';
import { IssueList } from '../IssueList.tsx';
import type { Draft, TablePreview } from './draft.ts';
import type { Indicator } from './IndicatorCombo.tsx';
import type { StepNo } from './parts.tsx';
import type { Unit } from './StepUnits.tsx';

type Result = NonNullable<TablePreview['result']>;

export interface StepCheckProps {
  result: Result;
  draft: Draft;
  indicators: readonly Indicator[];
  units: readonly Unit[] | null;
  busy: boolean;
  onKeepValidRowsOnly: (keep: boolean) => void;
  onCreateIndicator: (code: string) => void;
  onGo: (step: StepNo) => void;
  /** "Zuordnung speichern als …" */
  saveForm: ReactNode;
}

/** Step 5: what the import would do, every problem by line and column, and the last choices. */
export function StepCheck({ result, draft, indicators, units, busy, onKeepValidRowsOnly, onCreateIndicator, onGo, saveForm }: StepCheckProps) {
  const { t, i18n } = useTranslation();
  const mode = useId();
  const lang = i18n.language;
  const n = (value: number) => formatInteger(value, lang);
  const number = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 6 });
  const unitName = new Map((units ?? []).map((u) => [u.code, u.name]));
  const indicatorName = new Map(indicators.map((i) => [i.code, i.name]));
  const errors = result.issues.filter((i) => i.severity === 'error').length;
  const more = result.issueCount - result.issues.length;
  const unknown = result.indicators.filter((i) => !i.known);

  return (
    <div className="vw-step-body">
      {result.importable ? (
        <p className="notice notice--success" data-testid="values-wizard-ready">
          {t('valuesWizard.check.ready', { count: result.values })}
        </p>
      ) : (
        <p className="notice notice--error" data-testid="values-wizard-not-ready">
          {t('valuesWizard.check.notReady', { count: errors })}
        </p>
      )}

      <dl className="facts facts--inline vw-counts" data-testid="values-wizard-counts">
        <dt>{t('valuesWizard.check.values')}</dt>
        <dd data-count="values">{n(result.values)}</dd>
        <dt>{t('valuesWizard.check.dataRows')}</dt>
        <dd data-count="dataRows">{n(result.stats.dataRows)}</dd>
        <dt>{t('valuesWizard.check.validRows')}</dt>
        <dd data-count="validRows">{n(result.stats.validRows)}</dd>
        <dt>{t('valuesWizard.check.invalidRows')}</dt>
        <dd data-count="invalidRows">{n(result.stats.invalidRows)}</dd>
        <dt>{t('valuesWizard.check.skippedRows')}</dt>
        <dd data-count="skippedRows">{n(result.stats.skippedRows)}</dd>
        <dt>{t('valuesWizard.check.periods')}</dt>
        <dd data-count="periods">{result.periods.length > 0 ? result.periods.join(', ') : '–'}</dd>
      </dl>
      <h4 className="vw-subtitle">{t('valuesWizard.check.indicators', { count: result.indicators.length })}</h4>
      <ul className="vw-plain-list vw-indicators" data-testid="values-wizard-indicators">
        {result.indicators.map((i) => (
          <li key={i.code}>
            <span className="mono">{i.code}</span>
            {indicatorName.get(i.code) ? ` – ${indicatorName.get(i.code)}` : ''}
            {i.known ? null : <span className="vw-badge vw-badge--warning">{t('valuesWizard.check.unknownBadge')}</span>}
          </li>
        ))}
      </ul>
      {unknown.length > 0 ? (
        <div className="notice notice--error vw-unknown-list" role="note">
          <p>{t('valuesWizard.check.unknownIndicators')}</p>
          <ul className="vw-plain-list">
            {unknown.map((i) => (
              <li key={i.code}>
                <span className="mono">{i.code}</span>{' '}
                <button type="button" className="link-button" onClick={() => onCreateIndicator(i.code)}>
                  {t('valuesWizard.columns.createIndicator')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {result.unmatchedUnits.length > 0 ? (
        <p className="notice notice--error">
          {t('valuesWizard.check.unmatchedUnits', { count: result.unmatchedUnits.length })}{' '}
          <button type="button" className="link-button" onClick={() => onGo(4)}>
            {t('valuesWizard.check.toUnits')}
          </button>
        </p>
      ) : null}

      {result.issues.length > 0 ? (
        <section aria-label={t('valuesWizard.check.issuesTitle')}>
          <h4 className="vw-subtitle">{t('valuesWizard.check.issuesTitle')}</h4>
          <IssueList issues={result.issues} testId="values-wizard-issues" />
          {more > 0 ? (
            <p className="muted" data-testid="values-wizard-more-issues">
              {t('valuesWizard.check.moreIssues', { count: more })}
            </p>
          ) : null}
        </section>
      ) : null}

      {result.stats.unusedColumns.length > 0 ? (
        <p className="vw-unused" data-testid="values-wizard-unused">
          <strong>{t('valuesWizard.check.unusedColumns')}</strong> {result.stats.unusedColumns.map((c) => `„${c}“`).join(', ')}
          <span className="hint vw-block">{t('valuesWizard.check.unusedHint')}</span>
        </p>
      ) : null}

      {result.sampleValues.length > 0 ? (
        <div className="table-scroll vw-table-scroll" tabIndex={0} role="region" aria-label={t('valuesWizard.check.sampleLabel')}>
          <table className="data-table" data-testid="values-wizard-values">
            <caption>{t('valuesWizard.check.sampleCaption', { shown: result.sampleValues.length, total: result.values })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('valuesWizard.table.line')}</th>
                <th scope="col">{t('valuesWizard.check.column')}</th>
                <th scope="col">{t('valuesWizard.check.unit')}</th>
                <th scope="col">{t('valuesWizard.check.period')}</th>
                <th scope="col">{t('valuesWizard.check.indicator')}</th>
                <th scope="col" className="vw-number-cell">
                  {t('valuesWizard.check.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.sampleValues.map((v, i) => (
                <tr key={i}>
                  <th scope="row">{v.line}</th>
                  <td>{v.column}</td>
                  <td>{unitName.get(v.unitCode) ? `${unitName.get(v.unitCode)} (${v.unitCode})` : v.unitCode}</td>
                  <td>{v.period}</td>
                  <td className="mono">{v.indicator}</td>
                  <td className="vw-number-cell">
                    {v.value === null ? '–' : number.format(v.value)}
                    {v.flag ? <span className="vw-flag"> ({t(`valuesWizard.flags.${v.flag}`)})</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <fieldset className="vw-fieldset vw-radios" disabled={busy}>
        <legend>{t('valuesWizard.check.modeLegend')}</legend>
        <label className="vw-radio">
          <input type="radio" name={mode} checked={!draft.keepValidRowsOnly} onChange={() => onKeepValidRowsOnly(false)} />
          <span>
            {t('valuesWizard.check.allOrNothing')}
            <span className="hint vw-block">{t('valuesWizard.check.allOrNothingHint')}</span>
          </span>
        </label>
        <label className="vw-radio">
          <input type="radio" name={mode} checked={draft.keepValidRowsOnly} onChange={() => onKeepValidRowsOnly(true)} />
          <span>
            {t('valuesWizard.check.validOnly')}
            <span className="hint vw-block">{t('valuesWizard.check.validOnlyHint')}</span>
          </span>
        </label>
      </fieldset>

      {saveForm}
    </div>
  );
}
