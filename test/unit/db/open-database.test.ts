import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/migrate.ts';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/db/migrations/index.ts';
import type { Migration } from '../../../electron/core/db/migrations/types.ts';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { tempDir } from '../../helpers/temp-db.ts';

describe('opening a database', () => {
  it('creates a migrated WAL database with foreign keys and a replica id', () => {
    const file = path.join(tempDir(), 'neu', 'qa.sqlite');
    const db = openDatabase(file);
    try {
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      const replica = db.sqlite.prepare('SELECT replica_id FROM local_replica').get() as { replica_id: string };
      expect(replica.replica_id).toMatch(/^[0-9a-z]{16}$/);
    } finally {
      db.close();
    }
  });

  it('keeps the same replica id across restarts', () => {
    const file = path.join(tempDir(), 'qa.sqlite');
    const first = openDatabase(file);
    const id = (first.sqlite.prepare('SELECT replica_id FROM local_replica').get() as { replica_id: string }).replica_id;
    first.close();
    const second = openDatabase(file);
    expect((second.sqlite.prepare('SELECT replica_id FROM local_replica').get() as { replica_id: string }).replica_id).toBe(id);
    second.close();
  });

  it('refuses a database written by a newer app version, without touching it', () => {
    const file = path.join(tempDir(), 'future.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE something (x)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/neueren Version von Quartiersatlas.*aktualisieren/s);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses a file that is not a Quartiersatlas database', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, 'Dies ist keine Datenbank, sondern eine Textdatei mit genug Inhalt für einen Header.'.repeat(10));
    expect(() => openDatabase(text)).toThrow(/keine Quartiersatlas-Datenbank/);
    const foreign = path.join(dir, 'foreign.sqlite');
    const raw = new Database(foreign);
    raw.exec('CREATE TABLE kunden (name TEXT)');
    raw.close();
    expect(() => openDatabase(foreign)).toThrow(/keine Quartiersatlas-Datenbank/);
  });

  it('refuses a second opener of the same file with a clear message, and frees it on close', () => {
    const file = path.join(tempDir(), 'qa.sqlite');
    const first = openDatabase(file);
    expect(() => openDatabase(file)).toThrow(/bereits von einem anderen Quartiersatlas-Prozess geöffnet/);
    first.close();
    const again = openDatabase(file);
    again.close();
  });

  it('takes over a lock left behind by a process that no longer exists', () => {
    const file = path.join(tempDir(), 'qa.sqlite');
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: 'gestern' }));
    const db = openDatabase(file);
    db.close();
  });
});

describe('migrations', () => {
  const steps: Migration[] = [
    { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE a (x INTEGER)') },
    { version: 2, name: 'two', up: (db) => db.exec('ALTER TABLE a ADD COLUMN y INTEGER') },
    { version: 3, name: 'broken', up: (db) => db.exec('ALTER TABLE missing ADD COLUMN z INTEGER') },
  ];

  it('runs pending migrations in order and records the version', () => {
    const db = new Database(':memory:');
    expect(migrate(db, { migrations: steps.slice(0, 2) })).toMatchObject({ from: 0, to: 2 });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(migrate(db, { migrations: steps.slice(0, 2) })).toMatchObject({ from: 2, to: 2 });
  });

  it('rolls back every step of a failed run: the schema stays where it was', () => {
    const db = new Database(':memory:');
    migrate(db, { migrations: steps.slice(0, 1) });
    expect(() => migrate(db, { migrations: steps })).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const columns = (db.prepare('PRAGMA table_info(a)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(['x']);
  });

  it('backs up an existing database before migrating, but not a new one', () => {
    const db = new Database(':memory:');
    const backups: number[] = [];
    migrate(db, { migrations: steps.slice(0, 1), backup: (from) => (backups.push(from), 'b') });
    expect(backups).toEqual([]);
    expect(migrate(db, { migrations: steps.slice(0, 2), backup: (from) => (backups.push(from), 'copy') }).backupPath).toBe('copy');
    expect(backups).toEqual([1]);
  });
});
