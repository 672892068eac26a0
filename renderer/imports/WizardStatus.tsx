import type { Failure } from './values/parts.tsx';
import { IssueList } from './IssueList.tsx';

/** Under a wizard step's heading: that main is reading or checking, or why it refused (with every issue). */
export function WizardStatus({ busyText, failure, testId, issuesTestId }: { busyText: string | null; failure: Failure | null; testId: string; issuesTestId?: string }) {
  return (
    <>
      {busyText ? (
        <p className="muted vw-busy" role="status">
          {busyText}
        </p>
      ) : null}
      {failure ? (
        <div className="import-failure" role="alert" data-testid={testId}>
          <p className="notice notice--error">
            <strong>{failure.message}</strong>
          </p>
          <IssueList issues={failure.issues} testId={issuesTestId} />
        </div>
      ) : null}
    </>
  );
}
