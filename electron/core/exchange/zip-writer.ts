import crypto from 'node:crypto';
import zlib from 'node:zlib';

/** Marks the archive comment that carries the SHA-256 of every byte before it. */
export const ARCHIVE_HASH_PREFIX = 'qatlas-sha256:';

export interface ZipEntryInput {
  name: string;
  data: Uint8Array;
  /** Already compressed content (gzip'd bulk blobs, photos) is stored as it is. */
  store?: boolean;
}

/**
 * A plain zip (readable by any tool) whose archive comment holds the SHA-256 of everything before
 * the comment: one flipped byte anywhere — data, names, headers — is then noticed on reading.
 * Written by hand (a few headers) so reader and writer agree on every field.
 */
export function buildZip(entries: readonly ZipEntryInput[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.store ? 0 : 8;
    const body = entry.store ? Buffer.from(entry.data) : zlib.deflateRawSync(entry.data, { level: 6 });
    const crc = zlib.crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeCommon(local, 4, method, crc, body.length, entry.data.length, name.length);
    parts.push(local, name, body);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // version made by
    writeCommon(header, 6, method, crc, body.length, entry.data.length, name.length);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const comment = ARCHIVE_HASH_PREFIX.length + 64;
  end.writeUInt16LE(comment, 20);
  const body = Buffer.concat([...parts, directory, end]);
  const hash = crypto.createHash('sha256').update(body).digest('hex');
  return Buffer.concat([body, Buffer.from(`${ARCHIVE_HASH_PREFIX}${hash}`, 'ascii')]);
}

/** The fields local and central headers share: version needed, flags, method, time, sizes, name length. */
function writeCommon(buffer: Buffer, at: number, method: number, crc: number, compressed: number, size: number, nameLength: number): void {
  buffer.writeUInt16LE(20, at); // version needed
  buffer.writeUInt16LE(0x0800, at + 2); // UTF-8 names
  buffer.writeUInt16LE(method, at + 4);
  buffer.writeUInt16LE(0, at + 6); // time: none, so the same content makes the same bytes
  buffer.writeUInt16LE(0x21, at + 8); // date: 1980-01-01
  buffer.writeUInt32LE(crc >>> 0, at + 10);
  buffer.writeUInt32LE(compressed, at + 14);
  buffer.writeUInt32LE(size, at + 18);
  buffer.writeUInt16LE(nameLength, at + 22);
}
