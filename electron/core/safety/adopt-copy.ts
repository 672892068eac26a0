import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.ts';
import { UserFacingError } from '../errors.ts';
import { reidentifyReplica } from '../sync/replica.ts';

export interface AdoptedCopy {
  schemaVersion: number;
  replicaId: string;
}

/**
 * Checks a database copy (from a backup or a snapshot) in its temporary place and makes it this
 * laptop's own: intact (`integrity_check`), a Quartiersatlas database this version can open, and
 * with a new replica identity — its old self may already have sent ops with the next seq numbers.
 * `what` names the source in messages ("Die Sicherung", "Der Schnappschuss").
 */
export function adoptDatabaseCopy(file: string, what: string): AdoptedCopy {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch {
    throw new UserFacingError('restore-invalid', `${what} enthält keine lesbare Datenbank.`);
  }
  try {
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch {
      throw new UserFacingError('restore-invalid', `${what} enthält keine Datenbank (keine SQLite-Datei).`);
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw new UserFacingError(
        'schema-too-new',
        `${what} stammt aus einer neueren Version von Quartiersatlas (Schema ${version}, diese Version kennt bis ${LATEST_SCHEMA_VERSION}). ` +
          'Bitte zuerst Quartiersatlas aktualisieren.',
      );
    }
    const hasReplica = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'local_replica'").get();
    if (version < 1 || !hasReplica) throw new UserFacingError('restore-invalid', `${what} enthält keine Quartiersatlas-Datenbank.`);
    const check = db.pragma('integrity_check', { simple: true }) as string;
    if (check !== 'ok') throw new UserFacingError('restore-invalid', `${what} enthält eine beschädigte Datenbank (${check.slice(0, 200)}).`);
    // A rollback journal instead of WAL: nothing but the one file to move into place afterwards.
    db.pragma('journal_mode = DELETE');
    let replicaId: string;
    try {
      replicaId = reidentifyReplica(db).replicaId;
    } catch {
      throw new UserFacingError('restore-invalid', `${what} enthält keine Quartiersatlas-Datenbank (keine Replika-Kennung).`);
    }
    return { schemaVersion: version, replicaId };
  } finally {
    db.close();
  }
}
