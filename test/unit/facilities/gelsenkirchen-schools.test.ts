import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../../electron/core/db/open-database.ts';
import { ImportFailed } from '../../../electron/core/geo/types.ts';
import { importFacilities } from '../../../electron/core/imports/import-facilities.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { previewFacilities } from '../../../electron/core/imports/preview-facilities.ts';
import { locatePoint } from '../../../electron/core/geo/point-index.ts';
import { listFacilities } from '../../../electron/core/services/facilities.ts';
import { saveFacilityIndicator } from '../../../electron/core/services/facility-indicators.ts';
import { valuesForMap } from '../../../electron/core/services/indicator-values.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import type { FacilityMappingInput } from '../../../shared/facility-mapping.ts';
import { FIXTURES, sourceFile } from '../../helpers/fixtures.ts';
import { suiteDatabase } from '../../helpers/suite-db.ts';

const SCHOOLS = path.join(FIXTURES, 'nrw', 'gelsenkirchen_schulen_subset_of_nrw_file.csv');
const STADTTEILE = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson');

// The known counts (test/fixtures/README.md).
const KNOWN: Record<string, number> = {
  Buer: 15, Schalke: 10, 'Bulmke-Hüllen': 7, Beckhausen: 6, Erle: 5, Ückendorf: 5, Bismarck: 4, Horst: 4, Hassel: 4,
  Resse: 3, Rotthausen: 3, Altstadt: 3, Feldmark: 2, 'Resser Mark': 2, Scholven: 2, Neustadt: 2, Heßler: 1, 'Schalke-Nord': 1,
};

/** Schulform → the default categories; the mapping translates the column's texts. */
const SCHOOL_MAPPING: FacilityMappingInput = {
  name: 'NRW-Schulliste',
  category: {
    column: 'Schulform',
    values: {
      Grundschule: 'Grundschule', 'Förderschule Grund-/Hauptschule': 'Förderschule', Gymnasium: 'Weiterführende Schule', Gesamtschule: 'Weiterführende Schule',
      Hauptschule: 'Weiterführende Schule', Realschule: 'Weiterführende Schule', Sekundarschule: 'Weiterführende Schule', 'Freie Waldorfschule': 'Weiterführende Schule',
      Berufskolleg: 'Weiterführende Schule', Weiterbildungskolleg: 'Weiterführende Schule',
    },
  },
  position: { type: 'lonlat', lon: 'longitude', lat: 'latitude' },
  fields: {
    id: 'Schulnummer',
    name: { template: '{Amtliche Bezeichnung 1} {Amtliche Bezeichnung 2}' },
    address: { template: '{Straße und Hausnummer}, {Postleitzahl} {Ort}' },
    capacity: 'Anzahl',
    capacityUnit: { value: 'Schüler:innen' },
    email: 'Offizielle E-Mail-Adresse',
    source: { value: 'IT.NRW Schulliste 2024/25, Sozialindex MSB NRW (dl-de/by-2-0)' },
  },
};

const SCHOOL_CATEGORIES = ['grundschule', 'foerderschule', 'weiterfuehrende-schule'].map((key) => deterministicId.category(key));

const db: OpenedDatabase = suiteDatabase('gelsenkirchen.sqlite');
let writer: ChangeWriter;
let stadtteil: string;
const names = () => new Map((db.sqlite.prepare('SELECT id, name FROM spatial_units WHERE level_id = ?').all(stadtteil) as Array<{ id: string; name: string }>).map((u) => [u.id, u.name]));

beforeAll(async () => {
  writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  await importUnits(db.sqlite, [sourceFile(STADTTEILE)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
  stadtteil = deterministicId.level('stadtteil');
});

describe('the 79 Gelsenkirchen schools from the NRW school list (table import, lat/lon)', () => {
  it('previews the mapping, the three categories and the pairs sharing an address within a category', async () => {
    const preview = await previewFacilities(db.sqlite, [sourceFile(SCHOOLS)], { mapping: SCHOOL_MAPPING });
    expect(preview).toMatchObject({ kind: 'table', sourceCrs: 'EPSG:4326', table: { format: 'csv', delimiter: ',' } });
    expect(preview.result).toMatchObject({ importable: true, rows: 79, valid: 79, invalid: 0, newRecords: 79, existingRecords: 0, outside: { levels: [] } });
    expect(Object.fromEntries(preview.result.categories.map((c) => [c.name, [c.count, c.known]]))).toEqual({
      Grundschule: [40, true], Förderschule: [10, true], 'Weiterführende Schule': [29, true],
    });
    expect(preview.result.records[0]).toMatchObject({ name: 'Gemeinschaftsgrundschule an der Ebersteinstraße', address: 'Ebersteinstr. 2, 45881 Gelsenkirchen', capacity: 330, capacityUnit: 'Schüler:innen' });
    // Three pairs of schools share an address; two of them in the same category. (The Förderschule
    // in line 52 shares its building with the Grundschule in line 6: different categories, not asked.)
    expect(preview.result.duplicates.map((d) => [d.line, d.other.ref, d.reason])).toEqual([
      [36, 'line:7', 'address'],
      [75, 'line:62', 'address'],
    ]);
  });

  it('refuses to import while possible duplicates wait for a decision, and writes nothing', async () => {
    const before = (db.sqlite.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n;
    const failure = await importFacilities(db.sqlite, [sourceFile(SCHOOLS)], { mapping: SCHOOL_MAPPING }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailed);
    const issues = (failure as ImportFailed).issues;
    expect(issues.map((i) => i.line)).toEqual([36, 75]);
    expect(issues[0]!.message).toMatch(/Möglicherweise doppelt: „Don-Bosco-Schule.*Fürstinnenstr\. 53.*Zeile 7.*gleiche Adresse.*--duplicates/);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n).toBe(before);
  });

  it('imports all 79 when told to keep both, into the known Stadtteile, and again changes nothing', async () => {
    const decisions = [{ ref: 'line:36', decision: 'keep' as const }, { ref: 'line:75', decision: 'keep' as const }];
    const summary = await importFacilities(db.sqlite, [sourceFile(SCHOOLS)], { mapping: SCHOOL_MAPPING, decisions });
    expect(summary).toMatchObject({ created: 79, updated: 0, unchanged: 0, duplicates: 2, skipped: 0, outsideUnits: [] });
    const count = saveFacilityIndicator(writer, db.sqlite, { code: 'schulen', name: 'Schulen', recipe: { type: 'facilities', measure: 'count', categoryIds: SCHOOL_CATEGORIES, periods: ['2024'] } });
    const unitNames = names();
    const counted = Object.fromEntries(valuesForMap(db.sqlite, count.id, '2024', stadtteil).map((v) => [unitNames.get(v.unitId), v.value]));
    expect(counted).toEqual(KNOWN);
    // The same file again: same ids (Schulnummer), nothing new, and no question about duplicates already decided.
    const again = await importFacilities(db.sqlite, [sourceFile(SCHOOLS)], { mapping: SCHOOL_MAPPING });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 79, duplicates: 0 });
    const school = listFacilities(db.sqlite, { query: 'Ebersteinstraße' }).items;
    expect(school).toHaveLength(1);
    expect(school[0]).toMatchObject({ category: { name: 'Grundschule' }, capacity: 330, units: [{ name: 'Schalke' }] });
  });

  it('averages the Schulsozialindex per Stadtteil as a hand computation does', () => {
    const mean = saveFacilityIndicator(writer, db.sqlite, {
      code: 'schulsozialindex_mittel', name: 'Mittlerer Schulsozialindex', recipe: { type: 'facilities', measure: 'attribute-mean', attribute: 'Sozialindex', categoryIds: SCHOOL_CATEGORIES, periods: ['2024'] },
    });
    expect(mean).toMatchObject({ measure: 'relative', topic: 'Infrastruktur', computed: true });

    // By hand: the CSV as text, each school located by the plain polygon test on the stored boundaries.
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(SCHOOLS, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const units = db.sqlite.prepare('SELECT name, geometry FROM spatial_units WHERE level_id = ?').all(stadtteil) as Array<{ name: string; geometry: string }>;
    const sums = new Map<string, { sum: number; n: number }>();
    for (const row of rows) {
      const unit = units.find((u) => locatePoint(JSON.parse(u.geometry), Number(row.longitude), Number(row.latitude)) !== 'outside')!;
      if (row.Sozialindex === '') continue;
      const entry = sums.get(unit.name) ?? { sum: 0, n: 0 };
      entry.sum += Number(row.Sozialindex);
      entry.n += 1;
      sums.set(unit.name, entry);
    }
    const unitNames = names();
    const values = valuesForMap(db.sqlite, mean.id, '2024', stadtteil);
    expect(values).toHaveLength(18);
    for (const value of values) {
      const hand = sums.get(unitNames.get(value.unitId)!);
      if (!hand) expect(value).toMatchObject({ value: null, flag: 'missing' });
      else expect(value.value).toBeCloseTo(hand.sum / hand.n, 9);
    }
    expect([...sums.values()].reduce((s, e) => s + e.n, 0)).toBeGreaterThan(60);
  });

  it('sums pupils per Stadtteil as capacity', () => {
    const capacity = saveFacilityIndicator(writer, db.sqlite, { code: 'schueler', name: 'Schüler:innen', recipe: { type: 'facilities', measure: 'capacity', categoryIds: SCHOOL_CATEGORIES, periods: ['2024'] } });
    expect(capacity.unit).toBe('Schüler:innen');
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(SCHOOLS, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const total = valuesForMap(db.sqlite, capacity.id, '2024', stadtteil).reduce((s, v) => s + (v.value ?? 0), 0);
    expect(total).toBe(rows.reduce((s, r) => s + Number(r.Anzahl), 0));
  });
});
