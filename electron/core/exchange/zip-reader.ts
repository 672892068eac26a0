import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { UserFacingError } from '../errors.ts';
import { ARCHIVE_HASH_PREFIX } from './zip-writer.ts';
import { rejected } from './rejection.ts';

export interface ZipLimits {
  /** Most entries a file may have. */
  maxEntries: number;
  /** Largest decompressed entry, in bytes. */
  maxEntryBytes: number;
  /** Largest decompressed total, in bytes. */
  maxTotalBytes: number;
  /** Highest decompressed/compressed ratio of an entry larger than 1 MiB (a zip bomb's is in the thousands). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 100_000,
  maxEntryBytes: 1024 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
};

/**
 * Reads a zip written by buildZip and checks everything before a byte is inflated.
 * By hand (fflate does not read the archive comment): the end record, the archive checksum in its
 * comment, the entry count. By fflate: the central directory and inflating. Its filter sees every
 * entry's name, method and declared sizes first, in a pass that inflates nothing: names (no
 * absolute paths, no `..`, no duplicates), sizes and ratios against the limits. Then each entry
 * is inflated into a buffer of exactly its declared size (never further) and must fill it.
 * fflate checks no CRC and does not expose it, so a thin walk over the central directory's records
 * (signature and lengths) reads each entry's CRC-32, compared after inflating. Local headers are
 * no longer compared with the central directory: fflate reads each entry at its local header, so
 * a disagreeing one yields other bytes, which the CRC refuses (and the whole-file SHA-256 checked
 * first covers every byte anyway).
 */
export function readZip(file: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Buffer> {
  const endAt = findEndOfDirectory(file);
  if (endAt < 0) throw rejected('not-a-zip', 'Die Datei ist keine Austauschdatei von Quartiersatlas (keine ZIP-Datei).');
  const comment = file.subarray(endAt + 22).toString('latin1');
  if (!comment.startsWith(ARCHIVE_HASH_PREFIX)) {
    throw rejected('unknown-format', 'Die ZIP-Datei ist keine Austauschdatei von Quartiersatlas (unbekanntes Format).');
  }
  const hash = crypto.createHash('sha256').update(file.subarray(0, endAt + 22)).digest('hex');
  if (comment.slice(ARCHIVE_HASH_PREFIX.length) !== hash) {
    throw rejected('checksum', 'Die Austauschdatei ist beschädigt (Prüfsumme der Datei stimmt nicht). Bitte die Datei erneut übertragen.');
  }
  const count = checkEndRecord(file, endAt, limits);
  const crcs = centralCrcs(file, endAt, count);
  // fflate reads the archive up to the end record (its own search then finds it at once).
  const archive = new Uint8Array(file.buffer, file.byteOffset, endAt + 22);
  const entries = listEntries(archive, count, limits);
  const out = new Map<string, Buffer>();
  let current = 'Inhaltsverzeichnis';
  let inflated: Record<string, Uint8Array>;
  try {
    inflated = unzipSync(archive, {
      filter: (info) => {
        current = info.name;
        return true;
      },
    });
  } catch {
    throw corrupt(current);
  }
  for (const [i, entry] of entries.entries()) {
    const data = Object.hasOwn(inflated, entry.name) ? inflated[entry.name] : undefined;
    if (!data || data.length !== entry.originalSize || zlib.crc32(data) >>> 0 !== crcs[i]) throw corrupt(entry.name);
    out.set(entry.name, Buffer.from(data.buffer, data.byteOffset, data.length));
  }
  return out;
}

function findEndOfDirectory(file: Buffer): number {
  if (file.length < 22) return -1;
  const earliest = Math.max(0, file.length - 22 - 0xffff);
  for (let at = file.length - 22; at >= earliest; at--) {
    if (file.readUInt32LE(at) === 0x06054b50 && at + 22 + file.readUInt16LE(at + 20) === file.length) return at;
  }
  return -1;
}

/** One disk, one entry count, the directory right before the end record, no ZIP64 (buildZip writes none). */
function checkEndRecord(file: Buffer, endAt: number, limits: ZipLimits): number {
  const count = file.readUInt16LE(endAt + 10);
  const size = file.readUInt32LE(endAt + 12);
  const start = file.readUInt32LE(endAt + 16);
  const zip64 = endAt >= 20 && file.readUInt32LE(endAt - 20) === 0x07064b50;
  if (file.readUInt16LE(endAt + 4) !== 0 || file.readUInt16LE(endAt + 6) !== 0 || file.readUInt16LE(endAt + 8) !== count || start + size !== endAt || zip64) {
    throw corrupt('Inhaltsverzeichnis');
  }
  if (count > limits.maxEntries) throw rejected('too-large', `Die Austauschdatei hat zu viele Einträge (${count}, höchstens ${limits.maxEntries}).`);
  return count;
}

/** Each entry's CRC-32, in order; no encrypted entry; the records fill the directory exactly (fflate checks none of it). */
function centralCrcs(file: Buffer, endAt: number, count: number): number[] {
  const crcs: number[] = [];
  let at = file.readUInt32LE(endAt + 16);
  for (let i = 0; i < count; i++) {
    if (at + 46 > endAt || file.readUInt32LE(at) !== 0x02014b50) throw corrupt('Inhaltsverzeichnis');
    if ((file.readUInt16LE(at + 8) & 0x0001) !== 0) throw rejected('bad-entry', 'Die Austauschdatei enthält einen verschlüsselten Eintrag.');
    crcs.push(file.readUInt32LE(at + 16));
    at += 46 + file.readUInt16LE(at + 28) + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  if (at !== endAt) throw corrupt('Inhaltsverzeichnis');
  return crcs;
}

/** The central directory through fflate's filter, which here declines every entry: nothing is inflated. */
function listEntries(archive: Uint8Array, count: number, limits: ZipLimits): UnzipFileInfo[] {
  const entries: UnzipFileInfo[] = [];
  const names = new Set<string>();
  let total = 0;
  try {
    unzipSync(archive, {
      filter: (info) => {
        if (entries.length >= count) throw corrupt('Inhaltsverzeichnis');
        assertSafeName(info.name);
        if (names.has(info.name)) throw rejected('bad-entry', `Die Austauschdatei enthält den Eintrag „${info.name}“ doppelt.`);
        names.add(info.name);
        if (info.compression !== 0 && info.compression !== 8) throw rejected('bad-entry', `Der Eintrag „${info.name}“ ist unbekannt komprimiert.`);
        assertSize(info, limits);
        total += info.originalSize;
        if (total > limits.maxTotalBytes) throw rejected('too-large', 'Die Austauschdatei wäre entpackt zu groß.');
        entries.push(info);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    throw corrupt('Inhaltsverzeichnis');
  }
  if (entries.length !== count) throw corrupt('Inhaltsverzeichnis');
  return entries;
}

/** Entry names become nothing on disk, but a file that carries such names is not ours. */
function assertSafeName(name: string): void {
  const unsafe =
    name.length === 0 ||
    name === '__proto__' ||
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((part) => part === '..' || part === '.' || part === '') ||
    [...name].some((char) => char.charCodeAt(0) < 0x20);
  if (unsafe) throw rejected('bad-entry', `Die Austauschdatei enthält einen unzulässigen Pfad („${name.slice(0, 80)}“).`);
}

function assertSize(entry: UnzipFileInfo, limits: ZipLimits): void {
  if (entry.originalSize > limits.maxEntryBytes) {
    throw rejected('too-large', `Der Eintrag „${entry.name}“ wäre entpackt zu groß (${entry.originalSize} Bytes).`);
  }
  const ratio = entry.originalSize / Math.max(entry.size, 1);
  if (entry.originalSize > 1024 * 1024 && ratio > limits.maxRatio) {
    throw rejected('too-large', `Der Eintrag „${entry.name}“ ist verdächtig stark komprimiert (1:${Math.round(ratio)}); die Datei wird nicht entpackt.`);
  }
  if (entry.compression === 0 && entry.originalSize !== entry.size) throw corrupt(entry.name);
}

function corrupt(where: string): Error {
  return rejected('checksum', `Die Austauschdatei ist beschädigt (${where}). Bitte die Datei erneut übertragen.`);
}
