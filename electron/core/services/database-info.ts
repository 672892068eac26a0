import type { Database } from 'better-sqlite3';
import { schemaVersion } from '../db/migrate.ts';
import { readLocalReplica } from '../sync/replica.ts';

/** Tables a user thinks of as data; counted live rows only. New main tables are added here. */
const COUNTED_TABLES = [
  'spatial_levels', 'spatial_units', 'facility_categories', 'facilities', 'attachments',
  'indicator_topics', 'indicators', 'indicator_values', 'value_mappings',
] as const;

export interface DatabaseInfo {
  schemaVersion: number;
  replicaId: string;
  counts: Record<string, number>;
  unitsPerLevel: Record<string, number>;
  operations: number;
}

export function databaseInfo(db: Database): DatabaseInfo {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    counts[table] = (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE deleted = 0`).get() as { n: number }).n;
  }
  const perLevel = db
    .prepare(
      `SELECT l.name AS name, count(u.id) AS n FROM spatial_levels l
       LEFT JOIN spatial_units u ON u.level_id = l.id AND u.deleted = 0
       WHERE l.deleted = 0 GROUP BY l.id ORDER BY l.rank, l.name`,
    )
    .all() as Array<{ name: string; n: number }>;
  return {
    schemaVersion: schemaVersion(db),
    replicaId: readLocalReplica(db)!.replicaId,
    counts,
    unitsPerLevel: Object.fromEntries(perLevel.map((r) => [r.name, r.n])),
    operations: (db.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n,
  };
}
