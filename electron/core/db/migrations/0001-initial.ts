import type { Migration } from './types.ts';

/**
 * First schema: spatial hierarchy, facilities, attachments, and the change log that makes every
 * write exchangeable (see docs/architecture.md, "Write path").
 */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      -- Local, never synced: who this installation is and where its clock stands.
      CREATE TABLE local_replica (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        replica_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        installation_marker TEXT NOT NULL,
        last_hlc TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- One row per field write (or per row creation, field '*'); the unit of exchange.
      CREATE TABLE ops (
        replica TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hlc TEXT NOT NULL,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        pred TEXT NOT NULL,
        seen TEXT,
        PRIMARY KEY (replica, seq)
      ) WITHOUT ROWID;
      CREATE INDEX ops_by_row ON ops (tbl, row_id, field);

      -- Current heads per field written since creation: ops no known op names as predecessor.
      -- Two or more = conflict. Fields never edited are headed by the row's creation op(s).
      CREATE TABLE heads (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        field TEXT NOT NULL,
        replica TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (tbl, row_id, field, replica, seq)
      ) WITHOUT ROWID;

      CREATE TABLE spatial_levels (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        rank INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE spatial_units (
        id TEXT PRIMARY KEY,
        level_id TEXT NOT NULL REFERENCES spatial_levels (id),
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES spatial_units (id),
        geometry TEXT NOT NULL,
        valid_from TEXT,
        valid_to TEXT,
        attributes TEXT NOT NULL DEFAULT '{}',
        deleted INTEGER NOT NULL DEFAULT 0,
        -- Derived from geometry on every write; not exchanged.
        min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
        area_km2 REAL
      );
      CREATE INDEX spatial_units_by_level ON spatial_units (level_id, code);
      CREATE INDEX spatial_units_by_parent ON spatial_units (parent_id);

      CREATE TABLE facility_categories (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        color TEXT NOT NULL,
        icon TEXT,
        deleted INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE facilities (
        id TEXT PRIMARY KEY,
        category_id TEXT NOT NULL REFERENCES facility_categories (id),
        name TEXT NOT NULL,
        address TEXT,
        lon REAL NOT NULL,
        lat REAL NOT NULL,
        valid_from TEXT,
        valid_to TEXT,
        attributes TEXT NOT NULL DEFAULT '{}',
        deleted INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX facilities_by_category ON facilities (category_id);

      -- Content-addressed: id is the SHA-256 of the bytes stored beside the database.
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY CHECK (length(id) = 64),
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      );
    `);
  },
};
