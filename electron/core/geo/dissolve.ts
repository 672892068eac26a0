import { union } from '@turf/union';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { areaKm2 } from './measure.ts';

export interface DissolveInput {
  geometry: Polygon | MultiPolygon;
  properties: Record<string, unknown>;
}

export interface DissolvedGroup {
  /** The field value shared by the members, as text. */
  key: string;
  geometry: Polygon | MultiPolygon;
  memberCount: number;
  /**
   * Separate polygons after the union. More than one means the members do not all touch: a real
   * exclave, or (when a part is tiny) a sliver left where neighbours' boundaries do not match.
   */
  partCount: number;
  /** Area of each part in m² (ellipsoidal, holes subtracted), largest first. */
  partAreasM2: number[];
  /**
   * Area of each interior ring in m², smallest first. Holes of a few m² are gaps between
   * neighbouring members whose boundaries do not quite match, not real enclaves.
   */
  holeAreasM2: number[];
}

export interface DissolveResult {
  /** In order of first appearance of their key. */
  groups: DissolvedGroup[];
  /** 0-based input positions whose field value is empty (null, missing or blank); not in any group. */
  withoutKey: number[];
}

/**
 * Merges the areas that share a value of `field`, e.g. Stadtteile into Stadtbezirke.
 * Geometries are WGS84; the union works on the coordinates as they are (no snapping), which is
 * exact where neighbours share their vertices, as official units derived from one source do.
 */
export function dissolveByAttribute(features: DissolveInput[], field: string): DissolveResult {
  const members = new Map<string, Feature<Polygon | MultiPolygon>[]>();
  const withoutKey: number[] = [];
  features.forEach((feature, index) => {
    const key = keyOf(feature.properties[field]);
    if (key === '') {
      withoutKey.push(index);
      return;
    }
    const list = members.get(key) ?? [];
    list.push({ type: 'Feature', geometry: feature.geometry, properties: {} });
    members.set(key, list);
  });

  const groups = [...members].map(([key, list]): DissolvedGroup => {
    const geometry = unite(key, list);
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const squareMetres = (rings: Position[][]) => areaKm2({ type: 'Polygon', coordinates: rings }) * 1e6;
    return {
      key,
      geometry,
      memberCount: list.length,
      partCount: polygons.length,
      partAreasM2: polygons.map(squareMetres).sort((a, b) => b - a),
      holeAreasM2: polygons.flatMap((rings) => rings.slice(1).map((hole) => squareMetres([hole]))).sort((a, b) => a - b),
    };
  });
  return { groups, withoutKey };
}

function unite(key: string, list: Feature<Polygon | MultiPolygon>[]): Polygon | MultiPolygon {
  let merged: Feature<Polygon | MultiPolygon> | null;
  try {
    // Even a single member goes through union: it merges overlapping parts of one MultiPolygon.
    merged = union({ type: 'FeatureCollection', features: list });
  } catch (error) {
    throw new Error(`Die Flächen der Gruppe „${key}“ lassen sich nicht zusammenfassen (${(error as Error).message}).`, {
      cause: error,
    });
  }
  if (!merged) throw new Error(`Die Flächen der Gruppe „${key}“ ergeben zusammen keine Fläche.`);
  return merged.geometry;
}

function keyOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return (typeof value === 'object' ? JSON.stringify(value) : String(value)).trim();
}
