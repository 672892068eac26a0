import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { areaKm2 } from '../../../electron/core/geo/measure.ts';
import { readFeatures } from '../../../electron/core/geo/read-features.ts';
import { distanceMetres, fixture, textFile } from './helpers.ts';

const FILE = 'test/fixtures/gelsenkirchen/Stadtteile_Gelsenkirchen_epsg3044.geojson';
const polygons = { expect: 'polygon' } as const;

describe('Gelsenkirchen Stadtteile (EPSG:3044, easting before northing)', () => {
  it('reads 18 MultiPolygons whose areas match flaeche_ST within 0.5 %', async () => {
    const result = await readFeatures([fixture(FILE)], polygons);
    expect(result.sourceCrs).toBe('EPSG:3044');
    expect(result.warnings).toEqual([]);
    expect(result.features).toHaveLength(18);

    let total = 0;
    for (const feature of result.features) {
      expect(feature.geometry.type).toBe('MultiPolygon');
      const area = areaKm2(feature.geometry as MultiPolygon);
      const official = (feature.properties.flaeche_ST as number) / 1e6;
      expect(Math.abs(area / official - 1), String(feature.properties.stadttei00)).toBeLessThan(0.005);
      total += area;
    }
    expect(Math.abs(total / 104.905 - 1)).toBeLessThan(0.005);
    // Ellipsoidal area vs the official planar UTM figure: only the UTM scale error (~0.05 %) remains.
    expect(Math.abs(total / 104.905 - 1)).toBeLessThan(0.001);
  });

  it('keeps holes and multi-part Stadtteile', async () => {
    const result = await readFeatures([fixture(FILE)], polygons);
    const byName = new Map(result.features.map((feature) => [feature.properties.stadttei00, feature.geometry as MultiPolygon]));
    expect(byName.get('Erle')!.coordinates[0]).toHaveLength(4); // outer ring and three holes
    expect(byName.get('Ückendorf')!.coordinates).toHaveLength(2); // two separate parts
  });

  it('reads the updated file including a feature whose attributes are all null', async () => {
    const result = await readFeatures(
      [fixture('test/fixtures/gelsenkirchen/Stadtteile_Gelsenkirchen_updated_epsg3044.geojson')],
      polygons,
    );
    expect(result.features).toHaveLength(18);
    const last = result.features[17]!;
    expect(last.properties.stadttei00).toBeNull();
    expect(last.properties.spatialUnitId).toBe(666);
  });

  it('detects northing-before-easting files, swaps them and warns', async () => {
    const original = JSON.parse(new TextDecoder().decode(fixture(FILE).data));
    const swapped = structuredClone(original);
    for (const feature of swapped.features) {
      for (const polygon of feature.geometry.coordinates) {
        for (const ring of polygon) for (const position of ring) position.reverse();
      }
    }
    const expected = await readFeatures([fixture(FILE)], polygons);
    const result = await readFeatures([textFile('swapped.geojson', JSON.stringify(swapped))], polygons);

    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]!.message).toContain('Reihenfolge Nord, Ost');
    const a = (expected.features[0]!.geometry as MultiPolygon).coordinates[0]![0]![0]!;
    const b = (result.features[0]!.geometry as MultiPolygon).coordinates[0]![0]![0]!;
    expect(distanceMetres(a, b)).toBe(0);
  });
});
