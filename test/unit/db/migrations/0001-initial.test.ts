import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration0001 } from '../../../../electron/core/db/migrations/0001-initial.ts';

describe('migration 0001 (initial schema)', () => {
  it('creates the spatial, facility, attachment and change-log tables', () => {
    const db = new Database(':memory:');
    db.transaction(() => migration0001.up(db))();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(
      ['attachments', 'facilities', 'facility_categories', 'heads', 'local_replica', 'ops', 'settings', 'spatial_levels', 'spatial_units'].sort(),
    );
    db.close();
  });

  it('enforces references between units, levels and parents', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migration0001.up(db);
    expect(() =>
      db.prepare("INSERT INTO spatial_units (id, level_id, code, name, geometry) VALUES ('u1', 'missing-level', 'A', 'A', '{}')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO spatial_levels (id, key, name, rank) VALUES ('l1', 'stadtteil', 'Stadtteil', 0)").run();
    db.prepare("INSERT INTO spatial_units (id, level_id, code, name, geometry) VALUES ('u1', 'l1', 'A', 'A', '{}')").run();
    expect(() =>
      db.prepare("INSERT INTO spatial_units (id, level_id, code, name, parent_id, geometry) VALUES ('u2', 'l1', 'B', 'B', 'nope', '{}')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('only accepts content-addressed attachment ids (SHA-256 hex)', () => {
    const db = new Database(':memory:');
    migration0001.up(db);
    expect(() => db.prepare("INSERT INTO attachments (id, name, mime, size) VALUES ('short', 'a.jpg', 'image/jpeg', 1)").run()).toThrow(/CHECK/);
    db.prepare('INSERT INTO attachments (id, name, mime, size) VALUES (?, ?, ?, ?)').run('a'.repeat(64), 'a.jpg', 'image/jpeg', 1);
    db.close();
  });

  it('keeps op identity unique per replica and sequence number', () => {
    const db = new Database(':memory:');
    migration0001.up(db);
    const insert = db.prepare("INSERT INTO ops (replica, seq, hlc, tbl, row_id, field, value, pred) VALUES ('r', 1, 'h', 't', 'x', 'f', '1', '[]')");
    insert.run();
    expect(() => insert.run()).toThrow(/UNIQUE|PRIMARY KEY/);
    db.close();
  });
});
