import type { ImportIssue } from '../../../shared/import-issue.ts';

export type ImportPhase = 'lesen' | 'pruefen' | 'schreiben' | 'fertig';
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportSummary {
  file: string;
  sourceCrs: string;
  created: number;
  updated: number;
  unchanged: number;
  warnings: ImportIssue[];
}
