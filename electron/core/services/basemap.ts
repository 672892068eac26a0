import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';
import { UserFacingError } from '../errors.ts';
import { readSetting, writeSetting } from './settings.ts';

const SETTING_KEY = 'basemap.path';
const PMTILES_MAGIC = 'PMTiles';

export type BasemapInfo = MethodOutput<'basemap.get'>;

/**
 * An optional offline basemap: a local .pmtiles file the user chose. Only its path is stored;
 * the renderer reads byte ranges through the API (no network, no copying of gigabytes).
 */
export class BasemapService {
  readonly #db: Database;
  #open: { path: string; fd: number } | null = null;

  constructor(db: Database) {
    this.#db = db;
  }

  get(): BasemapInfo {
    const stored = readSetting<string>(this.#db, SETTING_KEY);
    if (!stored) return null;
    try {
      return describe(stored);
    } catch {
      return null; // file moved or gone: behave as if none were chosen, keep the setting for later
    }
  }

  set(filePath: string | null): BasemapInfo {
    this.#closeFile();
    if (filePath === null) {
      writeSetting(this.#db, SETTING_KEY, null);
      return null;
    }
    const absolute = path.resolve(filePath);
    const info = describe(absolute);
    writeSetting(this.#db, SETTING_KEY, absolute);
    return info;
  }

  read(offset: number, length: number): Uint8Array {
    const current = this.get();
    if (!current) throw new UserFacingError('no-basemap', 'Es ist keine Offline-Grundkarte gewählt.');
    if (this.#open?.path !== current.path) {
      this.#closeFile();
      this.#open = { path: current.path, fd: fs.openSync(current.path, 'r') };
    }
    const buffer = new Uint8Array(Math.max(0, Math.min(length, current.sizeBytes - offset)));
    const read = fs.readSync(this.#open.fd, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, read);
  }

  close(): void {
    this.#closeFile();
  }

  #closeFile(): void {
    if (this.#open) fs.closeSync(this.#open.fd);
    this.#open = null;
  }
}

function describe(filePath: string): NonNullable<BasemapInfo> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
  } catch {
    throw new UserFacingError('basemap-missing', `Die Datei ${filePath} gibt es nicht.`);
  }
  if (!stat.isFile()) throw new UserFacingError('basemap-invalid', `${filePath} ist keine Datei.`);
  const fd = fs.openSync(filePath, 'r');
  const header = Buffer.alloc(8);
  try {
    fs.readSync(fd, header, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.subarray(0, 7).toString('latin1') !== PMTILES_MAGIC || header[7] !== 3) {
    throw new UserFacingError('basemap-invalid', `${path.basename(filePath)} ist keine PMTiles-Datei (Version 3).`);
  }
  return { path: filePath, name: path.basename(filePath), sizeBytes: stat.size };
}
