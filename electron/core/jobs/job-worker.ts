import { parentPort, workerData } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { openWorkerConnection } from '../db/open-database.ts';
import { ImportFailed } from '../geo/types.ts';
import { UserFacingError } from '../errors.ts';
import { dissolveLevel } from '../imports/dissolve-level.ts';
import { importValues } from '../imports/import-values.ts';
import { previewTable } from '../imports/preview-table.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import { importFacilities } from '../imports/import-facilities.ts';
import { importUnits } from '../imports/import-units.ts';
import { previewImport } from '../imports/preview.ts';
import { previewFacilities } from '../imports/preview-facilities.ts';
import type { ImportPhase } from '../imports/types.ts';
import { runExchangeJob } from '../exchange/exchange-job.ts';
import { exportForColleague } from '../exchange/exchange-service.ts';
import { backupForDownload, restoreUploadedBackup } from '../safety/backup-files.ts';
import type { Job, JobResult, WorkerMessage } from './job-types.ts';

const { dbPath, job } = workerData as { dbPath: string; job: Job };
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

async function run(): Promise<JobResult> {
  const db = openWorkerConnection(dbPath);
  try {
    return await runOne(db, job);
  } finally {
    db.close();
  }
}

async function runOne(db: Database, job: Job): Promise<JobResult> {
  const progress = (phase: ImportPhase, done: number, total: number) => post({ type: 'progress', phase, done, total });
  {
    switch (job.kind) {
      case 'batch': {
        const results: JobResult[] = [];
        for (const inner of job.jobs) results.push(await runOne(db, inner));
        return results;
      }
      case 'import-units':
        return await importUnits(db, job.files, job.options, progress);
      case 'import-facilities':
        return await importFacilities(db, job.files, job.options, progress);
      case 'table-preview':
        return await previewTable(db, job.file, job.mapping);
      case 'import-values':
        return await importValues(db, blobDirectoryFor(dbPath), job.file, job.options, progress);
      case 'dissolve-level':
        return dissolveLevel(db, job.options, progress);
      case 'preview':
        return await previewImport(job.files, job.expect, job.crs, job.layer);
      case 'facility-preview':
        return await previewFacilities(db, job.files, job.options);
      case 'exchange':
        return runExchangeJob(db, dbPath, job.file, job.options, progress);
      case 'exchange-export':
        return exportForColleague(db, blobDirectoryFor(dbPath), job.forReplica);
      case 'backup':
        return backupForDownload(db, dbPath);
      case 'restore-backup':
        return restoreUploadedBackup(job.file, job.target, job.blobDirectory);
    }
  }
}

run().then(
  (result) => post({ type: 'done', result }),
  (error: unknown) => {
    if (error instanceof ImportFailed) post({ type: 'failed', error: { name: 'ImportFailed', message: error.message, issues: error.issues } });
    else if (error instanceof UserFacingError) post({ type: 'failed', error: { name: 'UserFacingError', message: error.message, code: error.code } });
    else post({ type: 'failed', error: { name: 'Error', message: error instanceof Error ? error.stack ?? error.message : String(error) } });
  },
);
