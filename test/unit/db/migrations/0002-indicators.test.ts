import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration0001 } from '../../../../electron/core/db/migrations/0001-initial.ts';
import { migration0002 } from '../../../../electron/core/db/migrations/0002-indicators.ts';

function migrated() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migration0001.up(db);
  migration0002.up(db);
  db.prepare("INSERT INTO spatial_levels (id, key, name, rank) VALUES ('l', 'stadtteil', 'Stadtteil', 0)").run();
  db.prepare("INSERT INTO spatial_units (id, level_id, code, name, geometry) VALUES ('u', 'l', '01', 'Altstadt', '{}')").run();
  return db;
}

const indicator = (id: string, fields: Record<string, unknown> = {}) => ({
  id, code: 'sgb2_anteil', name: 'Anteil SGB-II-Berechtigte', polarity: 'need', kind: 'status', measure: 'relative', definition: 'Regelleistungsberechtigte nach SGB II je 100 Einwohner:innen unter 65', ...fields,
});

function insertIndicator(db: Database.Database, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  db.prepare(`INSERT INTO indicators (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

describe('migration 0002 (indicators)', () => {
  it('keeps one value per indicator, unit and period, and only known flags', () => {
    const db = migrated();
    insertIndicator(db, indicator('i'));
    const insert = db.prepare('INSERT INTO indicator_values (id, indicator_id, unit_id, period, value, flag) VALUES (?, ?, ?, ?, ?, ?)');
    insert.run('i|u|2021', 'i', 'u', '2021', 13.4, null);
    expect(() => insert.run('i|u|2021', 'i', 'u', '2021', 13.5, null)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('i|u|2020', 'i', 'u', '2020', null, 'geheim')).toThrow(/CHECK/);
    expect(() => insert.run('x|u|2020', 'x', 'u', '2020', 1, null)).toThrow(/FOREIGN KEY/);
  });

  it('refuses unknown polarities', () => {
    const db = migrated();
    expect(() => insertIndicator(db, indicator('i', { polarity: 'egal' }))).toThrow(/CHECK/);
  });

  it('finds indicators by full text, with or without umlauts, and follows edits', () => {
    const db = migrated();
    insertIndicator(db, indicator('a'));
    insertIndicator(db, indicator('b', { code: 'altenquotient', name: 'Altenquotient', definition: 'Über-65-Jährige je 100 Personen von 20 bis 64 Jahren' }));
    const search = (q: string) => (db.prepare('SELECT i.code FROM indicator_search s JOIN indicators i ON i.rowid = s.rowid WHERE indicator_search MATCH ? ORDER BY rank').all(q) as Array<{ code: string }>).map((r) => r.code);
    expect(search('SGB')).toEqual(['sgb2_anteil']);
    expect(search('uber*')).toEqual(['altenquotient']);
    expect(search('Über*')).toEqual(['altenquotient']);
    db.prepare("UPDATE indicators SET name = 'Jugendquotient', definition = 'Unter-20-Jährige' WHERE id = 'b'").run();
    expect(search('Altenquotient')).toEqual(['altenquotient']); // still by code
    expect(search('Jugendquotient')).toEqual(['altenquotient']);
    expect(search('uber*')).toEqual([]);
  });
});
