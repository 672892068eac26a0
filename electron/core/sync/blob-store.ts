import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../errors.ts';

/** Content-addressed files (photos, bulk deliveries) live in one folder beside the database. */
export function blobDirectoryFor(dbPath: string): string {
  return `${dbPath.replace(/\.sqlite$/i, '')}-anhaenge`;
}

/** Writes a content-addressed blob atomically; an existing intact blob is left as it is. */
export function writeBlob(directory: string, id: string, data: Uint8Array): void {
  fs.mkdirSync(directory, { recursive: true });
  const target = path.join(directory, id);
  if (fs.existsSync(target)) return;
  const temporary = path.join(directory, `.${id}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, data);
  const written = crypto.createHash('sha256').update(fs.readFileSync(temporary)).digest('hex');
  if (written !== id) {
    fs.rmSync(temporary, { force: true });
    throw new UserFacingError('attachment-corrupt', 'Der Anhang wurde beim Schreiben beschädigt; bitte erneut versuchen.');
  }
  fs.renameSync(temporary, target);
}
