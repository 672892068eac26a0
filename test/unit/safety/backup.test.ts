import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/db/migrations/index.ts';
import { canonicalDump } from '../../../electron/core/exchange/canonical-dump.ts';
import { readZip } from '../../../electron/core/exchange/zip-reader.ts';
import { buildZip } from '../../../electron/core/exchange/zip-writer.ts';
import { prepareSnapshotRestore, restoreBackup, writeBackup } from '../../../electron/core/safety/backup.ts';
import { createSnapshot } from '../../../electron/core/safety/snapshots.ts';
import { blobDirectoryFor, writeBlob } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { readLocalReplica } from '../../../electron/core/sync/replica.ts';
import { tempDatabase, tempDir } from '../../helpers/temp-db.ts';

const sha = (data: Uint8Array) => crypto.createHash('sha256').update(data).digest('hex');

/** A database with a few synced rows and two attachment files. */
function filledDatabase() {
  const db = tempDatabase('quelle.sqlite');
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  writer.transaction((tx) => {
    tx.upsert('spatial_levels', deterministicId.level('stadtteil'), { key: 'stadtteil', name: 'Stadtteil', rank: 0 });
    tx.upsert('spatial_levels', deterministicId.level('bezirk'), { key: 'bezirk', name: 'Bezirk', rank: 1 });
  });
  writer.transaction((tx) => tx.update('spatial_levels', deterministicId.level('bezirk'), { name: 'Stadtbezirk' }));
  const blobs = [Buffer.from('Foto 1'), crypto.randomBytes(5000)];
  for (const data of blobs) writeBlob(blobDirectoryFor(db.path), sha(data), data);
  return { db, blobs };
}

function dumpOf(file: string): { dump: string; replica: string } {
  const db = new Database(file, { readonly: true });
  try {
    return { dump: canonicalDump(db), replica: (db.prepare('SELECT replica_id FROM local_replica').get() as { replica_id: string }).replica_id };
  } finally {
    db.close();
  }
}

/** The directory holds nothing but what was there before (no temp files, no half a restore). */
function entriesOf(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

/** Rewrites a backup with a changed manifest (and a valid whole-file hash). */
function rewrite(file: string, change: (manifest: Record<string, unknown>, entries: Map<string, Buffer>) => void): void {
  const entries = readZip(fs.readFileSync(file), { maxEntries: 1000, maxEntryBytes: 1e9, maxTotalBytes: 1e9, maxRatio: 1e6 });
  const manifest = JSON.parse(entries.get('sicherung.json')!.toString('utf8')) as Record<string, unknown>;
  change(manifest, entries);
  entries.set('sicherung.json', Buffer.from(JSON.stringify(manifest)));
  fs.writeFileSync(file, buildZip([...entries].map(([name, data]) => ({ name, data }))));
}

describe('backup and restore', () => {
  it('restores the same data and attachments under a new replica identity', () => {
    const { db, blobs } = filledDatabase();
    const dir = tempDir();
    const out = path.join(dir, 'sicherung.qsicherung');
    const result = writeBackup(db.sqlite, db.path, out);
    expect(result).toMatchObject({ file: out, attachments: 2, damagedAttachments: [] });
    expect(result.bytes).toBe(fs.statSync(out).size);
    const entries = readZip(fs.readFileSync(out));
    const manifest = JSON.parse(entries.get('sicherung.json')!.toString('utf8')) as { format: string; version: number; schemaVersion: number; replica: { id: string }; entries: Record<string, { sha256: string }> };
    expect(manifest).toMatchObject({ format: 'quartiersatlas-sicherung', version: 1, schemaVersion: LATEST_SCHEMA_VERSION, replica: { id: readLocalReplica(db.sqlite)!.replicaId } });
    expect(Object.keys(manifest.entries).sort()).toEqual(['datenbank.sqlite', ...blobs.map((b) => `anhaenge/${sha(b)}`)].sort());
    expect(entriesOf(dir)).toEqual(['sicherung.qsicherung']);

    const target = path.join(dir, 'neu', 'wieder.sqlite');
    const restored = restoreBackup(out, target);
    expect(restored).toMatchObject({ dbPath: target, schemaVersion: LATEST_SCHEMA_VERSION, attachments: 2 });
    const after = dumpOf(target);
    expect(after.dump).toBe(canonicalDump(db.sqlite));
    expect(after.replica).toBe(restored.replicaId);
    expect(restored.replicaId).not.toBe(readLocalReplica(db.sqlite)!.replicaId);
    for (const data of blobs) expect(fs.readFileSync(path.join(blobDirectoryFor(target), sha(data))).equals(data)).toBe(true);
    expect(entriesOf(path.dirname(target))).toEqual(['wieder-anhaenge', 'wieder.sqlite']);
  });

  it('refuses a target that exists and leaves it untouched', () => {
    const { db } = filledDatabase();
    const dir = tempDir();
    const out = path.join(dir, 'b.zip');
    writeBackup(db.sqlite, db.path, out);
    const existing = path.join(dir, 'da.sqlite');
    fs.writeFileSync(existing, 'meins');
    expect(() => restoreBackup(out, existing)).toThrow(/gibt es schon/);
    expect(fs.readFileSync(existing, 'utf8')).toBe('meins');
    expect(entriesOf(dir)).toEqual(['b.zip', 'da.sqlite']);
  });

  it('refuses a damaged backup and leaves nothing behind', () => {
    const { db } = filledDatabase();
    const dir = tempDir();
    const out = path.join(dir, 'b.zip');
    writeBackup(db.sqlite, db.path, out);
    const bytes = fs.readFileSync(out);
    for (const at of [10, Math.floor(bytes.length / 2), bytes.length - 30]) {
      const broken = Buffer.from(bytes);
      broken[at] = broken[at]! ^ 0x40;
      fs.writeFileSync(out, broken);
      expect(() => restoreBackup(out, path.join(dir, 'neu.sqlite'))).toThrow(/Sicherungsdatei ist beschädigt/);
      expect(entriesOf(dir)).toEqual(['b.zip']);
    }
  });

  it('checks every entry against the manifest, even with a valid file hash', () => {
    const { db, blobs } = filledDatabase();
    const dir = tempDir();
    const out = path.join(dir, 'b.zip');
    writeBackup(db.sqlite, db.path, out);
    rewrite(out, (_manifest, entries) => entries.set(`anhaenge/${sha(blobs[0]!)}`, Buffer.from('anders')));
    expect(() => restoreBackup(out, path.join(dir, 'neu.sqlite'))).toThrow(/Prüfsumme von „anhaenge\//);
    writeBackup(db.sqlite, db.path, out);
    rewrite(out, (_manifest, entries) => entries.set('extra.txt', Buffer.from('x')));
    expect(() => restoreBackup(out, path.join(dir, 'neu.sqlite'))).toThrow(/unerwarteten Eintrag/);
    writeBackup(db.sqlite, db.path, out);
    rewrite(out, (_manifest, entries) => entries.delete('datenbank.sqlite'));
    expect(() => restoreBackup(out, path.join(dir, 'neu.sqlite'))).toThrow(/fehlt der Eintrag „datenbank.sqlite“/);
    expect(entriesOf(dir)).toEqual(['b.zip']);
  });

  it('asks to update Quartiersatlas for a backup from a newer version', () => {
    const { db } = filledDatabase();
    const dir = tempDir();
    const out = path.join(dir, 'b.zip');
    writeBackup(db.sqlite, db.path, out);
    rewrite(out, (manifest) => (manifest.schemaVersion = LATEST_SCHEMA_VERSION + 1));
    expect(() => restoreBackup(out, path.join(dir, 'neu.sqlite'))).toThrow(/bitte zuerst Quartiersatlas aktualisieren/i);
    // The database itself is newer although the manifest says otherwise: refused as well.
    writeBackup(db.sqlite, db.path, out);
    const future = path.join(tempDir(), 'future.sqlite');
    db.sqlite.exec(`VACUUM INTO '${future}'`);
    const raw = new Database(future);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    rewrite(out, (manifest, entries) => {
      const data = fs.readFileSync(future);
      entries.set('datenbank.sqlite', data);
      (manifest.entries as Record<string, unknown>)['datenbank.sqlite'] = { sha256: sha(data), size: data.length };
    });
    expect(() => restoreBackup(out, path.join(dir, 'neu.sqlite'))).toThrow(/bitte zuerst Quartiersatlas aktualisieren/i);
    expect(entriesOf(dir)).toEqual(['b.zip']);
  });

  it('refuses files that are not backups', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notiz.txt');
    fs.writeFileSync(text, 'Hallo');
    expect(() => restoreBackup(text, path.join(dir, 'neu.sqlite'))).toThrow(/keine Sicherungsdatei/);
    const other = path.join(dir, 'fremd.zip');
    fs.writeFileSync(other, buildZip([{ name: 'manifest.json', data: Buffer.from('{"format":"quartiersatlas-austausch","version":1,"schemaVersion":1}') }]));
    expect(() => restoreBackup(other, path.join(dir, 'neu.sqlite'))).toThrow(/keine Sicherung von Quartiersatlas/);
    expect(() => restoreBackup(path.join(dir, 'gibtsnicht.zip'), path.join(dir, 'neu.sqlite'))).toThrow(/es gibt sie nicht/);
    expect(entriesOf(dir)).toEqual(['fremd.zip', 'notiz.txt']);
  });

  it('leaves out an attachment whose bytes no longer match and never overwrites the database', () => {
    const { db } = filledDatabase();
    fs.writeFileSync(path.join(blobDirectoryFor(db.path), 'f'.repeat(64)), 'kaputt');
    fs.writeFileSync(path.join(blobDirectoryFor(db.path), '.temp.123.tmp'), 'halb');
    const out = path.join(tempDir(), 'b.zip');
    expect(writeBackup(db.sqlite, db.path, out)).toMatchObject({ attachments: 2, damagedAttachments: ['f'.repeat(64)] });
    expect(() => writeBackup(db.sqlite, db.path, db.path)).toThrow(/nicht die Datenbank selbst/);
  });

  it('prepares a snapshot for restoring: the earlier state, with a new identity', () => {
    const { db } = filledDatabase();
    const snapshot = createSnapshot(db.sqlite, db.path, 'vorher');
    const earlier = canonicalDump(db.sqlite);
    new ChangeWriter(db.sqlite).transaction((tx) => tx.update('spatial_levels', deterministicId.level('bezirk'), { name: 'Später' }));
    const target = path.join(tempDir(), 'zurueck.sqlite');
    expect(prepareSnapshotRestore(db.path, snapshot.id, target)).toBe(target);
    const prepared = dumpOf(target);
    expect(prepared.dump).toBe(earlier);
    expect(prepared.replica).not.toBe(readLocalReplica(db.sqlite)!.replicaId);
    expect(() => prepareSnapshotRestore(db.path, snapshot.id, target)).toThrow(/gibt es schon/);
    expect(() => prepareSnapshotRestore(db.path, '../quelle', path.join(tempDir(), 'x.sqlite'))).toThrow(/keine gültige Sicherung/);
  });
});
