import fs from 'node:fs';
import os from 'node:os';
import { UserFacingError } from '../errors.ts';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/**
 * An advisory lock file beside the database so two Quartiersatlas processes never write one
 * file. A lock left behind by a crashed process (same host, pid gone) is taken over.
 */
export function acquireDatabaseLock(dbPath: string): () => void {
  const lockPath = `${dbPath}.lock`;
  const info: LockInfo = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(info), { flag: 'wx' });
      return () => releaseLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(lockPath);
      if (holder && isAlive(holder)) {
        throw new UserFacingError(
          'database-locked',
          `Die Datenbank ${dbPath} ist bereits von einem anderen Quartiersatlas-Prozess geöffnet ` +
            `(Prozess ${holder.pid} auf ${holder.host}, seit ${holder.since}). ` +
            'Bitte das andere Fenster verwenden oder es zuerst schließen.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new UserFacingError('database-locked', `Die Sperrdatei ${lockPath} lässt sich nicht anlegen.`);
}

function readLock(lockPath: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

function isAlive(holder: LockInfo): boolean {
  // A lock from another host (network share) cannot be checked: treat it as held.
  if (holder.host !== os.hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(lockPath: string): void {
  const holder = readLock(lockPath);
  if (holder?.pid === process.pid && holder.host === os.hostname()) fs.rmSync(lockPath, { force: true });
}
