import type { ImportIssue } from '../../../shared/import-issue.ts';

export type ImportPhase = 'lesen' | 'pruefen' | 'schreiben' | 'fertig';
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportSummary {
  file: string;
  sourceCrs: string;
  created: number;
  updated: number;
  unchanged: number;
  /** Units that a newer boundary version no longer lists (they get an end date, not deleted). */
  ended?: number;
  warnings: ImportIssue[];
}
