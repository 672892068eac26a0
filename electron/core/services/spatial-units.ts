import type { Database } from 'better-sqlite3';
import { sql } from 'kysely';
import type { MethodOutput } from '../../../shared/contract.ts';
import { UserFacingError } from '../errors.ts';
import { currentUnitCondition } from '../db/current-units.ts';
import { all, first, qb } from '../db/query.ts';

export function listLevels(db: Database): MethodOutput<'levels.list'> {
  return all(
    db,
    qb
      .selectFrom('spatial_levels as l')
      .select(['l.id', 'l.key', 'l.name', 'l.rank'])
      .select((eb) =>
        eb
          .selectFrom('spatial_units as u')
          .whereRef('u.level_id', '=', 'l.id')
          .where('u.deleted', '=', 0)
          .where(currentlyValid('u'))
          .select(eb.fn.countAll<number>().as('n'))
          .as('unitCount'),
      )
      .where('l.deleted', '=', 0)
      .orderBy('l.rank')
      .orderBy('l.name'),
  ).map((row) => ({ ...row, unitCount: Number(row.unitCount ?? 0) }));
}

/** Units valid today (see currentUnitCondition), for kysely queries. */
function currentlyValid(table: 'u' | 'spatial_units') {
  return sql<boolean>`(${sql.raw(currentUnitCondition(table))})`;
}

export function findLevelByKey(db: Database, key: string) {
  return first(db, qb.selectFrom('spatial_levels').selectAll().where('key', '=', key));
}

export function unitFeatures(db: Database, levelId: string): MethodOutput<'units.features'> {
  const rows = all(
    db,
    qb
      .selectFrom('spatial_units')
      .select(['id', 'code', 'name', 'geometry'])
      .where('level_id', '=', levelId)
      .where('deleted', '=', 0)
      .where(currentlyValid('spatial_units'))
      .orderBy('code'),
  );
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature' as const,
      id: row.id,
      geometry: JSON.parse(row.geometry) as { type: string; coordinates: unknown },
      properties: { id: row.id, code: row.code, name: row.name },
    })),
  };
}

export function getUnit(db: Database, id: string): MethodOutput<'units.get'> {
  const row = first(
    db,
    qb
      .selectFrom('spatial_units as u')
      .innerJoin('spatial_levels as l', 'l.id', 'u.level_id')
      .select([
        'u.id', 'u.code', 'u.name', 'u.parent_id', 'u.area_km2', 'u.valid_from', 'u.valid_to', 'u.attributes',
        'u.min_lon', 'u.min_lat', 'u.max_lon', 'u.max_lat', 'l.id as level_id', 'l.name as level_name',
      ])
      .where('u.id', '=', id),
  );
  if (!row) throw new UserFacingError('not-found', 'Diese Gebietseinheit gibt es nicht (mehr).');
  const parent = row.parent_id
    ? first(
        db,
        qb
          .selectFrom('spatial_units as p')
          .innerJoin('spatial_levels as pl', 'pl.id', 'p.level_id')
          .select(['p.id', 'p.code', 'p.name', 'pl.name as levelName'])
          .where('p.id', '=', row.parent_id),
      )
    : undefined;
  const children = first(
    db,
    qb
      .selectFrom('spatial_units')
      .select(sql<number>`count(*)`.as('n'))
      .where('parent_id', '=', id)
      .where('deleted', '=', 0)
      .where(currentlyValid('spatial_units')),
  );
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: { id: row.level_id, name: row.level_name },
    parent: parent ?? null,
    childCount: Number(children?.n ?? 0),
    areaKm2: row.area_km2 ?? 0,
    bbox: [row.min_lon ?? 0, row.min_lat ?? 0, row.max_lon ?? 0, row.max_lat ?? 0],
    validFrom: row.valid_from,
    validTo: row.valid_to,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
  };
}

/** WGS84 extent of all live spatial units, or null for an empty database. */
export function unitsExtent(db: Database): [number, number, number, number] | null {
  const row = first(
    db,
    qb
      .selectFrom('spatial_units')
      .select([
        sql<number | null>`min(min_lon)`.as('minLon'),
        sql<number | null>`min(min_lat)`.as('minLat'),
        sql<number | null>`max(max_lon)`.as('maxLon'),
        sql<number | null>`max(max_lat)`.as('maxLat'),
      ])
      .where('deleted', '=', 0),
  );
  if (!row || row.minLon === null || row.minLat === null || row.maxLon === null || row.maxLat === null) return null;
  return [row.minLon, row.minLat, row.maxLon, row.maxLat];
}

/** Code and name of the current units of a level (manual assignment in the values wizard). */
export function listUnits(db: Database, levelId: string): MethodOutput<'units.list'> {
  return db
    .prepare(
      `SELECT id, code, name, parent_id AS parentId FROM spatial_units WHERE level_id = ? AND ${currentUnitCondition()} ORDER BY code`,
    )
    .all(levelId) as MethodOutput<'units.list'>;
}
