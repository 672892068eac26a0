import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { dissolveByAttribute, type DissolveInput } from '../../../electron/core/geo/dissolve.ts';
import { areaKm2 } from '../../../electron/core/geo/measure.ts';
import { readFeatures } from '../../../electron/core/geo/read-features.ts';
import { fixture } from './helpers.ts';

const GELSENKIRCHEN = 'test/fixtures/gelsenkirchen/Stadtteile_Gelsenkirchen_epsg3044.geojson';
// Official areas of the five Stadtbezirke (km²).
const OFFICIAL: Record<string, number> = { Mitte: 28.101, Nord: 32.847, West: 12.709, Ost: 20.714, Süd: 10.533 };

async function stadtteile(): Promise<DissolveInput[]> {
  const result = await readFeatures([fixture(GELSENKIRCHEN)], { expect: 'polygon' });
  return result.features.map((feature) => ({ geometry: feature.geometry as Polygon | MultiPolygon, properties: feature.properties }));
}

function square(x: number, y: number, size: number): Polygon {
  const ring: Position[] = [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

describe('dissolveByAttribute on the Gelsenkirchen Stadtteile', () => {
  it('gives the five Stadtbezirke with their official areas within 0.5 %', async () => {
    const features = await stadtteile();
    const { groups, withoutKey } = dissolveByAttribute(features, 'bezirk_bez');

    expect(withoutKey).toEqual([]);
    expect(groups.map((group) => [group.key, group.memberCount])).toEqual([
      ['Mitte', 7],
      ['Nord', 3],
      ['West', 2],
      ['Ost', 3],
      ['Süd', 3],
    ]);
    for (const group of groups) {
      const area = areaKm2(group.geometry);
      expect(Math.abs(area / OFFICIAL[group.key]! - 1), group.key).toBeLessThan(0.005);
      // Neighbours do not overlap: the union is as large as its members together.
      const members = features.filter((feature) => feature.properties.bezirk_bez === group.key);
      const sum = members.reduce((total, member) => total + areaKm2(member.geometry), 0);
      expect(Math.abs(area / sum - 1), group.key).toBeLessThan(1e-6);
    }
  });

  it('yields one polygon per Bezirk except Süd, whose second part is the detached piece of Ückendorf', async () => {
    const features = await stadtteile();
    const { groups } = dissolveByAttribute(features, 'bezirk_bez');
    const byKey = new Map(groups.map((group) => [group.key, group]));

    expect(groups.map((group) => [group.key, group.partCount])).toEqual([
      ['Mitte', 1],
      ['Nord', 1],
      ['West', 1],
      ['Ost', 1],
      ['Süd', 2],
    ]);
    const ueckendorf = features.find((feature) => feature.properties.stadttei00 === 'Ückendorf')!.geometry as MultiPolygon;
    const detached = Math.min(...ueckendorf.coordinates.map((rings) => areaKm2({ type: 'Polygon', coordinates: rings }))) * 1e6;
    expect(byKey.get('Süd')!.partAreasM2[1]).toBeCloseTo(detached, 0); // ≈ 20 000 m², a real exclave

    // The shared boundaries do not match exactly everywhere: the union leaves pinholes of under 1 m².
    expect(groups.map((group) => [group.key, group.holeAreasM2.length])).toEqual([
      ['Mitte', 0],
      ['Nord', 4],
      ['West', 1],
      ['Ost', 3],
      ['Süd', 0],
    ]);
    expect(Math.max(...groups.flatMap((group) => group.holeAreasM2))).toBeLessThan(1);
  });
});

describe('dissolveByAttribute', () => {
  it('merges touching and overlapping areas, keeps separate ones as parts', () => {
    const { groups } = dissolveByAttribute(
      [
        { geometry: square(7, 51, 0.01), properties: { bezirk: 'A' } },
        { geometry: square(7.01, 51, 0.01), properties: { bezirk: 'A' } }, // shares an edge
        { geometry: square(7.015, 51.005, 0.01), properties: { bezirk: 'A' } }, // overlaps
        { geometry: square(8, 51, 0.01), properties: { bezirk: 'B' } },
        { geometry: square(8.5, 51, 0.01), properties: { bezirk: 'B' } }, // apart
      ],
      'bezirk',
    );
    expect(groups.map((group) => [group.key, group.memberCount, group.partCount, group.geometry.type])).toEqual([
      ['A', 3, 1, 'Polygon'],
      ['B', 2, 2, 'MultiPolygon'],
    ]);
    const a = areaKm2(groups[0]!.geometry);
    const pieces = 2 * areaKm2(square(7, 51, 0.01)) + 0.75 * areaKm2(square(7.015, 51.005, 0.01));
    expect(a / pieces).toBeCloseTo(1, 3);
  });

  it('shows a sliver gap between neighbours as a thin extra part', () => {
    // The neighbour's edge lies 1 cm (1e-7°) off the shared boundary.
    const { groups } = dissolveByAttribute(
      [
        { geometry: square(7, 51, 0.01), properties: { bezirk: 'A' } },
        { geometry: square(7.0100001, 51, 0.01), properties: { bezirk: 'A' } },
      ],
      'bezirk',
    );
    expect(groups[0]!.partCount).toBe(2);
  });

  it('reports features with an empty group value and groups numbers as text', () => {
    const { groups, withoutKey } = dissolveByAttribute(
      [
        { geometry: square(7, 51, 0.01), properties: { nr: 1 } },
        { geometry: square(7.1, 51, 0.01), properties: { nr: null } },
        { geometry: square(7.2, 51, 0.01), properties: {} },
        { geometry: square(7.3, 51, 0.01), properties: { nr: '  ' } },
        { geometry: square(7.01, 51, 0.01), properties: { nr: ' 1' } },
      ],
      'nr',
    );
    expect(withoutKey).toEqual([1, 2, 3]);
    expect(groups.map((group) => [group.key, group.memberCount, group.partCount])).toEqual([['1', 2, 1]]);
  });
});
