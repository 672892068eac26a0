import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../errors.ts';

// A restored database is always built under a temporary name beside its target and appears only
// when complete; an existing file is never replaced.

/** Refuses a target that exists: restoring never overwrites a file. */
export function assertFree(target: string): void {
  if (fs.existsSync(target)) throw targetExists(target);
}

export function targetExists(target: string): UserFacingError {
  return new UserFacingError(
    'restore-target-exists',
    `Die Datei ${target} gibt es schon. Eine Sicherung wird nur in eine neue Datei wiederhergestellt; bitte einen anderen Namen wählen.`,
  );
}

export function temporaryBeside(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`);
}

/** The temporary database and whatever SQLite left beside it. */
export function removeTemporary(temporary: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${temporary}${suffix}`, { force: true });
}
