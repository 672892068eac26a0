import type { Database } from 'better-sqlite3';

export interface ExchangeRecord {
  direction: 'export' | 'import';
  bundleId: string;
  fileName: string;
  peerReplica: string;
  peerName: string;
  at: string;
  summary: unknown;
}

/** The history of exchanges: which file, from or for whom, when, what it carried or changed. */
export function recordExchange(db: Database, record: ExchangeRecord): void {
  db.prepare('INSERT INTO exchange_history (direction, bundle_id, file_name, peer_replica, peer_name, at, summary) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    record.direction,
    record.bundleId,
    record.fileName,
    record.peerReplica,
    record.peerName,
    record.at,
    JSON.stringify(record.summary),
  );
}

export function exchangeHistory(db: Database): ExchangeRecord[] {
  const rows = db.prepare('SELECT * FROM exchange_history ORDER BY id DESC').all() as Array<{
    direction: 'export' | 'import';
    bundle_id: string;
    file_name: string;
    peer_replica: string;
    peer_name: string;
    at: string;
    summary: string;
  }>;
  return rows.map((r) => ({
    direction: r.direction,
    bundleId: r.bundle_id,
    fileName: r.file_name,
    peerReplica: r.peer_replica,
    peerName: r.peer_name,
    at: r.at,
    summary: JSON.parse(r.summary) as unknown,
  }));
}
