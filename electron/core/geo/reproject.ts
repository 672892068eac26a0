import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { SourceCrs } from './source-crs.ts';

/** Converts to WGS84 lon/lat with outer rings counter-clockwise and holes clockwise (RFC 7946). */
export function toWgs84Geometry<G extends Polygon | MultiPolygon | Point>(
  geometry: G,
  crs: SourceCrs,
): { geometry: G } | { failedAt: Position } {
  let failedAt: Position | undefined;
  const convert = (position: Position): Position => {
    const [x, y] = crs.swapAxes ? [position[1]!, position[0]!] : [position[0]!, position[1]!];
    const converted = crs.toWgs84(x, y);
    if (!Number.isFinite(converted[0]) || !Number.isFinite(converted[1])) failedAt ??= position;
    return converted;
  };
  const convertRings = (rings: Position[][]) =>
    rings.map((ring, index) => orient(ring.map(convert), index === 0 ? 'counter-clockwise' : 'clockwise'));

  let result: Polygon | MultiPolygon | Point;
  if (geometry.type === 'Point') result = { type: 'Point', coordinates: convert(geometry.coordinates) };
  else if (geometry.type === 'Polygon') result = { type: 'Polygon', coordinates: convertRings(geometry.coordinates) };
  else result = { type: 'MultiPolygon', coordinates: geometry.coordinates.map(convertRings) };
  return failedAt ? { failedAt } : { geometry: result as G };
}

function orient(ring: Position[], direction: 'clockwise' | 'counter-clockwise'): Position[] {
  const counterClockwise = signedArea(ring) > 0;
  return counterClockwise === (direction === 'counter-clockwise') ? ring : ring.reverse();
}

/** Shoelace formula; positive for counter-clockwise rings in x-right, y-up axes. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return sum / 2;
}
