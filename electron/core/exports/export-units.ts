import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MultiPolygon, Polygon } from 'geojson';
import { UserFacingError } from '../errors.ts';
import { valueTable } from './value-table.ts';
import { writeGeoPackage } from '../geo/write-geopackage.ts';
import { slugKey } from '../sync/ids.ts';
import { findLevelByKey } from '../services/spatial-units.ts';

export interface UnitExportOptions {
  /** Indicator codes whose values for `period` become properties (suppression applied). */
  indicators?: string[];
  period?: string;
  suppressionThreshold?: number;
}

/**
 * Writes one level as GeoJSON (RFC 7946, WGS84) or GeoPackage (by the file ending), atomically,
 * optionally with indicator values as attributes for QGIS users.
 */
export function exportUnits(db: Database, levelName: string, outFile: string, options: UnitExportOptions = {}): number {
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
  const values = attributeValues(db, levelName, options);
  const target = path.resolve(outFile);
  if (target.toLowerCase().endsWith('.gpkg')) {
    writeGeoPackage(
      target,
      level.name,
      rows.map((row) => ({
        geometry: JSON.parse(row.geometry) as Polygon | MultiPolygon,
        properties: { code: row.code, name: row.name, parent_code: row.parent_code, area_km2: row.area_km2, ...(values.get(row.code) ?? {}) },
      })),
    );
    return rows.length;
  }
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
        ...(values.get(row.code) ?? {}),
      },
      geometry: JSON.parse(row.geometry) as unknown,
    })),
  };
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(collection));
  fs.renameSync(temporary, target);
  return rows.length;
}

/** code → { indicator code: value } for one period; suppressed counts become null. */
function attributeValues(db: Database, level: string, options: UnitExportOptions): Map<string, Record<string, number | null>> {
  const byUnit = new Map<string, Record<string, number | null>>();
  if (!options.indicators?.length) return byUnit;
  if (!options.period) throw new UserFacingError('period-missing', 'Für Werte in der Geodatei bitte den Zeitraum angeben.');
  const rows = valueTable(db, { indicators: options.indicators, level, suppressionThreshold: options.suppressionThreshold ?? 3 });
  for (const row of rows) {
    if (row.period !== options.period) continue;
    byUnit.set(row.unitCode, { ...(byUnit.get(row.unitCode) ?? {}), [row.indicatorCode]: row.value });
  }
  return byUnit;
}
