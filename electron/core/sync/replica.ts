import crypto from 'node:crypto';
import os from 'node:os';
import type { Database } from 'better-sqlite3';
import { formatHlc } from '../../../shared/sync/hlc.ts';

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

export function ensureLocalReplica(db: Database): LocalReplica {
  const existing = readLocalReplica(db);
  if (existing) return existing;
  const replicaId = newReplicaId();
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO local_replica (singleton, replica_id, display_name, installation_marker, last_hlc, last_seq, created_at)
     VALUES (1, ?, ?, ?, ?, 0, ?)`,
  ).run(replicaId, defaultDisplayName(), installationMarker(), formatHlc({ millis: 0, counter: 0, replica: replicaId }), now);
  return readLocalReplica(db)!;
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
