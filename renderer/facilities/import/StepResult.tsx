import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../../../shared/contract.ts';
import { formatInteger } from '../../components/format.ts';
import { IssueList } from '../../imports/IssueList.tsx';
import { ProgressView, type ImportProgress } from '../../imports/ProgressView.tsx';
import type { Failure } from '../../imports/values/parts.tsx';

export type FacilityImportSummary = MethodOutput<'imports.facilities'>;

/** Step 6: progress while main writes, then what was written — or why nothing was. */
export function StepResult({
  running,
  progress,
  summary,
  failure,
  statusRef,
  onBack,
}: {
  running: boolean;
  progress: ImportProgress | null;
  summary: FacilityImportSummary | null;
  failure: Failure | null;
  statusRef: Ref<HTMLDivElement>;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatInteger(value, i18n.language);
  if (running) return <ProgressView progress={progress} ref={statusRef} testId="facility-import-progress" />;
  if (failure) {
    return (
      <div className="import-failure" role="alert" data-testid="facility-import-failure" ref={statusRef} tabIndex={-1}>
        <p className="notice notice--error">
          <strong>{failure.message}</strong>
        </p>
        <IssueList issues={failure.issues} testId="facility-import-failure-issues" />
        {failure.unchanged ? <p className="unchanged-note">{t('facilityImport.result.nothingChanged')}</p> : null}
        <div className="button-row">
          <button type="button" className="button" onClick={onBack}>
            {t('facilityImport.result.back')}
          </button>
        </div>
      </div>
    );
  }
  if (!summary) return null;
  return (
    <div className="import-result" role="status" data-testid="facility-import-result" ref={statusRef} tabIndex={-1}>
      <p className="notice notice--success">{t('facilityImport.result.success', { file: summary.file })}</p>
      <dl className="facts facts--inline">
        <dt>{t('facilityImport.result.created')}</dt>
        <dd data-testid="facility-import-created">{n(summary.created)}</dd>
        <dt>{t('facilityImport.result.updated')}</dt>
        <dd>{n(summary.updated)}</dd>
        <dt>{t('facilityImport.result.unchanged')}</dt>
        <dd>{n(summary.unchanged)}</dd>
        <dt>{t('facilityImport.result.skipped')}</dt>
        <dd data-testid="facility-import-skipped">{n(summary.skipped ?? 0)}</dd>
      </dl>
      {(summary.outsideUnits ?? []).map((level) => (
        <p key={level.levelId} className="notice">
          {t('facilityImport.preview.outside', { count: level.count, level: level.name })}
        </p>
      ))}
      {summary.warnings.length > 0 ? (
        <>
          <h4 className="section-title">{t('facilityImport.result.warnings', { count: summary.warnings.length })}</h4>
          <IssueList issues={summary.warnings} testId="facility-import-warnings" />
        </>
      ) : null}
    </div>
  );
}
