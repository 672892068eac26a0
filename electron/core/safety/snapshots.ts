import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { UserFacingError } from '../errors.ts';
import { adoptDatabaseCopy } from './adopt-copy.ts';
import { fsyncFile, placeWithoutReplacing } from './atomic-files.ts';
import { assertFree, removeTemporary, targetExists, temporaryBeside } from './restore-target.ts';
import { vacuumInto } from './vacuum-into.ts';

export interface SnapshotInfo {
  /** The file's base name without extension; safe to pass around (letters, digits, dashes). */
  id: string;
  file: string;
  createdAt: string;
  reason: string;
  bytes: number;
}

/** `2026-11-25T11-07-35-123Z`, optionally `-2`, `-3` … for several in one millisecond. */
const ID_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(?:-(\d{1,4}))?$/;
const DATABASE_EXTENSION = '.sqlite';
const SIDECAR_EXTENSION = '.json';

/** Snapshots live in one folder beside the database, like its attachments (`…-anhaenge`). */
export function snapshotDirectoryFor(dbPath: string): string {
  return `${dbPath.replace(/\.sqlite$/i, '')}-sicherungen`;
}

/**
 * Copies the database before risky work (reading a colleague's file, restoring). The reason
 * goes into a small JSON file written first, so a listed snapshot always knows why it exists;
 * the copy itself appears only when complete (temp name, flushed, renamed).
 */
export function createSnapshot(db: Database, dbPath: string, reason: string, now: Date = new Date()): SnapshotInfo {
  const directory = snapshotDirectoryFor(path.resolve(dbPath));
  fs.mkdirSync(directory, { recursive: true });
  const id = freeId(directory, now);
  const file = path.join(directory, `${id}${DATABASE_EXTENSION}`);
  const temporary = path.join(directory, `.${id}.${process.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  const createdAt = now.toISOString();
  const sidecar = path.join(directory, `${id}${SIDECAR_EXTENSION}`);
  try {
    fs.writeFileSync(sidecar, JSON.stringify({ createdAt, reason }));
    vacuumInto(db, temporary);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    fs.rmSync(sidecar, { force: true });
    throw new UserFacingError('snapshot-failed', `Die automatische Sicherung der Datenbank ließ sich nicht anlegen (${(error as Error).message}). Es wurde nichts verändert.`);
  }
  fsyncFile(sidecar);
  return { id, file, createdAt, reason, bytes: fs.statSync(file).size };
}

/** Every complete snapshot, newest first; temporary files and anything else in the folder are ignored. */
export function listSnapshots(dbPath: string): SnapshotInfo[] {
  const directory = snapshotDirectoryFor(path.resolve(dbPath));
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch {
    return [];
  }
  const snapshots: Array<SnapshotInfo & { order: [string, number] }> = [];
  for (const name of names) {
    if (!name.endsWith(DATABASE_EXTENSION)) continue;
    const id = name.slice(0, -DATABASE_EXTENSION.length);
    const match = ID_PATTERN.exec(id);
    if (!match) continue;
    const file = path.join(directory, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    const meta = readSidecar(path.join(directory, `${id}${SIDECAR_EXTENSION}`));
    snapshots.push({
      id,
      file,
      createdAt: meta.createdAt ?? stampToIso(match[1]!),
      reason: meta.reason ?? '',
      bytes: stat.size,
      order: [match[1]!, Number(match[2] ?? 1)],
    });
  }
  snapshots.sort((a, b) => (a.order[0] !== b.order[0] ? (a.order[0] < b.order[0] ? 1 : -1) : b.order[1] - a.order[1]));
  return snapshots.map(({ order: _order, ...info }) => info);
}

/** The absolute path of a snapshot named by its id; refuses anything that is not one (no paths). */
export function snapshotFile(dbPath: string, id: string): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new UserFacingError('snapshot-missing', `„${String(id).slice(0, 80)}“ ist keine gültige Sicherung.`);
  }
  const file = path.join(snapshotDirectoryFor(path.resolve(dbPath)), `${id}${DATABASE_EXTENSION}`);
  if (!fs.existsSync(file)) throw new UserFacingError('snapshot-missing', `Die Sicherung ${id} gibt es nicht (mehr).`);
  return file;
}

/** Removes one snapshot with its JSON file (one taken before an import that brought nothing). */
export function deleteSnapshot(dbPath: string, id: string): void {
  const file = snapshotFile(dbPath, id);
  fs.rmSync(file, { force: true });
  fs.rmSync(file.slice(0, -DATABASE_EXTENSION.length) + SIDECAR_EXTENSION, { force: true });
}

/** Keeps the newest `keep` snapshots and removes the older ones with their JSON files. */
export function pruneSnapshots(dbPath: string, keep = 20): void {
  const directory = snapshotDirectoryFor(path.resolve(dbPath));
  for (const old of listSnapshots(dbPath).slice(Math.max(0, keep))) {
    fs.rmSync(old.file, { force: true });
    fs.rmSync(path.join(directory, `${old.id}${SIDECAR_EXTENSION}`), { force: true });
  }
}

/**
 * A snapshot, made ready to replace the database: copied to `target` (which must not exist),
 * checked like a backup and given a new replica identity (its old self went on writing ops with
 * the seq numbers that follow). Swapping it in is the app's part. Returns `target`, absolute.
 */
export function prepareSnapshotRestore(dbPath: string, snapshotId: string, target: string): string {
  const source = snapshotFile(dbPath, snapshotId);
  const destination = path.resolve(target);
  assertFree(destination);
  fs.mkdirSync(path.dirname(destination), { recursive: true });
  const temporary = temporaryBeside(destination);
  try {
    fs.copyFileSync(source, temporary);
    fsyncFile(temporary);
    adoptDatabaseCopy(temporary, 'Der Zwischenstand');
    if (!placeWithoutReplacing(temporary, destination)) throw targetExists(destination);
    return destination;
  } catch (error) {
    removeTemporary(temporary);
    if (error instanceof UserFacingError) throw error;
    throw new UserFacingError('restore-failed', `Der Zwischenstand ließ sich nicht vorbereiten (${(error as Error).message}).`);
  }
}

/** The id for `now`, with a counter when the folder already has one from the same millisecond. */
function freeId(directory: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 1; n < 10_000; n++) {
    const id = n === 1 ? stamp : `${stamp}-${n}`;
    if (!fs.existsSync(path.join(directory, `${id}${DATABASE_EXTENSION}`)) && !fs.existsSync(path.join(directory, `${id}${SIDECAR_EXTENSION}`))) return id;
  }
  throw new UserFacingError('snapshot-failed', 'Zu viele Sicherungen in derselben Millisekunde.');
}

function readSidecar(file: string): { createdAt?: string; reason?: string } {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { createdAt?: unknown; reason?: unknown };
    return {
      createdAt: typeof json.createdAt === 'string' ? json.createdAt : undefined,
      reason: typeof json.reason === 'string' ? json.reason : undefined,
    };
  } catch {
    return {};
  }
}

/** `2026-11-25T11-07-35-123Z` → `2026-11-25T11:07:35.123Z`. */
function stampToIso(stamp: string): string {
  return `${stamp.slice(0, 13)}:${stamp.slice(14, 16)}:${stamp.slice(17, 19)}.${stamp.slice(20)}`;
}
