import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { UserFacingError } from '../errors.ts';
import { ImportFailed } from '../geo/types.ts';
import type { ImportPhase } from '../imports/types.ts';
import type { Job, JobResult, WorkerMessage } from './job-types.ts';

export type JobProgress = (phase: ImportPhase, done: number, total: number) => void;

/**
 * Runs a job in a worker thread so the main process (and with it every window) stays responsive.
 * The worker writes through its own connection; SQLite's WAL lets the main connection keep reading.
 */
export function runJob(dbPath: string, job: Job, onProgress: JobProgress = () => {}, workerPath = defaultWorkerFile()): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    // Files are copied, not transferred: a Node Buffer may share its memory pool with others.
    const worker = new Worker(workerPath, { workerData: { dbPath, job } });
    let settled = false;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.phase, message.done, message.total);
      else if (message.type === 'done') {
        settled = true;
        resolve(message.result);
      } else {
        settled = true;
        reject(reviveError(message.error));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`Der Hintergrundprozess wurde unerwartet beendet (Code ${code}).`));
    });
  });
}

/**
 * Source checkout: the .ts file (Node strips types); a bundle: the .mjs beside it. The packaged
 * Electron app passes its own path (the worker must live outside the asar archive).
 */
export function defaultWorkerFile(): string {
  for (const name of ['./job-worker.mjs', './job-worker.ts']) {
    const candidate = fileURLToPath(new URL(name, import.meta.url));
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('job-worker not found next to run-job');
}

function reviveError(error: { name: string; message: string; code?: string; issues?: unknown }): Error {
  if (error.name === 'ImportFailed') return new ImportFailed(error.issues as ImportIssue[]);
  if (error.name === 'UserFacingError') return new UserFacingError(error.code ?? 'error', error.message);
  return new Error(error.message);
}
