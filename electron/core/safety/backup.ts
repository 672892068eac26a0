import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { UserFacingError } from '../errors.ts';
import { buildZip, type ZipEntryInput } from '../exchange/zip-writer.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import { readLocalReplica } from '../sync/replica.ts';
import { fsyncFile } from './atomic-files.ts';
import {
  BACKUP_ATTACHMENT_PREFIX,
  BACKUP_DATABASE_ENTRY,
  BACKUP_FORMAT,
  BACKUP_MANIFEST_ENTRY,
  BACKUP_VERSION,
  MAX_BACKUP_BYTES,
  SHA256_NAME,
  type BackupManifest,
} from './backup-manifest.ts';
import { vacuumInto } from './vacuum-into.ts';

// Restoring lives in its own files; this module is the one entry point for backup and restore.
export { restoreBackup, BACKUP_ZIP_LIMITS, type RestoreOptions, type RestoredBackup } from './restore-backup.ts';
export { prepareSnapshotRestore } from './snapshots.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  attachments: number;
  /** Attachment files whose bytes no longer match their name: left out, a backup must restore. */
  damagedAttachments: string[];
}

/** buildZip writes no ZIP64: at most 65,535 entries. */
const MAX_ZIP_ENTRIES = 0xffff;

/**
 * "Sicherung erstellen": the database (a consistent VACUUM INTO copy) and every attachment in one
 * zip whose manifest lists each entry's SHA-256 and whose comment carries the whole file's hash.
 * Written beside `out` and renamed, so `out` is either the old file or the complete new one.
 */
export function writeBackup(db: Database, dbPath: string, out: string): BackupResult {
  const target = path.resolve(out);
  const database = path.resolve(dbPath);
  if ([database, `${database}-wal`, `${database}-shm`].includes(target)) {
    throw new UserFacingError('backup-target', 'Die Sicherung kann nicht die Datenbank selbst überschreiben; bitte eine andere Zieldatei wählen.');
  }
  const directory = path.dirname(target);
  fs.mkdirSync(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(target)}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  try {
    const data = databaseBytes(db, `${temporary}.sqlite`);
    const { entries: attachments, damaged } = attachmentEntries(blobDirectoryFor(database));
    const entries: ZipEntryInput[] = [{ name: BACKUP_DATABASE_ENTRY, data }, ...attachments];
    const replica = readLocalReplica(db);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      createdAt: new Date().toISOString(),
      replica: { id: replica?.replicaId ?? '', displayName: replica?.displayName ?? '' },
      entries: Object.fromEntries(entries.map((e) => [e.name, { sha256: sha256(e.data), size: e.data.length }])),
    };
    if (entries.length + 1 > MAX_ZIP_ENTRIES) throw tooLarge();
    const zip = zipOrTooLarge([{ name: BACKUP_MANIFEST_ENTRY, data: Buffer.from(JSON.stringify(manifest, null, 1), 'utf8') }, ...entries]);
    fs.writeFileSync(temporary, zip);
    fsyncFile(temporary);
    fs.renameSync(temporary, target);
    return { file: target, bytes: zip.length, attachments: attachments.length, damagedAttachments: damaged };
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError('backup-failed', `Die Sicherung ließ sich nicht schreiben (${(error as Error).message}).`);
  }
}

function zipOrTooLarge(entries: ZipEntryInput[]): Buffer {
  let zip: Buffer;
  try {
    zip = buildZip(entries);
  } catch (error) {
    // A 32-bit offset overflowing: far beyond what one file can hold.
    if (error instanceof RangeError) throw tooLarge();
    throw error;
  }
  if (zip.length > MAX_BACKUP_BYTES) throw tooLarge();
  return zip;
}

function tooLarge(): UserFacingError {
  return new UserFacingError('backup-too-large', 'Datenbank und Anhänge sind zusammen zu groß für eine Sicherungsdatei (höchstens 2 GB und 65.000 Anhänge).');
}

/** A consistent copy of the database file's bytes, made through a temporary file that is removed again. */
function databaseBytes(db: Database, temporary: string): Buffer {
  try {
    vacuumInto(db, temporary);
    return fs.readFileSync(temporary);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Every content-addressed file of the attachment folder, checked against its name. */
function attachmentEntries(directory: string): { entries: ZipEntryInput[]; damaged: string[] } {
  let names: string[];
  try {
    names = fs.readdirSync(directory).filter((name) => SHA256_NAME.test(name)).sort();
  } catch {
    return { entries: [], damaged: [] };
  }
  const entries: ZipEntryInput[] = [];
  const damaged: string[] = [];
  for (const name of names) {
    const data = fs.readFileSync(path.join(directory, name));
    if (sha256(data) !== name) damaged.push(name);
    // Photos and gzip'd bulk deliveries do not shrink any further.
    else entries.push({ name: `${BACKUP_ATTACHMENT_PREFIX}${name}`, data, store: true });
  }
  return { entries, damaged };
}

function sha256(data: Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
