import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { UserFacingError } from '../errors.ts';
import { blobDirectoryFor, writeBlob } from '../sync/blob-store.ts';
import { ChangeWriter } from '../sync/change-writer.ts';

/** Photos and documents live beside the database, named by the SHA-256 of their bytes. */
export const attachmentsDirectory = blobDirectoryFor;

export interface StoredAttachment {
  id: string;
  name: string;
  mime: string;
  size: number;
}

/**
 * Stores the bytes once (same content → same id, however often it is attached), through a
 * temporary file that is verified before it gets its final name, then records the row.
 */
export function storeAttachment(db: Database, dbPath: string, file: { name: string; mime: string; data: Uint8Array }): StoredAttachment {
  const id = crypto.createHash('sha256').update(file.data).digest('hex');
  writeBlob(attachmentsDirectory(dbPath), id, file.data);
  new ChangeWriter(db).transaction((tx) => tx.upsert('attachments', id, { name: file.name, mime: file.mime, size: file.data.byteLength }));
  return { id, name: file.name, mime: file.mime, size: file.data.byteLength };
}

export function readAttachment(dbPath: string, id: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(id)) throw new UserFacingError('invalid-attachment', 'Ungültige Anhangs-Kennung.');
  const file = path.join(attachmentsDirectory(dbPath), id);
  const data = new Uint8Array(fs.readFileSync(file));
  if (crypto.createHash('sha256').update(data).digest('hex') !== id) {
    throw new UserFacingError('attachment-corrupt', `Der Anhang ${id.slice(0, 12)}… ist beschädigt (Prüfsumme stimmt nicht).`);
  }
  return data;
}
