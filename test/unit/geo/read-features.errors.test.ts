import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readFeatures } from '../../../electron/core/geo/read-features.ts';
import { ImportFailed, type ReadFeaturesOptions, type SourceFile } from '../../../electron/core/geo/types.ts';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { FLENSBURG_SHP_PARTS, fixture, textFile } from './helpers.ts';

const polygons: ReadFeaturesOptions = { expect: 'polygon' };

async function failure(files: SourceFile[], options: ReadFeaturesOptions = polygons): Promise<ImportIssue[]> {
  const error = await readFeatures(files, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportFailed);
  const issues = (error as ImportFailed).issues;
  expect(issues.every((issue) => issue.severity === 'error')).toBe(true);
  return issues;
}

function featureCollection(features: unknown[], crs?: string): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    ...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
    features,
  });
}

function polygonFeature(ring: unknown[][], properties: Record<string, unknown> = {}) {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [ring] } };
}

const SQUARE = [
  [9.4, 54.8],
  [9.41, 54.8],
  [9.41, 54.81],
  [9.4, 54.81],
  [9.4, 54.8],
];
const GELSENKIRCHEN_RING = [
  [366750.5975, 5707227.4361],
  [366742.5973, 5707250.2101],
  [366844.7953, 5707706.9127],
  [366750.5975, 5707227.4361],
];

describe('broken GeoJSON', () => {
  it('reports a truncated file with line and column', async () => {
    const full = fixture('resources/demo/flensburg/flensburg_stadtteile.geojson');
    const truncated = full.data.subarray(0, 339); // ends inside the two bytes of the first "Ä"
    const lines = new TextDecoder().decode(truncated).split('\n');
    const [issue] = await failure([{ name: full.name, data: truncated }]);
    expect(lines).toHaveLength(6);
    expect(issue!.file).toBe('flensburg_stadtteile.geojson');
    expect(issue!.message).toMatch(/^flensburg_stadtteile\.geojson: ungültiges JSON in Zeile 6, Spalte (\d+)\./);
    expect(issue!.message).toContain(`Spalte ${lines[5]!.replace(/\uFFFD$/, '').length + 1}.`);
    expect(issue!.message).toContain('unvollständig');
    expect(issue!.line).toBe(6);
  });

  it('locates a bad token that V8 reports without a position', async () => {
    const text = '{\n  "type": "FeatureCollection",\n  "features": [ nope ]\n}';
    const [issue] = await failure([textFile('kaputt.geojson', text)]);
    expect(issue!.message).toContain('ungültiges JSON in Zeile 3, Spalte 17');
  });

  it('requires a features list in a FeatureCollection', async () => {
    const [issue] = await failure([textFile('leer.geojson', '{"type": "FeatureCollection"}')]);
    expect(issue!.message).toContain('keine Liste „features“');
  });

  it('accepts a single Feature and a bare geometry', async () => {
    const feature = polygonFeature(SQUARE, { name: 'A' });
    const one = await readFeatures([textFile('eins.geojson', JSON.stringify(feature))], polygons);
    expect(one.features[0]!.properties).toEqual({ name: 'A' });
    const bare = await readFeatures([textFile('bar.geojson', JSON.stringify(feature.geometry))], polygons);
    expect(bare.features).toHaveLength(1);
  });
});

describe('broken geometry', () => {
  it('names the feature and ring of a polygon with only 2 points', async () => {
    const text = featureCollection([
      polygonFeature(SQUARE),
      polygonFeature(SQUARE),
      polygonFeature([
        [9.4, 54.8],
        [9.41, 54.8],
      ]),
    ]);
    const issues = await failure([textFile('flaechen.geojson', text)]);
    expect(issues).toEqual([
      {
        severity: 'error',
        file: 'flaechen.geojson',
        feature: 3,
        message: 'Ring 1 von Polygon 1 hat nur 2 Punkte; ein Polygon braucht mindestens 3 verschiedene Punkte.',
      },
    ]);
  });

  it('reports every broken feature, not only the first', async () => {
    const text = featureCollection([
      { type: 'Feature', properties: {}, geometry: null },
      polygonFeature(SQUARE),
      polygonFeature([
        [9.4, 54.8],
        ['9.41', 54.8],
        [9.41, 54.81],
        [9.4, 54.8],
      ]),
      { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: SQUARE } },
    ]);
    const issues = await failure([textFile('viele.geojson', text)]);
    expect(issues.map((issue) => issue.feature)).toEqual([1, 3, 4]);
    expect(issues[0]!.message).toContain('Das Objekt hat keine Geometrie');
    expect(issues[1]!.message).toContain('Ring 1 von Polygon 1: Punkt 2 hat keine gültigen Koordinaten');
    expect(issues[2]!.message).toContain('Die Geometrie ist eine Linie, erwartet wird eine Fläche');
  });

  it('says once that a point file is not a polygon file', async () => {
    const issues = await failure([fixture('resources/demo/flensburg/spielplaetze_flensburg.geojson')]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.file).toBe('spielplaetze_flensburg.geojson');
    expect(issues[0]!.message).toContain('spielplaetze_flensburg.geojson enthält Punkte, erwartet werden Flächen');
  });

  it('and that a polygon file is not a point file', async () => {
    const issues = await failure([fixture('resources/demo/flensburg/flensburg_stadtteile.geojson')], { expect: 'point' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('enthält Flächen (Polygone), erwartet werden Punkte');
  });
});

describe('coordinate systems', () => {
  it('rejects an unknown EPSG code and lists the supported ones', async () => {
    const text = featureCollection([polygonFeature(GELSENKIRCHEN_RING)], 'urn:ogc:def:crs:EPSG::2398');
    const [issue] = await failure([textFile('krassowski.geojson', text)]);
    expect(issue!.file).toBe('krassowski.geojson');
    expect(issue!.message).toContain('krassowski.geojson: Das Koordinatensystem EPSG:2398 wird nicht unterstützt');
    expect(issue!.message).toContain('EPSG:25832, EPSG:25833');
  });

  it('rejects an unknown code given as option', async () => {
    const [issue] = await failure([textFile('a.geojson', featureCollection([polygonFeature(SQUARE)]))], {
      expect: 'polygon',
      crs: 'EPSG:9999',
    });
    expect(issue!.message).toContain('EPSG:9999 wird nicht unterstützt');
  });

  it('asks for a CRS when projected coordinates come without one', async () => {
    const text = featureCollection([polygonFeature(GELSENKIRCHEN_RING)]);
    const [issue] = await failure([textFile('ohne-crs.geojson', text)]);
    expect(issue!.file).toBe('ohne-crs.geojson');
    expect(issue!.message).toContain('ohne-crs.geojson gibt kein Koordinatensystem an');
    expect(issue!.message).toContain('--crs EPSG:25832');
    expect(issue!.message).toContain('EPSG:3044');

    const withOption = await readFeatures([textFile('ohne-crs.geojson', text)], { expect: 'polygon', crs: 'EPSG:3044' });
    expect(withOption.sourceCrs).toBe('EPSG:3044');
    expect(withOption.features[0]!.geometry.type).toBe('Polygon');
  });

  it('rejects lon/lat coordinates declared as metres', async () => {
    const text = featureCollection([polygonFeature(SQUARE)], 'EPSG:25832');
    const [issue] = await failure([textFile('falsch.geojson', text)]);
    expect(issue!.message).toContain('sehen nach Längen-/Breitengraden aus');
  });

  it('options.crs overrides the file', async () => {
    const text = featureCollection([polygonFeature(GELSENKIRCHEN_RING)], 'EPSG:4326');
    const result = await readFeatures([textFile('a.geojson', text)], { expect: 'polygon', crs: 'EPSG:25832' });
    expect(result.sourceCrs).toBe('EPSG:25832');
  });
});

describe('broken shapefiles and archives', () => {
  const withoutDbf = FLENSBURG_SHP_PARTS.filter((file) => !file.name.endsWith('.dbf'));

  it('names the missing .dbf', async () => {
    const [issue] = await failure(withoutDbf);
    expect(issue!.file).toBe('Stadtteile.shp');
    expect(issue!.message).toContain('Zu Stadtteile.shp fehlt die Attributdatei Stadtteile.dbf');
  });

  it('reports a missing .dbf and a missing .prj together', async () => {
    const issues = await failure(withoutDbf.filter((file) => !file.name.endsWith('.prj')));
    expect(issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining('fehlt die Attributdatei Stadtteile.dbf'),
      expect.stringContaining('Zu Stadtteile.shp fehlt die Projektionsdatei Stadtteile.prj'),
    ]);
  });

  it('reads a shapefile without .prj when the CRS is given', async () => {
    const parts = FLENSBURG_SHP_PARTS.filter((file) => !file.name.endsWith('.prj'));
    const result = await readFeatures(parts, { expect: 'polygon', crs: 'EPSG:25832' });
    expect(result.features).toHaveLength(13);
  });

  it('rejects a zip that is not a zip', async () => {
    const [issue] = await failure([textFile('daten.zip', 'Das ist Text.')]);
    expect(issue!.file).toBe('daten.zip');
    expect(issue!.message).toBe('daten.zip ist keine gültige ZIP-Datei (beschädigt oder ein anderes Format).');
  });

  it('lists several shapefiles in one zip', async () => {
    const shp = FLENSBURG_SHP_PARTS[0]!.data;
    const zip = zipSync({ 'a/Stadtteile.shp': shp, 'b/Bezirke.shp': shp });
    const [issue] = await failure([{ name: 'zwei.zip', data: zip }]);
    expect(issue!.message).toContain('zwei.zip enthält mehrere Shapefiles (zwei.zip/a/Stadtteile.shp, zwei.zip/b/Bezirke.shp)');
  });

  it('finds the shapefile in a subfolder and ignores macOS metadata', async () => {
    const entries = Object.fromEntries(FLENSBURG_SHP_PARTS.map((file) => [`daten/${file.name}`, file.data]));
    const zip = zipSync({ ...entries, '__MACOSX/daten/._Stadtteile.shp': new Uint8Array([0, 5, 22, 7]) });
    const result = await readFeatures([{ name: 'paket.zip', data: zip }], polygons);
    expect(result.file).toBe('paket.zip/daten/Stadtteile.shp');
    expect(result.features).toHaveLength(13);
  });

  it('rejects a .dbf from another shapefile', async () => {
    const otherDbf = FLENSBURG_SHP_PARTS.find((file) => file.name.endsWith('.dbf'))!;
    const truncated = new Uint8Array(otherDbf.data);
    new DataView(truncated.buffer).setUint32(4, 12, true); // announce one record less
    const parts = FLENSBURG_SHP_PARTS.map((file) => (file === otherDbf ? { ...file, data: truncated } : file));
    const [issue] = await failure(parts);
    expect(issue!.message).toContain('Stadtteile.shp enthält 13 Objekte, Stadtteile.dbf aber 12 Datensätze');
  });

  it('rejects a selection without any geodata file', async () => {
    const [issue] = await failure([textFile('tabelle.csv', 'a;b')]);
    expect(issue!.message).toContain('Keine lesbare Geodatei gewählt');
  });
});
