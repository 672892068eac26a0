import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { formatInteger } from '../../components/format.ts';
import { IssueList } from '../IssueList.tsx';
import type { Indicator } from './IndicatorCombo.tsx';
import { ProgressView } from '../ProgressView.tsx';
import type { Failure, Progress } from './parts.tsx';

export type ImportSummary = MethodOutput<'imports.values'>;

export interface StepImportProps {
  running: boolean;
  progress: Progress | null;
  summary: ImportSummary | null;
  failure: Failure | null;
  indicators: readonly Indicator[];
  statusRef: Ref<HTMLDivElement>;
  onBack: () => void;
  /** Offered after a successful import if the mapping is not saved yet. */
  saveForm: ReactNode;
}

/** Step 6: the import with progress; then every issue, or what was written. */
export function StepImport({ running, progress, summary, failure, indicators, statusRef, onBack, saveForm }: StepImportProps) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatInteger(value, i18n.language);
  const name = new Map(indicators.map((i) => [i.code, i.name]));

  if (running) return <ProgressView progress={progress} ref={statusRef} testId="values-wizard-progress" />;

  if (failure) {
    const errors = failure.issues.filter((i) => i.severity === 'error').length;
    const repeats = failure.issues.some((issue) => failure.message.includes(issue.message));
    return (
      <div className="import-failure" role="alert" data-testid="values-wizard-failure" ref={statusRef} tabIndex={-1}>
        <p className="notice notice--error">
          <strong>{repeats && errors > 0 ? t('valuesWizard.import.failed', { count: errors }) : failure.message}</strong>
        </p>
        <IssueList issues={failure.issues} testId="values-wizard-import-issues" />
        {failure.unchanged ? <p className="unchanged-note">{t('valuesWizard.import.unchanged')}</p> : null}
        <div className="button-row">
          <button type="button" className="button" onClick={onBack}>
            {t('valuesWizard.import.back')}
          </button>
        </div>
      </div>
    );
  }

  if (!summary) return null;
  return (
    <div className="vw-step-body">
      <div className="import-result" role="status" data-testid="values-wizard-result" ref={statusRef} tabIndex={-1}>
        <p className="notice notice--success">{t('valuesWizard.import.success', { file: summary.file, count: summary.values })}</p>
        <dl className="facts facts--inline" data-testid="values-wizard-result-counts">
          <dt>{t('valuesWizard.import.values')}</dt>
          <dd data-count="values">{n(summary.values)}</dd>
          <dt>{t('import.created')}</dt>
          <dd data-count="created">{n(summary.created)}</dd>
          <dt>{t('import.updated')}</dt>
          <dd data-count="updated">{n(summary.updated)}</dd>
          <dt>{t('import.unchanged')}</dt>
          <dd data-count="unchanged">{n(summary.unchanged)}</dd>
          {summary.recomputedIndices > 0 ? (
            <>
              <dt>{t('valuesWizard.import.recomputed')}</dt>
              <dd>{n(summary.recomputedIndices)}</dd>
            </>
          ) : null}
        </dl>
        <h4 className="vw-subtitle">{t('valuesWizard.check.indicators', { count: summary.indicators.length })}</h4>
        <ul className="vw-plain-list" data-testid="values-wizard-result-indicators">
          {summary.indicators.map((code) => (
            <li key={code}>
              <span className="mono">{code}</span>
              {name.get(code) ? ` – ${name.get(code)}` : ''}
            </li>
          ))}
        </ul>
        {summary.warnings.length > 0 ? (
          <>
            <h4 className="vw-subtitle">{t('import.warnings', { count: summary.warnings.length })}</h4>
            <IssueList issues={summary.warnings} testId="values-wizard-warnings" />
          </>
        ) : null}
      </div>
      {saveForm}
    </div>
  );
}
