import type { Migration } from './types.ts';

/**
 * The indicator catalogue (definitions with planners' metadata, a topic tree), values per unit
 * and period, and saved import mappings. Values are identified by (indicator, unit, period): the
 * same delivery imported on two laptops yields the same rows.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'indicators',
  up(db) {
    db.exec(`
      CREATE TABLE indicator_topics (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES indicator_topics (id),
        rank INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE indicators (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        short_name TEXT,
        topic_id TEXT REFERENCES indicator_topics (id),
        unit TEXT,
        decimals INTEGER NOT NULL DEFAULT 1,
        polarity TEXT NOT NULL CHECK (polarity IN ('need', 'better', 'neutral')),
        kind TEXT NOT NULL CHECK (kind IN ('status', 'dynamic')),
        measure TEXT NOT NULL CHECK (measure IN ('absolute', 'relative', 'standardised')),
        definition TEXT,
        formula TEXT,
        source TEXT,
        licence TEXT,
        attribution TEXT,
        update_interval TEXT,
        reference_date_note TEXT,
        notes TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        archived INTEGER NOT NULL DEFAULT 0,
        -- Computed indicators (derived, indices): how to recompute them from their inputs.
        recipe TEXT,
        deleted INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX indicators_by_code ON indicators (code);

      -- id = "<indicator id>|<unit id>|<period>"; created_by names the bulk op that created the row.
      CREATE TABLE indicator_values (
        id TEXT PRIMARY KEY,
        indicator_id TEXT NOT NULL REFERENCES indicators (id),
        unit_id TEXT NOT NULL REFERENCES spatial_units (id),
        period TEXT NOT NULL,
        value REAL,
        flag TEXT CHECK (flag IN ('missing', 'suppressed', 'estimated', 'provisional')),
        deleted INTEGER NOT NULL DEFAULT 0,
        created_by TEXT
      ) WITHOUT ROWID;
      CREATE INDEX indicator_values_by_period ON indicator_values (indicator_id, period);
      CREATE INDEX indicator_values_by_unit ON indicator_values (unit_id);

      CREATE TABLE value_mappings (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        mapping TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      );

      -- Full-text search over the catalogue; kept in step by triggers (local, never exchanged).
      CREATE VIRTUAL TABLE indicator_search USING fts5(
        code, name, short_name, definition, notes, tags, source,
        content = 'indicators', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER indicators_search_insert AFTER INSERT ON indicators BEGIN
        INSERT INTO indicator_search (rowid, code, name, short_name, definition, notes, tags, source)
        VALUES (new.rowid, new.code, new.name, new.short_name, new.definition, new.notes, new.tags, new.source);
      END;
      CREATE TRIGGER indicators_search_update AFTER UPDATE ON indicators BEGIN
        INSERT INTO indicator_search (indicator_search, rowid, code, name, short_name, definition, notes, tags, source)
        VALUES ('delete', old.rowid, old.code, old.name, old.short_name, old.definition, old.notes, old.tags, old.source);
        INSERT INTO indicator_search (rowid, code, name, short_name, definition, notes, tags, source)
        VALUES (new.rowid, new.code, new.name, new.short_name, new.definition, new.notes, new.tags, new.source);
      END;
    `);
  },
};
