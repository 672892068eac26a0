import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';
import { parseHlc } from '../../../shared/sync/hlc.ts';
import { UserFacingError } from '../errors.ts';
import { readLocalReplica } from '../sync/replica.ts';
import type { ImportSummary } from './apply-exchange.ts';
import { listConflicts } from './conflicts.ts';
import { exchangeFileName, exportExchange } from './export-exchange.ts';
import { exchangeHistory } from './history.ts';
import { recordLabel } from './record-labels.ts';

/** Read models and small edits behind the "Austausch" view; the merge itself lives in apply-exchange. */

export function exchangeStatus(db: Database): MethodOutput<'exchange.status'> {
  const local = readLocalReplica(db)!;
  const peers = db
    .prepare(
      `SELECT p.replica, coalesce(r.display_name, p.replica) AS displayName, p.last_file_at AS lastFileAt, p.knowledge
       FROM exchange_peers p LEFT JOIN exchange_replicas r ON r.replica = p.replica ORDER BY p.last_file_at DESC`,
    )
    .all() as Array<{ replica: string; displayName: string; lastFileAt: string; knowledge: string }>;
  // What no colleague has confirmed having (their last file's knowledge of this laptop).
  const confirmed = Math.max(0, ...peers.map((p) => (JSON.parse(p.knowledge) as Record<string, number>)[local.replicaId] ?? 0));
  const unsent = db.prepare('SELECT count(*) AS n FROM ops WHERE replica = ? AND seq > ?').get(local.replicaId, confirmed) as { n: number };
  const conflictRows = db.prepare('SELECT DISTINCT tbl AS "table", row_id AS row FROM conflicts ORDER BY tbl, row_id').all() as Array<{ table: string; row: string }>;
  return {
    replica: { id: local.replicaId, displayName: local.displayName },
    peers: peers.map(({ replica, displayName, lastFileAt }) => ({ replica, displayName, lastFileAt })),
    conflictRows,
    unsentChanges: unsent.n,
  };
}

export function renameReplica(db: Database, displayName: string): void {
  db.prepare('UPDATE local_replica SET display_name = ? WHERE singleton = 1').run(displayName);
}

/** "Only what X lacks" needs a file from X: refused otherwise (the view only offers known colleagues). */
export function assertKnownPeer(db: Database, forReplica: string | null): void {
  if (forReplica && !db.prepare('SELECT 1 FROM exchange_peers WHERE replica = ?').get(forReplica)) {
    throw new UserFacingError('not-found', 'Von dieser Person ist noch keine Datei angekommen; bitte „alles“ wählen.');
  }
}

/** Writes the file through a temp folder (atomically, by exportExchange) and hands back its bytes. */
export function exportForColleague(db: Database, blobDirectory: string, forReplica: string | null, now = new Date()): MethodOutput<'exchange.export'> {
  assertKnownPeer(db, forReplica);
  const local = readLocalReplica(db)!;
  const fileName = exchangeFileName(local.displayName, now);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-export-'));
  try {
    const out = path.join(directory, fileName);
    const summary = exportExchange(db, { out, blobDirectory, forReplica, now: () => now.getTime() });
    return {
      fileName,
      data: new Uint8Array(fs.readFileSync(out)),
      ops: summary.ops,
      blobs: summary.blobs,
      bytes: summary.bytes,
      perTable: summary.perTable,
      everythingBecauseUnknown: summary.everythingBecauseUnknown,
      missingAttachments: summary.missingAttachments.length,
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** The import summary for the view: conflicts named by their records. */
export function summaryForView(db: Database, summary: ImportSummary, fileName: string, snapshotId: string | null): MethodOutput<'exchange.import'> {
  return {
    bundleId: summary.bundleId,
    fileName,
    sender: summary.sender,
    createdAt: summary.createdAt,
    nothingNew: summary.nothingNew,
    newOps: summary.newOps,
    duplicateOps: summary.duplicateOps,
    tables: summary.tables,
    conflictsOpened: summary.conflictsOpened.map((c) => ({ table: c.table, row: c.row, field: c.field, kind: c.kind, label: recordLabel(db, c.table, c.row) })),
    conflictsClosed: summary.conflictsClosed,
    newPhotos: summary.newPhotos,
    waiting: summary.waiting,
    warnings: summary.warnings,
    snapshotId,
  };
}

export function conflictsForView(db: Database, blobDirectory: string | null): MethodOutput<'exchange.conflicts'> {
  return listConflicts(db, blobDirectory).map((c) => ({
    table: c.table,
    row: c.row,
    label: recordLabel(db, c.table, c.row),
    field: c.field,
    kind: c.kind,
    heads: c.heads.map((h) => ({ ...h, at: new Date(parseHlc(h.hlc).millis).toISOString() })),
    ancestor: c.ancestor,
    detectedAt: c.detectedAt,
  }));
}

export function openConflictCount(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM conflicts').get() as { n: number }).n;
}

export function historyForView(db: Database): MethodOutput<'exchange.history'> {
  return exchangeHistory(db).map((entry) => {
    const summary = (entry.summary ?? {}) as {
      tables?: Record<string, { created: number; changed: number; deleted: number; restored: number }>;
      conflictsOpened?: number;
      newOps?: number;
      ops?: number;
      nothingNew?: boolean;
    };
    const tables = Object.values(summary.tables ?? {});
    const sum = (key: 'created' | 'changed' | 'deleted') => tables.reduce((total, t) => total + (t[key] ?? 0), 0);
    return {
      direction: entry.direction,
      bundleId: entry.bundleId,
      fileName: entry.fileName,
      peerName: entry.peerName,
      at: entry.at,
      created: sum('created'),
      changed: sum('changed') + tables.reduce((total, t) => total + (t.restored ?? 0), 0),
      deleted: sum('deleted'),
      conflicts: typeof summary.conflictsOpened === 'number' ? summary.conflictsOpened : 0,
      ops: entry.direction === 'import' ? (summary.newOps ?? 0) : (summary.ops ?? 0),
      nothingNew: summary.nothingNew === true,
    };
  });
}
