import ExcelJS from 'exceljs';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { ImportFailed } from '../../../electron/core/geo/types.ts';
import { importFacilities } from '../../../electron/core/imports/import-facilities.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { previewFacilities } from '../../../electron/core/imports/preview-facilities.ts';
import { getFacility, listFacilities } from '../../../electron/core/services/facilities.ts';
import { listCategoryRecords } from '../../../electron/core/services/facility-categories.ts';
import { textFile } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const UTM32 = '+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs';

async function withUnits() {
  const db = tempDatabase();
  const square = { type: 'Polygon', coordinates: [[[9.3, 54.7], [9.6, 54.7], [9.6, 54.9], [9.3, 54.9], [9.3, 54.7]]] };
  await importUnits(db.sqlite, [textFile('stadt.geojson', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'S', name: 'Stadt' }, geometry: square }] }))], {
    level: 'Stadt', codeField: 'code', nameField: 'name',
  });
  return db;
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportFailed);
  return (error as ImportFailed).issues;
};

describe('facility tables (CSV/XLSX)', () => {
  it('names every faulty cell by line and column, imports nothing, or only the valid rows when asked', async () => {
    const db = await withUnits();
    const csv = textFile('treffs.csv', 'Name;lat;lon\nTreff A;54,78;9,43\nTreff B;;9,44\nTreff C;54,79;neun\nTreff D;95;9,45\n');
    const issues = await failure(importFacilities(db.sqlite, [csv], { category: 'Seniorentreff' }));
    expect(issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [3, 'lat', 'Die Koordinate fehlt.'],
      [4, 'lon', '„neun“ ist keine Zahl.'],
      [5, 'lat', '95 ist kein Breitengrad (−90 bis 90).'],
    ]);
    expect(listFacilities(db.sqlite, {}).total).toBe(0);
    const summary = await importFacilities(db.sqlite, [csv], { category: 'Seniorentreff', mapping: { keepValidRowsOnly: true } });
    expect(summary).toMatchObject({ created: 1, skipped: 3 });
    expect(summary.warnings.filter((w) => w.line !== undefined).map((w) => w.line)).toEqual([3, 4, 5]);
  });

  it('reads x/y in a named CRS exactly as proj4 does, and swaps axes given northing first', async () => {
    const db = await withUnits();
    const [x, y] = proj4('EPSG:4326', UTM32, [9.4312345, 54.7812345]) as [number, number];
    const german = (n: number) => n.toFixed(3).replace('.', ',');
    const csv = textFile('xy.csv', `Bezeichnung;X;Y\nBeratung Nord;${german(x)};${german(y)}\n`);
    const issues = await failure(importFacilities(db.sqlite, [csv], { category: 'Beratungsstelle' }));
    expect(issues[0]!.message).toMatch(/Koordinatensystem angeben/);
    const summary = await importFacilities(db.sqlite, [csv], { category: 'Beratungsstelle', crs: 'EPSG:25832' });
    expect(summary).toMatchObject({ created: 1, sourceCrs: 'EPSG:25832' });
    const stored = listFacilities(db.sqlite, {}).items[0]!;
    expect(stored.name).toBe('Beratung Nord');
    expect(stored.lon).toBeCloseTo(9.4312345, 7);
    expect(stored.lat).toBeCloseTo(54.7812345, 7);

    const swapped = textFile('yx.csv', `Bezeichnung;Rechtswert;Hochwert\nBeratung Süd;${german(y)};${german(x)}\n`);
    const result = await importFacilities(db.sqlite, [swapped], { category: 'Beratungsstelle', mapping: { position: { type: 'xy', x: 'Rechtswert', y: 'Hochwert', crs: 'EPSG:25832' } } });
    expect(result.warnings.map((w) => w.message).join(' ')).toMatch(/Reihenfolge Nord, Ost/);
    const south = listFacilities(db.sqlite, { query: 'Süd' }).items[0]!;
    expect(south.lon).toBeCloseTo(9.4312345, 7);
  });

  it('reads an XLSX with numeric cells, templates, fixed values, dates, accessibility and a category column', async () => {
    const db = await withUnits();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Einrichtungen');
    sheet.addRow(['Art', 'Name', 'Straße', 'Ort', 'Breite', 'Länge', 'Plätze', 'Eröffnet', 'Geschlossen', 'Barrierefrei', 'Träger']);
    sheet.addRow(['Kita', 'Kita Regenbogen', 'Lange Str. 3', 'Flensburg', 54.781, 9.431, 75, '01.08.2020', '', 'ja', 'AWO']);
    sheet.addRow(['Bolzplatz', 'Bolzplatz Ost', '', 'Flensburg', 54.79, 9.46, null, '2019', '2024', 'nein', '']);
    const data = new Uint8Array(await workbook.xlsx.writeBuffer());
    const mapping = {
      category: { column: 'Art', values: { Bolzplatz: 'Sport' } },
      fields: {
        name: 'Name', address: { template: '{Straße}, {Ort}' }, capacity: 'Plätze', capacityUnit: { value: 'Plätze' }, validFrom: 'Eröffnet', validTo: 'Geschlossen',
        accessibility: 'Barrierefrei', operator: 'Träger', targetGroups: { value: 'Kinder 0–6' },
      },
    };
    const preview = await previewFacilities(db.sqlite, [{ name: 'einrichtungen.xlsx', data }], { mapping });
    expect(preview).toMatchObject({ kind: 'table', table: { format: 'xlsx', sheets: ['Einrichtungen'] } });
    expect(preview.result.categories.map((c) => [c.name, c.known])).toEqual([['Kita', true], ['Sport', true]]);
    await importFacilities(db.sqlite, [{ name: 'einrichtungen.xlsx', data }], { mapping });
    const [kita, bolzplatz] = ['Regenbogen', 'Bolzplatz'].map((q) => getFacility(db.sqlite, listFacilities(db.sqlite, { query: q }).items[0]!.id));
    expect(kita).toMatchObject({
      category: { name: 'Kita' }, address: 'Lange Str. 3, Flensburg', capacity: 75, capacityUnit: 'Plätze', validFrom: '2020-08-01', validTo: null,
      accessibility: 'full', operator: 'AWO', targetGroups: ['Kinder 0–6'], source: 'einrichtungen.xlsx', units: [{ code: 'S' }],
    });
    expect(bolzplatz).toMatchObject({ category: { name: 'Sport' }, address: 'Flensburg', capacity: null, validFrom: '2019-01-01', validTo: '2024-12-31', accessibility: 'none', operator: null, current: false });
  });

  it('creates an unknown category from the column, and updates an existing facility when told to', async () => {
    const db = await withUnits();
    await importFacilities(db.sqlite, [textFile('a.csv', 'Name;Art;lat;lon;Adresse\nStadtteilcafé;Café;54,78;9,43;Marktplatz 1\n')], { mapping: { category: { column: 'Art' } } });
    expect(listCategoryRecords(db.sqlite).find((c) => c.name === 'Café')).toMatchObject({ key: 'cafe', icon: 'punkt', facilityCount: 1 });
    const original = listFacilities(db.sqlite, {}).items[0]!;
    const second = textFile('b.csv', 'Name;Art;lat;lon;Adresse;Öffnungszeiten\nCafé am Markt;Café;54,7801;9,4301;Marktplatz 1;Mo–Fr 9–17 Uhr\n');
    const issues = await failure(importFacilities(db.sqlite, [second], { mapping: { category: { column: 'Art' }, fields: { openingHours: 'Öffnungszeiten' } } }));
    expect(issues[0]!.message).toMatch(/gleiche Adresse/);
    const summary = await importFacilities(db.sqlite, [second], {
      mapping: { category: { column: 'Art' }, fields: { openingHours: 'Öffnungszeiten' } }, decisions: [{ ref: 'line:2', decision: 'update' }],
    });
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    expect(listFacilities(db.sqlite, {}).total).toBe(1);
    expect(getFacility(db.sqlite, original.id)).toMatchObject({ name: 'Café am Markt', openingHours: 'Mo–Fr 9–17 Uhr' });
  });

  it('refuses a mapping it cannot read, naming the field', async () => {
    const db = await withUnits();
    const issues = await failure(importFacilities(db.sqlite, [textFile('a.csv', 'Name;lat;lon\nA;54,78;9,43\n')], { category: 'Kita', mapping: { fields: { farbe: 'Name' } } }));
    expect(issues[0]).toMatchObject({ file: 'Zuordnung' });
    expect(issues[0]!.message).toMatch(/fields/);
    const missingColumn = await failure(importFacilities(db.sqlite, [textFile('a.csv', 'Name;lat;lon\nA;54,78;9,43\n')], { category: 'Kita', mapping: { fields: { capacity: 'Plätze' } } }));
    expect(missingColumn[0]!.message).toMatch(/Die Spalte „Plätze“ gibt es in der Datei nicht/);
  });
});
