import type { Migration } from './types.ts';

/**
 * The infrastructure database: what a category is (group, icon, usual capacity unit), what a
 * facility or neighbourhood resource records (Träger, capacity, target groups, accessibility,
 * contact, opening hours, source, notes, photos), which spatial units contain each facility,
 * and full-text search over facilities.
 *
 * facility_units is derived data and never exchanged: every laptop computes it from the synced
 * facilities and spatial units (electron/core/services/facility-assignment.ts), so it cannot
 * disagree with them after a merge. The default categories are written through the ChangeWriter
 * after the migration (they must be logged ops; see electron/core/services/facility-categories.ts).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'facilities',
  up(db) {
    db.exec(`
      ALTER TABLE facility_categories ADD COLUMN group_name TEXT;
      ALTER TABLE facility_categories ADD COLUMN capacity_unit TEXT;

      ALTER TABLE facilities ADD COLUMN kind TEXT NOT NULL DEFAULT 'facility' CHECK (kind IN ('facility', 'resource'));
      ALTER TABLE facilities ADD COLUMN resource_description TEXT;
      ALTER TABLE facilities ADD COLUMN operator TEXT;
      ALTER TABLE facilities ADD COLUMN operator_type TEXT;
      ALTER TABLE facilities ADD COLUMN capacity REAL CHECK (capacity IS NULL OR capacity >= 0);
      ALTER TABLE facilities ADD COLUMN capacity_unit TEXT;
      ALTER TABLE facilities ADD COLUMN target_groups TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE facilities ADD COLUMN accessibility TEXT CHECK (accessibility IS NULL OR accessibility IN ('full', 'partial', 'none'));
      ALTER TABLE facilities ADD COLUMN contact TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE facilities ADD COLUMN opening_hours TEXT;
      ALTER TABLE facilities ADD COLUMN source TEXT;
      ALTER TABLE facilities ADD COLUMN notes TEXT;
      ALTER TABLE facilities ADD COLUMN photos TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE facilities ADD COLUMN archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1));

      -- Derived, local, never exchanged: the units (every level, every boundary version) that
      -- contain a facility; at most one unit per level among units valid at the same time.
      -- One B-tree clustered by facility and no foreign keys: rebuilt from facilities and units
      -- whenever either changes, and filled in facility order, so a full assignment of 50,000
      -- facilities on three levels costs little more than the bare inserts (docs/benchmarks.md).
      -- Per-unit questions scan it (a few hundred thousand short rows at most).
      CREATE TABLE facility_units (
        facility_id TEXT NOT NULL,
        level_id TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        PRIMARY KEY (facility_id, level_id, unit_id)
      ) WITHOUT ROWID;

      -- Full-text search over facilities; kept in step by triggers (local, never exchanged).
      CREATE VIRTUAL TABLE facility_search USING fts5(
        name, address, operator, target_groups, resource_description, notes, attributes,
        content = 'facilities', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO facility_search (facility_search) VALUES ('rebuild');
      CREATE TRIGGER facilities_search_insert AFTER INSERT ON facilities BEGIN
        INSERT INTO facility_search (rowid, name, address, operator, target_groups, resource_description, notes, attributes)
        VALUES (new.rowid, new.name, new.address, new.operator, new.target_groups, new.resource_description, new.notes, new.attributes);
      END;
      CREATE TRIGGER facilities_search_update AFTER UPDATE OF name, address, operator, target_groups, resource_description, notes, attributes ON facilities BEGIN
        INSERT INTO facility_search (facility_search, rowid, name, address, operator, target_groups, resource_description, notes, attributes)
        VALUES ('delete', old.rowid, old.name, old.address, old.operator, old.target_groups, old.resource_description, old.notes, old.attributes);
        INSERT INTO facility_search (rowid, name, address, operator, target_groups, resource_description, notes, attributes)
        VALUES (new.rowid, new.name, new.address, new.operator, new.target_groups, new.resource_description, new.notes, new.attributes);
      END;
    `);
  },
};
