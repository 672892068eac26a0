import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';

type ValueRow = { unitId: string; period: string; value: number | null; flag: 'missing' | 'suppressed' | 'estimated' | 'provisional' | null };

/** One indicator, one period, one level: what the choropleth needs. */
export function valuesForMap(db: Database, indicatorId: string, period: string, levelId: string): MethodOutput<'values.map'> {
  const rows = db
    .prepare(
      `SELECT v.unit_id AS unitId, v.period, v.value, v.flag FROM indicator_values v
       JOIN spatial_units u ON u.id = v.unit_id
       WHERE v.indicator_id = ? AND v.period = ? AND u.level_id = ? AND v.deleted = 0 AND u.deleted = 0`,
    )
    .all(indicatorId, period, levelId) as ValueRow[];
  return rows.map(({ unitId, value, flag }) => ({ unitId, value, flag }));
}

/** Every period of one indicator on one level: time series, whole-series classes, ranking. */
export function valueSeries(db: Database, indicatorId: string, levelId: string): MethodOutput<'values.series'> {
  return db
    .prepare(
      `SELECT v.unit_id AS unitId, v.period, v.value, v.flag FROM indicator_values v
       JOIN spatial_units u ON u.id = v.unit_id
       WHERE v.indicator_id = ? AND u.level_id = ? AND v.deleted = 0 AND u.deleted = 0
       ORDER BY v.period, v.unit_id`,
    )
    .all(indicatorId, levelId) as ValueRow[];
}

/**
 * valueSeries for several indicators at once (the district profile: every indicator of a level).
 * One query; the ids travel as a JSON array, so there is no limit on bound parameters. In input
 * order, duplicates once; an unknown id gets an empty series.
 */
export function valueSeriesMany(db: Database, indicatorIds: readonly string[], levelId: string): MethodOutput<'values.seriesMany'> {
  const ids = [...new Set(indicatorIds)];
  const rows = db
    .prepare(
      `SELECT v.indicator_id AS indicatorId, v.unit_id AS unitId, v.period, v.value, v.flag FROM indicator_values v
       JOIN spatial_units u ON u.id = v.unit_id
       WHERE v.indicator_id IN (SELECT value FROM json_each(?)) AND u.level_id = ? AND v.deleted = 0 AND u.deleted = 0
       ORDER BY v.indicator_id, v.period, v.unit_id`,
    )
    .all(JSON.stringify(ids), levelId) as Array<ValueRow & { indicatorId: string }>;
  const byIndicator = new Map<string, ValueRow[]>(ids.map((id) => [id, []]));
  for (const { indicatorId, ...row } of rows) byIndicator.get(indicatorId)?.push(row);
  return ids.map((indicatorId) => ({ indicatorId, values: byIndicator.get(indicatorId) ?? [] }));
}

/** Every value of one unit, for the district profile. */
export function valuesOfUnit(db: Database, unitId: string): Array<ValueRow & { indicatorId: string }> {
  return db
    .prepare(
      `SELECT v.indicator_id AS indicatorId, v.unit_id AS unitId, v.period, v.value, v.flag FROM indicator_values v
       JOIN indicators i ON i.id = v.indicator_id
       WHERE v.unit_id = ? AND v.deleted = 0 AND i.deleted = 0 ORDER BY i.code, v.period`,
    )
    .all(unitId) as Array<ValueRow & { indicatorId: string }>;
}
