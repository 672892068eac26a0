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
 *
 * File bytes of at least MOVE_THRESHOLD that own their whole ArrayBuffer are moved to the worker,
 * not copied (a million values are 25 MB the main thread would otherwise copy): the caller's
 * `data` of such a file is empty afterwards, so the caller must not use it again. Smaller files,
 * and views into a larger or shared buffer (a Node Buffer from the pool), are copied as before.
 */
export function runJob(dbPath: string, job: Job, onProgress: JobProgress = () => {}, workerPath = defaultWorkerFile()): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerPath, { workerData: { dbPath, job }, transferList: movableFileBuffers(job) });
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

/** Files from this size on are moved to the worker instead of copied. */
export const MOVE_THRESHOLD = 1 << 20;

/** The ArrayBuffers of the job's files that may be transferred (each once, however often it is used). */
export function movableFileBuffers(job: Job): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (inner: Job) => {
    if (inner.kind === 'batch') inner.jobs.forEach(visit);
    const files = 'files' in inner ? inner.files : 'file' in inner ? [inner.file] : [];
    for (const { data } of files) {
      const buffer = data.buffer;
      if (!(buffer instanceof ArrayBuffer) || data.byteLength < MOVE_THRESHOLD) continue;
      if (data.byteOffset !== 0 || data.byteLength !== buffer.byteLength) continue;
      buffers.add(buffer);
    }
  };
  visit(job);
  return [...buffers];
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
