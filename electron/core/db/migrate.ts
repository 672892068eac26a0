import type { Database } from 'better-sqlite3';
import { UserFacingError } from '../errors.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/types.ts';

export interface MigrationResult {
  from: number;
  to: number;
  backupPath: string | null;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema to the latest version in one transaction. A database from a newer app is
 * refused untouched; an existing database is copied before its first migration runs.
 */
export function migrate(
  db: Database,
  options: { backup?: (fromVersion: number) => string | null; migrations?: readonly Migration[] } = {},
): MigrationResult {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  const from = assertSchemaNotNewer(db, latest);
  if (from === latest) return { from, to: from, backupPath: null };

  const backupPath = from > 0 && options.backup ? options.backup(from) : null;
  const pending = migrations.filter((m) => m.version > from);
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return { from, to: latest, backupPath };
}

/** Refuses a file from a newer app before anything (even a pragma) writes to it. */
export function assertSchemaNotNewer(db: Database, latest = LATEST_SCHEMA_VERSION): number {
  const version = schemaVersion(db);
  if (version > latest) {
    throw new UserFacingError(
      'schema-too-new',
      `Diese Datenbank wurde mit einer neueren Version von Quartiersatlas erstellt (Schema ${version}, ` +
        `diese Version kennt bis ${latest}). Bitte zuerst Quartiersatlas aktualisieren.`,
    );
  }
  return version;
}

export { LATEST_SCHEMA_VERSION };
