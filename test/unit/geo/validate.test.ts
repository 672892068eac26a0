import { describe, expect, it } from 'vitest';
import { findSelfIntersection } from '../../../electron/core/geo/self-intersection.ts';
import { checkGeometry, selfIntersectionWarning } from '../../../electron/core/geo/validate.ts';

const at = { file: 'test.geojson', feature: 7 };

describe('checkGeometry', () => {
  it('closes an open ring and warns', () => {
    const check = checkGeometry(
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] },
      'polygon',
      at,
    );
    expect(check.geometry).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] });
    expect(check.issues).toEqual([
      expect.objectContaining({ severity: 'warning', feature: 7, message: expect.stringContaining('Ein Ring war nicht geschlossen') }),
    ]);
  });

  it('keeps MultiPolygon as MultiPolygon and drops heights', () => {
    const check = checkGeometry(
      { type: 'MultiPolygon', coordinates: [[[[0, 0, 5], [1, 0, 5], [1, 1, 5], [0, 0, 5]]]] },
      'polygon',
      at,
    );
    expect(check.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] });
    expect(check.issues).toEqual([]);
  });

  it('counts distinct points, not positions', () => {
    const check = checkGeometry({ type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0], [1, 1], [0, 0]]] }, 'polygon', at);
    expect(check.issues[0]!.message).toBe(
      'Ring 1 von Polygon 1 hat nur 2 Punkte; ein Polygon braucht mindestens 3 verschiedene Punkte.',
    );
  });

  it('names the hole and polygon that are broken', () => {
    const outer = [[0, 0], [10, 0], [10, 10], [0, 0]];
    const check = checkGeometry(
      { type: 'MultiPolygon', coordinates: [[outer], [outer, [[1, 1], [1, 1]]]] },
      'polygon',
      at,
    );
    expect(check.geometry).toBeNull();
    expect(check.issues[0]!.message).toContain('Ring 2 von Polygon 2 hat nur 1 Punkt;');
  });

  it('rejects non-finite coordinates', () => {
    const check = checkGeometry({ type: 'Point', coordinates: [Number.NaN, 54] }, 'point', at);
    expect(check.issues[0]!.message).toBe('Der Punkt hat keine gültigen Koordinaten (NaN, 54).');
  });

  it('reports null geometry', () => {
    expect(checkGeometry(null, 'polygon', at).issues[0]!.message).toContain('Das Objekt hat keine Geometrie');
  });

  it('accepts a MultiPoint with one point as Point, but not with two', () => {
    expect(checkGeometry({ type: 'MultiPoint', coordinates: [[9, 54]] }, 'point', at).geometry).toEqual({
      type: 'Point',
      coordinates: [9, 54],
    });
    const two = checkGeometry({ type: 'MultiPoint', coordinates: [[9, 54], [9, 55]] }, 'point', at);
    expect(two.issues[0]!.message).toContain('besteht aus 2 Punkten');
  });

  it('marks the wrong kind of geometry', () => {
    const check = checkGeometry({ type: 'Point', coordinates: [9, 54] }, 'polygon', at);
    expect(check.wrongType).toBe('Point');
    expect(check.issues[0]!.message).toBe('Die Geometrie ist ein Punkt, erwartet wird eine Fläche (Polygon oder MultiPolygon).');
  });
});

describe('self-intersection', () => {
  it('finds a bow tie crossing', () => {
    expect(findSelfIntersection([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]])).toEqual([0.5, 0.5]);
  });

  it('finds a ring that touches itself at a vertex', () => {
    const ring = [[0, 0], [4, 0], [4, 4], [2, 0], [0, 4], [0, 0]];
    expect(findSelfIntersection(ring)).toEqual([2, 0]);
  });

  it('finds a spike that runs back on itself', () => {
    expect(findSelfIntersection([[0, 0], [2, 0], [2, 2], [2, 1], [2, 3], [0, 2], [0, 0]])).toBeDefined();
  });

  it('accepts simple rings, including repeated consecutive points', () => {
    expect(findSelfIntersection([[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 0]])).toBeUndefined();
  });

  it('finds no crossing in a long, wiggly but simple ring, and finds one crossing added to it', () => {
    const ring = Array.from({ length: 5000 }, (_, i) => {
      const angle = (i / 5000) * 2 * Math.PI;
      const radius = 1 + 0.05 * Math.sin(angle * 200); // wiggly like a real boundary
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    });
    ring.push(ring[0]!);
    expect(findSelfIntersection(ring)).toBeUndefined();
    // Swap two distant vertices: the ring now crosses itself.
    const broken = ring.map((p) => [...p]);
    [broken[1000], broken[3000]] = [broken[3000]!, broken[1000]!];
    expect(findSelfIntersection(broken)).toBeDefined();
  });

  it('produces one warning per feature naming the first ring', () => {
    const bowTie = [[9, 54], [9.1, 54.1], [9.1, 54], [9, 54.1], [9, 54]];
    const warning = selfIntersectionWarning({ type: 'MultiPolygon', coordinates: [[bowTie], [bowTie]] }, at);
    expect(warning?.message).toMatch(/^Ring 1 von Polygon 1 überschneidet .* bei 54\.050000° N, 9\.050000° O \(und 1 weitere Ringe\)/);
  });
});
