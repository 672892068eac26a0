import crypto from 'node:crypto';
import os from 'node:os';
import type { Database } from 'better-sqlite3';
import { formatHlc, parseHlc } from '../../../shared/sync/hlc.ts';

export interface LocalReplica {
  replicaId: string;
  displayName: string;
  lastHlc: string;
  lastSeq: number;
}

/** 16 lowercase base-36 characters: short enough for every op, random enough to never collide. */
export function newReplicaId(): string {
  const bytes = crypto.randomBytes(16);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

/** Identifies this OS user on this machine, to notice a database file copied elsewhere. */
export function installationMarker(): string {
  return crypto.createHash('sha256').update(`${os.hostname()}\u0000${os.userInfo().username}\u0000${os.homedir()}`).digest('hex').slice(0, 32);
}

export function ensureLocalReplica(db: Database, marker: string = installationMarker()): LocalReplica {
  const existing = readLocalReplica(db);
  if (existing) return existing;
  const replicaId = newReplicaId();
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO local_replica (singleton, replica_id, display_name, installation_marker, last_hlc, last_seq, created_at)
     VALUES (1, ?, ?, ?, ?, 0, ?)`,
  ).run(replicaId, defaultDisplayName(), marker, formatHlc({ millis: 0, counter: 0, replica: replicaId }), now);
  return readLocalReplica(db)!;
}

/**
 * Gives this database a new replica identity: a copy (another laptop, a restored backup) must
 * never write ops with a (replica, seq) its original already used — ids never repeat. The clock
 * keeps its position (so new ops still sort after everything seen); the old id's ops stay as they
 * are: they are that replica's history and travel on like any colleague's.
 */
export function reidentifyReplica(db: Database, marker: string = installationMarker()): LocalReplica {
  return db.transaction((): LocalReplica => {
    const old = readLocalReplica(db);
    if (!old) throw new Error('Die Datenbank hat noch keine Replika-Kennung.');
    const replicaId = newReplicaId();
    const clock = parseHlc(old.lastHlc);
    db.prepare('UPDATE local_replica SET replica_id = ?, installation_marker = ?, last_hlc = ?, last_seq = 0 WHERE singleton = 1').run(
      replicaId,
      marker,
      formatHlc({ millis: clock.millis, counter: clock.counter, replica: replicaId }),
    );
    rememberOldName(db, old);
    return readLocalReplica(db)!;
  }).immediate();
}

/** Exports name every replica whose ops they carry; the old id keeps its person's name. */
function rememberOldName(db: Database, old: LocalReplica): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'exchange_replicas'").get();
  if (!hasTable) return; // a restored backup of schema < 4 gets the table by its migration later
  db.prepare('INSERT OR IGNORE INTO exchange_replicas (replica, display_name) VALUES (?, ?)').run(old.replicaId, old.displayName);
}

/** The installation that last opened (or created) this file; see installationMarker(). */
export function readInstallationMarker(db: Database): string | null {
  const row = db.prepare('SELECT installation_marker FROM local_replica WHERE singleton = 1').get() as { installation_marker: string } | undefined;
  return row?.installation_marker ?? null;
}

export function readLocalReplica(db: Database): LocalReplica | null {
  const row = db
    .prepare('SELECT replica_id, display_name, last_hlc, last_seq FROM local_replica WHERE singleton = 1')
    .get() as { replica_id: string; display_name: string; last_hlc: string; last_seq: number } | undefined;
  if (!row) return null;
  return { replicaId: row.replica_id, displayName: row.display_name, lastHlc: row.last_hlc, lastSeq: row.last_seq };
}

function defaultDisplayName(): string {
  try {
    return os.userInfo().username || 'Unbenannt';
  } catch {
    return 'Unbenannt';
  }
}
