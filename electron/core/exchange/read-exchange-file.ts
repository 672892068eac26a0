import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import {
  BLOB_PREFIX,
  EXCHANGE_FORMAT,
  EXCHANGE_FORMAT_VERSION,
  MANIFEST_ENTRY,
  OPS_ENTRY,
  SHA256_PATTERN,
  manifestHeaderSchema,
  manifestSchema,
  type ExchangeManifest,
} from '../../../shared/exchange/manifest.ts';
import { parseExchangeOp, type BulkValue, type ExchangeOp } from '../../../shared/exchange/op-schema.ts';
import { BULK_FIELD, SYNC_TABLES, type SyncTableName } from '../../../shared/sync/tables.ts';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.ts';
import { decodeBulkBlob } from '../sync/bulk-blob.ts';
import { rejected } from './rejection.ts';
import { DEFAULT_ZIP_LIMITS, readZip, type ZipLimits } from './zip-reader.ts';

/** Rows of one bulk delivery: row id → field values. */
export type BulkRows = Map<string, Record<string, unknown>>;

export interface ExchangeBundle {
  manifest: ExchangeManifest;
  /** Sorted as in the file: (hlc, replica, seq). */
  ops: ExchangeOp[];
  /** Content-addressed entries: photos and bulk deliveries, verified against their names. */
  blobs: Map<string, Buffer>;
  /** Decoded and checked rows of each bulk delivery in the file, by blob id. */
  bulkRows: Map<string, BulkRows>;
}

/** Largest exchange file accepted at all (a year of statistics is a few MB). */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;
const MAX_BULK_ROWS = 20_000_000;

/**
 * Opens and checks an exchange file completely before anything touches a database: zip sanity,
 * format and schema version, the manifest, every entry's checksum and size, no missing or extra
 * entry, every op against the allow-list and value schemas, every bulk row.
 */
export function readExchangeFile(file: string | Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ExchangeBundle {
  if (typeof file === 'string' && fs.statSync(file).size > MAX_FILE_BYTES) throw rejected('too-large', 'Die Austauschdatei ist zu groß.');
  const entries = readZip(typeof file === 'string' ? fs.readFileSync(file) : file, limits);
  const manifest = readManifest(entries.get(MANIFEST_ENTRY));
  checkEntries(manifest, entries);
  const ops = readOps(entries.get(OPS_ENTRY)!, manifest);
  const blobs = new Map<string, Buffer>();
  for (const [name, data] of entries) if (name.startsWith(BLOB_PREFIX)) blobs.set(name.slice(BLOB_PREFIX.length), data);
  const bulkRows = new Map<string, BulkRows>();
  for (const op of ops) {
    if (op.field !== BULK_FIELD) continue;
    const value = op.value as BulkValue;
    const data = blobs.get(value.blob);
    if (!data) throw rejected('missing-entry', `In der Austauschdatei fehlt die Sammellieferung ${value.blob.slice(0, 12)}….`);
    if (!bulkRows.has(value.blob)) bulkRows.set(value.blob, readBulkRows(op.table, value, data, limits));
  }
  return { manifest, ops, blobs, bulkRows };
}

function readManifest(data: Buffer | undefined): ExchangeManifest {
  if (!data) throw rejected('missing-entry', 'In der Austauschdatei fehlt das Inhaltsverzeichnis (manifest.json).');
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw rejected('checksum', 'Das Inhaltsverzeichnis der Austauschdatei ist beschädigt.');
  }
  const header = manifestHeaderSchema.safeParse(json);
  if (!header.success || header.data.format !== EXCHANGE_FORMAT) {
    throw rejected('unknown-format', 'Die Datei ist keine Austauschdatei von Quartiersatlas (unbekanntes Format).');
  }
  if (header.data.formatVersion > EXCHANGE_FORMAT_VERSION || header.data.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw rejected(
      'newer-schema',
      `Die Datei stammt aus einer neueren Version von Quartiersatlas (Schema ${header.data.schemaVersion}, Format ${header.data.formatVersion}). ` +
        'Bitte zuerst Quartiersatlas aktualisieren.',
    );
  }
  const manifest = manifestSchema.safeParse(json);
  if (!manifest.success) {
    const where = manifest.error.issues[0]?.path.join('.') ?? '';
    throw rejected('unknown-format', `Das Inhaltsverzeichnis der Austauschdatei ist ungültig (${where || 'Aufbau'}); unbekanntes Format.`);
  }
  return manifest.data;
}

/** Exactly the entries the manifest lists, each with its SHA-256 and size; names say what they are. */
function checkEntries(manifest: ExchangeManifest, entries: Map<string, Buffer>): void {
  for (const name of Object.keys(manifest.entries)) {
    if (!entries.has(name)) throw rejected('missing-entry', `In der Austauschdatei fehlt der Eintrag „${name}“.`);
  }
  for (const [name, data] of entries) {
    if (name === MANIFEST_ENTRY) continue;
    const listed = manifest.entries[name];
    if (!Object.hasOwn(manifest.entries, name) || !listed) throw rejected('extra-entry', `Die Austauschdatei enthält einen unerwarteten Eintrag („${name.slice(0, 80)}“).`);
    const blob = name.startsWith(BLOB_PREFIX) ? name.slice(BLOB_PREFIX.length) : null;
    if (name !== OPS_ENTRY && !(blob !== null && SHA256_PATTERN.test(blob))) {
      throw rejected('extra-entry', `Die Austauschdatei enthält einen unerwarteten Eintrag („${name.slice(0, 80)}“).`);
    }
    const hash = crypto.createHash('sha256').update(data).digest('hex');
    if (hash !== listed.sha256 || data.length !== listed.size || (blob !== null && blob !== hash)) {
      throw rejected('checksum', `Die Austauschdatei ist beschädigt: Prüfsumme von „${name.slice(0, 80)}“ stimmt nicht.`);
    }
  }
  if (!entries.has(OPS_ENTRY)) throw rejected('missing-entry', `In der Austauschdatei fehlt der Eintrag „${OPS_ENTRY}“.`);
  const blobCount = [...entries.keys()].filter((n) => n.startsWith(BLOB_PREFIX)).length;
  if (blobCount !== manifest.counts.blobs) throw rejected('missing-entry', 'Die Zahl der Anhänge passt nicht zum Inhaltsverzeichnis.');
}

function readOps(data: Buffer, manifest: ExchangeManifest): ExchangeOp[] {
  // Line by line from the bytes: one string of the whole file is slow to decode (and twice the
  // memory) as soon as one line has a character beyond ASCII; a line decodes on its own (a
  // newline byte never occurs inside a multi-byte UTF-8 character).
  const ends: number[] = [];
  if (data.length > 0) {
    for (let at = data.indexOf(0x0a); at >= 0; at = data.indexOf(0x0a, at + 1)) ends.push(at);
    ends.push(data.length);
  }
  if (ends.length !== manifest.counts.ops) throw rejected('checksum', 'Die Zahl der Änderungen passt nicht zum Inhaltsverzeichnis.');
  const ops: ExchangeOp[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < ends.length; i++) {
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8', i === 0 ? 0 : ends[i - 1]! + 1, ends[i]));
    } catch {
      throw invalidOp(i, 'kein gültiges JSON');
    }
    const parsed = parseExchangeOp(json);
    if ('problem' in parsed) throw invalidOp(i, parsed.problem);
    const id = `${parsed.op.replica}:${parsed.op.seq}`;
    if (ids.has(id)) throw invalidOp(i, `Änderung ${id} doppelt`);
    ids.add(id);
    ops.push(parsed.op);
  }
  return ops;
}

function invalidOp(index: number, problem: string): Error {
  return rejected('invalid-op', `Die Austauschdatei enthält eine ungültige Änderung (Zeile ${index + 1}: ${problem}). Es wurde nichts übernommen.`);
}

/** Unzips a bulk delivery within the size limit and checks every row against the table's rules. */
function readBulkRows(table: SyncTableName, value: BulkValue, data: Buffer, limits: ZipLimits): BulkRows {
  const problem = (what: string) => rejected('invalid-op', `Die Sammellieferung ${value.blob.slice(0, 12)}… für ${table} ist ungültig (${what}). Es wurde nichts übernommen.`);
  const spec = SYNC_TABLES[table];
  if (!('bulk' in spec) || value.rows > MAX_BULK_ROWS) throw problem('Umfang');
  let text: string;
  try {
    text = zlib.gunzipSync(data, { maxOutputLength: limits.maxEntryBytes }).toString('utf8');
  } catch {
    throw problem('nicht lesbar oder zu groß');
  }
  let header: { table?: unknown; fields?: unknown; rows?: unknown };
  try {
    const end = text.indexOf('\n');
    header = JSON.parse(end < 0 ? text : text.slice(0, end)) as typeof header;
  } catch {
    throw problem('Kopfzeile');
  }
  if (header.table !== table || header.rows !== value.rows || JSON.stringify(header.fields) !== JSON.stringify(value.fields)) throw problem('Kopfzeile');
  let rows: unknown[][];
  try {
    rows = decodeBulkBlob(text, spec.bulk.idOf).rows;
  } catch {
    throw problem('Aufbau');
  }
  const out: BulkRows = new Map();
  for (const [id, ...cells] of rows) {
    const values = Object.fromEntries(value.fields.map((field, i) => [field, cells[i]]));
    if (typeof id !== 'string' || id.length > 200 || spec.bulk.check(values) !== null || out.has(id)) throw problem(`Zeile ${out.size + 1}`);
    out.set(id, values);
  }
  return out;
}
