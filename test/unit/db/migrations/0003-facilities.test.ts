import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/db/migrate.ts';
import { migration0001 } from '../../../../electron/core/db/migrations/0001-initial.ts';
import { migration0002 } from '../../../../electron/core/db/migrations/0002-indicators.ts';
import { migration0003 } from '../../../../electron/core/db/migrations/0003-facilities.ts';
import { openDatabase } from '../../../../electron/core/db/open-database.ts';
import { LATEST_SCHEMA_VERSION } from '../../../../electron/core/db/migrations/index.ts';
import { ensureLocalReplica } from '../../../../electron/core/sync/replica.ts';
import { ChangeWriter } from '../../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../../electron/core/sync/ids.ts';
import { DEFAULT_CATEGORIES, FACILITY_ICONS } from '../../../../shared/facilities.ts';
import { SYNC_TABLES } from '../../../../shared/sync/tables.ts';
import { tempDir } from '../../../helpers/temp-db.ts';

function migrated() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migration0001.up(db);
  migration0002.up(db);
  db.prepare("INSERT INTO facility_categories (id, key, name, color) VALUES ('c', 'kita', 'Kita', '#0072B2')").run();
  return db;
}

const insertFacility = (db: Database.Database, id: string, fields: Record<string, unknown> = {}) => {
  const row = { id, category_id: 'c', name: 'Kita Sonnenschein', lon: 9.43, lat: 54.78, ...fields };
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO facilities (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
};

const search = (db: Database.Database, q: string) =>
  (db.prepare('SELECT f.id FROM facility_search s JOIN facilities f ON f.rowid = s.rowid WHERE facility_search MATCH ? ORDER BY rank').all(q) as Array<{ id: string }>).map((r) => r.id);

describe('migration 0003 (facilities)', () => {
  it('gives every exchanged field a column', () => {
    const db = migrated();
    migration0003.up(db);
    for (const [table, spec] of Object.entries(SYNC_TABLES)) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
      for (const field of Object.keys(spec.fields)) expect(columns, `${table}.${field}`).toContain(field);
    }
  });

  it('keeps existing facilities, with defaults for the new fields, and finds them by full text at once', () => {
    const db = migrated();
    insertFacility(db, 'f1', { address: 'Mühlenstraße 5', attributes: '{"traeger":"AWO"}' });
    migration0003.up(db);
    expect(db.prepare('SELECT kind, target_groups, contact, photos, archived, capacity FROM facilities').get()).toEqual({
      kind: 'facility', target_groups: '[]', contact: '{}', photos: '[]', archived: 0, capacity: null,
    });
    // Rows from before the migration are in the index (rebuild), umlauts folded, attributes included.
    expect(search(db, 'muhlen*')).toEqual(['f1']);
    expect(search(db, 'Mühlen*')).toEqual(['f1']);
    expect(search(db, 'AWO')).toEqual(['f1']);
  });

  it('refuses unknown kinds, accessibility values and negative capacities', () => {
    const db = migrated();
    migration0003.up(db);
    expect(() => insertFacility(db, 'a', { kind: 'gebäude' })).toThrow(/CHECK/);
    expect(() => insertFacility(db, 'b', { accessibility: 'ja' })).toThrow(/CHECK/);
    expect(() => insertFacility(db, 'c', { capacity: -1 })).toThrow(/CHECK/);
    insertFacility(db, 'd', { kind: 'resource', accessibility: 'partial', capacity: 40, resource_description: 'Gemeinschaftsraum für 40 Personen' });
    expect(search(db, 'Gemeinschaftsraum')).toEqual(['d']);
  });

  it('follows edits in the search index and keeps one assignment per facility, level and unit', () => {
    const db = migrated();
    migration0003.up(db);
    insertFacility(db, 'f1', { operator: 'Diakonie' });
    expect(search(db, 'Diakonie')).toEqual(['f1']);
    db.prepare("UPDATE facilities SET operator = 'Caritas', target_groups = '[\"Senior:innen\"]' WHERE id = 'f1'").run();
    expect(search(db, 'Diakonie')).toEqual([]);
    expect(search(db, 'Caritas')).toEqual(['f1']);
    expect(search(db, 'Senior*')).toEqual(['f1']);
    const assign = db.prepare("INSERT INTO facility_units (facility_id, level_id, unit_id) VALUES ('f1', 'l', 'u')");
    assign.run();
    expect(() => assign.run()).toThrow(/UNIQUE|PRIMARY/);
  });

  it('seeds the default categories through the write path, once, with deterministic ids', () => {
    const file = path.join(tempDir(), 'neu.sqlite');
    const db = openDatabase(file);
    const rows = db.sqlite.prepare('SELECT id, key, name, group_name, icon, color FROM facility_categories WHERE deleted = 0 ORDER BY key').all() as Array<Record<string, string>>;
    expect(rows).toHaveLength(DEFAULT_CATEGORIES.length);
    for (const category of DEFAULT_CATEGORIES) {
      const row = rows.find((r) => r.key === category.key)!;
      expect(row).toMatchObject({ id: deterministicId.category(category.key), name: category.name, group_name: category.group, icon: category.icon });
      expect(Object.keys(FACILITY_ICONS)).toContain(row.icon);
    }
    const ops = db.sqlite.prepare("SELECT field FROM ops WHERE tbl = 'facility_categories'").all() as Array<{ field: string }>;
    expect(ops).toHaveLength(DEFAULT_CATEGORIES.length);
    expect(ops.every((op) => op.field === '*')).toBe(true);
    // A category the user deletes stays deleted when the file is opened again.
    const kita = deterministicId.category('kita');
    new ChangeWriter(db.sqlite).transaction((tx) => tx.remove('facility_categories', kita));
    db.close();
    const again = openDatabase(file);
    expect(again.sqlite.prepare('SELECT deleted FROM facility_categories WHERE id = ?').get(kita)).toEqual({ deleted: 1 });
    expect(again.sqlite.prepare('SELECT count(*) AS n FROM ops').get()).toEqual({ n: DEFAULT_CATEGORIES.length + 1 });
    again.close();
  });

  it('upgrades a schema-2 file: its categories gain group and icon, its facilities their units', () => {
    const file = path.join(tempDir(), 'alt.sqlite');
    const old = new Database(file);
    migrate(old, { migrations: [migration0001, migration0002] });
    ensureLocalReplica(old);
    const spielplatz = deterministicId.category('spielplatz');
    old.prepare("INSERT INTO spatial_levels (id, key, name, rank) VALUES ('l', 'stadtteil', 'Stadtteil', 0)").run();
    const square = JSON.stringify({ type: 'Polygon', coordinates: [[[9, 54], [9.1, 54], [9.1, 54.1], [9, 54.1], [9, 54]]] });
    old.prepare("INSERT INTO spatial_units (id, level_id, code, name, geometry) VALUES ('u', 'l', '01', 'Altstadt', ?)").run(square);
    old.prepare("INSERT INTO facility_categories (id, key, name, color) VALUES (?, 'spielplatz', 'Spielplatz', '#E69F00')").run(spielplatz);
    old.prepare("INSERT INTO facilities (id, category_id, name, lon, lat) VALUES ('f', ?, 'Am Hafen', 9.05, 54.05)").run(spielplatz);
    old.close();

    const db = openDatabase(file);
    expect(db.migration).toMatchObject({ from: 2, to: LATEST_SCHEMA_VERSION });
    expect(db.migration.backupPath).toMatch(/vor-update-schema2/);
    expect(db.sqlite.prepare('SELECT name, color, group_name, icon FROM facility_categories WHERE id = ?').get(spielplatz)).toEqual({
      name: 'Spielplatz', color: '#E69F00', group_name: 'Spiel, Sport und Grün', icon: 'spielplatz',
    });
    expect(db.sqlite.prepare('SELECT facility_id, level_id, unit_id FROM facility_units').all()).toEqual([{ facility_id: 'f', level_id: 'l', unit_id: 'u' }]);
    db.close();
  });
});
