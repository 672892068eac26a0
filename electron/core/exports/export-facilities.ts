import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';

export interface FacilityExportOptions {
  categoryIds?: readonly string[];
  includeArchived?: boolean;
  /** The day whose units count (YYYY-MM-DD); default today. */
  date?: string;
}

const FIXED_PROPERTIES = [
  'id', 'name', 'kind', 'category', 'address', 'operator', 'operator_type', 'capacity', 'capacity_unit', 'target_groups',
  'accessibility', 'opening_hours', 'source', 'valid_from', 'valid_to', 'archived', 'attributes',
];

/**
 * Facilities as a GeoJSON FeatureCollection (RFC 7946, WGS84). Every feature carries the official
 * key (code) of the unit containing it on every level, one property per level named like the
 * level ("Stadtteil": "ST10"); a facility outside all units of a level gets null there.
 */
export function facilitiesGeoJson(db: Database, options: FacilityExportOptions = {}) {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const levels = db.prepare('SELECT id, name FROM spatial_levels WHERE deleted = 0 ORDER BY rank').all() as Array<{ id: string; name: string }>;
  const levelProperty = new Map(levels.map((l) => [l.id, FIXED_PROPERTIES.includes(l.name) ? `Ebene ${l.name}` : l.name]));
  const params: unknown[] = [];
  let where = 'f.deleted = 0';
  if (!options.includeArchived) where += ' AND f.archived = 0';
  if (options.categoryIds) {
    where += ' AND f.category_id IN (SELECT value FROM json_each(?))';
    params.push(JSON.stringify(options.categoryIds));
  }
  const rows = db
    .prepare(
      `SELECT f.id, f.name, f.kind, c.name AS category, f.address, f.operator, f.operator_type, f.capacity, f.capacity_unit, f.target_groups,
              f.accessibility, f.opening_hours, f.source, f.valid_from, f.valid_to, f.archived, f.attributes, f.lon, f.lat
       FROM facilities f JOIN facility_categories c ON c.id = f.category_id WHERE ${where} ORDER BY c.name, f.name, f.id`,
    )
    .all(...params) as Array<Record<string, unknown> & { id: string; lon: number; lat: number; target_groups: string; attributes: string; archived: number }>;
  const keys = new Map<string, Map<string, string>>();
  const assigned = db
    .prepare(
      `SELECT fu.facility_id, fu.level_id, u.code FROM facility_units fu JOIN spatial_units u ON u.id = fu.unit_id AND u.deleted = 0
       WHERE (u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)`,
    )
    .raw(true)
    .all(date, date) as Array<[string, string, string]>;
  for (const [facilityId, levelId, code] of assigned) {
    const map = keys.get(facilityId) ?? new Map<string, string>();
    map.set(levelId, code);
    keys.set(facilityId, map);
  }
  return {
    type: 'FeatureCollection' as const,
    name: 'Einrichtungen',
    features: rows.map(({ lon, lat, target_groups, attributes, archived, ...row }) => ({
      type: 'Feature' as const,
      id: row.id,
      geometry: { type: 'Point' as const, coordinates: [lon, lat] },
      properties: {
        ...row,
        target_groups: JSON.parse(target_groups) as string[],
        archived: archived === 1,
        attributes: JSON.parse(attributes) as Record<string, unknown>,
        ...Object.fromEntries(levels.map((l) => [levelProperty.get(l.id)!, keys.get(row.id)?.get(l.id) ?? null])),
      },
    })),
  };
}

/** Writes the GeoJSON atomically; returns the number of features. */
export function exportFacilities(db: Database, outFile: string, options: FacilityExportOptions = {}): number {
  const collection = facilitiesGeoJson(db, options);
  const target = path.resolve(outFile);
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(collection)}\n`);
  fs.renameSync(temporary, target);
  return collection.features.length;
}
