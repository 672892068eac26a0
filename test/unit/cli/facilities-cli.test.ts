import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalDump } from '../../helpers/canonical-dump.ts';
import { FIXTURES } from '../../helpers/fixtures.ts';
import { tempDir } from '../../helpers/temp-db.ts';
import { cli } from '../../helpers/run-cli.ts';

const SCHOOLS = path.join(FIXTURES, 'nrw', 'gelsenkirchen_schulen_subset_of_nrw_file.csv');
const STADTTEILE = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson');
const KNOWN: Record<string, number> = {
  Buer: 15, Schalke: 10, 'Bulmke-Hüllen': 7, Beckhausen: 6, Erle: 5, Ückendorf: 5, Bismarck: 4, Horst: 4, Hassel: 4,
  Resse: 3, Rotthausen: 3, Altstadt: 3, Feldmark: 2, 'Resser Mark': 2, Scholven: 2, Neustadt: 2, Heßler: 1, 'Schalke-Nord': 1,
};

function dumpOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return canonicalDump(db);
  } finally {
    db.close();
  }
}

type Exported = { features: Array<{ geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }> };

describe('quartiersatlas command line: facilities', () => {
  it('imports a school list with a mapping, asks about duplicates, exports with unit keys, and reads its own export back', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'ge.sqlite');
    const units = await cli('import', STADTTEILE, '--db', db, '--kind', 'units', '--level', 'Stadtteil', '--code-field', 'id', '--name-field', 'stadttei00');
    expect(units.code, units.stderr).toBe(0);
    const mapping = path.join(dir, 'schulen.json');
    fs.writeFileSync(
      mapping,
      JSON.stringify({
        position: { type: 'lonlat', lon: 'longitude', lat: 'latitude' },
        fields: { id: 'Schulnummer', name: { template: '{Amtliche Bezeichnung 1} {Amtliche Bezeichnung 2}' }, capacity: 'Anzahl', capacityUnit: { value: 'Schüler:innen' } },
      }),
    );

    // Three pairs share an address: the import stops and says how to decide; nothing is written.
    const before = dumpOf(db);
    const asked = await cli('import', SCHOOLS, '--db', db, '--kind', 'facilities', '--category', 'Schule', '--mapping', mapping);
    expect(asked.code).toBe(1);
    expect(asked.stderr).toMatch(/nicht verändert/);
    expect(asked.stderr).toMatch(/Zeile 36: Möglicherweise doppelt/);
    expect(asked.stderr).toMatch(/--duplicates skip\|keep\|update/);
    expect(dumpOf(db)).toBe(before);

    const kept = await cli('import', SCHOOLS, '--db', db, '--kind', 'facilities', '--category', 'Schule', '--mapping', mapping, '--duplicates', 'keep', '--json');
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout)).toMatchObject({ created: 79, duplicates: 3, sourceCrs: 'EPSG:4326' });

    const out = path.join(dir, 'schulen.geojson');
    const exported = await cli('export', 'facilities', '--db', db, '--out', out, '--json');
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ features: 79 });
    const collection = JSON.parse(fs.readFileSync(out, 'utf8')) as Exported;
    const names = new Map(
      (JSON.parse(fs.readFileSync(STADTTEILE, 'utf8')) as { features: Array<{ properties: { id: string; stadttei00: string } }> }).features.map((f) => [f.properties.id, f.properties.stadttei00]),
    );
    const perStadtteil: Record<string, number> = {};
    for (const feature of collection.features) {
      const name = names.get(String(feature.properties.Stadtteil))!;
      perStadtteil[name] = (perStadtteil[name] ?? 0) + 1;
    }
    expect(perStadtteil).toEqual(KNOWN);
    expect(collection.features[0]!.properties).toMatchObject({ category: 'Schule', capacity_unit: 'Schüler:innen', kind: 'facility' });

    // Round trip: the export is an ordinary point file for another database.
    const other = path.join(dir, 'zweite.sqlite');
    expect((await cli('import', STADTTEILE, '--db', other, '--kind', 'units', '--level', 'Stadtteil', '--code-field', 'id', '--name-field', 'stadttei00')).code).toBe(0);
    const back = await cli('import', out, '--db', other, '--kind', 'facilities', '--category', 'Schule', '--id-field', 'id', '--name-field', 'name', '--duplicates', 'keep', '--json');
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({ created: 79 });
    const again = path.join(dir, 'zurueck.geojson');
    expect((await cli('export', 'facilities', '--db', other, '--out', again)).code).toBe(0);
    const roundTrip = JSON.parse(fs.readFileSync(again, 'utf8')) as Exported;
    const position = (c: Exported) => c.features.map((f) => `${String(f.properties.name)}|${f.geometry.coordinates.join(',')}|${String(f.properties.Stadtteil)}`).sort();
    expect(position(roundTrip)).toEqual(position(collection));

    // The same table again: nothing new, and no question about duplicates decided before.
    const repeat = await cli('import', SCHOOLS, '--db', db, '--kind', 'facilities', '--category', 'Schule', '--mapping', mapping, '--json');
    expect(repeat.code, repeat.stderr).toBe(0);
    expect(JSON.parse(repeat.stdout)).toMatchObject({ created: 0, unchanged: 79 });
  }, 180_000);

  it('finds latitude/longitude columns on its own and reads x/y in a named CRS', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'xy.sqlite');
    expect((await cli('import', STADTTEILE, '--db', db, '--kind', 'units', '--level', 'Stadtteil', '--code-field', 'id', '--name-field', 'stadttei00')).code).toBe(0);
    const auto = await cli('import', SCHOOLS, '--db', db, '--kind', 'facilities', '--category', 'Schule', '--duplicates', 'skip', '--json');
    expect(auto.code, auto.stderr).toBe(0);
    expect(JSON.parse(auto.stdout)).toMatchObject({ created: 76, skipped: 3 });

    // A German-Excel table of meeting rooms with UTM coordinates (EPSG:25832, decimal commas).
    const rooms = path.join(dir, 'raeume.csv');
    fs.writeFileSync(rooms, 'Name;Rechtswert;Hochwert;Plätze\nGemeindesaal St. Urbanus;367325,9;5715918,04;80\nNachbarschaftstreff;368250;5709900;\n');
    const missingCrs = await cli('import', rooms, '--db', db, '--kind', 'facilities', '--category', 'Quartiersbüro');
    expect(missingCrs.code).toBe(1);
    expect(missingCrs.stderr).toMatch(/Koordinatensystem angeben/);
    const xy = await cli('import', rooms, '--db', db, '--kind', 'facilities', '--category', 'Quartiersbüro', '--crs', 'EPSG:25832', '--json');
    expect(xy.code, xy.stderr).toBe(0);
    expect(JSON.parse(xy.stdout)).toMatchObject({ created: 2, sourceCrs: 'EPSG:25832', outsideUnits: [] });
  }, 120_000);

  it('explains wrong facility usage with exit code 2', async () => {
    const db = path.join(tempDir(), 'u.sqlite');
    const noCategory = await cli('import', SCHOOLS, '--db', db, '--kind', 'facilities');
    expect(noCategory.code).toBe(2);
    expect(noCategory.stderr).toMatch(/--category NAME/);
    const badDecision = await cli('import', SCHOOLS, '--db', db, '--kind', 'facilities', '--category', 'Schule', '--duplicates', 'vielleicht');
    expect(badDecision.code).toBe(2);
    const noOut = await cli('export', 'facilities', '--db', db);
    expect(noOut.code).toBe(2);
  });
});
