import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { canonicalDump } from '../../../electron/core/exchange/canonical-dump.ts';
import { listSnapshots } from '../../../electron/core/safety/snapshots.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';

import { tempDir } from '../../helpers/temp-db.ts';
import { cli } from '../../helpers/run-cli.ts';


/** A database with two levels (one renamed) and a blob, written like the app writes. */
function laptopA(dir: string): string {
  const file = path.join(dir, 'anna.sqlite');
  const db = openDatabase(file);
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(file) });
  writer.transaction((tx) => {
    tx.upsert('spatial_levels', deterministicId.level('stadtteil'), { key: 'stadtteil', name: 'Stadtteil', rank: 0 });
    tx.upsert('spatial_levels', deterministicId.level('bezirk'), { key: 'bezirk', name: 'Bezirk', rank: 1 });
  });
  writer.transaction((tx) => tx.update('spatial_levels', deterministicId.level('bezirk'), { name: 'Stadtbezirk' }));
  db.close();
  return file;
}

function read<T>(file: string, work: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** canonicalDump: the synced content, which leaves out the replica's own identity (a restore renews it). */
function dumpWithoutIdentity(file: string): string {
  return read(file, (db) => canonicalDump(db));
}

describe('quartiersatlas sync, backup and restore', () => {
  it('carries A\'s rows to B, and a second import says "nichts Neues"', async () => {
    const dir = tempDir();
    const a = laptopA(dir);
    const b = path.join(dir, 'ben.sqlite');
    const file = path.join(dir, 'von-anna.qatlas');
    const exported = await cli('sync', 'export', '--db', a, '--out', file, '--json');
    expect(exported.code, exported.stderr).toBe(0);
    // Three level ops, plus the creations of the default categories every new database logs.
    const summary = JSON.parse(exported.stdout) as { file: string; ops: number; perTable: Record<string, number> };
    expect(summary).toMatchObject({ file, perTable: { spatial_levels: 3 } });

    const first = await cli('sync', 'import', file, '--db', b);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`${summary.ops} neue Änderungen übernommen`));
    expect(first.stdout).toMatch(/spatial_levels: 2 neu/);
    expect(read(b, (db) => db.prepare('SELECT name FROM spatial_levels ORDER BY rank').all())).toEqual([{ name: 'Stadtteil' }, { name: 'Stadtbezirk' }]);
    expect(listSnapshots(b).map((s) => s.reason)).toEqual(['Vor dem Einlesen von von-anna.qatlas']);

    const second = await cli('sync', 'import', file, '--db', b, '--json');
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ nothingNew: true, newOps: 0, duplicateOps: summary.ops });
    const third = await cli('sync', 'import', file, '--db', b);
    expect(third.stdout).toMatch(/nichts Neues/);
    expect(listSnapshots(b)).toHaveLength(3);
  });

  it('explains wrong usage and a missing file', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect((await cli('sync', 'export', '--db', db)).code).toBe(2);
    expect((await cli('sync', 'import', '--db', db)).code).toBe(2);
    expect((await cli('sync', 'zaubern', '--db', db)).code).toBe(2);
    const missing = await cli('sync', 'import', path.join(dir, 'fehlt.qatlas'), '--db', db);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/gibt es nicht/);
    expect((await cli('backup', '--db', db)).code).toBe(2);
    expect((await cli('restore', '--db', db)).code).toBe(2);
    const help = await cli('--help');
    expect(help.stdout).toMatch(/quartiersatlas sync export/);
    expect(help.stdout).toMatch(/quartiersatlas restore SICHERUNG/);
  });

  it('backs up and restores the same content under a new identity; refuses an existing target and a damaged file', async () => {
    const dir = tempDir();
    const a = laptopA(dir);
    const backup = path.join(dir, 'sicherung.zip');
    const made = await cli('backup', '--db', a, '--out', backup, '--json');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ file: backup, attachments: 0 });

    const restoredFile = path.join(dir, 'wieder.sqlite');
    const restored = await cli('restore', backup, '--db', restoredFile);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Sicherung wiederhergestellt nach .*wieder\.sqlite/);
    expect(dumpWithoutIdentity(restoredFile)).toBe(dumpWithoutIdentity(a));
    const id = (file: string) => read(file, (db) => (db.prepare('SELECT replica_id FROM local_replica').get() as { replica_id: string }).replica_id);
    expect(id(restoredFile)).not.toBe(id(a));

    const before = fs.readFileSync(restoredFile);
    const again = await cli('restore', backup, '--db', restoredFile);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/gibt es schon/);
    expect(fs.readFileSync(restoredFile).equals(before)).toBe(true);

    const bytes = fs.readFileSync(backup);
    const at = Math.floor(bytes.length / 3);
    bytes[at] = bytes[at]! ^ 0x01;
    fs.writeFileSync(backup, bytes);
    const listing = fs.readdirSync(dir).sort();
    const broken = await cli('restore', backup, '--db', path.join(dir, 'kaputt.sqlite'), '--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({ error: { code: 'backup-invalid', message: expect.stringMatching(/beschädigt/) } });
    expect(fs.readdirSync(dir).sort()).toEqual(listing);
  });
});
