import type { Database } from 'better-sqlite3';
import { suppressCounts } from '../../../shared/stats/suppress.ts';
import { UserFacingError } from '../errors.ts';
import { slugKey } from '../sync/ids.ts';

export interface ValueTableRequest {
  /** Indicator codes; empty = every indicator with values on the level. */
  indicators: string[];
  level: string;
  /** Counts below this leave the app suppressed ("."); 0 switches suppression off. */
  suppressionThreshold: number;
}

export interface ValueTableRow {
  unitCode: string;
  unitName: string;
  period: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string | null;
  decimals: number;
  value: number | null;
  /** Flag after suppression: a suppressed count reads "suppressed" here and has no value. */
  flag: string | null;
}

/**
 * Values in long format, ready for export, with small-number suppression applied to absolute
 * counts (methods.md): nothing below the threshold leaves the app.
 */
export function valueTable(db: Database, request: ValueTableRequest): ValueTableRow[] {
  const level = db.prepare('SELECT id FROM spatial_levels WHERE key = ? AND deleted = 0').get(slugKey(request.level)) as { id: string } | undefined;
  if (!level) throw new UserFacingError('level-missing', `Die Ebene „${request.level}“ gibt es nicht.`);
  const filter = request.indicators.length > 0 ? `AND i.code IN (${request.indicators.map(() => '?').join(', ')})` : '';
  const rows = db
    .prepare(
      `SELECT u.code AS unitCode, u.name AS unitName, v.period, i.code AS indicatorCode, i.name AS indicatorName,
              i.unit, i.decimals, i.measure, v.value, v.flag
       FROM indicator_values v
       JOIN indicators i ON i.id = v.indicator_id
       JOIN spatial_units u ON u.id = v.unit_id
       WHERE u.level_id = ? AND v.deleted = 0 AND i.deleted = 0 AND u.deleted = 0 ${filter}
       ORDER BY i.code, v.period, u.code`,
    )
    .all(level.id, ...request.indicators) as Array<ValueTableRow & { measure: string }>;
  if (request.indicators.length > 0) {
    const found = new Set(rows.map((r) => r.indicatorCode));
    const unknown = request.indicators.filter((code) => !found.has(code));
    if (unknown.length > 0) throw new UserFacingError('indicator-missing', `Keine Werte für ${unknown.map((c) => `„${c}“`).join(', ')} auf der Ebene ${request.level}.`);
  }
  if (request.suppressionThreshold <= 0) return rows.map(({ measure: _m, ...row }) => row);
  const counts = rows.map((row, index) => ({ key: String(index), value: row.measure === 'absolute' && row.flag !== 'suppressed' ? row.value : null }));
  const suppressed = suppressCounts(counts, { threshold: request.suppressionThreshold });
  return rows.map(({ measure, ...row }, index) =>
    measure === 'absolute' && suppressed[index]!.status === 'suppressed' ? { ...row, value: null, flag: 'suppressed' } : row,
  );
}
