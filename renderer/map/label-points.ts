import type { Feature, FeatureCollection, Point, Position } from 'geojson';

type Ring = Position[];
type Polygon = Ring[];

/**
 * One label point per unit, inside its largest part (pole of inaccessibility, after the polylabel
 * algorithm by Mapbox, ISC). MapLibre would otherwise place polygon labels per tile and repeat
 * them at tile borders.
 */
export function labelPoints(collection: { features: readonly { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] }): FeatureCollection<Point> {
  const features: Feature<Point>[] = [];
  for (const feature of collection.features) {
    const polygon = largestPolygon(feature.geometry);
    if (!polygon) continue;
    const point = poleOfInaccessibility(polygon, precisionFor(polygon));
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: { ...feature.properties } });
  }
  return { type: 'FeatureCollection', features };
}

function largestPolygon(geometry: { type: string; coordinates: unknown }): Polygon | null {
  const polygons: Polygon[] =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as Polygon]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as Polygon[])
        : [];
  let best: Polygon | null = null;
  let bestArea = 0;
  for (const polygon of polygons) {
    const outer = polygon[0];
    if (!outer || outer.length < 4) continue;
    const area = Math.abs(ringArea(outer));
    if (area > bestArea) {
      bestArea = area;
      best = polygon;
    }
  }
  return best;
}

function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    sum += (xj - xi) * (yj + yi);
  }
  return sum / 2;
}

function precisionFor(polygon: Polygon): number {
  const [minX, minY, maxX, maxY] = bounds(polygon[0]!);
  return Math.max(maxX - minX, maxY - minY) / 200 || 1e-6;
}

function bounds(ring: Ring): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x = 0, y = 0] of ring) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

interface Cell {
  x: number;
  y: number;
  h: number;
  d: number;
  max: number;
}

function cell(x: number, y: number, h: number, polygon: Polygon): Cell {
  const d = pointToPolygonDistance(x, y, polygon);
  return { x, y, h, d, max: d + h * Math.SQRT2 };
}

export function poleOfInaccessibility(polygon: Polygon, precision: number): [number, number] {
  const [minX, minY, maxX, maxY] = bounds(polygon[0]!);
  const width = maxX - minX;
  const height = maxY - minY;
  const size = Math.min(width, height);
  if (size === 0) return [minX, minY];
  let h = size / 2;
  const queue: Cell[] = [];
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + h, y + h, h, polygon));

  let best = centroidCell(polygon);
  const bboxCenter = cell(minX + width / 2, minY + height / 2, 0, polygon);
  if (bboxCenter.d > best.d) best = bboxCenter;

  let guard = 0;
  while (queue.length > 0 && guard++ < 10_000) {
    // Largest potential first (the queue stays small, a linear scan is fine).
    let index = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i]!.max > queue[index]!.max) index = i;
    const current = queue.splice(index, 1)[0]!;
    if (current.d > best.d) best = current;
    if (current.max - best.d <= precision) continue;
    h = current.h / 2;
    queue.push(
      cell(current.x - h, current.y - h, h, polygon),
      cell(current.x + h, current.y - h, h, polygon),
      cell(current.x - h, current.y + h, h, polygon),
      cell(current.x + h, current.y + h, h, polygon),
    );
  }
  return [best.x, best.y];
}

function centroidCell(polygon: Polygon): Cell {
  const ring = polygon[0]!;
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [ax = 0, ay = 0] = ring[i]!;
    const [bx = 0, by = 0] = ring[j]!;
    const f = ax * by - bx * ay;
    x += (ax + bx) * f;
    y += (ay + by) * f;
    area += f * 3;
  }
  const first = ring[0]!;
  if (area === 0) return cell(first[0] ?? 0, first[1] ?? 0, 0, polygon);
  return cell(x / area, y / area, 0, polygon);
}

/** Signed distance from a point to the polygon outline: positive inside, negative outside. */
function pointToPolygonDistance(x: number, y: number, polygon: Polygon): number {
  let inside = false;
  let minDistSq = Infinity;
  for (const ring of polygon) {
    for (let i = 0, len = ring.length, j = len - 1; i < len; j = i++) {
      const [ax = 0, ay = 0] = ring[i]!;
      const [bx = 0, by = 0] = ring[j]!;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      minDistSq = Math.min(minDistSq, segmentDistanceSq(x, y, ax, ay, bx, by));
    }
  }
  return minDistSq === 0 ? 0 : (inside ? 1 : -1) * Math.sqrt(minDistSq);
}

function segmentDistanceSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax;
  let y = ay;
  let dx = bx - x;
  let dy = by - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}
