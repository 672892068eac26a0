import type { MultiPolygon, Polygon } from 'geojson';

/** Where a point lies relative to a polygon; 'boundary' = within the tolerance of an edge. */
export type Containment = 'inside' | 'boundary' | 'outside';

/** About 0.1 mm in degrees: a point this close to an edge lies on the boundary. */
export const BOUNDARY_TOLERANCE_DEGREES = 1e-9;

/**
 * One polygon prepared for fast point-in-polygon tests: all ring edges in one flat array, and
 * horizontal bands that list the edges crossing them, so a test looks at the few edges at the
 * point's height instead of all of them (ray casting along +x only meets edges spanning y).
 */
class PreparedPolygon {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly #edges: Float64Array;
  readonly #bandHeight: number;
  readonly #bandCount: number;
  readonly #bandStart: Int32Array;
  readonly #bandEdges: Int32Array;
  readonly #tolerance: number;

  constructor(geometry: Polygon | MultiPolygon, tolerance: number) {
    this.#tolerance = tolerance;
    const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    let edgeCount = 0;
    for (const rings of parts) for (const ring of rings) edgeCount += Math.max(0, ring.length - 1);
    const edges = new Float64Array(edgeCount * 4);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let e = 0;
    for (const rings of parts) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const ax = ring[i]![0]!;
          const ay = ring[i]![1]!;
          const bx = ring[i + 1]![0]!;
          const by = ring[i + 1]![1]!;
          edges[e++] = ax;
          edges[e++] = ay;
          edges[e++] = bx;
          edges[e++] = by;
          if (ax < minX) minX = ax;
          if (ax > maxX) maxX = ax;
          if (ay < minY) minY = ay;
          if (ay > maxY) maxY = ay;
        }
      }
    }
    this.#edges = edges;
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    const bands = Math.max(1, Math.min(4096, Math.ceil(Math.sqrt(edgeCount) * 2)));
    this.#bandCount = bands;
    this.#bandHeight = (maxY - minY) / bands || 1;
    // Two passes (count, fill) into one flat array: compact and allocation-free to query.
    const counts = new Int32Array(bands + 1);
    const range = (k: number): [number, number] => {
      const y1 = edges[k * 4 + 1]!;
      const y2 = edges[k * 4 + 3]!;
      return [this.#band(Math.min(y1, y2) - tolerance), this.#band(Math.max(y1, y2) + tolerance)];
    };
    for (let k = 0; k < edgeCount; k++) {
      const [from, to] = range(k);
      for (let b = from; b <= to; b++) counts[b + 1]! += 1;
    }
    for (let b = 0; b < bands; b++) counts[b + 1]! += counts[b]!;
    this.#bandStart = counts;
    const filled = counts.slice(0, bands);
    const bandEdges = new Int32Array(counts[bands]!);
    for (let k = 0; k < edgeCount; k++) {
      const [from, to] = range(k);
      for (let b = from; b <= to; b++) bandEdges[filled[b]!++] = k;
    }
    this.#bandEdges = bandEdges;
  }

  #band(y: number): number {
    const b = Math.floor((y - this.minY) / this.#bandHeight);
    return b < 0 ? 0 : b >= this.#bandCount ? this.#bandCount - 1 : b;
  }

  locate(x: number, y: number): Containment {
    const t = this.#tolerance;
    if (x < this.minX - t || x > this.maxX + t || y < this.minY - t || y > this.maxY + t) return 'outside';
    const edges = this.#edges;
    const band = this.#band(y);
    let inside = false;
    for (let i = this.#bandStart[band]!, end = this.#bandStart[band + 1]!; i < end; i++) {
      const k = this.#bandEdges[i]! * 4;
      const ax = edges[k]!;
      const ay = edges[k + 1]!;
      const bx = edges[k + 2]!;
      const by = edges[k + 3]!;
      const lowY = ay < by ? ay : by;
      const highY = ay < by ? by : ay;
      if (y < lowY - t || y > highY + t) continue;
      const lowX = ax < bx ? ax : bx;
      const highX = ax < bx ? bx : ax;
      if (x >= lowX - t && x <= highX + t) {
        const dx = bx - ax;
        const dy = by - ay;
        const cross = dx * (y - ay) - dy * (x - ax);
        const length = Math.sqrt(dx * dx + dy * dy);
        if (length === 0 ? Math.abs(x - ax) <= t && Math.abs(y - ay) <= t : Math.abs(cross) <= t * length) return 'boundary';
      }
      // Half-open rule (one end above, one at or below) counts each vertex crossing once.
      if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
    }
    return inside ? 'inside' : 'outside';
  }
}

/**
 * Many polygons (the units of a level) behind a regular grid of their bounding boxes: a point
 * is tested only against the polygons whose box covers its grid cell — no full scan per point.
 */
export class PolygonIndex {
  readonly size: number;
  readonly #polygons: PreparedPolygon[];
  readonly #minX: number;
  readonly #minY: number;
  readonly #cellWidth: number;
  readonly #cellHeight: number;
  readonly #columns: number;
  readonly #rows: number;
  readonly #cellStart: Int32Array;
  readonly #cellPolygons: Int32Array;

  constructor(geometries: ReadonlyArray<Polygon | MultiPolygon>, tolerance = BOUNDARY_TOLERANCE_DEGREES) {
    this.#polygons = geometries.map((g) => new PreparedPolygon(g, tolerance));
    this.size = geometries.length;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const p of this.#polygons) {
      minX = Math.min(minX, p.minX - tolerance);
      minY = Math.min(minY, p.minY - tolerance);
      maxX = Math.max(maxX, p.maxX + tolerance);
      maxY = Math.max(maxY, p.maxY + tolerance);
    }
    const side = Math.max(1, Math.min(512, Math.ceil(Math.sqrt(this.size) * 2)));
    this.#columns = side;
    this.#rows = side;
    this.#minX = minX;
    this.#minY = minY;
    this.#cellWidth = (maxX - minX) / side || 1;
    this.#cellHeight = (maxY - minY) / side || 1;
    const cells = side * side;
    const counts = new Int32Array(cells + 1);
    const span = (p: PreparedPolygon) => [
      this.#column(p.minX - tolerance),
      this.#column(p.maxX + tolerance),
      this.#row(p.minY - tolerance),
      this.#row(p.maxY + tolerance),
    ] as const;
    if (this.size > 0) {
      for (const p of this.#polygons) {
        const [c0, c1, r0, r1] = span(p);
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) counts[r * side + c + 1]! += 1;
      }
    }
    for (let i = 0; i < cells; i++) counts[i + 1]! += counts[i]!;
    this.#cellStart = counts;
    const filled = counts.slice(0, cells);
    const cellPolygons = new Int32Array(counts[cells]!);
    this.#polygons.forEach((p, index) => {
      const [c0, c1, r0, r1] = span(p);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cellPolygons[filled[r * side + c]!++] = index;
    });
    this.#cellPolygons = cellPolygons;
  }

  #column(x: number): number {
    const c = Math.floor((x - this.#minX) / this.#cellWidth);
    return c < 0 ? 0 : c >= this.#columns ? this.#columns - 1 : c;
  }

  #row(y: number): number {
    const r = Math.floor((y - this.#minY) / this.#cellHeight);
    return r < 0 ? 0 : r >= this.#rows ? this.#rows - 1 : r;
  }

  /** Every polygon the point lies in or on, with how; in index order. */
  locate(x: number, y: number): Array<{ index: number; where: 'inside' | 'boundary' }> {
    const hits: Array<{ index: number; where: 'inside' | 'boundary' }> = [];
    if (this.size === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return hits;
    const cell = this.#row(y) * this.#columns + this.#column(x);
    for (let i = this.#cellStart[cell]!, end = this.#cellStart[cell + 1]!; i < end; i++) {
      const index = this.#cellPolygons[i]!;
      const where = this.#polygons[index]!.locate(x, y);
      if (where !== 'outside') hits.push({ index, where });
    }
    return hits;
  }
}

/** A single polygon test without an index (tests, one-off checks). */
export function locatePoint(geometry: Polygon | MultiPolygon, x: number, y: number, tolerance = BOUNDARY_TOLERANCE_DEGREES): Containment {
  return new PreparedPolygon(geometry, tolerance).locate(x, y);
}
