import { z } from 'zod';
import { useTranslation } from 'react-i18next';
import { issueSchema } from '../../shared/contract.ts';
import { formatIssue, type ImportIssue } from '../../shared/import-issue.ts';

const issuesSchema = z.array(issueSchema);

/** The `details` of an `import-failed` error, or [] if they are not issues. */
export function issuesFrom(details: unknown): ImportIssue[] {
  const parsed = issuesSchema.safeParse(details);
  return parsed.success ? parsed.data : [];
}

/** Every issue with its location ("Datei, Objekt 3, Feld X: …"), errors first. */
export function IssueList({ issues, testId }: { issues: readonly ImportIssue[]; testId?: string }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul className="issue-list" data-testid={testId}>
      {sorted.map((issue, index) => (
        <li key={index} className={`issue issue--${issue.severity}`}>
          <span className="issue-severity">{t(`issue.${issue.severity}`)}</span> {formatIssue(issue)}
        </li>
      ))}
    </ul>
  );
}
