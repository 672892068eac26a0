import type { Database } from 'better-sqlite3';
import type { Knowledge } from '../../../shared/exchange/manifest.ts';

/**
 * What this database knows: per replica the highest seq up to which every op is present. A gap
 * (a file relayed out of order) ends the count, so a colleague's "only what I lack" file still
 * carries the missing ops; ops beyond the gap then simply arrive twice.
 */
export function localKnowledge(db: Database): Knowledge {
  const replicas = db.prepare('SELECT replica, max(seq) AS top, count(*) AS n, min(seq) AS low FROM ops GROUP BY replica').all() as Array<{
    replica: string;
    top: number;
    n: number;
    low: number;
  }>;
  const firstGap = db.prepare('SELECT min(o.seq) AS seq FROM ops o WHERE o.replica = ? AND NOT EXISTS (SELECT 1 FROM ops p WHERE p.replica = o.replica AND p.seq = o.seq + 1)');
  const knowledge: Knowledge = {};
  for (const { replica, top, n, low } of replicas) {
    if (low !== 1) knowledge[replica] = 0;
    else if (n === top) knowledge[replica] = top;
    else knowledge[replica] = (firstGap.get(replica) as { seq: number }).seq;
  }
  return knowledge;
}

/** The knowledge the last file from `replica` carried (empty when none arrived yet). */
export function peerKnowledge(db: Database, replica: string): Knowledge | null {
  const row = db.prepare('SELECT knowledge FROM exchange_peers WHERE replica = ?').get(replica) as { knowledge: string } | undefined;
  return row ? (JSON.parse(row.knowledge) as Knowledge) : null;
}

/** Knowledge only grows: an older file arriving late never lowers what we know of a colleague. */
export function rememberPeerKnowledge(db: Database, replica: string, knowledge: Knowledge, at: string): void {
  const merged: Knowledge = { ...(peerKnowledge(db, replica) ?? {}) };
  for (const [id, seq] of Object.entries(knowledge)) merged[id] = Math.max(merged[id] ?? 0, seq);
  db.prepare(
    'INSERT INTO exchange_peers (replica, knowledge, last_file_at) VALUES (?, ?, ?) ON CONFLICT (replica) DO UPDATE SET knowledge = excluded.knowledge, last_file_at = excluded.last_file_at',
  ).run(replica, JSON.stringify(merged), at);
}

export function rememberReplicaNames(db: Database, names: Record<string, string>): void {
  const upsert = db.prepare(
    'INSERT INTO exchange_replicas (replica, display_name) VALUES (?, ?) ON CONFLICT (replica) DO UPDATE SET display_name = excluded.display_name',
  );
  for (const [replica, name] of Object.entries(names)) upsert.run(replica, name);
}

export function replicaNames(db: Database): Record<string, string> {
  const rows = db.prepare('SELECT replica, display_name FROM exchange_replicas').all() as Array<{ replica: string; display_name: string }>;
  const names = Object.fromEntries(rows.map((r) => [r.replica, r.display_name]));
  const own = db.prepare('SELECT replica_id, display_name FROM local_replica WHERE singleton = 1').get() as { replica_id: string; display_name: string };
  names[own.replica_id] = own.display_name;
  return names;
}
