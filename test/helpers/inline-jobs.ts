import type { Database } from 'better-sqlite3';
import type { JobRunner } from '../../electron/core/demo/seed-demo.ts';
import { dissolveLevel } from '../../electron/core/imports/dissolve-level.ts';
import { importFacilities } from '../../electron/core/imports/import-facilities.ts';
import { importUnits } from '../../electron/core/imports/import-units.ts';
import { importValues } from '../../electron/core/imports/import-values.ts';
import type { Job, JobResult } from '../../electron/core/jobs/job-types.ts';
import { blobDirectoryFor } from '../../electron/core/sync/blob-store.ts';

/** Runs import jobs on the test's own connection instead of a worker thread (faster, same code). */
export function inlineJobs(db: Database, dbPath: string): JobRunner {
  const run = async (job: Job): Promise<JobResult> => {
    switch (job.kind) {
      case 'batch': {
        const results: JobResult[] = [];
        for (const inner of job.jobs) results.push(await run(inner));
        return results;
      }
      case 'import-units':
        return importUnits(db, job.files, job.options);
      case 'import-facilities':
        return importFacilities(db, job.files, job.options);
      case 'import-values':
        return importValues(db, blobDirectoryFor(dbPath), job.file, job.options);
      case 'dissolve-level':
        return dissolveLevel(db, job.options);
      default:
        throw new Error(`inlineJobs: ${job.kind} not supported`);
    }
  };
  return run;
}
