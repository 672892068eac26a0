import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { UserFacingError } from '../core/errors.ts';
import { slugKey } from '../core/sync/ids.ts';
import { findLevelByKey } from '../core/services/spatial-units.ts';

/** Writes one level as a GeoJSON FeatureCollection (RFC 7946, WGS84), atomically. */
export function exportUnits(db: Database, levelName: string, outFile: string): number {
  const level = findLevelByKey(db, slugKey(levelName));
  if (!level || level.deleted) {
    const known = (db.prepare('SELECT name FROM spatial_levels WHERE deleted = 0 ORDER BY rank').all() as Array<{ name: string }>).map((r) => r.name);
    throw new UserFacingError('level-missing', `Die Ebene „${levelName}“ gibt es nicht. Vorhanden: ${known.join(', ') || 'keine'}.`);
  }
  const rows = db
    .prepare(
      `SELECT u.id, u.code, u.name, u.geometry, u.area_km2, u.valid_from, u.valid_to, p.code AS parent_code
       FROM spatial_units u LEFT JOIN spatial_units p ON p.id = u.parent_id
       WHERE u.level_id = ? AND u.deleted = 0 ORDER BY u.code`,
    )
    .all(level.id) as Array<{ id: string; code: string; name: string; geometry: string; area_km2: number; valid_from: string | null; valid_to: string | null; parent_code: string | null }>;
  const collection = {
    type: 'FeatureCollection',
    name: level.name,
    features: rows.map((row) => ({
      type: 'Feature',
      id: row.id,
      properties: {
        id: row.id,
        code: row.code,
        name: row.name,
        level: level.name,
        parent_code: row.parent_code,
        area_km2: Math.round(row.area_km2 * 1e6) / 1e6,
        valid_from: row.valid_from,
        valid_to: row.valid_to,
      },
      geometry: JSON.parse(row.geometry) as unknown,
    })),
  };
  const target = path.resolve(outFile);
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(collection));
  fs.renameSync(temporary, target);
  return rows.length;
}
