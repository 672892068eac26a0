import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { canonicalDump } from '../../helpers/canonical-dump.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { tempDir } from '../../helpers/temp-db.ts';
import { cli } from '../../helpers/run-cli.ts';


function dumpOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return canonicalDump(db);
  } finally {
    db.close();
  }
}

describe('quartiersatlas command line', () => {
  it('creates the demo and reports 13 + 41 units and 76 facilities', async () => {
    const db = path.join(tempDir(), 'demo.sqlite');
    const demo = await cli('demo', '--db', db);
    expect(demo.code, demo.stderr).toBe(0);
    const info = await cli('info', '--db', db, '--json');
    expect(info.code, info.stderr).toBe(0);
    const parsed = JSON.parse(info.stdout) as { unitsPerLevel: Record<string, number>; counts: Record<string, number>; schemaVersion: number; replicaId: string };
    expect(parsed.unitsPerLevel).toEqual({ Stadtteil: 13, 'Statistischer Bezirk': 41 });
    expect(parsed.counts.facilities).toBe(76);
    expect(parsed.counts.spatial_units).toBe(54);
    expect(parsed.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(parsed.replicaId).toMatch(/^[0-9a-z]{16}$/);
  });

  it('imports the Gelsenkirchen Stadtteile from a projected GeoJSON and exports them again', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'ge.sqlite');
    const result = await cli('import', path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson'), '--db', db, '--kind', 'units', '--level', 'Stadtteil', '--code-field', 'id', '--name-field', 'stadttei00', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 18 });
    const out = path.join(dir, 'stadtteile.geojson');
    const exported = await cli('export', 'units', '--db', db, '--level', 'Stadtteil', '--out', out);
    expect(exported.code, exported.stderr).toBe(0);
    const collection = JSON.parse(fs.readFileSync(out, 'utf8')) as { features: Array<{ properties: { code: string; name: string; area_km2: number } }> };
    expect(collection.features).toHaveLength(18);
    const total = collection.features.reduce((sum, f) => sum + f.properties.area_km2, 0);
    expect(total).toBeGreaterThan(104.905 * 0.995);
    expect(total).toBeLessThan(104.905 * 1.005);
  });

  it('imports a loose Shapefile given by its .shp path', async () => {
    const db = path.join(tempDir(), 'shp.sqlite');
    const result = await cli('import', path.join(FIXTURES, 'flensburg-shp', 'Stadtteile.shp'), '--db', db, '--kind', 'units', '--level', 'Stadtteil', '--json');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 13, sourceCrs: expect.stringMatching(/25832|UTM|ETRS/) });
  });

  it('fails with a clear message and a non-zero exit on a broken file, leaving the database unchanged', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.sqlite');
    expect((await cli('demo', '--db', db)).code).toBe(0);
    const before = dumpOf(db);
    const broken = path.join(dir, 'kaputt.geojson');
    fs.writeFileSync(broken, '{"type":"FeatureCollection","features":[{"type":"Feature",');
    const result = await cli('import', broken, '--db', db, '--kind', 'units', '--level', 'Stadtteil');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/kaputt\.geojson/);
    expect(result.stderr).toMatch(/nicht verändert/);
    expect(dumpOf(db)).toBe(before);
  });

  it('refuses a database another Quartiersatlas process holds open, with a clear message', async () => {
    const file = path.join(tempDir(), 'held.sqlite');
    const held = openDatabase(file);
    try {
      const result = await cli('info', '--db', file);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/bereits von einem anderen Quartiersatlas-Prozess geöffnet/);
    } finally {
      held.close();
    }
    expect((await cli('info', '--db', file)).code).toBe(0);
  });

  it('exports values for German Excel and GeoPackage with values for QGIS', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'v.sqlite');
    expect((await cli('demo', '--db', db)).code).toBe(0);
    const csv = path.join(dir, 'werte.csv');
    const values = await cli('export', 'values', '--db', db, '--level', 'Stadtteil', '--indicators', 'sgb2_anteil', '--out', csv, '--json');
    expect(values.code, values.stderr).toBe(0);
    expect(JSON.parse(values.stdout)).toMatchObject({ rows: 52 });
    expect(fs.readFileSync(csv, 'utf8')).toMatch(/STGT03;03 Nordstadt;2019;sgb2_anteil;[^;]*;%;23;/);
    const gpkg = path.join(dir, 'stadtteile.gpkg');
    const units = await cli('export', 'units', '--db', db, '--level', 'Stadtteil', '--indicators', 'sgb2_anteil,bev_gesamt', '--period', '2021', '--out', gpkg);
    expect(units.code, units.stderr).toBe(0);
    const check = new Database(gpkg, { readonly: true });
    const table = (check.prepare("SELECT table_name FROM gpkg_contents").get() as { table_name: string }).table_name;
    const row = check.prepare(`SELECT * FROM "${table}" WHERE code = 'STGT13'`).get() as Record<string, unknown>;
    check.close();
    expect(row).toMatchObject({ name: '13 Tarup', sgb2_anteil: 3.1, bev_gesamt: 5596 });
    const reimport = await cli('import', csv, '--db', db, '--kind', 'values', '--level', 'Stadtteil', '--unit-field', 'Schlüssel', '--period-field', 'Zeitraum', '--indicator-field', 'Indikator', '--value-field', 'Wert', '--json');
    expect(reimport.code, reimport.stderr).toBe(0);
    expect(JSON.parse(reimport.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 52 });
  });

  it('explains wrong usage with exit code 2', async () => {
    const db = path.join(tempDir(), 'u.sqlite');
    const missingKind = await cli('import', path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson'), '--db', db);
    expect(missingKind.code).toBe(2);
    expect(missingKind.stderr).toMatch(/--kind units, --kind facilities oder --kind values/);
    const unknown = await cli('zaubern', '--db', db);
    expect(unknown.code).toBe(2);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/quartiersatlas import DATEI/);
  });
});
