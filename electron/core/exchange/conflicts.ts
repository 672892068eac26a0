import type { Database } from 'better-sqlite3';
import { DELETED_FIELD, SYNC_TABLES, isSyncTable, type SyncTableName } from '../../../shared/sync/tables.ts';
import { UserFacingError } from '../errors.ts';
import { readBulkBlob } from '../sync/bulk-blob.ts';
import type { ChangeWriter } from '../sync/change-writer.ts';
import { replicaNames } from './knowledge.ts';
import { Materialiser, type BulkSource } from './materialise.ts';
import { ROW_CONFLICT_FIELD, type ConflictHead } from './row-conflicts.ts';

export interface OpenConflict {
  table: SyncTableName;
  row: string;
  field: string;
  kind: 'field' | 'delete';
  /** Competing writes, newest first, with who made them. */
  heads: Array<ConflictHead & { displayName: string; local: boolean }>;
  ancestor: { value: unknown } | null;
  detectedAt: string;
}

export type FieldResolution = { keep: string } | { value: unknown };

/**
 * The conflict inbox. Local edits made since the import may already have settled a conflict
 * (an edit names every head), so the listed rows are recomputed first.
 */
export function listConflicts(db: Database, blobDirectory: string | null): OpenConflict[] {
  refreshConflicts(db, blobDirectory);
  const names = replicaNames(db);
  const own = (db.prepare('SELECT replica_id FROM local_replica').get() as { replica_id: string }).replica_id;
  const rows = db.prepare('SELECT * FROM conflicts ORDER BY tbl, row_id, field, kind').all() as Array<{
    tbl: SyncTableName;
    row_id: string;
    field: string;
    kind: 'field' | 'delete';
    heads: string;
    ancestor: string | null;
    detected_at: string;
  }>;
  return rows.map((r) => ({
    table: r.tbl,
    row: r.row_id,
    field: r.field,
    kind: r.kind,
    heads: (JSON.parse(r.heads) as ConflictHead[]).map((h) => ({ ...h, displayName: names[h.replica] ?? h.replica, local: h.replica === own })),
    ancestor: r.ancestor === null ? null : (JSON.parse(r.ancestor) as { value: unknown }),
    detectedAt: r.detected_at,
  }));
}

/** Recomputes every row with a stored conflict (cheap: conflicts are few). */
export function refreshConflicts(db: Database, blobDirectory: string | null): void {
  const rows = db.prepare('SELECT DISTINCT tbl, row_id FROM conflicts').all() as Array<{ tbl: string; row_id: string }>;
  if (rows.length === 0) return;
  const materialiser = new Materialiser(db, localBulkSource(blobDirectory));
  // While an import in a worker holds the write lock, the stored list is shown as it is: the
  // main process must not wait (up to busy_timeout) for a refresh the import redoes anyway.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.transaction(() => {
      for (const { tbl, row_id } of rows) if (isSyncTable(tbl)) materialiser.recompute(tbl, row_id);
    }).immediate();
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY')) throw error;
  } finally {
    db.pragma(`busy_timeout = ${Number(timeout)}`);
  }
}

/**
 * Keep mine / keep theirs (`keep`: the op id of the chosen head) or a merged value: an ordinary
 * write that names every head, so it closes the conflict here and wherever the next file goes.
 */
export function resolveFieldConflict(
  db: Database,
  writer: ChangeWriter,
  target: { table: SyncTableName; row: string; field: string },
  resolution: FieldResolution,
): void {
  const stored = storedConflict(db, target.table, target.row, target.field, 'field');
  const value = 'keep' in resolution ? chosenHead(stored, resolution.keep).value : resolution.value;
  const materialiser = new Materialiser(db, localBulkSource(writer.blobDirectory));
  writer.transaction((tx) => {
    // Deleted on one laptop, restored on another at the same time: a plain choice of the tombstone.
    if (target.field === DELETED_FIELD) tx.resolveDeleted(target.table, target.row, value === true);
    else tx.resolveField(target.table, target.row, target.field, value);
    materialiser.recompute(target.table, target.row);
  });
}

/** A record deleted on one laptop and edited on another: restore it, or confirm the delete. */
export function resolveDeleteConflict(db: Database, writer: ChangeWriter, target: { table: SyncTableName; row: string }, action: 'restore' | 'confirm-delete'): void {
  storedConflict(db, target.table, target.row, ROW_CONFLICT_FIELD, 'delete');
  const materialiser = new Materialiser(db, localBulkSource(writer.blobDirectory));
  writer.transaction((tx) => {
    tx.resolveDeleted(target.table, target.row, action === 'confirm-delete');
    materialiser.recompute(target.table, target.row);
  });
}

function storedConflict(db: Database, table: string, row: string, field: string, kind: string): ConflictHead[] {
  const stored = db.prepare('SELECT heads FROM conflicts WHERE tbl = ? AND row_id = ? AND field = ? AND kind = ?').get(table, row, field, kind) as
    | { heads: string }
    | undefined;
  if (!stored) throw new UserFacingError('not-found', 'Dieser Konflikt ist nicht (mehr) offen.');
  return JSON.parse(stored.heads) as ConflictHead[];
}

function chosenHead(heads: ConflictHead[], op: string): ConflictHead {
  const head = heads.find((h) => h.op === op);
  if (!head) throw new UserFacingError('invalid-value', 'Der gewählte Wert gehört nicht zu diesem Konflikt.');
  return head;
}

/** Bulk rows from the blobs on this laptop (a conflicted value row may have been created in bulk). */
export function localBulkSource(blobDirectory: string | null): BulkSource {
  const cache = new Map<string, Map<string, Record<string, unknown>> | null>();
  return (table, blob) => {
    if (!cache.has(blob)) {
      const spec = SYNC_TABLES[table];
      if (!blobDirectory || !('bulk' in spec)) cache.set(blob, null);
      else {
        const decoded = readBulkBlob(blobDirectory, blob, spec.bulk.idOf);
        cache.set(blob, new Map(decoded.rows.map(([id, ...cells]) => [String(id), Object.fromEntries(decoded.fields.map((f, i) => [f, cells[i]]))])));
      }
    }
    return cache.get(blob)!;
  };
}
