import type { Database } from 'better-sqlite3';
import { LevelAssigner, readUnitShapes } from '../services/facility-assignment.ts';

/**
 * For the import preview: the current unit of the finest level that contains each point, so the
 * planner sees where a row will count before importing ("Gymnasium … → Buer"). null: outside
 * every unit of that level, or no levels at all.
 */
export function finestUnitNames(db: Database, points: ReadonlyArray<{ lon: number; lat: number }>): Array<{ level: string; unit: string } | null> {
  if (points.length === 0) return [];
  const level = db.prepare('SELECT id, name FROM spatial_levels WHERE deleted = 0 ORDER BY rank DESC LIMIT 1').get() as { id: string; name: string } | undefined;
  if (!level) return points.map(() => null);
  const today = new Date().toISOString().slice(0, 10);
  const units = readUnitShapes(db, [level.id]).filter((u) => (u.validFrom === null || u.validFrom <= today) && (u.validTo === null || u.validTo >= today));
  const names = new Map((db.prepare('SELECT id, name FROM spatial_units WHERE level_id = ?').all(level.id) as Array<{ id: string; name: string }>).map((u) => [u.id, u.name]));
  const assigner = new LevelAssigner(units);
  return points.map((p) => {
    const unit = assigner.assign(p.lon, p.lat)[0];
    return unit ? { level: level.name, unit: names.get(unit.id) ?? unit.code } : null;
  });
}
