import type { Database } from 'better-sqlite3';
import type { MultiPolygon, Polygon } from 'geojson';
import { PolygonIndex } from '../geo/point-index.ts';

/**
 * Which spatial units contain each facility, on every level and for every boundary version
 * (facility_units, derived and local). Rules, the same on every laptop:
 * - a point inside a unit belongs to it; a point on a boundary (within about 0.1 mm) belongs to
 *   one of the units it touches: the one with the smallest code;
 * - among units of a level valid at the same time a point belongs to at most one (overlapping
 *   boundaries: the unit that contains it strictly, else the smallest code); units of different
 *   boundary versions (disjoint validity) each get it, so counts for past periods stay right;
 * - a point outside every unit of a level is not assigned on that level (and reported).
 */

export interface UnitShape {
  id: string;
  levelId: string;
  code: string;
  geometry: Polygon | MultiPolygon;
  validFrom: string | null;
  validTo: string | null;
}

export interface AssignmentSummary {
  facilities: number;
  levels: Array<{ levelId: string; name: string; assigned: number; outside: number }>;
  /** Ids of facilities outside every unit of at least one level (first 100). */
  outsideIds: string[];
  durationMs: number;
}

export interface AssignmentScope {
  /** Only these levels (after an import of units); default all. */
  levelIds?: readonly string[];
  /** Only these facilities (after an edit or an import of facilities); default all. */
  facilityIds?: readonly string[];
}

/** Units of one level prepared for assignment: an index plus what the choice rule needs. */
export class LevelAssigner {
  readonly #units: UnitShape[];
  readonly #index: PolygonIndex;

  constructor(units: UnitShape[]) {
    this.#units = units;
    this.#index = new PolygonIndex(units.map((u) => u.geometry));
  }

  /** The units (indices into the constructor's list) a point belongs to under the rules above. */
  assign(lon: number, lat: number): UnitShape[] {
    const hits = this.#index.locate(lon, lat);
    if (hits.length === 0) return [];
    if (hits.length === 1) return [this.#units[hits[0]!.index]!];
    hits.sort((a, b) => {
      if (a.where !== b.where) return a.where === 'inside' ? -1 : 1;
      const ua = this.#units[a.index]!;
      const ub = this.#units[b.index]!;
      return ua.code < ub.code ? -1 : ua.code > ub.code ? 1 : ua.id < ub.id ? -1 : ua.id > ub.id ? 1 : 0;
    });
    const chosen: UnitShape[] = [];
    for (const hit of hits) {
      const unit = this.#units[hit.index]!;
      if (chosen.every((other) => !validityOverlaps(other, unit))) chosen.push(unit);
    }
    return chosen;
  }
}

/** Whether two validity periods (inclusive ISO dates, null = open) share a day. */
export function validityOverlaps(a: { validFrom: string | null; validTo: string | null }, b: { validFrom: string | null; validTo: string | null }): boolean {
  const startsBeforeOtherEnds = (x: typeof a, y: typeof b) => x.validFrom === null || y.validTo === null || x.validFrom <= y.validTo;
  return startsBeforeOtherEnds(a, b) && startsBeforeOtherEnds(b, a);
}

export function readUnitShapes(db: Database, levelIds?: readonly string[]): UnitShape[] {
  const rows = db
    .prepare(
      `SELECT id, level_id, code, geometry, valid_from, valid_to FROM spatial_units
       WHERE deleted = 0 ${levelIds ? 'AND level_id IN (SELECT value FROM json_each(?))' : ''} ORDER BY level_id, code`,
    )
    .all(...(levelIds ? [JSON.stringify(levelIds)] : [])) as Array<{ id: string; level_id: string; code: string; geometry: string; valid_from: string | null; valid_to: string | null }>;
  return rows.map((r) => ({
    id: r.id,
    levelId: r.level_id,
    code: r.code,
    geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}

/**
 * Recomputes facility_units for the scope in one transaction. Called after every write that
 * moves a facility or changes boundaries (imports of units and facilities, boundary versions,
 * dissolving a level, editing or deleting a facility) and when a database reaches schema 3.
 */
export function assignFacilities(db: Database, scope: AssignmentScope = {}): AssignmentSummary {
  const started = performance.now();
  const levels = db
    .prepare(`SELECT id, name FROM spatial_levels WHERE deleted = 0 ${scope.levelIds ? 'AND id IN (SELECT value FROM json_each(?))' : ''} ORDER BY rank`)
    .all(...(scope.levelIds ? [JSON.stringify(scope.levelIds)] : [])) as Array<{ id: string; name: string }>;
  const facilities = db
    .prepare(`SELECT id, lon, lat FROM facilities WHERE deleted = 0 ${scope.facilityIds ? 'AND id IN (SELECT value FROM json_each(?))' : ''}`)
    .raw(true)
    .all(...(scope.facilityIds ? [JSON.stringify(scope.facilityIds)] : [])) as Array<[string, number, number]>;
  const units = readUnitShapes(db, levels.map((l) => l.id));
  const byLevel = new Map<string, UnitShape[]>(levels.map((l) => [l.id, []]));
  for (const unit of units) byLevel.get(unit.levelId)?.push(unit);

  // Facility-major and in id order: the rows come out in the table's key order.
  facilities.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const assigners = levels.map((level) => new LevelAssigner(byLevel.get(level.id)!));
  const assigned = new Array<number>(levels.length).fill(0);
  const rows: string[][] = [];
  const outside = new Set<string>();
  for (const [id, lon, lat] of facilities) {
    for (let l = 0; l < levels.length; l++) {
      const chosen = assigners[l]!.assign(lon, lat);
      if (chosen.length === 0) {
        outside.add(id);
        continue;
      }
      assigned[l]! += 1;
      for (const unit of chosen) rows.push([id, levels[l]!.id, unit.id]);
    }
  }
  const summary = levels.map((level, l) => ({ levelId: level.id, name: level.name, assigned: assigned[l]!, outside: facilities.length - assigned[l]! }));
  writeAssignments(db, scope, rows);
  return { facilities: facilities.length, levels: summary, outsideIds: [...outside].slice(0, 100), durationMs: performance.now() - started };
}

/**
 * Brings facility_units within the scope to exactly `rows`, writing only the differences (an
 * edit or a boundary version changes few rows). `rows` come in key order: cheap B-tree appends.
 * Rows of deleted facilities, deleted units and vanished levels disappear with it.
 */
function writeAssignments(db: Database, scope: AssignmentScope, rows: string[][]): void {
  const conditions: string[] = [];
  const params: string[] = [];
  if (scope.levelIds) {
    conditions.push('level_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(scope.levelIds));
  }
  if (scope.facilityIds) {
    conditions.push('facility_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(scope.facilityIds));
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const key = (row: readonly string[]) => `${row[0]}\u0000${row[1]}\u0000${row[2]}`;
  db.transaction(() => {
    const existing = db.prepare(`SELECT facility_id, level_id, unit_id FROM facility_units ${where}`).raw(true).all(...params) as string[][];
    let added = rows;
    if (existing.length > 0) {
      const wanted = new Set(rows.map(key));
      const have = new Set<string>();
      const remove = db.prepare('DELETE FROM facility_units WHERE facility_id = ? AND level_id = ? AND unit_id = ?');
      for (const row of existing) {
        const k = key(row);
        if (wanted.has(k)) have.add(k);
        else remove.run(row);
      }
      added = rows.filter((row) => !have.has(key(row)));
    }
    const insert = db.prepare('INSERT OR IGNORE INTO facility_units (facility_id, level_id, unit_id) VALUES (?, ?, ?)');
    for (const row of added) insert.run(row);
  })();
}

/** The current units (today) of a facility, one per level, top level first. */
export function unitsOfFacility(db: Database, facilityId: string, date = new Date().toISOString().slice(0, 10)) {
  return db
    .prepare(
      `SELECT u.id, u.code, u.name, l.id AS levelId, l.name AS levelName, l.key AS levelKey FROM facility_units fu
       JOIN spatial_units u ON u.id = fu.unit_id AND u.deleted = 0
       JOIN spatial_levels l ON l.id = fu.level_id AND l.deleted = 0
       WHERE fu.facility_id = ? AND (u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)
       ORDER BY l.rank`,
    )
    .all(facilityId, date, date) as Array<{ id: string; code: string; name: string; levelId: string; levelName: string; levelKey: string }>;
}
