import type { Database } from 'better-sqlite3';

/** Every row of every table in a stable order: two databases with equal dumps hold the same data. */
export function canonicalDump(db: Database): string {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map((t) => t.name);
  const parts: string[] = [];
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>;
    const lines = rows.map((row) => JSON.stringify(row)).sort();
    parts.push(`## ${table}\n${lines.join('\n')}`);
  }
  return parts.join('\n');
}
