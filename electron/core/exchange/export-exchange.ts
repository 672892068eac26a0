import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  BLOB_PREFIX,
  EXCHANGE_EXTENSION,
  EXCHANGE_FORMAT,
  EXCHANGE_FORMAT_VERSION,
  MANIFEST_ENTRY,
  OPS_ENTRY,
  type ExchangeManifest,
} from '../../../shared/exchange/manifest.ts';
import { formatHlc, parseHlc, tickHlc } from '../../../shared/sync/hlc.ts';
import { BULK_FIELD, CREATE_FIELD } from '../../../shared/sync/tables.ts';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.ts';
import { UserFacingError } from '../errors.ts';
import type { OpRow } from '../db/schema-types.ts';
import { readLocalReplica } from '../sync/replica.ts';
import { recordExchange } from './history.ts';
import { localKnowledge, peerKnowledge, replicaNames } from './knowledge.ts';
import { buildZip, type ZipEntryInput } from './zip-writer.ts';

export interface ExportOptions {
  /** Target path of the `.qatlas` file; written through a temporary file and renamed. */
  out: string;
  /** Where bulk deliveries and photos live (blobDirectoryFor(dbPath)); null when there are none. */
  blobDirectory: string | null;
  /** Only what this replica lacks according to its last file; null or absent: everything. */
  forReplica?: string | null;
  now?: () => number;
}

export interface ExportSummary {
  file: string;
  bundleId: string;
  ops: number;
  blobs: number;
  bytes: number;
  /** Per table: how many changes the file carries. */
  perTable: Record<string, number>;
  /** forReplica was given but no file of it has arrived yet: the file carries everything. */
  everythingBecauseUnknown: boolean;
  /** Photos whose bytes are not on this laptop (their records travel; the picture cannot). */
  missingAttachments: string[];
}

/** Writes an exchange file with every op the receiver may lack (from every replica, so changes relay). */
export function exportExchange(db: Database, options: ExportOptions): ExportSummary {
  const now = options.now ?? Date.now;
  const local = readLocalReplica(db)!;
  const known = options.forReplica ? peerKnowledge(db, options.forReplica) : null;
  const ops = opsBeyond(db, known ?? {});
  const perTable: Record<string, number> = {};
  const lines: string[] = [];
  const blobIds = new Set<string>();
  const attachmentIds = new Set<string>();
  for (const op of ops) {
    perTable[op.tbl] = (perTable[op.tbl] ?? 0) + 1;
    lines.push(opLine(op));
    if (op.field === BULK_FIELD) blobIds.add((JSON.parse(op.value) as { blob: string }).blob);
    if (op.tbl === 'attachments' && op.field === CREATE_FIELD) attachmentIds.add(op.row_id);
  }
  const entries: ZipEntryInput[] = [{ name: OPS_ENTRY, data: Buffer.from(lines.join('\n'), 'utf8') }];
  for (const id of blobIds) {
    const file = options.blobDirectory && path.join(options.blobDirectory, id);
    if (!file || !fs.existsSync(file)) {
      throw new UserFacingError('blob-missing', `Die Sammellieferung ${id.slice(0, 12)}… fehlt auf diesem Laptop; die Datei kann nicht vollständig erstellt werden.`);
    }
    entries.push({ name: `${BLOB_PREFIX}${id}`, data: fs.readFileSync(file), store: true });
  }
  const missingAttachments: string[] = [];
  for (const id of attachmentIds) {
    const file = options.blobDirectory && path.join(options.blobDirectory, id);
    if (blobIds.has(id)) continue;
    if (file && fs.existsSync(file)) entries.push({ name: `${BLOB_PREFIX}${id}`, data: fs.readFileSync(file), store: true });
    else missingAttachments.push(id);
  }
  const bundleId = crypto.randomUUID();
  const names = replicaNames(db);
  const manifest: ExchangeManifest = {
    format: EXCHANGE_FORMAT,
    formatVersion: EXCHANGE_FORMAT_VERSION,
    schemaVersion: LATEST_SCHEMA_VERSION,
    bundleId,
    sender: { replica: local.replicaId, displayName: local.displayName },
    replicas: Object.fromEntries([...new Set(ops.map((op) => op.replica).concat(local.replicaId))].map((id) => [id, names[id] ?? id])),
    createdHlc: formatHlc(tickHlc(parseHlc(local.lastHlc), now())),
    createdAt: new Date(now()).toISOString(),
    knowledge: localKnowledge(db),
    forReplica: known ? options.forReplica! : null,
    counts: { ops: ops.length, blobs: entries.length - 1 },
    entries: Object.fromEntries(entries.map((e) => [e.name, { sha256: sha256(e.data), size: e.data.length }])),
  };
  const zip = buildZip([{ name: MANIFEST_ENTRY, data: Buffer.from(JSON.stringify(manifest, null, 1), 'utf8') }, ...entries]);
  writeAtomically(options.out, zip);
  const summary: ExportSummary = {
    file: options.out,
    bundleId,
    ops: ops.length,
    blobs: entries.length - 1,
    bytes: zip.length,
    perTable,
    everythingBecauseUnknown: Boolean(options.forReplica) && !known,
    missingAttachments,
  };
  recordExchange(db, {
    direction: 'export',
    bundleId,
    fileName: path.basename(options.out),
    peerReplica: options.forReplica ?? '',
    peerName: options.forReplica ? (names[options.forReplica] ?? options.forReplica) : '',
    at: manifest.createdAt,
    summary,
  });
  return summary;
}

/** "Quartiersatlas-Anna-2026-11-25.qatlas": who sent it and when, safe on every file system. */
export function exchangeFileName(displayName: string, date: Date): string {
  const who = displayName.normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'Kollegin';
  return `Quartiersatlas-${who}-${date.toISOString().slice(0, 10)}${EXCHANGE_EXTENSION}`;
}

function opsBeyond(db: Database, known: Record<string, number>): OpRow[] {
  const replicas = (db.prepare('SELECT DISTINCT replica FROM ops').all() as Array<{ replica: string }>).map((r) => r.replica);
  const select = db.prepare('SELECT * FROM ops WHERE replica = ? AND seq > ?');
  const ops = replicas.flatMap((replica) => select.all(replica, known[replica] ?? 0) as OpRow[]);
  // Sorted by (hlc, replica, seq): creations come before the edits that saw them.
  return ops.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.replica < b.replica ? -1 : a.replica > b.replica ? 1 : a.seq - b.seq));
}

/** One line of ops.jsonl; value, pred and seen are stored as JSON text already. */
function opLine(op: OpRow): string {
  return `{"replica":${JSON.stringify(op.replica)},"seq":${op.seq},"hlc":${JSON.stringify(op.hlc)},"table":${JSON.stringify(op.tbl)},"row":${JSON.stringify(op.row_id)},"field":${JSON.stringify(op.field)},"value":${op.value},"pred":${op.pred},"seen":${op.seen ?? 'null'}}`;
}

function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Temp file in the same folder, flushed, then renamed: a reader never sees half a file. */
function writeAtomically(target: string, data: Buffer): void {
  const directory = path.dirname(path.resolve(target));
  fs.mkdirSync(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(target)}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    const handle = fs.openSync(temporary, 'w');
    try {
      fs.writeSync(handle, data);
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
