/** One problem found in an imported file, located as precisely as the format allows. */
export interface ImportIssue {
  severity: 'error' | 'warning';
  /** File name as the user chose it (never a full path from another machine). */
  file: string;
  /** 1-based line in text formats (CSV); absent for binary formats. */
  line?: number;
  /** 1-based feature/record number in geometry formats. */
  feature?: number;
  /** Column or property name the problem is about. */
  field?: string;
  /** German, complete sentence, says what is wrong and, where possible, what to do. */
  message: string;
}

/** Human-readable location prefix, e.g. "Stadtteile.shp, Objekt 3, Feld AREA_ID". */
export function describeIssueLocation(issue: ImportIssue): string {
  const parts = [issue.file];
  if (issue.line !== undefined) parts.push(`Zeile ${issue.line}`);
  if (issue.feature !== undefined) parts.push(`Objekt ${issue.feature}`);
  if (issue.field !== undefined) parts.push(`Feld ${issue.field}`);
  return parts.join(', ');
}

export function formatIssue(issue: ImportIssue): string {
  return `${describeIssueLocation(issue)}: ${issue.message}`;
}
