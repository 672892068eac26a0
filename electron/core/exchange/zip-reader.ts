import crypto from 'node:crypto';
import zlib from 'node:zlib';
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

interface CentralEntry {
  name: string;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  common: Buffer;
}

/**
 * Reads a zip written by buildZip and checks everything before a byte is inflated: the archive
 * checksum, entry names (no absolute paths, no `..`), declared sizes and ratios against the
 * limits, local and central headers agreeing; then inflates each entry no further than its
 * declared size and checks its CRC.
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
  const entries = readCentralDirectory(file, endAt, limits);
  const out = new Map<string, Buffer>();
  for (const entry of entries) out.set(entry.name, inflateEntry(file, entry));
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

function readCentralDirectory(file: Buffer, endAt: number, limits: ZipLimits): CentralEntry[] {
  const count = file.readUInt16LE(endAt + 10);
  const size = file.readUInt32LE(endAt + 12);
  const start = file.readUInt32LE(endAt + 16);
  if (file.readUInt16LE(endAt + 4) !== 0 || file.readUInt16LE(endAt + 8) !== count || start + size !== endAt) {
    throw corrupt('Inhaltsverzeichnis');
  }
  if (count > limits.maxEntries) throw rejected('too-large', `Die Austauschdatei hat zu viele Einträge (${count}, höchstens ${limits.maxEntries}).`);
  const entries: CentralEntry[] = [];
  const names = new Set<string>();
  let total = 0;
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + 46 > endAt || file.readUInt32LE(at) !== 0x02014b50) throw corrupt('Inhaltsverzeichnis');
    const nameLength = file.readUInt16LE(at + 28);
    const extra = file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
    const nameBytes = file.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder('utf-8', { fatal: false }).decode(nameBytes);
    assertSafeName(name);
    if (names.has(name)) throw rejected('bad-entry', `Die Austauschdatei enthält den Eintrag „${name}“ doppelt.`);
    names.add(name);
    const entry: CentralEntry = {
      name,
      method: file.readUInt16LE(at + 10),
      crc: file.readUInt32LE(at + 16),
      compressed: file.readUInt32LE(at + 20),
      size: file.readUInt32LE(at + 24),
      offset: file.readUInt32LE(at + 42),
      common: file.subarray(at + 6, at + 30),
    };
    if ((file.readUInt16LE(at + 8) & 0x0001) !== 0) throw rejected('bad-entry', `Der Eintrag „${name}“ ist verschlüsselt.`);
    if (entry.method !== 0 && entry.method !== 8) throw rejected('bad-entry', `Der Eintrag „${name}“ ist unbekannt komprimiert.`);
    assertSize(entry, limits);
    total += entry.size;
    if (total > limits.maxTotalBytes) throw rejected('too-large', 'Die Austauschdatei wäre entpackt zu groß.');
    entries.push(entry);
    at += 46 + nameLength + extra;
  }
  if (at !== endAt) throw corrupt('Inhaltsverzeichnis');
  return entries;
}

/** Entry names become nothing on disk, but a file that carries such names is not ours. */
function assertSafeName(name: string): void {
  const unsafe =
    name.length === 0 ||
    name.startsWith('/') ||
    name.includes('\\') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((part) => part === '..' || part === '.' || part === '') ||
    [...name].some((char) => char.charCodeAt(0) < 0x20);
  if (unsafe) throw rejected('bad-entry', `Die Austauschdatei enthält einen unzulässigen Pfad („${name.slice(0, 80)}“).`);
}

function assertSize(entry: CentralEntry, limits: ZipLimits): void {
  if (entry.size > limits.maxEntryBytes) {
    throw rejected('too-large', `Der Eintrag „${entry.name}“ wäre entpackt zu groß (${entry.size} Bytes).`);
  }
  const ratio = entry.size / Math.max(entry.compressed, 1);
  if (entry.size > 1024 * 1024 && ratio > limits.maxRatio) {
    throw rejected('too-large', `Der Eintrag „${entry.name}“ ist verdächtig stark komprimiert (1:${Math.round(ratio)}); die Datei wird nicht entpackt.`);
  }
  if (entry.method === 0 && entry.size !== entry.compressed) throw corrupt(entry.name);
}

function inflateEntry(file: Buffer, entry: CentralEntry): Buffer {
  const at = entry.offset;
  if (at + 30 > file.length || file.readUInt32LE(at) !== 0x04034b50) throw corrupt(entry.name);
  // Local and central headers must agree on every shared field (and so on name and sizes).
  if (!file.subarray(at + 4, at + 28).equals(entry.common)) throw corrupt(entry.name);
  const nameLength = file.readUInt16LE(at + 26);
  const dataAt = at + 30 + nameLength + file.readUInt16LE(at + 28);
  if (file.subarray(at + 30, at + 30 + nameLength).toString('utf8') !== entry.name) throw corrupt(entry.name);
  if (dataAt + entry.compressed > file.length) throw corrupt(entry.name);
  const body = file.subarray(dataAt, dataAt + entry.compressed);
  let data: Buffer;
  try {
    data = entry.method === 0 ? Buffer.from(body) : zlib.inflateRawSync(body, { maxOutputLength: Math.max(entry.size, 1) });
  } catch {
    throw corrupt(entry.name);
  }
  if (data.length !== entry.size || (zlib.crc32(data) >>> 0) !== entry.crc) throw corrupt(entry.name);
  return data;
}

function corrupt(where: string): Error {
  return rejected('checksum', `Die Austauschdatei ist beschädigt (${where}). Bitte die Datei erneut übertragen.`);
}
