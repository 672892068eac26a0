import fc from 'fast-check';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { locatePoint, PolygonIndex } from '../../../electron/core/geo/point-index.ts';
import { LevelAssigner, type UnitShape } from '../../../electron/core/services/facility-assignment.ts';
import { jitteredGrid } from '../../../scripts/bench-facilities.ts';

const square = (x0: number, y0: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]],
});

/** The textbook even-odd ray test, no bands, no tolerance: the reference the index must agree with. */
function naiveInside(geometry: Polygon | MultiPolygon, x: number, y: number): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as [number, number];
        const [xj, yj] = ring[j] as [number, number];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

const units = (geometries: Polygon[], level = 'l'): UnitShape[] =>
  geometries.map((geometry, i) => ({ id: `u${String(i).padStart(4, '0')}`, levelId: level, code: String(i + 1).padStart(3, '0'), geometry, validFrom: null, validTo: null }));

describe('point in polygon', () => {
  it('tells inside, boundary and outside, holes and multipolygons included', () => {
    const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10).coordinates[0]!, [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]]] };
    expect(locatePoint(withHole, 1, 1)).toBe('inside');
    expect(locatePoint(withHole, 5, 5)).toBe('outside');
    expect(locatePoint(withHole, 4, 5)).toBe('boundary');
    expect(locatePoint(withHole, 10, 3)).toBe('boundary');
    expect(locatePoint(withHole, 0, 0)).toBe('boundary');
    expect(locatePoint(withHole, 11, 3)).toBe('outside');
    const two: MultiPolygon = { type: 'MultiPolygon', coordinates: [square(0, 0, 1).coordinates, square(5, 5, 1).coordinates] };
    expect(locatePoint(two, 5.5, 5.5)).toBe('inside');
    expect(locatePoint(two, 3, 3)).toBe('outside');
    // Level with a vertex: the ray passes exactly through a vertex and still counts once.
    const diamond: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 2], [4, 0], [2, -2], [0, 0]]] };
    expect(locatePoint(diamond, 1, 0)).toBe('inside');
    expect(locatePoint(diamond, -1, 0)).toBe('outside');
  });

  it('agrees with the textbook ray test on a grid of wavy polygons', () => {
    const polygons = jitteredGrid(30, 6, [7, 51, 7.3, 51.2], 15, 9);
    const index = new PolygonIndex(polygons);
    fc.assert(
      fc.property(fc.double({ min: 6.99, max: 7.31, noNaN: true }), fc.double({ min: 50.99, max: 51.21, noNaN: true }), (x, y) => {
        const hits = index.locate(x, y);
        const expected = polygons.flatMap((p, i) => (naiveInside(p, x, y) ? [i] : []));
        // Away from edges both agree exactly; within 0.1 mm of an edge the index says "boundary".
        for (const i of expected) expect(hits.map((h) => h.index)).toContain(i);
        for (const hit of hits) if (hit.where === 'inside') expect(expected).toContain(hit.index);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('assignment invariants (property tests)', () => {
  const polygons = jitteredGrid(40, 8, [9, 54, 9.4, 54.25], 10, 4);
  const assigner = new LevelAssigner(units(polygons));
  const point = fc.record({ x: fc.double({ min: 8.98, max: 9.42, noNaN: true }), y: fc.double({ min: 53.98, max: 54.27, noNaN: true }) });

  it('puts each point in at most one unit of a level, and in one wherever units cover it', () => {
    fc.assert(
      fc.property(point, ({ x, y }) => {
        const chosen = assigner.assign(x, y);
        expect(chosen.length).toBeLessThanOrEqual(1);
        if (polygons.some((p) => naiveInside(p, x, y))) expect(chosen).toHaveLength(1);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the unit when a point moves within it', () => {
    fc.assert(
      fc.property(point, fc.double({ min: -0.01, max: 0.01, noNaN: true }), fc.double({ min: -0.01, max: 0.01, noNaN: true }), ({ x, y }, dx, dy) => {
        const before = assigner.assign(x, y);
        fc.pre(before.length === 1);
        const unit = before[0]!;
        fc.pre(locatePoint(unit.geometry, x + dx, y + dy) === 'inside');
        expect(assigner.assign(x + dx, y + dy).map((u) => u.id)).toEqual([unit.id]);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives a point on a shared boundary to exactly one unit: the smaller code', () => {
    const [a, b] = units([square(0, 0, 1), square(1, 0, 1)]);
    const pair = new LevelAssigner([b!, a!]);
    expect(pair.assign(1, 0.5).map((u) => u.code)).toEqual(['001']);
    expect(pair.assign(1, 1).map((u) => u.code)).toEqual(['001']);
    expect(pair.assign(1.5, 0.5).map((u) => u.code)).toEqual(['002']);
    expect(pair.assign(2.5, 0.5)).toEqual([]);
  });

  it('assigns to each boundary version whose validity does not overlap, one unit per time', () => {
    const old = { ...units([square(0, 0, 2)])[0]!, id: 'alt', code: 'A', validTo: '2023-12-31' };
    const west = { ...units([square(0, 0, 1)])[0]!, id: 'west', code: 'W', validFrom: '2024-01-01' };
    const east = { ...units([square(1, 0, 1)])[0]!, id: 'ost', code: 'O', validFrom: '2024-01-01' };
    const versions = new LevelAssigner([old, west, east]);
    expect(versions.assign(0.5, 0.5).map((u) => u.id).sort()).toEqual(['alt', 'west']);
    expect(versions.assign(1.5, 0.5).map((u) => u.id).sort()).toEqual(['alt', 'ost']);
  });
});
