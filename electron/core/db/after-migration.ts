import type { Database } from 'better-sqlite3';
import { assignFacilities } from '../services/facility-assignment.ts';
import { seedDefaultCategories } from '../services/facility-categories.ts';
import { readSetting, writeSetting } from '../services/settings.ts';
import type { MigrationResult } from './migrate.ts';

const CATEGORIES_SEEDED = 'seeded.facility-categories';

/**
 * Work a migration needs that must go through the write path or the app's own code, so it runs
 * after the schema step and after the replica exists: seeding logged rows (the default
 * categories, once per installation — a category the user deletes stays deleted) and filling
 * derived tables (which units contain each facility) for a database that had facilities before.
 */
export function afterMigration(db: Database, result: MigrationResult, options: { seedDefaults?: boolean } = {}): void {
  if (result.to >= 3 && readSetting<boolean>(db, CATEGORIES_SEEDED) !== true) {
    // A database filled from a colleague's full file gets the categories from there.
    if (options.seedDefaults !== false) seedDefaultCategories(db);
    writeSetting(db, CATEGORIES_SEEDED, true);
  }
  if (result.from > 0 && result.from < 3 && result.to >= 3) assignFacilities(db);
}
