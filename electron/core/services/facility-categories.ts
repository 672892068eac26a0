import type { Database } from 'better-sqlite3';
import { DEFAULT_CATEGORIES, isFacilityIcon } from '../../../shared/facilities.ts';
import { UserFacingError } from '../errors.ts';
import { ChangeWriter, type WriteTransaction } from '../sync/change-writer.ts';
import { deterministicId, slugKey } from '../sync/ids.ts';

export interface CategoryRecord {
  id: string;
  key: string;
  name: string;
  group: string | null;
  color: string;
  icon: string | null;
  capacityUnit: string | null;
  facilityCount: number;
  resourceCount: number;
}

/** Okabe–Ito colours for categories created by an import (the defaults carry their own). */
const CATEGORY_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'];

/**
 * Writes the default categories through the write path, so they are ordinary logged rows with
 * deterministic ids (the same on every laptop; two laptops seeding them create the same rows).
 * Runs once, when a database reaches schema 3. A category that already exists keeps its name and
 * colour (a user may have renamed it); it only gains group, icon and capacity unit if it has none.
 */
export function seedDefaultCategories(db: Database): number {
  let written = 0;
  new ChangeWriter(db).transaction((tx) => {
    for (const category of DEFAULT_CATEGORIES) {
      const id = deterministicId.category(category.key);
      const existing = db.prepare('SELECT group_name, icon, capacity_unit FROM facility_categories WHERE id = ?').get(id) as
        | { group_name: string | null; icon: string | null; capacity_unit: string | null }
        | undefined;
      if (!existing) {
        tx.upsert('facility_categories', id, {
          key: category.key,
          name: category.name,
          color: category.color,
          icon: category.icon,
          group_name: category.group,
          capacity_unit: category.capacityUnit,
        });
        written += 1;
        continue;
      }
      const missing: Record<string, unknown> = {};
      if (existing.group_name === null) missing.group_name = category.group;
      if (existing.icon === null) missing.icon = category.icon;
      if (existing.capacity_unit === null && category.capacityUnit !== null) missing.capacity_unit = category.capacityUnit;
      if (Object.keys(missing).length > 0 && tx.update('facility_categories', id, missing) === 'updated') written += 1;
    }
  });
  return written;
}

/**
 * The category of this name, created if it does not exist (an import into a new category), and
 * restored if it was deleted. An existing category is left as it is.
 */
export function ensureCategory(tx: WriteTransaction, db: Database, name: string): { id: string; key: string; name: string } {
  const trimmed = name.trim();
  const key = slugKey(trimmed);
  if (!key) throw new UserFacingError('invalid-category', `„${name}“ taugt nicht als Kategoriename.`);
  const id = deterministicId.category(key);
  const existing = db.prepare('SELECT name, deleted FROM facility_categories WHERE id = ?').get(id) as { name: string; deleted: number } | undefined;
  if (!existing) {
    tx.upsert('facility_categories', id, { key, name: trimmed, color: colourFor(key), icon: 'punkt', group_name: null, capacity_unit: null });
    return { id, key, name: trimmed };
  }
  if (existing.deleted === 1) tx.restore('facility_categories', id);
  return { id, key, name: existing.name };
}

export function listCategoryRecords(db: Database): CategoryRecord[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.key, c.name, c.group_name, c.color, c.icon, c.capacity_unit,
              (SELECT count(*) FROM facilities f WHERE f.category_id = c.id AND f.deleted = 0 AND f.kind = 'facility') AS facilities,
              (SELECT count(*) FROM facilities f WHERE f.category_id = c.id AND f.deleted = 0 AND f.kind = 'resource') AS resources
       FROM facility_categories c WHERE c.deleted = 0
       ORDER BY c.group_name IS NULL, c.group_name, c.name`,
    )
    .all() as Array<{
    id: string;
    key: string;
    name: string;
    group_name: string | null;
    color: string;
    icon: string | null;
    capacity_unit: string | null;
    facilities: number;
    resources: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    group: r.group_name,
    color: r.color,
    icon: r.icon,
    capacityUnit: r.capacity_unit,
    facilityCount: r.facilities + r.resources,
    resourceCount: r.resources,
  }));
}

export interface CategoryInput {
  id?: string;
  name: string;
  group?: string | null;
  color: string;
  icon?: string | null;
  capacityUnit?: string | null;
}

/**
 * Creates a category (its key and id follow from the name) or edits one; renaming keeps the key,
 * so imports that name the old category keep finding it by id.
 */
export function saveCategory(writer: ChangeWriter, db: Database, input: CategoryInput): CategoryRecord {
  const name = input.name.trim();
  if (input.icon && !isFacilityIcon(input.icon)) throw new UserFacingError('invalid-icon', `Das Symbol „${input.icon}“ gibt es nicht.`);
  const clashWith = (id: string) =>
    (db.prepare('SELECT id, key FROM facility_categories WHERE deleted = 0 AND id != ?').all(id) as Array<{ id: string; key: string }>).find(
      (row) => row.key === slugKey(name),
    );
  const values = { name, color: input.color, icon: input.icon ?? 'punkt', group_name: input.group?.trim() || null, capacity_unit: input.capacityUnit?.trim() || null };
  let id: string;
  if (input.id) {
    const existing = db.prepare('SELECT id FROM facility_categories WHERE id = ? AND deleted = 0').get(input.id);
    if (!existing) throw new UserFacingError('not-found', 'Diese Kategorie gibt es nicht (mehr).');
    if (clashWith(input.id)) throw new UserFacingError('duplicate-category', `Eine Kategorie „${name}“ gibt es schon.`);
    id = input.id;
    writer.transaction((tx) => tx.update('facility_categories', id, values));
  } else {
    const key = slugKey(name);
    if (!key) throw new UserFacingError('invalid-category', `„${name}“ taugt nicht als Kategoriename.`);
    id = deterministicId.category(key);
    if (clashWith(id) || db.prepare('SELECT 1 FROM facility_categories WHERE id = ? AND deleted = 0').get(id)) {
      throw new UserFacingError('duplicate-category', `Eine Kategorie „${name}“ gibt es schon.`);
    }
    writer.transaction((tx) => tx.upsert('facility_categories', id, { key, ...values }));
  }
  return listCategoryRecords(db).find((c) => c.id === id)!;
}

/** Deletes a category that no live facility uses. */
export function deleteCategory(writer: ChangeWriter, db: Database, id: string): void {
  const used = db.prepare('SELECT count(*) AS n FROM facilities WHERE category_id = ? AND deleted = 0').get(id) as { n: number };
  if (used.n > 0) {
    throw new UserFacingError('category-in-use', `Die Kategorie hat noch ${used.n} Einrichtungen. Bitte diese zuerst einer anderen Kategorie zuordnen oder löschen.`);
  }
  writer.transaction((tx) => tx.remove('facility_categories', id));
}

function colourFor(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return CATEGORY_COLOURS[hash % CATEGORY_COLOURS.length]!;
}
