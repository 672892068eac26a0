import type { Database } from 'better-sqlite3';

/** A numbered schema step. `up` runs inside the migration transaction and must not commit. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
