import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload } from '../../shared/contract.ts';

export type ImportProgress = EventPayload<'job.progress'>;

/** The progress of an import job (phase, done/total), shared by every import dialog. */
export function ProgressView({ progress, ref, testId = 'import-progress' }: { progress: ImportProgress | null; ref?: Ref<HTMLDivElement>; testId?: string }) {
  const { t } = useTranslation();
  const phase = progress ? t(`import.phase.${progress.phase}`) : t('import.phase.start');
  const determinate = progress && progress.total > 0;
  return (
    <div className="import-progress" role="status" data-testid={testId} ref={ref} tabIndex={-1}>
      <div className="progress-label">
        <span>{phase}</span>
        {determinate ? (
          <span className="muted">
            {progress.done} / {progress.total}
          </span>
        ) : null}
      </div>
      {determinate ? <progress max={progress.total} value={Math.min(progress.done, progress.total)} aria-label={phase} /> : <progress aria-label={phase} />}
    </div>
  );
}
