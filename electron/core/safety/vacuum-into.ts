import type { Database } from 'better-sqlite3';
import { fsyncFile } from './atomic-files.ts';

/**
 * A consistent copy of the whole database (also what other connections committed in WAL) in one
 * statement. SQLite does not fsync the copy, so it is flushed here before anyone renames it.
 * `target` must not exist yet.
 */
export function vacuumInto(db: Database, target: string): void {
  // The file name is a bound parameter: no quoting of paths by hand.
  db.prepare('VACUUM INTO ?').run(target);
  fsyncFile(target);
}
