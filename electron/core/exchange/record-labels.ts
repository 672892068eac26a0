import type { Database } from 'better-sqlite3';
import { isSyncTable } from '../../../shared/sync/tables.ts';

/**
 * A record as a planner knows it, for the conflict inbox and import summaries. Reads deleted rows
 * too (a delete/edit conflict is about one). Table names come from the allow-list only.
 */
export function recordLabel(db: Database, table: string, row: string): string {
  if (!isSyncTable(table)) return row;
  if (table === 'indicator_values') {
    const value = db
      .prepare(
        `SELECT i.name AS indicator, u.name AS unit, v.period FROM indicator_values v
         LEFT JOIN indicators i ON i.id = v.indicator_id LEFT JOIN spatial_units u ON u.id = v.unit_id WHERE v.id = ?`,
      )
      .get(row) as { indicator: string | null; unit: string | null; period: string } | undefined;
    return value ? `${value.indicator ?? '?'} · ${value.unit ?? '?'} · ${value.period}` : row;
  }
  const named = db.prepare(`SELECT name FROM ${table} WHERE id = ?`).get(row) as { name: string | null } | undefined;
  return named?.name?.trim() || row;
}
