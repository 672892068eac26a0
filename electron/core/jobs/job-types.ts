import type { GeometryKind, SourceFile } from '../geo/types.ts';
import type { ImportPreview } from '../imports/preview.ts';
import type { TablePreview } from '../imports/preview-table.ts';
import type { DissolveLevelOptions } from '../imports/dissolve-level.ts';
import type { ValueImportOptions, ValueImportSummary } from '../imports/import-values.ts';
import type { FacilityImportOptions, FacilityImportSummary } from '../imports/import-facilities.ts';
import type { FacilityPreview } from '../imports/preview-facilities.ts';
import type { UnitImportOptions } from '../imports/import-units.ts';
import type { ImportPhase, ImportSummary } from '../imports/types.ts';
import type { ExchangeJobOptions, ExchangeJobResult } from '../exchange/exchange-job.ts';
import type { MethodOutput } from '../../../shared/contract.ts';

/** Long work that runs in a worker thread on its own connection to the database file. */
export type Job =
  | { kind: 'import-units'; files: SourceFile[]; options: UnitImportOptions }
  | { kind: 'import-facilities'; files: SourceFile[]; options: FacilityImportOptions }
  | { kind: 'dissolve-level'; options: DissolveLevelOptions }
  | { kind: 'import-values'; file: SourceFile; options: ValueImportOptions }
  | { kind: 'table-preview'; file: SourceFile; mapping?: unknown }
  /** Several jobs one after another in one worker (first start: the demo's ten imports). */
  | { kind: 'batch'; jobs: Job[] }
  | { kind: 'preview'; files: SourceFile[]; expect: GeometryKind; crs?: string; layer?: string }
  | { kind: 'facility-preview'; files: SourceFile[]; options: FacilityImportOptions }
  | { kind: 'exchange'; file: SourceFile; options: ExchangeJobOptions }
  /** Files for colleagues and backups: reading a whole database takes seconds. */
  | { kind: 'exchange-export'; forReplica: string | null }
  | { kind: 'backup' }
  | { kind: 'restore-backup'; file: SourceFile; target: string; blobDirectory: string };

export type JobResult = ExchangeJobResult | MethodOutput<'exchange.export'> | MethodOutput<'safety.backup'> | { attachments: number } | ImportSummary | ValueImportSummary | FacilityImportSummary | ImportPreview | TablePreview | FacilityPreview | JobResult[];

export type WorkerMessage =
  | { type: 'progress'; phase: ImportPhase; done: number; total: number }
  | { type: 'done'; result: JobResult }
  | { type: 'failed'; error: { name: string; message: string; code?: string; issues?: unknown } };
