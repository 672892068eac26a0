import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './fixtures.ts';

const exec = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'bin', 'quartiersatlas.mjs');

/** Runs the real command-line program in a child process, as a user's script would. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, QUARTIERSATLAS_DB: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
