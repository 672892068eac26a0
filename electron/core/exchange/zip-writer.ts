import crypto from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';

/** Marks the archive comment that carries the SHA-256 of every byte before it. */
export const ARCHIVE_HASH_PREFIX = 'qatlas-sha256:';

export interface ZipEntryInput {
  name: string;
  data: Uint8Array;
  /** Already compressed content (gzip'd bulk blobs, photos) is stored as it is. */
  store?: boolean;
}

/** No ZIP64 is written: 16-bit entry count and name length, 32-bit sizes and offsets. */
const MAX_ENTRIES = 0xffff;
const MAX_32 = 0xffffffff;
/** Every entry's time stamp: none, so the same content makes the same bytes (DOS date 1980-01-01). */
const NO_TIME = new Date(1980, 0, 1);

/**
 * A plain zip (readable by any tool) whose archive comment holds the SHA-256 of everything before
 * the comment: one flipped byte anywhere — data, names, headers — is then noticed on reading.
 * fflate writes the zip (deflate, headers, central directory); fflate has no archive comment
 * (its `comment` is per entry), so the comment is appended here: the end record's comment
 * length is set and the hash of all bytes before the comment follows it.
 * Too many entries or sizes beyond 32 bits throw a RangeError (the backup turns it into "too large").
 */
export function buildZip(entries: readonly ZipEntryInput[]): Buffer {
  if (entries.length > MAX_ENTRIES) throw new RangeError(`Zu viele Einträge für eine ZIP-Datei ohne ZIP64 (${entries.length})`);
  // fflate takes the entries as an object (in insertion order): names are plain, unique keys.
  const files: Zippable = Object.create(null) as Zippable;
  for (const entry of entries) {
    if (Object.hasOwn(files, entry.name) || entry.name === '__proto__') throw new Error(`Eintrag „${entry.name}“ doppelt oder unzulässig`);
    if (/^\d+$/.test(entry.name)) throw new Error(`Eintrag „${entry.name}“: ein Name aus Ziffern änderte die Reihenfolge`);
    if (entry.data.length > MAX_32) throw new RangeError(`Eintrag „${entry.name}“ ist zu groß für eine ZIP-Datei ohne ZIP64`);
    files[entry.name] = [entry.data, { level: entry.store ? 0 : 6, mtime: NO_TIME }];
  }
  const zip = zipSync(files);
  // End of central directory: the last 22 bytes (fflate writes no comment); offsets fit in 32 bits.
  const endAt = zip.length - 22;
  if (endAt > MAX_32) throw new RangeError('Die ZIP-Datei wäre größer als 4 GB');
  const comment = ARCHIVE_HASH_PREFIX.length + 64;
  const body = Buffer.from(zip.buffer, zip.byteOffset, zip.length);
  body.writeUInt16LE(comment, endAt + 20);
  const hash = crypto.createHash('sha256').update(body).digest('hex');
  return Buffer.concat([body, Buffer.from(`${ARCHIVE_HASH_PREFIX}${hash}`, 'ascii')]);
}
