import fs from 'node:fs';
import { UserFacingError } from '../errors.ts';

/**
 * Swapping a checked database file in under the open database's path (restores, first setup).
 * The old file waits under a fixed name until the new one has opened; a crash in between is
 * repaired on the next open (recoverInterruptedSwap), so the app never starts on an empty file
 * while the user's data sits beside it.
 */

const SUFFIXES = ['', '-wal', '-shm'] as const;

export function swappedOutPath(dbPath: string): string {
  return `${dbPath}.vorher-tausch`;
}

function move(from: string, to: string): void {
  for (const suffix of SUFFIXES) if (fs.existsSync(`${from}${suffix}`)) fs.renameSync(`${from}${suffix}`, `${to}${suffix}`);
}

/** Removes a database file with its WAL and shared-memory files. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of SUFFIXES) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Call before opening: puts back a database a crash left swapped out, or removes a stale old copy. */
export function recoverInterruptedSwap(dbPath: string): void {
  const before = swappedOutPath(dbPath);
  if (!fs.existsSync(before)) return;
  if (fs.existsSync(dbPath)) removeDatabaseFiles(before);
  else move(before, dbPath);
}

export interface Swap {
  /** The new file opened: the old one goes (it was snapshotted before). */
  commit(): void;
  /** The new file did not open: the old one comes back. */
  rollback(): void;
}

/** Both files closed: moves the old one aside and the prepared one in; undoes itself if that fails. */
export function swapDatabaseFile(dbPath: string, preparedFile: string): Swap {
  // A WAL after closing means another connection is still open: its writes belong to this file.
  if (fs.existsSync(`${dbPath}-wal`)) {
    throw new UserFacingError('busy', 'Die Datenbank wird noch benutzt (eine Arbeit im Hintergrund läuft). Bitte kurz warten und noch einmal versuchen.');
  }
  const before = swappedOutPath(dbPath);
  removeDatabaseFiles(before);
  move(dbPath, before);
  try {
    move(preparedFile, dbPath);
  } catch (error) {
    removeDatabaseFiles(dbPath);
    move(before, dbPath);
    throw error;
  }
  return {
    commit: () => removeDatabaseFiles(before),
    rollback() {
      removeDatabaseFiles(dbPath);
      move(before, dbPath);
    },
  };
}
