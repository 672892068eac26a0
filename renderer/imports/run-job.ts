import { newJobId, type ApiClient } from '../api/client.ts';
import type { ImportProgress } from './ProgressView.tsx';

/**
 * Starts a long job in main under a new id and passes on its progress events until the call
 * ends, whether it succeeds or fails.
 */
export async function runJob<R>(api: ApiClient, onProgress: (progress: ImportProgress) => void, start: (jobId: string) => Promise<R>): Promise<R> {
  const jobId = newJobId();
  const off = api.on('job.progress', (progress) => {
    if (progress.jobId === jobId) onProgress(progress);
  });
  try {
    return await start(jobId);
  } finally {
    off();
  }
}
