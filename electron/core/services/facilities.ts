import type { Database } from 'better-sqlite3';
import { sql } from 'kysely';
import type { MethodOutput } from '../../../shared/contract.ts';
import { all, qb } from '../db/query.ts';

export function listCategories(db: Database): MethodOutput<'categories.list'> {
  return all(
    db,
    qb
      .selectFrom('facility_categories as c')
      .select(['c.id', 'c.key', 'c.name', 'c.color'])
      .select((eb) =>
        eb
          .selectFrom('facilities as f')
          .whereRef('f.category_id', '=', 'c.id')
          .where('f.deleted', '=', 0)
          .select(sql<number>`count(*)`.as('n'))
          .as('facilityCount'),
      )
      .where('c.deleted', '=', 0)
      .orderBy('c.name'),
  ).map((row) => ({ ...row, facilityCount: Number(row.facilityCount ?? 0) }));
}

export function facilityFeatures(db: Database): MethodOutput<'facilities.features'> {
  const rows = all(
    db,
    qb
      .selectFrom('facilities as f')
      .innerJoin('facility_categories as c', 'c.id', 'f.category_id')
      .select(['f.id', 'f.name', 'f.address', 'f.lon', 'f.lat', 'f.category_id', 'c.name as category_name', 'c.color'])
      .where('f.deleted', '=', 0)
      .where('c.deleted', '=', 0),
  );
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature' as const,
      id: row.id,
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: {
        id: row.id,
        name: row.name,
        address: row.address,
        categoryId: row.category_id,
        categoryName: row.category_name,
        color: row.color,
      },
    })),
  };
}
