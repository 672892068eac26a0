import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readFeatures } from '../../../electron/core/geo/read-features.ts';
import type { ParsedFeature, ReadFeaturesResult } from '../../../electron/core/geo/types.ts';
import { distanceMetres, FLENSBURG_SHP_PARTS, fixture } from './helpers.ts';

const polygons = { expect: 'polygon' } as const;

function byAreaId(result: ReadFeaturesResult): Map<string, ParsedFeature> {
  return new Map(result.features.map((feature) => [String(feature.properties.AREA_ID), feature]));
}

function ringsOf(feature: ParsedFeature): Position[][] {
  const geometry = feature.geometry as Polygon | MultiPolygon;
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Largest vertex distance in metres between two readings; throws if ring structure differs. */
function maxVertexDistance(a: ReadFeaturesResult, b: ReadFeaturesResult): number {
  const featuresB = byAreaId(b);
  expect([...featuresB.keys()].sort()).toEqual([...byAreaId(a).keys()].sort());
  let max = 0;
  for (const [areaId, featureA] of byAreaId(a)) {
    const ringsA = ringsOf(featureA);
    const ringsB = ringsOf(featuresB.get(areaId)!);
    expect(ringsB.map((ring) => ring.length), areaId).toEqual(ringsA.map((ring) => ring.length));
    ringsA.forEach((ring, r) =>
      ring.forEach((position, i) => {
        max = Math.max(max, distanceMetres(position, ringsB[r]![i]!));
      }),
    );
  }
  return max;
}

describe('Flensburg Stadtteile', () => {
  it('reads the loose shapefile parts with attributes in the .cpg encoding', async () => {
    const result = await readFeatures(FLENSBURG_SHP_PARTS, polygons);
    expect(result.file).toBe('Stadtteile.shp');
    expect(result.features).toHaveLength(13);
    expect(result.sourceCrs).toBe('EPSG:25832');
    expect(result.warnings).toEqual([]);
    expect(result.fields.slice(0, 4)).toEqual(['AREA_ID', 'AREA_NAME', 'PARENT_ARE', 'LIFECYCLE_']);

    const first = result.features[0]!;
    expect(first.feature).toBe(1);
    expect(first.properties.AREA_ID).toBe('STGT03');
    expect(first.properties.AREA_NAME).toBe('03 Nordstadt');
    const names = result.features.map((feature) => feature.properties.AREA_NAME);
    expect(names).toContain('09 Jürgensby');
    expect(names).toContain('04 Westliche Höhe');
    expect(names).toContain('07 Südstadt');
  });

  it('turns dbf dates into ISO strings and blank dates into null', async () => {
    const result = await readFeatures(FLENSBURG_SHP_PARTS, polygons);
    for (const feature of result.features) {
      expect(feature.properties.LIFECYCLE_).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(feature.properties.LIFECYCLE1).toBeNull();
    }
    expect(result.features[0]!.properties.LIFECYCLE_).toBe('2018-01-01');
  });

  it('gives the same vertices from shapefile, zip and GeoJSON (within 1 cm)', async () => {
    const shapefile = await readFeatures(FLENSBURG_SHP_PARTS, polygons);
    const zip = await readFeatures([fixture('test/fixtures/flensburg-shp/flensburg_stadtteile_original.zip')], polygons);
    const geojson = await readFeatures([fixture('resources/demo/flensburg/flensburg_stadtteile.geojson')], polygons);

    expect(zip.file).toBe('flensburg_stadtteile_original.zip/Stadtteile.shp');
    expect(geojson.sourceCrs).toBe('CRS84');
    expect(maxVertexDistance(shapefile, zip)).toBe(0);
    expect(maxVertexDistance(shapefile, geojson)).toBeLessThan(0.01);
    // Same attributes whichever way they came in.
    for (const [areaId, feature] of byAreaId(geojson)) {
      expect(byAreaId(shapefile).get(areaId)!.properties.AREA_NAME).toBe(feature.properties.AREA_NAME);
    }
  });

  it('reports progress up to the total', async () => {
    const calls: [number, number][] = [];
    await readFeatures([fixture('resources/demo/flensburg/spielplaetze_flensburg.geojson')], { expect: 'point' }, (done, total) =>
      calls.push([done, total]),
    );
    expect(calls.at(-1)).toEqual([76, 76]);
  });

  it('reads the 76 playgrounds as points', async () => {
    const result = await readFeatures([fixture('resources/demo/flensburg/spielplaetze_flensburg.geojson')], { expect: 'point' });
    expect(result.features).toHaveLength(76);
    expect(result.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [9.451032, 54.788259] });
    expect(result.features[0]!.properties.place).toBe('Am Sender');
  });

  it('reads the 41 Bezirke and warns about the two rings that loop back onto a vertex', async () => {
    const result = await readFeatures([fixture('resources/demo/flensburg/flensburg_stadtbezirke.geojson')], polygons);
    expect(result.features).toHaveLength(41);
    expect(result.warnings.map((warning) => warning.feature)).toEqual([20, 38]);
    expect(result.warnings[0]!.message).toMatch(/^Ring 1 von Polygon 1 überschneidet oder berührt sich selbst/);
  });
});
