import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { LATEST_SCHEMA_VERSION } from '../db/migrations/index.ts';
import { UserFacingError } from '../errors.ts';
import { readZip, type ZipLimits } from '../exchange/zip-reader.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import { adoptDatabaseCopy } from './adopt-copy.ts';
import { fsyncFile, placeWithoutReplacing } from './atomic-files.ts';
import { assertFree, removeTemporary, targetExists, temporaryBeside } from './restore-target.ts';
import {
  BACKUP_ATTACHMENT_PREFIX,
  BACKUP_DATABASE_ENTRY,
  BACKUP_FORMAT,
  BACKUP_MANIFEST_ENTRY,
  BACKUP_VERSION,
  MAX_BACKUP_BYTES,
  SHA256_NAME,
  backupHeaderSchema,
  backupManifestSchema,
  type BackupManifest,
} from './backup-manifest.ts';

export interface RestoreOptions {
  /** Limits for unpacking; the defaults allow what writeBackup can write (2 GB, 65,535 entries). */
  limits?: ZipLimits;
  /** Where the attachments go; default blobDirectoryFor(newDbPath). The app restores into a
   * prepared file that it swaps in later, so it names the live database's folder. */
  blobDirectory?: string;
}

export interface RestoredBackup {
  dbPath: string;
  schemaVersion: number;
  attachments: number;
  /** The restored database's new identity (never the one it had when backed up). */
  replicaId: string;
}

/**
 * Generous, but finite: a backup is the whole database. A vacuumed database deflates well, but
 * not by the thousands a zip bomb needs.
 */
export const BACKUP_ZIP_LIMITS: ZipLimits = {
  maxEntries: 0xffff,
  maxEntryBytes: 0xffff_ffff,
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  maxRatio: 1000,
};

/**
 * "Sicherung wiederherstellen" into a NEW file: everything is checked before anything appears at
 * `newDbPath` (the file's hash, every entry's SHA-256, the database's integrity and version); the
 * attachments are written first and the database is moved into place last. On any failure
 * nothing is left at `newDbPath` and the message names the problem.
 */
export function restoreBackup(file: string, newDbPath: string, options: RestoreOptions = {}): RestoredBackup {
  const target = path.resolve(newDbPath);
  assertFree(target);
  const entries = readBackupEntries(file, options.limits ?? BACKUP_ZIP_LIMITS);
  checkEntries(readManifest(entries.get(BACKUP_MANIFEST_ENTRY)), entries);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = temporaryBeside(target);
  const written: string[] = [];
  let createdDirectory: string | undefined;
  try {
    fs.writeFileSync(temporary, entries.get(BACKUP_DATABASE_ENTRY)!);
    fsyncFile(temporary);
    const adopted = adoptDatabaseCopy(temporary, 'Die Sicherung');
    const attachments = [...entries.keys()].filter((name) => name.startsWith(BACKUP_ATTACHMENT_PREFIX));
    const blobs = options.blobDirectory ?? blobDirectoryFor(target);
    createdDirectory = fs.existsSync(blobs) ? undefined : blobs;
    for (const name of attachments) {
      const id = name.slice(BACKUP_ATTACHMENT_PREFIX.length);
      if (writeAttachment(blobs, id, entries.get(name)!)) written.push(path.join(blobs, id));
    }
    if (!placeWithoutReplacing(temporary, target)) throw targetExists(target);
    return { dbPath: target, schemaVersion: adopted.schemaVersion, attachments: attachments.length, replicaId: adopted.replicaId };
  } catch (error) {
    removeTemporary(temporary);
    for (const blob of written) fs.rmSync(blob, { force: true });
    if (createdDirectory) fs.rmSync(createdDirectory, { recursive: true, force: true });
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError('restore-failed', `Die Sicherung ließ sich nicht wiederherstellen (${(error as Error).message}). Es wurde nichts angelegt.`);
  }
}

function readBackupEntries(file: string, limits: ZipLimits): Map<string, Buffer> {
  let bytes: Buffer;
  try {
    if (fs.statSync(file).size > MAX_BACKUP_BYTES) throw new UserFacingError('backup-too-large', `Die Datei ${file} ist zu groß für eine Sicherung von Quartiersatlas.`);
    bytes = fs.readFileSync(file);
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError('file-missing', `Die Sicherungsdatei ${file} lässt sich nicht lesen (${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'es gibt sie nicht' : (error as Error).message}).`);
  }
  try {
    return readZip(bytes, limits);
  } catch (error) {
    // The zip reader speaks of exchange files; the same checks, named for what this file is.
    if (error instanceof UserFacingError) {
      throw new UserFacingError('backup-invalid', error.message.replaceAll('Austauschdatei', 'Sicherungsdatei').replace('Bitte die Datei erneut übertragen.', 'Bitte eine andere Sicherung wählen.'));
    }
    throw error;
  }
}

function readManifest(data: Buffer | undefined): BackupManifest {
  if (!data) throw invalid('Die Datei ist keine Sicherung von Quartiersatlas (sicherung.json fehlt).');
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw invalid('Das Inhaltsverzeichnis der Sicherung ist beschädigt.');
  }
  const header = backupHeaderSchema.safeParse(json);
  if (!header.success || header.data.format !== BACKUP_FORMAT) throw invalid('Die Datei ist keine Sicherung von Quartiersatlas (unbekanntes Format).');
  if (header.data.version > BACKUP_VERSION || header.data.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new UserFacingError(
      'schema-too-new',
      `Die Sicherung stammt aus einer neueren Version von Quartiersatlas (Schema ${header.data.schemaVersion}). Bitte zuerst Quartiersatlas aktualisieren.`,
    );
  }
  const manifest = backupManifestSchema.safeParse(json);
  if (!manifest.success) throw invalid(`Das Inhaltsverzeichnis der Sicherung ist ungültig (${manifest.error.issues[0]?.path.join('.') || 'Aufbau'}).`);
  return manifest.data;
}

/** Exactly the listed entries, each with its SHA-256 and size; attachments named by their hash. */
function checkEntries(manifest: BackupManifest, entries: Map<string, Buffer>): void {
  for (const name of Object.keys(manifest.entries)) {
    if (!entries.has(name)) throw invalid(`In der Sicherung fehlt der Eintrag „${name.slice(0, 80)}“.`);
  }
  if (!entries.has(BACKUP_DATABASE_ENTRY)) throw invalid('In der Sicherung fehlt die Datenbank.');
  for (const [name, data] of entries) {
    if (name === BACKUP_MANIFEST_ENTRY) continue;
    const listed = Object.hasOwn(manifest.entries, name) ? manifest.entries[name] : undefined;
    const attachment = name.startsWith(BACKUP_ATTACHMENT_PREFIX) ? name.slice(BACKUP_ATTACHMENT_PREFIX.length) : null;
    if (!listed || (name !== BACKUP_DATABASE_ENTRY && !(attachment !== null && SHA256_NAME.test(attachment)))) {
      throw invalid(`Die Sicherung enthält einen unerwarteten Eintrag („${name.slice(0, 80)}“).`);
    }
    const hash = crypto.createHash('sha256').update(data).digest('hex');
    if (hash !== listed.sha256 || data.length !== listed.size || (attachment !== null && attachment !== hash)) {
      throw invalid(`Die Sicherung ist beschädigt: Prüfsumme von „${name.slice(0, 80)}“ stimmt nicht.`);
    }
  }
}

/** Writes one verified attachment unless an intact copy is there; true when a new file was written. */
function writeAttachment(directory: string, id: string, data: Buffer): boolean {
  const file = path.join(directory, id);
  if (fs.existsSync(file) && crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') === id) return false;
  fs.mkdirSync(directory, { recursive: true });
  const temporary = path.join(directory, `.${id}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, data);
  fsyncFile(temporary);
  fs.renameSync(temporary, file);
  return true;
}

function invalid(message: string): UserFacingError {
  return new UserFacingError('backup-invalid', message);
}
