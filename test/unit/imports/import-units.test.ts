import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFailed } from '../../../electron/core/geo/types.ts';
import { importFacilities } from '../../../electron/core/imports/import-facilities.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { canonicalDump } from '../../helpers/canonical-dump.ts';
import { DEMO_DIR, FIXTURES, sourceFile, textFile } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const GELSENKIRCHEN = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson');

describe('importing spatial units', () => {
  it('imports the 18 Gelsenkirchen Stadtteile with areas matching flaeche_ST within 0.5 %', async () => {
    const db = tempDatabase();
    const summary = await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
    expect(summary).toMatchObject({ created: 18, updated: 0, unchanged: 0 });
    const rows = db.sqlite.prepare('SELECT name, area_km2, attributes FROM spatial_units').all() as Array<{ name: string; area_km2: number; attributes: string }>;
    expect(rows).toHaveLength(18);
    expect(rows.map((r) => r.name)).toContain('Heßler');
    for (const row of rows) {
      const official = (JSON.parse(row.attributes) as { flaeche_ST: number }).flaeche_ST / 1e6;
      expect(Math.abs(row.area_km2 - official) / official).toBeLessThan(0.005);
    }
  });

  it('gives two laptops importing the same official file the same rows (deterministic ids)', async () => {
    const a = tempDatabase('a.sqlite');
    const b = tempDatabase('b.sqlite');
    for (const db of [a, b]) await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
    const ids = (db: typeof a) => db.sqlite.prepare('SELECT id FROM spatial_units ORDER BY id').all();
    expect(ids(a)).toEqual(ids(b));
  });

  it('changes nothing when the same file is imported again', async () => {
    const db = tempDatabase();
    const file = sourceFile(GELSENKIRCHEN);
    await importUnits(db.sqlite, [file], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
    const before = canonicalDump(db.sqlite);
    const again = await importUnits(db.sqlite, [file], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 18 });
    expect(canonicalDump(db.sqlite)).toBe(before);
  });

  it('links the statistical districts to their Stadtteil through the parent key', async () => {
    const db = tempDatabase();
    await importUnits(db.sqlite, [sourceFile(path.join(DEMO_DIR, 'flensburg_stadtteile.geojson'))], { level: 'Stadtteil', codeField: 'AREA_ID', nameField: 'AREA_NAME' });
    const result = await importUnits(db.sqlite, [sourceFile(path.join(DEMO_DIR, 'flensburg_stadtbezirke.geojson'))], {
      level: 'Statistischer Bezirk', codeField: 'AREA_ID', nameField: 'AREA_NAME', parentField: 'PARENT_ARE',
    });
    expect(result.created).toBe(41);
    const orphans = db.sqlite.prepare("SELECT count(*) AS n FROM spatial_units u JOIN spatial_levels l ON l.id = u.level_id WHERE l.key = 'statistischer-bezirk' AND u.parent_id IS NULL").get() as { n: number };
    expect(orphans.n).toBe(0);
    const levels = db.sqlite.prepare('SELECT name, rank FROM spatial_levels ORDER BY rank').all();
    expect(levels).toEqual([{ name: 'Stadtteil', rank: 0 }, { name: 'Statistischer Bezirk', rank: 1 }]);
    const parent = db.sqlite.prepare("SELECT p.name FROM spatial_units u JOIN spatial_units p ON p.id = u.parent_id WHERE u.code = 'STBZ011'").get() as { name: string };
    expect(parent.name).toBe('01 Altstadt');
  });

  describe('broken input leaves the database unchanged and names the problem', () => {
    const cases: Array<[string, () => ReturnType<typeof sourceFile>[], RegExp]> = [
      ['bad JSON', () => [textFile('kaputt.geojson', '{"type": "FeatureCollection", "features": [')], /kaputt\.geojson/],
      ['a .shp without .dbf', () => [sourceFile(path.join(FIXTURES, 'flensburg-shp', 'Stadtteile.shp')), sourceFile(path.join(FIXTURES, 'flensburg-shp', 'Stadtteile.shx'))], /Stadtteile\.dbf/],
      [
        'a polygon with 2 points',
        () => [textFile('zwei-punkte.geojson', JSON.stringify({ type: 'FeatureCollection', features: [
          { type: 'Feature', properties: { id: 'A', name: 'Gut' }, geometry: { type: 'Polygon', coordinates: [[[9, 54], [9.1, 54], [9.1, 54.1], [9, 54]]] } },
          { type: 'Feature', properties: { id: 'B', name: 'Kaputt' }, geometry: { type: 'Polygon', coordinates: [[[9, 54], [9.1, 54]]] } },
        ] }))],
        /Objekt 2|2 Punkte/,
      ],
      ['duplicate keys', () => [textFile('doppelt.geojson', JSON.stringify({ type: 'FeatureCollection', features: [1, 2].map(() => (
        { type: 'Feature', properties: { id: 'A', name: 'X' }, geometry: { type: 'Polygon', coordinates: [[[9, 54], [9.1, 54], [9.1, 54.1], [9, 54]]] } })) }))], /kommt schon bei Objekt 1 vor/],
    ];
    for (const [label, files, message] of cases) {
      it(label, async () => {
        const db = tempDatabase();
        await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
        const before = canonicalDump(db.sqlite);
        const failure = await importUnits(db.sqlite, files(), { level: 'Stadtteil', codeField: 'id', nameField: 'name' }).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(ImportFailed);
        expect((failure as ImportFailed).issues.map((i) => `${i.file} ${i.feature ?? ''} ${i.message}`).join('\n')).toMatch(message);
        expect(canonicalDump(db.sqlite)).toBe(before);
      });
    }

    it('a code field that does not exist', async () => {
      const db = tempDatabase();
      const ops = () => (db.sqlite.prepare("SELECT count(*) AS n FROM ops WHERE tbl != 'facility_categories'").get() as { n: number }).n;
      const failure = await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { level: 'Stadtteil', codeField: 'SCHLUESSEL' }).catch((e: unknown) => e);
      expect((failure as ImportFailed).issues[0]!.message).toMatch(/„SCHLUESSEL“ gibt es in der Datei nicht/);
      expect(ops()).toBe(0);
    });
  });
});

describe('importing facilities', () => {
  it('imports the 76 Flensburg playgrounds once, however often the file is read', async () => {
    const db = tempDatabase();
    const file = sourceFile(path.join(DEMO_DIR, 'spielplaetze_flensburg.geojson'));
    expect(await importFacilities(db.sqlite, [file], { category: 'Spielplatz', nameField: 'place' })).toMatchObject({ created: 76 });
    expect(await importFacilities(db.sqlite, [file], { category: 'Spielplatz', nameField: 'place' })).toMatchObject({ created: 0, unchanged: 76 });
    const sample = db.sqlite.prepare("SELECT name, address FROM facilities WHERE name = 'Am Sender'").get();
    expect(sample).toEqual({ name: 'Am Sender', address: 'Mommsenstraße 47, 24943 Flensburg' });
  });

  it('refuses polygons where points are expected', async () => {
    const db = tempDatabase();
    const failure = await importFacilities(db.sqlite, [sourceFile(GELSENKIRCHEN)], { category: 'Schule' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailed);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM facilities').get() as { n: number }).n).toBe(0);
  });
});

describe('boundary versions', () => {
  const UPDATED = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_updated_epsg3044.geojson');
  const options = { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' };

  it('refuses the updated file with its key-less placeholder feature, naming it, unless told to skip it', async () => {
    const db = tempDatabase();
    await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], options);
    const failure = await importUnits(db.sqlite, [sourceFile(UPDATED)], { ...options, validFrom: '2024-01-01' }).catch((e: unknown) => e);
    expect((failure as ImportFailed).issues).toEqual([expect.objectContaining({ feature: 18, field: 'id', message: expect.stringMatching(/Schlüssel fehlt/) })]);
  });

  it('ends vanished units the day before the new version and keeps them, with their history', async () => {
    const db = tempDatabase();
    await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], options);
    const summary = await importUnits(db.sqlite, [sourceFile(UPDATED)], { ...options, validFrom: '2024-01-01', skipInvalidFeatures: true });
    expect(summary.ended).toBe(1);
    expect(summary.created).toBe(0);
    expect(summary.warnings.some((w) => w.feature === 18 && /übersprungen/.test(w.message))).toBe(true);
    const hassel = db.sqlite.prepare("SELECT name, valid_to, deleted FROM spatial_units WHERE code = 'ST22'").get();
    expect(hassel).toEqual({ name: 'Hassel', valid_to: '2023-12-31', deleted: 0 });
    const current = db.sqlite.prepare("SELECT count(*) AS n FROM spatial_units WHERE valid_to IS NULL").get() as { n: number };
    expect(current.n).toBe(17);
    // Importing the older version again as current brings Hassel back.
    const back = await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { ...options, validFrom: '2025-01-01' });
    expect(back.ended).toBe(0);
    expect(db.sqlite.prepare("SELECT valid_to FROM spatial_units WHERE code = 'ST22'").get()).toEqual({ valid_to: null });
  });

  it('refuses a malformed validity date', async () => {
    const db = tempDatabase();
    const failure = await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { ...options, validFrom: '1.1.2024' }).catch((e: unknown) => e);
    expect((failure as ImportFailed).issues[0]!.message).toMatch(/kein Datum/);
  });
});
