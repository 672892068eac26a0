import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { findSelfIntersection } from './self-intersection.ts';
import type { GeometryKind } from './types.ts';

export interface FeatureLocation {
  file: string;
  feature: number;
}

export interface GeometryCheck {
  /** Cleaned copy in the file's CRS (2D, rings closed), or null if unusable. */
  geometry: Polygon | MultiPolygon | Point | null;
  issues: ImportIssue[];
  /** GeoJSON type found when it is of the other kind than expected (e.g. "Point" where polygons are wanted). */
  wrongType?: string;
}

const TYPE_NAMES: Record<string, string> = {
  Point: 'ein Punkt',
  MultiPoint: 'ein Mehrfachpunkt (MultiPoint)',
  LineString: 'eine Linie',
  MultiLineString: 'eine Mehrfachlinie (MultiLineString)',
  Polygon: 'eine Fläche (Polygon)',
  MultiPolygon: 'eine Fläche (MultiPolygon)',
  GeometryCollection: 'eine Geometriesammlung (GeometryCollection)',
};
const EXPECTED: Record<GeometryKind, string> = {
  polygon: 'eine Fläche (Polygon oder MultiPolygon)',
  point: 'ein Punkt',
};

/** Checks one feature's geometry. Problems are reported with the feature number; nothing is thrown. */
export function checkGeometry(raw: unknown, expect: GeometryKind, at: FeatureLocation): GeometryCheck {
  const issues: ImportIssue[] = [];
  const error = (message: string): GeometryCheck => {
    issues.push({ severity: 'error', ...at, message });
    return { geometry: null, issues };
  };

  if (raw === null || raw === undefined) {
    return error('Das Objekt hat keine Geometrie. Bitte im GIS eine Geometrie zuweisen oder das Objekt löschen.');
  }
  const type = typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  const coordinates = (raw as { coordinates?: unknown }).coordinates;
  if (typeof type !== 'string' || !(type in TYPE_NAMES)) {
    return error('Die Geometrie ist ungültig (kein bekannter GeoJSON-Geometrietyp).');
  }

  if (expect === 'polygon') {
    if (type === 'Polygon') return checkPolygons([coordinates], 'Polygon', at, issues);
    if (type === 'MultiPolygon') return checkPolygons(coordinates, 'MultiPolygon', at, issues);
  } else {
    if (type === 'Point') return checkPoint(coordinates, at, issues);
    if (type === 'MultiPoint' && Array.isArray(coordinates)) {
      if (coordinates.length === 1) return checkPoint(coordinates[0], at, issues);
      if (coordinates.length > 1) {
        return error(`Die Geometrie besteht aus ${coordinates.length} Punkten; erwartet wird genau ein Punkt je Objekt.`);
      }
      return error('Die Geometrie ist leer.');
    }
  }
  error(`Die Geometrie ist ${TYPE_NAMES[type]}, erwartet wird ${EXPECTED[expect]}.`);
  return { geometry: null, issues, wrongType: type };
}

function checkPoint(raw: unknown, at: FeatureLocation, issues: ImportIssue[]): GeometryCheck {
  const position = readPosition(raw);
  if (!position) {
    issues.push({
      severity: 'error',
      ...at,
      message: `Der Punkt hat keine gültigen Koordinaten (${describePosition(raw)}).`,
    });
    return { geometry: null, issues };
  }
  return { geometry: { type: 'Point', coordinates: position }, issues };
}

function checkPolygons(raw: unknown, type: 'Polygon' | 'MultiPolygon', at: FeatureLocation, issues: ImportIssue[]) {
  const error = (message: string) => issues.push({ severity: 'error', ...at, message });
  if (!Array.isArray(raw) || raw.length === 0) {
    error('Die Geometrie ist leer.');
    return { geometry: null, issues };
  }
  const polygons: Position[][][] = [];
  let closedRings = 0;
  raw.forEach((polygon: unknown, p) => {
    if (!Array.isArray(polygon) || polygon.length === 0) {
      error(`Polygon ${p + 1} hat keine Ringe.`);
      return;
    }
    const rings: Position[][] = [];
    polygon.forEach((ring: unknown, r) => {
      const where = `Ring ${r + 1} von Polygon ${p + 1}`;
      const checked = checkRing(ring, where);
      if ('problem' in checked) {
        error(checked.problem);
        return;
      }
      if (checked.wasOpen) closedRings++;
      rings.push(checked.positions);
    });
    polygons.push(rings);
  });
  if (closedRings > 0) {
    issues.push({
      severity: 'warning',
      ...at,
      message:
        (closedRings === 1
          ? 'Ein Ring war nicht geschlossen und wurde automatisch geschlossen'
          : `${closedRings} Ringe waren nicht geschlossen und wurden automatisch geschlossen`) +
        ' (letzter Punkt = erster Punkt).',
    });
  }
  if (issues.some((issue) => issue.severity === 'error')) return { geometry: null, issues };
  const geometry: Polygon | MultiPolygon =
    type === 'Polygon' ? { type, coordinates: polygons[0]! } : { type, coordinates: polygons };
  return { geometry, issues };
}

type RingCheck = { positions: Position[]; wasOpen: boolean } | { problem: string };

function checkRing(raw: unknown, where: string): RingCheck {
  if (!Array.isArray(raw)) return { problem: `${where} hat kein gültiges Koordinatenformat.` };
  const positions: Position[] = [];
  for (const [index, item] of raw.entries()) {
    const position = readPosition(item);
    if (!position) {
      return { problem: `${where}: Punkt ${index + 1} hat keine gültigen Koordinaten (${describePosition(item)}).` };
    }
    positions.push(position);
  }
  const distinct = countDistinctUpTo(positions, 3);
  if (distinct < 3) {
    return {
      problem: `${where} hat nur ${distinct} ${distinct === 1 ? 'Punkt' : 'Punkte'}; ein Polygon braucht mindestens 3 verschiedene Punkte.`,
    };
  }
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  const wasOpen = first[0] !== last[0] || first[1] !== last[1];
  if (wasOpen) positions.push([first[0]!, first[1]!]);
  return { positions, wasOpen };
}

/** Finite 2D position; a third value (height) is dropped because the app works in 2D. */
function readPosition(raw: unknown): Position | undefined {
  if (!Array.isArray(raw) || raw.length < 2) return undefined;
  const [x, y] = raw;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return undefined;
  return [x, y];
}

function describePosition(raw: unknown): string {
  if (!Array.isArray(raw)) return raw === undefined ? 'fehlt' : JSON.stringify(raw) ?? String(raw);
  return raw.map((value) => String(value)).join(', ') || 'leer';
}

function countDistinctUpTo(positions: Position[], limit: number): number {
  const seen = new Set<string>();
  for (const [x, y] of positions) {
    seen.add(`${x},${y}`);
    if (seen.size >= limit) break;
  }
  return seen.size;
}

/** One warning per feature naming the first self-intersecting ring (in output lon/lat). */
export function selfIntersectionWarning(geometry: Polygon | MultiPolygon, at: FeatureLocation): ImportIssue | undefined {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const hits: { ring: number; polygon: number; point: Position }[] = [];
  polygons.forEach((rings, p) =>
    rings.forEach((ring, r) => {
      const point = findSelfIntersection(ring);
      if (point) hits.push({ ring: r + 1, polygon: p + 1, point });
    }),
  );
  const first = hits[0];
  if (!first) return undefined;
  const more = hits.length > 1 ? ` (und ${hits.length - 1} weitere Ringe)` : '';
  return {
    severity: 'warning',
    ...at,
    message:
      `Ring ${first.ring} von Polygon ${first.polygon} überschneidet oder berührt sich selbst ` +
      `bei ${first.point[1]!.toFixed(6)}° N, ${first.point[0]!.toFixed(6)}° O${more}. ` +
      'Flächenberechnung und Zuordnung können dort ungenau sein; bitte im GIS prüfen.',
  };
}
