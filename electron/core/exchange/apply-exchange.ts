import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { BulkValue, ExchangeOp } from '../../../shared/exchange/op-schema.ts';
import { formatHlc, parseHlc, receiveHlc } from '../../../shared/sync/hlc.ts';
import { BULK_FIELD, SYNC_TABLES, type SyncTableName } from '../../../shared/sync/tables.ts';
import { assignFacilities } from '../services/facility-assignment.ts';
import { writeBlob } from '../sync/blob-store.ts';
import { readBulkBlob } from '../sync/bulk-blob.ts';
import { recordExchange } from './history.ts';
import { rememberPeerKnowledge, rememberReplicaNames } from './knowledge.ts';
import { Materialiser, type BulkSource } from './materialise.ts';
import type { ExchangeBundle } from './read-exchange-file.ts';
import { rejected } from './rejection.ts';
import type { ConflictRecord } from './row-conflicts.ts';

export interface TableChanges {
  created: number;
  changed: number;
  deleted: number;
  restored: number;
}

export interface ImportSummary {
  bundleId: string;
  sender: { replica: string; displayName: string };
  createdAt: string;
  /** True when the file brought nothing this database did not know ("nichts Neues"). */
  nothingNew: boolean;
  newOps: number;
  duplicateOps: number;
  /** Per table (allow-list names): rows created, changed, deleted, restored. */
  tables: Partial<Record<SyncTableName, TableChanges>>;
  conflictsOpened: ConflictRecord[];
  conflictsClosed: number;
  newPhotos: number;
  /** Edits of records this laptop does not have yet (their creation is in a file not read yet). */
  waiting: number;
  warnings: string[];
}

export interface ApplyOptions {
  blobDirectory: string | null;
  /** Work out the summary and roll back: nothing is written, not even blobs. */
  dryRun: boolean;
  fileName: string;
  now?: () => number;
}

/** How far ahead a sender's clock may be before the summary mentions it. */
const CLOCK_TOLERANCE_MS = 10 * 60 * 1000;
const TABLE_ORDER = Object.keys(SYNC_TABLES) as SyncTableName[];

/** Thrown at the end of a dry run so the transaction rolls back with the summary in hand. */
class DryRunFinished extends Error {
  readonly summary: ImportSummary;
  constructor(summary: ImportSummary) {
    super('dry run');
    this.summary = summary;
  }
}

/**
 * Merges a checked bundle in ONE transaction: new ops are added (known ones ignored), every row
 * they touch is recomputed from its ops, the clock moves on (never back), the sender's knowledge
 * and the exchange are recorded. A dry run computes the same summary and rolls back.
 */
export function applyExchange(db: Database, bundle: ExchangeBundle, options: ApplyOptions): ImportSummary {
  const now = options.now ?? Date.now;
  const { manifest } = bundle;
  const bulkSource = bulkSourceFor(bundle, options.blobDirectory);
  const newBlobs = [...bundle.blobs.keys()].filter((id) => !options.blobDirectory || !fs.existsSync(path.join(options.blobDirectory, id)));
  if (newBlobs.length > 0 && !options.blobDirectory) throw new Error('Kein Verzeichnis für Anhänge angegeben');
  // Blobs first (content-addressed, verified, harmless if the import fails): bulk rows read them.
  if (!options.dryRun) for (const id of newBlobs) writeBlob(options.blobDirectory!, id, bundle.blobs.get(id)!);
  const bulkBlobs = new Set(bundle.ops.filter((op) => op.field === BULK_FIELD).map((op) => (op.value as BulkValue).blob));

  const run = db.transaction((): ImportSummary => {
    // A record may arrive in the same file as the one it refers to, in any order.
    db.pragma('defer_foreign_keys = ON');
    const local = db.prepare('SELECT replica_id, last_hlc FROM local_replica WHERE singleton = 1').get() as { replica_id: string; last_hlc: string };
    const { fresh, duplicates } = newOps(db, bundle.ops, local.replica_id);
    // Rows nothing in this database knows yet (the common case: records created elsewhere) are
    // computed from their ops in the file, without reading anything back; found before the ops go in.
    const newRows = rowsNewHere(db, fresh);
    const insert = db.prepare('INSERT INTO ops (replica, seq, hlc, tbl, row_id, field, value, pred, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const op of fresh) {
      insert.run(op.replica, op.seq, op.hlc, op.table, op.row, op.field, JSON.stringify(op.value), JSON.stringify(op.pred), op.seen && JSON.stringify(op.seen));
    }
    const tables: ImportSummary['tables'] = {};
    const tally = (table: SyncTableName) => (tables[table] ??= { created: 0, changed: 0, deleted: 0, restored: 0 });
    const touched = new Map<SyncTableName, Set<string>>();
    const touch = (table: SyncTableName, row: string) => {
      let rows = touched.get(table);
      if (!rows) touched.set(table, (rows = new Set()));
      rows.add(row);
    };
    const bulkOps = fresh.filter((op) => op.field === BULK_FIELD);
    for (const op of fresh) if (op.field !== BULK_FIELD) touch(op.table, op.row);
    const materialiser = new Materialiser(db, bulkSource, () => new Date(now()).toISOString());
    const opened: ConflictRecord[] = [];
    let closed = 0;
    let waiting = 0;
    for (const table of TABLE_ORDER) {
      // A bulk delivery's rows go in once the rows they refer to (units, indicators: earlier in
      // the order) are there: inserted before them, every row would count as a deferred
      // foreign-key violation until its parent arrives, and each parent would look them all up.
      for (const op of bulkOps) if (op.table === table) insertBulkRows(db, op, bulkSource, touch, () => (tally(op.table).created += 1));
      for (const row of touched.get(table) ?? []) {
        const result = materialiser.recompute(table, row, newRows.get(table)?.get(row));
        opened.push(...result.opened);
        closed += result.closed;
        if (result.outcome === 'pending') waiting += 1;
        else if (result.outcome === 'created') tally(table).created += 1;
        else if (result.outcome === 'updated') tally(table).changed += 1;
        else if (result.outcome === 'deleted') tally(table).deleted += 1;
        else if (result.outcome === 'restored') tally(table).restored += 1;
      }
    }
    const summary: ImportSummary = {
      bundleId: manifest.bundleId,
      sender: manifest.sender,
      createdAt: manifest.createdAt,
      nothingNew: fresh.length === 0,
      newOps: fresh.length,
      duplicateOps: duplicates,
      tables,
      conflictsOpened: opened,
      conflictsClosed: closed,
      newPhotos: newBlobs.filter((id) => !bulkBlobs.has(id)).length,
      waiting,
      warnings: clockWarnings(bundle, now()),
    };
    if (options.dryRun) throw new DryRunFinished(summary);

    if (fresh.length > 0) {
      // The local clock only moves forward, past the newest op received.
      const newest = fresh.reduce((max, op) => (op.hlc > max ? op.hlc : max), fresh[0]!.hlc);
      const clock = receiveHlc(parseHlc(local.last_hlc), parseHlc(newest), now());
      db.prepare('UPDATE local_replica SET last_hlc = ? WHERE singleton = 1').run(formatHlc(clock));
    }
    const at = new Date(now()).toISOString();
    rememberPeerKnowledge(db, manifest.sender.replica, manifest.knowledge, at);
    rememberReplicaNames(db, Object.fromEntries(Object.entries(manifest.replicas).filter(([id]) => id !== local.replica_id)));
    recordExchange(db, {
      direction: 'import',
      bundleId: manifest.bundleId,
      fileName: options.fileName,
      peerReplica: manifest.sender.replica,
      peerName: manifest.sender.displayName,
      at,
      summary: { ...summary, conflictsOpened: opened.length },
    });
    // Derived and local: which units contain each facility (docs/architecture.md).
    if (touched.has('facilities') || touched.has('spatial_units') || touched.has('spatial_levels')) assignFacilities(db);
    return summary;
  });

  try {
    return run.immediate();
  } catch (error) {
    if (error instanceof DryRunFinished) return error.summary;
    if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      throw rejected(
        'missing-base',
        'Die Datei enthält Änderungen an Datensätzen, die auf diesem Laptop noch fehlen. Bitte zuerst die ältere Datei oder eine vollständige Datei einlesen. Es wurde nichts übernommen.',
      );
    }
    throw error;
  }
}

function newOps(db: Database, ops: ExchangeOp[], localReplica: string): { fresh: ExchangeOp[]; duplicates: number } {
  const find = db.prepare('SELECT hlc FROM ops WHERE replica = ? AND seq = ?');
  const fresh: ExchangeOp[] = [];
  let duplicates = 0;
  for (const op of ops) {
    const known = find.get(op.replica, op.seq) as { hlc: string } | undefined;
    if (known) {
      if (known.hlc !== op.hlc) {
        throw rejected('identity', 'Die Datei enthält eine Änderung, deren Kennung hier schon für eine andere Änderung vergeben ist (zwei Laptops mit derselben Identität?). Es wurde nichts übernommen.');
      }
      duplicates += 1;
    } else if (op.replica === localReplica) {
      throw rejected('identity', 'Die Datei enthält Änderungen dieses Laptops, die hier fehlen (wurde die Datenbank auf einen anderen Rechner kopiert?). Es wurde nichts übernommen.');
    } else fresh.push(op);
  }
  return { fresh, duplicates };
}

/**
 * The fresh ops of each row (outside bulk tables) that has no row and no op in the database yet,
 * by table and row id; one look-up per row.
 */
function rowsNewHere(db: Database, fresh: ExchangeOp[]): Map<SyncTableName, Map<string, ExchangeOp[]>> {
  const byRow = new Map<SyncTableName, Map<string, ExchangeOp[]>>();
  for (const op of fresh) {
    if (op.field === BULK_FIELD || 'bulk' in SYNC_TABLES[op.table]) continue;
    let rows = byRow.get(op.table);
    if (!rows) byRow.set(op.table, (rows = new Map()));
    const list = rows.get(op.row);
    if (list) list.push(op);
    else rows.set(op.row, [op]);
  }
  for (const [table, rows] of byRow) {
    // The table name is the allow-list's own string (read-exchange-file.ts).
    const known = db.prepare(`SELECT EXISTS (SELECT 1 FROM ops WHERE tbl = ? AND row_id = ?) OR EXISTS (SELECT 1 FROM ${table} WHERE id = ?) AS known`).pluck();
    for (const row of rows.keys()) if (known.get(table, row, row) === 1) rows.delete(row);
  }
  return byRow;
}

/**
 * New rows of a bulk delivery are inserted directly (one statement, like the local bulk path);
 * rows that exist or have other ops are recorded as created by this op too and recomputed.
 */
function insertBulkRows(db: Database, op: ExchangeOp, source: BulkSource, touch: (table: SyncTableName, row: string) => void, created: () => void): void {
  const { blob } = op.value as BulkValue;
  const fields = Object.keys(SYNC_TABLES[op.table].fields);
  const creator = `${op.replica}:${op.seq}`;
  const insert = db.prepare(`INSERT INTO ${op.table} (id, ${fields.join(', ')}, created_by) VALUES (${['id', ...fields, 'created_by'].map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`);
  const hasOps = db.prepare('SELECT 1 FROM ops WHERE tbl = ? AND row_id = ? LIMIT 1');
  const extra = db.prepare('INSERT OR IGNORE INTO row_creators (tbl, row_id, replica, seq) VALUES (?, ?, ?, ?)');
  for (const [id, values] of source(op.table, blob)!) {
    if (insert.run(id, ...fields.map((f) => values[f] ?? null), creator).changes === 1) {
      if (hasOps.get(op.table, id)) touch(op.table, id);
      else created();
    } else {
      extra.run(op.table, id, op.replica, op.seq);
      touch(op.table, id);
    }
  }
}

/** Bulk rows from the file, else from the blobs already on this laptop; each decoded once. */
function bulkSourceFor(bundle: ExchangeBundle, blobDirectory: string | null): BulkSource {
  const cache = new Map<string, Map<string, Record<string, unknown>> | null>();
  return (table, blob) => {
    const inFile = bundle.bulkRows.get(blob);
    if (inFile) return inFile;
    if (!cache.has(blob)) {
      const file = blobDirectory && path.join(blobDirectory, blob);
      if (!file || !fs.existsSync(file)) cache.set(blob, null);
      else {
        const decoded = readBulkBlob(blobDirectory, blob, (values) => idOfBulk(table, values));
        cache.set(blob, new Map(decoded.rows.map(([id, ...cells]) => [String(id), Object.fromEntries(decoded.fields.map((f, i) => [f, cells[i]]))])));
      }
    }
    return cache.get(blob)!;
  };
}

function idOfBulk(table: SyncTableName, values: Record<string, unknown>): string {
  const spec = SYNC_TABLES[table];
  if (!('bulk' in spec) || !spec.bulk.idOf) throw new Error(`${table}: Kennungen nicht ableitbar`);
  return spec.bulk.idOf(values);
}

/** A sender whose clock ran ahead is reported (its edits may win ties); the import goes on. */
function clockWarnings(bundle: ExchangeBundle, nowMillis: number): string[] {
  const newest = Math.max(
    Date.parse(bundle.manifest.createdAt),
    parseHlc(bundle.manifest.createdHlc).millis,
    ...bundle.ops.slice(-1000).map((op) => parseHlc(op.hlc).millis),
  );
  const ahead = newest - nowMillis;
  if (ahead <= CLOCK_TOLERANCE_MS) return [];
  const hours = ahead / 3_600_000;
  const amount = hours >= 48 ? `${Math.round(hours / 24)} Tage` : hours >= 1 ? `${Math.round(hours)} Stunden` : `${Math.round(ahead / 60_000)} Minuten`;
  return [
    `Die Uhr am Laptop von ${bundle.manifest.sender.displayName} ging beim Erstellen der Datei etwa ${amount} vor. ` +
      'Die Änderungen wurden trotzdem übernommen; bitte die Uhrzeit dort prüfen.',
  ];
}
