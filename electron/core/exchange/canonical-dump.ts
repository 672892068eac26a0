import type { Database } from 'better-sqlite3';
import { SYNC_TABLES } from '../../../shared/sync/tables.ts';

/**
 * Everything two laptops that have seen the same changes must agree on, as one string: every
 * exchanged table (allow-listed fields and the tombstone), the op log, the field heads and the
 * open conflicts (without the local detection time). Tests and the end-to-end check compare it.
 */
export function canonicalDump(db: Database): string {
  const parts: string[] = [];
  for (const [table, spec] of Object.entries(SYNC_TABLES)) {
    const columns = ['id', ...Object.keys(spec.fields), 'deleted'];
    const rows = db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY id`).raw(true).all();
    parts.push(`${table} ${JSON.stringify(rows)}`);
  }
  const ops = db.prepare('SELECT replica, seq, hlc, tbl, row_id, field, value, pred, seen FROM ops ORDER BY replica, seq').raw(true).all();
  const heads = db.prepare('SELECT tbl, row_id, field, replica, seq FROM heads ORDER BY tbl, row_id, field, replica, seq').raw(true).all();
  const conflicts = db.prepare('SELECT tbl, row_id, field, kind, heads, ancestor FROM conflicts ORDER BY tbl, row_id, field, kind').raw(true).all();
  parts.push(`ops ${JSON.stringify(ops)}`, `heads ${JSON.stringify(heads)}`, `conflicts ${JSON.stringify(conflicts)}`);
  return parts.join('\n');
}
