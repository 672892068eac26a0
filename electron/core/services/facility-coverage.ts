import type { Database } from 'better-sqlite3';
import { union } from '@turf/union';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { locatePoint } from '../geo/point-index.ts';
import { toEqualArea } from '../geo/measure.ts';
import { selectFacilities, type FacilitySelection } from './facility-selection.ts';

/**
 * Coverage of a category within a straight-line distance: which share of each unit's area has a
 * facility within reach, the catchment area as a map layer, and the units without any facility
 * within reach.
 *
 * Computed in EPSG:3035 (equal-area, as every area in the app): areas are exact; distances are
 * off by less than 0.1 % anywhere in Germany. A circle is a 64-gon of the same area, so covered
 * areas equal those of true circles wherever a whole circle lies in a unit (its outline deviates
 * by under 0.1 % of the radius). "Without coverage" is decided by the exact distance from each
 * facility to the unit (0 inside it), not by the polygon.
 */

export interface CoverageRequest extends FacilitySelection {
  /** Straight-line reach in metres (300, 500, 1,000 …). */
  distance: number;
  levelId: string;
  /** The day whose facilities and boundaries count (YYYY-MM-DD); default today. */
  date?: string;
}

export interface UnitCoverage {
  unitId: string;
  code: string;
  name: string;
  areaKm2: number;
  coveredKm2: number;
  /** 0 … 1. */
  share: number;
  /** Facilities of the selection inside the unit. */
  facilitiesInside: number;
  /** Straight-line distance from the unit to the nearest facility of the selection, metres (0 inside); null without any. */
  nearestM: number | null;
}

export interface CoverageResult {
  distance: number;
  date: string;
  levelId: string;
  facilityCount: number;
  /** WGS84; one feature (the union of all circles) or none. */
  catchment: { type: 'FeatureCollection'; features: Array<Feature<Polygon | MultiPolygon, { distance: number; facilities: number; areaKm2: number }>> };
  units: UnitCoverage[];
  /** Units with no facility of the selection within reach, by name. */
  uncovered: Array<{ unitId: string; code: string; name: string; nearestM: number | null }>;
  /** Share of the level's whole area within reach (0 … 1). */
  totalShare: number;
}

const CIRCLE_SEGMENTS = 64;
type Ring = Position[];
type PlanarMultiPolygon = Ring[][];

export function computeCoverage(db: Database, request: CoverageRequest): CoverageResult {
  const date = request.date ?? new Date().toISOString().slice(0, 10);
  const facilities = selectFacilities(db, request, date);
  const units = db
    .prepare(
      `SELECT id, code, name, geometry FROM spatial_units WHERE level_id = ? AND deleted = 0
       AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?) ORDER BY code`,
    )
    .all(request.levelId, date, date) as Array<{ id: string; code: string; name: string; geometry: string }>;
  const inside = countInside(db, request.levelId, new Set(facilities.map((f) => f.id)));

  const centres = facilities.map((f) => project([f.lon, f.lat]));
  const circles = centres.map((centre) => circle(centre, request.distance));
  const circleBoxes = circles.map((c) => ringBox(c[0]!));

  let totalArea = 0;
  let totalCovered = 0;
  const results: UnitCoverage[] = units.map((unit) => {
    const planar = toPlanar(JSON.parse(unit.geometry) as Polygon | MultiPolygon);
    const area = multiPolygonArea(planar);
    const box = planar.reduce((b, polygon) => mergeBox(b, ringBox(polygon[0]!)), emptyBox());
    const near = circles.filter((_, i) => boxesOverlap(box, circleBoxes[i]!));
    let covered = 0;
    if (near.length > 0) {
      const reach = unite(near);
      // |A ∩ B| = |A| + |B| − |A ∪ B|: the union is all the clipping engine at hand offers (see docs/libraries.md).
      covered = area + multiPolygonArea(reach) - multiPolygonArea(unite([...planar, ...reach]));
      covered = Math.min(area, Math.max(0, covered));
      if (covered < area * 1e-9) covered = 0;
    }
    totalArea += area;
    totalCovered += covered;
    const nearestM = centres.length === 0 ? null : Math.min(...centres.map((c) => distanceToMultiPolygon(c, planar)));
    return {
      unitId: unit.id,
      code: unit.code,
      name: unit.name,
      areaKm2: area / 1e6,
      coveredKm2: covered / 1e6,
      share: area > 0 ? covered / area : 0,
      facilitiesInside: inside.get(unit.id) ?? 0,
      nearestM,
    };
  });

  const catchment = circles.length === 0 ? [] : unite(circles);
  return {
    distance: request.distance,
    date,
    levelId: request.levelId,
    facilityCount: facilities.length,
    catchment: {
      type: 'FeatureCollection',
      features:
        catchment.length === 0
          ? []
          : [
              {
                type: 'Feature',
                geometry: { type: 'MultiPolygon', coordinates: catchment.map((polygon) => polygon.map((ring) => ring.map(unproject))) },
                properties: { distance: request.distance, facilities: facilities.length, areaKm2: multiPolygonArea(catchment) / 1e6 },
              },
            ],
    },
    units: results,
    uncovered: results
      .filter((u) => u.nearestM === null || u.nearestM > request.distance)
      .map(({ unitId, code, name, nearestM }) => ({ unitId, code, name, nearestM }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de')),
    totalShare: totalArea > 0 ? totalCovered / totalArea : 0,
  };
}

function countInside(db: Database, levelId: string, ids: Set<string>): Map<string, number> {
  const rows = db.prepare('SELECT facility_id, unit_id FROM facility_units WHERE level_id = ?').raw(true).all(levelId) as Array<[string, string]>;
  const counts = new Map<string, number>();
  for (const [facility, unit] of rows) if (ids.has(facility)) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  return counts;
}

function project(position: Position): Position {
  return toEqualArea.forward([position[0]!, position[1]!]);
}

function unproject(position: Position): Position {
  const [lon, lat] = toEqualArea.inverse([position[0]!, position[1]!]);
  return [round(lon!, 8), round(lat!, 8)];
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function toPlanar(geometry: Polygon | MultiPolygon): PlanarMultiPolygon {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.map((rings) => rings.map((ring) => ring.map(project)));
}

/**
 * A circle as a regular 64-gon of the circle's area, turned by half a step so that it is
 * symmetric about both axes through the centre.
 */
export function circle(centre: Position, radius: number): Ring[] {
  const step = (2 * Math.PI) / CIRCLE_SEGMENTS;
  const equalArea = radius * Math.sqrt(step / Math.sin(step));
  const ring: Ring = [];
  for (let k = 0; k < CIRCLE_SEGMENTS; k++) {
    const angle = (k + 0.5) * step;
    ring.push([centre[0]! + equalArea * Math.cos(angle), centre[1]! + equalArea * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return [ring];
}

function unite(polygons: Ring[][]): PlanarMultiPolygon {
  if (polygons.length === 0) return [];
  if (polygons.length === 1) return [polygons[0]!];
  const united = union({
    type: 'FeatureCollection',
    features: polygons.map((coordinates) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates }, properties: {} })),
  });
  if (!united) return [];
  return united.geometry.type === 'Polygon' ? [united.geometry.coordinates] : united.geometry.coordinates;
}

function ringArea(ring: Ring): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += (ring[j]![0]! + ring[i]![0]!) * (ring[j]![1]! - ring[i]![1]!);
  return Math.abs(twice / 2);
}

function multiPolygonArea(polygons: PlanarMultiPolygon): number {
  let area = 0;
  for (const rings of polygons) rings.forEach((ring, index) => (area += index === 0 ? ringArea(ring) : -ringArea(ring)));
  return area;
}

type Box = [number, number, number, number];
const emptyBox = (): Box => [Infinity, Infinity, -Infinity, -Infinity];

function ringBox(ring: Ring): Box {
  const box = emptyBox();
  for (const [x, y] of ring) {
    box[0] = Math.min(box[0], x!);
    box[1] = Math.min(box[1], y!);
    box[2] = Math.max(box[2], x!);
    box[3] = Math.max(box[3], y!);
  }
  return box;
}

function mergeBox(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

function boxesOverlap(a: Box, b: Box): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Exact planar distance from a point to a (multi)polygon: 0 inside or on it. */
export function distanceToMultiPolygon(point: Position, polygons: PlanarMultiPolygon): number {
  const [px, py] = [point[0]!, point[1]!];
  let best = Infinity;
  for (const rings of polygons) {
    if (locatePoint({ type: 'Polygon', coordinates: rings }, px, py, 1e-6) !== 'outside') return 0;
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) best = Math.min(best, segmentDistance(px, py, ring[i]!, ring[i + 1]!));
    }
  }
  return best;
}

function segmentDistance(px: number, py: number, a: Position, b: Position): number {
  const ax = a[0]!;
  const ay = a[1]!;
  const dx = b[0]! - ax;
  const dy = b[1]! - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return Math.sqrt(x * x + y * y);
}
