import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration0001 } from '../../../../electron/core/db/migrations/0001-initial.ts';
import { migration0002 } from '../../../../electron/core/db/migrations/0002-indicators.ts';
import { migration0003 } from '../../../../electron/core/db/migrations/0003-facilities.ts';
import { migration0004 } from '../../../../electron/core/db/migrations/0004-exchange.ts';
import { MIGRATIONS } from '../../../../electron/core/db/migrations/index.ts';

function migrated() {
  const db = new Database(':memory:');
  for (const migration of [migration0001, migration0002, migration0003, migration0004]) migration.up(db);
  return db;
}

describe('migration 0004 (exchange)', () => {
  it('is registered as the fourth step', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1, 2, 3, 4]);
  });

  it('adds the local exchange tables and keeps one conflict per row, field and kind', () => {
    const db = migrated();
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['conflicts', 'exchange_peers', 'exchange_replicas', 'exchange_history', 'row_creators']));
    const insert = db.prepare("INSERT INTO conflicts (tbl, row_id, field, kind, heads, ancestor, detected_at) VALUES ('spatial_levels', 'r', 'name', ?, '[]', NULL, 'jetzt')");
    insert.run('field');
    insert.run('delete');
    expect(() => insert.run('field')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('anders')).toThrow(/CHECK/);
  });

  it('refuses an unknown direction in the history', () => {
    const db = migrated();
    expect(() =>
      db.prepare("INSERT INTO exchange_history (direction, bundle_id, file_name, peer_replica, peer_name, at, summary) VALUES ('seitwärts', 'b', 'f', 'p', 'n', 'a', '{}')").run(),
    ).toThrow(/CHECK/);
  });
});
