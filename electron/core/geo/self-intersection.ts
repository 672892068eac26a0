import type { Position } from 'geojson';

/**
 * Limits for the check, which only produces warnings. Ordinary boundaries (a few thousand vertices)
 * take a few milliseconds; contrived shapes could approach n², so very large rings are skipped and
 * the search stops after a budget of segment comparisons (about 50 ms), silently in both cases.
 */
export const MAX_CHECKED_RING_VERTICES = 100_000;
const COMPARISON_BUDGET = 2_000_000;

/**
 * Returns a point where a closed ring crosses or touches itself, or undefined if it is simple.
 * Sweep: segments sorted by their start along one axis; each is only compared with segments whose
 * range on that axis overlaps. The axis is the one along which segments overlap less.
 */
export function findSelfIntersection(ring: Position[]): Position | undefined {
  const points = withoutRepeatedPoints(ring);
  const count = points.length - 1; // segments; points[count] equals points[0]
  if (count < 3 || count > MAX_CHECKED_RING_VERTICES) return undefined;

  const axis = sweepAxis(points);
  const low = new Float64Array(count);
  const high = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const a = points[i]![axis]!;
    const b = points[i + 1]![axis]!;
    low[i] = Math.min(a, b);
    high[i] = Math.max(a, b);
  }
  const order = Array.from({ length: count }, (_, i) => i).sort((i, j) => low[i]! - low[j]!);

  let budget = COMPARISON_BUDGET;
  for (let k = 0; k < count; k++) {
    const i = order[k]!;
    for (let l = k + 1; l < count; l++) {
      const j = order[l]!;
      if (low[j]! > high[i]!) break;
      if (--budget < 0) return undefined;
      const hit = segmentConflict(points, i, j, count);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** 0 for x, 1 for y: the axis where segment extents, relative to the ring's size, add up to less. */
function sweepAxis(points: Position[]): 0 | 1 {
  const overlap = (axis: 0 | 1) => {
    let total = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i + 1 < points.length; i++) {
      total += Math.abs(points[i + 1]![axis]! - points[i]![axis]!);
      min = Math.min(min, points[i]![axis]!);
      max = Math.max(max, points[i]![axis]!);
    }
    return max > min ? total / (max - min) : Infinity;
  };
  return overlap(0) <= overlap(1) ? 0 : 1;
}

function withoutRepeatedPoints(ring: Position[]): Position[] {
  const points: Position[] = [];
  for (const point of ring) {
    const last = points[points.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) points.push(point);
  }
  return points;
}

/** Neighbouring segments share a vertex by construction; they only conflict if they fold back onto each other. */
function segmentConflict(points: Position[], i: number, j: number, count: number): Position | undefined {
  const a = points[i]!;
  const b = points[i + 1]!;
  const c = points[j]!;
  const d = points[j + 1]!;
  if ((i + 1) % count === j) return foldsBack(a, b, d) ? b : undefined;
  if ((j + 1) % count === i) return foldsBack(c, d, b) ? d : undefined;
  return intersection(a, b, c, d);
}

/** Segments p→q and q→r run back along each other (a spike). */
function foldsBack(p: Position, q: Position, r: Position): boolean {
  if (orientation(p, q, r) !== 0) return false;
  return (q[0]! - p[0]!) * (r[0]! - q[0]!) + (q[1]! - p[1]!) * (r[1]! - q[1]!) < 0;
}

function intersection(a: Position, b: Position, c: Position, d: Position): Position | undefined {
  if (!extentsOverlap(a[0]!, b[0]!, c[0]!, d[0]!) || !extentsOverlap(a[1]!, b[1]!, c[1]!, d[1]!)) return undefined;

  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (Math.sign(o1) * Math.sign(o2) < 0 && Math.sign(o3) * Math.sign(o4) < 0) {
    const t = o3 / (o3 - o4);
    return [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)];
  }
  // Touching: an endpoint lies on the other segment.
  if (o1 === 0 && onSegment(a, b, c)) return c;
  if (o2 === 0 && onSegment(a, b, d)) return d;
  if (o3 === 0 && onSegment(c, d, a)) return a;
  if (o4 === 0 && onSegment(c, d, b)) return b;
  return undefined;
}

function extentsOverlap(a: number, b: number, c: number, d: number): boolean {
  return Math.max(c, d) >= Math.min(a, b) && Math.min(c, d) <= Math.max(a, b);
}

/** Twice the signed area of p, q, r: positive if r lies left of p→q, zero if collinear. */
function orientation(p: Position, q: Position, r: Position): number {
  return (q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!);
}

function onSegment(p: Position, q: Position, r: Position): boolean {
  return (
    r[0]! >= Math.min(p[0]!, q[0]!) &&
    r[0]! <= Math.max(p[0]!, q[0]!) &&
    r[1]! >= Math.min(p[1]!, q[1]!) &&
    r[1]! <= Math.max(p[1]!, q[1]!)
  );
}
