import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { UserFacingError } from '../errors.ts';
import { ensureLocalReplica, installationMarker, readInstallationMarker, reidentifyReplica } from '../sync/replica.ts';
import { afterMigration } from './after-migration.ts';
import { acquireDatabaseLock } from './lock.ts';
import { recoverInterruptedSwap } from './swap-database.ts';
import { vacuumInto } from '../safety/vacuum-into.ts';
import { assertSchemaNotNewer, migrate, type MigrationResult } from './migrate.ts';

export interface OpenedDatabase {
  sqlite: SqliteDatabase;
  path: string;
  migration: MigrationResult;
  /** The file was last used by another installation (copied): it got a new replica id on opening. */
  reidentified: boolean;
  close(): void;
}

export interface OpenOptions {
  /** Take the single-writer lock file (the app and the CLI do; worker threads of the owner do not). */
  lock?: boolean;
  /** Who opens the file (default: this OS user on this machine); tests pass their own. */
  installationMarker?: string;
  /** false: no default categories in a new database (one about to be filled from a colleague's full file). */
  seedDefaults?: boolean;
}

/** Connection settings every connection to a Quartiersatlas file uses. */
export function configureConnection(sqlite: SqliteDatabase): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('synchronous = NORMAL');
}

/** Opens (creating if needed) a database file, migrates it and makes sure it has a replica id. */
export function openDatabase(dbPath: string, options: OpenOptions = {}): OpenedDatabase {
  const absolute = path.resolve(dbPath);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const release = options.lock === false ? () => {} : acquireDatabaseLock(absolute);
  // Only the owner (the lock holder) repairs an interrupted swap; a worker never sees one.
  if (options.lock !== false) recoverInterruptedSwap(absolute);
  let sqlite: SqliteDatabase | undefined;
  try {
    sqlite = new Database(absolute);
    assertIsQuartiersatlasFile(sqlite, absolute);
    assertSchemaNotNewer(sqlite);
    configureConnection(sqlite);
    const opened = sqlite;
    const migration = migrate(opened, { backup: (from) => backupBeforeMigration(opened, absolute, from) });
    const marker = options.installationMarker ?? installationMarker();
    ensureLocalReplica(opened, marker);
    // A file copied to another laptop must not go on writing its original's (replica, seq) ids.
    // Before afterMigration, so anything it logs already carries the new id.
    const reidentified = readInstallationMarker(opened) !== marker;
    if (reidentified) reidentifyReplica(opened, marker);
    afterMigration(opened, migration, { seedDefaults: options.seedDefaults });
    return {
      sqlite: opened,
      path: absolute,
      migration,
      reidentified,
      close() {
        opened.close();
        release();
      },
    };
  } catch (error) {
    sqlite?.close();
    release();
    throw error;
  }
}

/** Opens a second connection to an already opened file (worker threads). */
export function openWorkerConnection(dbPath: string): SqliteDatabase {
  const sqlite = new Database(dbPath, { fileMustExist: true });
  configureConnection(sqlite);
  return sqlite;
}

function assertIsQuartiersatlasFile(sqlite: SqliteDatabase, file: string): void {
  try {
    sqlite.pragma('schema_version');
  } catch {
    throw new UserFacingError('not-a-database', `${file} ist keine Quartiersatlas-Datenbank (keine SQLite-Datei).`);
  }
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  const tables = sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (version === 0 && tables.n > 0) {
    throw new UserFacingError(
      'not-a-database',
      `${file} ist eine SQLite-Datei, aber keine Quartiersatlas-Datenbank. Bitte eine andere Datei wählen.`,
    );
  }
}

function backupBeforeMigration(sqlite: SqliteDatabase, file: string, fromVersion: number): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.vor-update-schema${fromVersion}-${stamp}.sqlite`;
  vacuumInto(sqlite, target);
  return target;
}
