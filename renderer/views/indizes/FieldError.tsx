import type { DraftIssue } from './draft.ts';

export function issueAt(issues: readonly DraftIssue[], path: string): DraftIssue | undefined {
  return issues.find((i) => i.path === path);
}

/** The message of one field, next to it (the issue list repeats all of them). */
export function FieldError({ issue, id }: { issue: DraftIssue | undefined; id?: string }) {
  if (!issue) return null;
  return (
    <span id={id} className="inline-error" data-testid="field-error">
      {issue.message}
    </span>
  );
}
