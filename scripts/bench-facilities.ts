// Issue 4: assigning facilities to the spatial units that contain them. 50,000 points against
// three levels of 542 polygons in all (5 Bezirke + 18 Stadtteile + 519 Baublöcke, the shape of
// Gelsenkirchen's hierarchy), boundaries with realistic vertex counts, through the real service
// (read units and facilities from SQLite, parse, index, test, write facility_units).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Polygon, Position } from 'geojson';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { assignFacilities } from '../electron/core/services/facility-assignment.ts';
import { ChangeWriter } from '../electron/core/sync/change-writer.ts';
import { deterministicId } from '../electron/core/sync/ids.ts';

export interface AssignmentBench {
  points: number;
  polygons: number;
  levels: number;
  vertices: number;
  medianMs: number;
  rows: number;
}

/** A deterministic pseudo-random number in [0, 1) from integers (same boundary for both neighbours). */
function noise(...values: number[]): number {
  let h = 2166136261;
  for (const v of values) h = Math.imul(h ^ (v + 0x9e3779b9), 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
  return (h >>> 8) / 16777216;
}

/**
 * `count` cells of a jittered columns × rows grid over the extent, row by row. Every cell edge is
 * a wavy polyline of `perEdge` segments computed from the edge's grid position, so neighbours
 * share it exactly (as real boundaries do).
 */
export function jitteredGrid(count: number, columns: number, extent: [number, number, number, number], perEdge: number, seed: number): Polygon[] {
  const [minX, minY, maxX, maxY] = extent;
  const rows = Math.ceil(count / columns);
  const w = (maxX - minX) / columns;
  const h = (maxY - minY) / rows;
  const corner = (c: number, r: number): Position => {
    const border = c === 0 || r === 0 || c === columns || r === rows;
    return border ? [minX + c * w, minY + r * h] : [minX + (c + (noise(seed, c, r, 1) - 0.5) * 0.4) * w, minY + (r + (noise(seed, c, r, 2) - 0.5) * 0.4) * h];
  };
  // The polyline from corner a to corner b (a before b in grid order), with a gentle wave.
  const edge = (a: [number, number], b: [number, number]): Position[] => {
    const pa = corner(...a);
    const pb = corner(...b);
    const points: Position[] = [pa];
    for (let i = 1; i < perEdge; i++) {
      const t = i / perEdge;
      const wave = Math.sin(t * Math.PI * 3 + noise(seed, a[0], a[1], b[0], b[1]) * 6) * 0.04 * (b[0] === a[0] ? w : h) * Math.sin(t * Math.PI);
      const nx = b[0] === a[0] ? wave : 0;
      const ny = b[0] === a[0] ? 0 : wave;
      points.push([pa[0]! + (pb[0]! - pa[0]!) * t + nx, pa[1]! + (pb[1]! - pa[1]!) * t + ny]);
    }
    points.push(pb);
    return points;
  };
  const polygons: Polygon[] = [];
  for (let index = 0; index < count; index++) {
    const c = index % columns;
    const r = Math.floor(index / columns);
    const bottom = edge([c, r], [c + 1, r]);
    const right = edge([c + 1, r], [c + 1, r + 1]);
    const top = edge([c, r + 1], [c + 1, r + 1]).reverse();
    const left = edge([c, r], [c, r + 1]).reverse();
    const ring = [...bottom, ...right.slice(1), ...top.slice(1), ...left.slice(1)];
    polygons.push({ type: 'Polygon', coordinates: [ring] });
  }
  return polygons;
}

export async function benchAssignment(points = 50_000, repeat = 3): Promise<AssignmentBench> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-assign-'));
  const db = openDatabase(path.join(work, 'assign.sqlite'));
  try {
    const extent: [number, number, number, number] = [7.0, 51.48, 7.15, 51.62];
    const levels = [
      { key: 'bezirk', name: 'Stadtbezirk', polygons: jitteredGrid(5, 5, extent, 400, 1) },
      { key: 'stadtteil', name: 'Stadtteil', polygons: jitteredGrid(18, 6, extent, 120, 2) },
      { key: 'block', name: 'Baublock', polygons: jitteredGrid(519, 24, extent, 12, 3) },
    ];
    const writer = new ChangeWriter(db.sqlite);
    const categoryId = deterministicId.category('spielplatz');
    writer.transaction((tx) => {
      levels.forEach((level, rank) => {
        const levelId = deterministicId.level(level.key);
        tx.upsert('spatial_levels', levelId, { key: level.key, name: level.name, rank });
        level.polygons.forEach((geometry, i) =>
          tx.upsert('spatial_units', deterministicId.unit(level.key, String(i + 1)), {
            level_id: levelId, code: String(i + 1), name: `${level.name} ${i + 1}`, parent_id: null, geometry: JSON.stringify(geometry), valid_from: null, valid_to: null, attributes: {},
          }),
        );
      });
      for (let i = 0; i < points; i++) {
        // Slightly beyond the extent, so some points fall outside every unit.
        const lon = extent[0] - 0.002 + noise(7, i) * (extent[2] - extent[0] + 0.004);
        const lat = extent[1] - 0.002 + noise(8, i) * (extent[3] - extent[1] + 0.004);
        tx.upsert('facilities', deterministicId.facility('spielplatz', String(i)), { category_id: categoryId, name: `Punkt ${i}`, address: null, lon, lat, valid_from: null, valid_to: null, attributes: {} });
      }
    });
    const samples: number[] = [];
    let rows = 0;
    for (let i = 0; i < repeat; i++) {
      // Each run assigns from scratch (the first assignment after an import is the long one).
      db.sqlite.prepare('DELETE FROM facility_units').run();
      const start = performance.now();
      assignFacilities(db.sqlite);
      samples.push(performance.now() - start);
      rows = (db.sqlite.prepare('SELECT count(*) AS n FROM facility_units').get() as { n: number }).n;
    }
    samples.sort((a, b) => a - b);
    const vertices = levels.reduce((sum, l) => sum + l.polygons.reduce((s, p) => s + p.coordinates[0]!.length, 0), 0);
    return { points, polygons: levels.reduce((s, l) => s + l.polygons.length, 0), levels: levels.length, vertices, medianMs: samples[Math.floor(samples.length / 2)]!, rows };
  } finally {
    db.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchAssignment());
