import type { Migration } from './types.ts';

/**
 * The exchange between laptops (issue 5): open conflicts, what each colleague's last file said
 * they know, who each replica is, the history of exchanges, and the extra creators of rows that
 * two bulk deliveries created at once. All local and derived from the op log; never exchanged.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'exchange',
  up(db) {
    db.exec(`
      -- Open conflicts, recomputed from the op log for every row an import or a resolution
      -- touches. kind 'field': two or more heads of one field with different values;
      -- kind 'delete': a delete that did not see an edit of the same row.
      CREATE TABLE conflicts (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('field', 'delete')),
        -- JSON: [{op, replica, hlc, value}] of the competing heads, newest first.
        heads TEXT NOT NULL,
        -- JSON: the latest value every competing head descends from, if known.
        ancestor TEXT,
        detected_at TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id, field, kind)
      ) WITHOUT ROWID;

      -- Per colleague: the knowledge (highest contiguous seq per replica) their last file carried.
      CREATE TABLE exchange_peers (
        replica TEXT PRIMARY KEY,
        knowledge TEXT NOT NULL,
        last_file_at TEXT NOT NULL
      );

      -- Display names of replicas ("who"), learned from manifests.
      CREATE TABLE exchange_replicas (
        replica TEXT PRIMARY KEY,
        display_name TEXT NOT NULL
      );

      CREATE TABLE exchange_history (
        id INTEGER PRIMARY KEY,
        direction TEXT NOT NULL CHECK (direction IN ('export', 'import')),
        bundle_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        peer_replica TEXT NOT NULL,
        peer_name TEXT NOT NULL,
        at TEXT NOT NULL,
        summary TEXT NOT NULL
      );

      -- A bulk row keeps one creator in its created_by column (the earliest); further bulk ops that
      -- created the same row (two laptops importing the same statistics) are listed here.
      CREATE TABLE row_creators (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        replica TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (tbl, row_id, replica, seq)
      ) WITHOUT ROWID;
    `);
  },
};
