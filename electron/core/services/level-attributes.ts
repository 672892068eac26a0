import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';
import { UserFacingError } from '../errors.ts';
import { currentUnitCondition } from '../db/current-units.ts';

/**
 * What the "build a level by dissolving" dialog needs to know about a level before anything is
 * written: which attributes its units carry (with a few values each) and which groups an
 * attribute would form. The attribute names come from imported files, so they are never put into
 * SQL: the JSON `attributes` column is read and counted here.
 */

const EXAMPLES = 5;

interface UnitRow {
  code: string;
  name: string;
  attributes: Record<string, unknown>;
}

/**
 * The units that dissolving would merge: the same selection as `dissolveLevel` (not deleted,
 * validity not ended), in the same order (by code), so the preview shows what will happen.
 */
function currentUnits(db: Database, levelId: string): UnitRow[] {
  const level = db.prepare('SELECT id FROM spatial_levels WHERE id = ? AND deleted = 0').get(levelId);
  if (!level) throw new UserFacingError('not-found', 'Diese Ebene gibt es nicht (mehr).');
  const rows = db
    .prepare(`SELECT code, name, attributes FROM spatial_units WHERE level_id = ? AND ${currentUnitCondition()} ORDER BY code`)
    .all(levelId) as Array<{ code: string; name: string; attributes: string }>;
  return rows.map((row) => ({ code: row.code, name: row.name, attributes: parseAttributes(row.attributes) }));
}

function parseAttributes(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A value as the dissolve sees it: text, trimmed; '' for null, missing or blank. */
export function groupKeyOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).trim();
}

/** Every attribute of the level's current units, in order of first appearance. */
export function levelAttributes(db: Database, levelId: string): MethodOutput<'levels.attributes'> {
  const units = currentUnits(db, levelId);
  const byName = new Map<string, { values: Map<string, number>; missing: number }>();
  for (const unit of units) {
    for (const name of Object.keys(unit.attributes)) if (!byName.has(name)) byName.set(name, { values: new Map(), missing: 0 });
  }
  for (const unit of units) {
    for (const [name, entry] of byName) {
      const key = Object.hasOwn(unit.attributes, name) ? groupKeyOf(unit.attributes[name]) : '';
      if (key === '') entry.missing += 1;
      else entry.values.set(key, (entry.values.get(key) ?? 0) + 1);
    }
  }
  return [...byName].map(([name, entry]) => ({
    name,
    distinctCount: entry.values.size,
    examples: [...entry.values.keys()].slice(0, EXAMPLES),
    missingCount: entry.missing,
  }));
}

/**
 * The groups that dissolving by `groupField` would build, named as `dissolveLevel` names them
 * (the first member's `nameField` value, else the group value), in order of first appearance.
 */
export function levelGroups(
  db: Database,
  levelId: string,
  groupField: string,
  nameField?: string,
): MethodOutput<'levels.groups'> {
  const units = currentUnits(db, levelId);
  const groups = new Map<string, { key: string; name: string; names: Set<string>; members: Array<{ code: string; name: string }> }>();
  const withoutGroup: Array<{ code: string; name: string }> = [];
  for (const unit of units) {
    const key = Object.hasOwn(unit.attributes, groupField) ? groupKeyOf(unit.attributes[groupField]) : '';
    const member = { code: unit.code, name: unit.name };
    if (key === '') {
      withoutGroup.push(member);
      continue;
    }
    const label = nameField && Object.hasOwn(unit.attributes, nameField) ? groupKeyOf(unit.attributes[nameField]) : '';
    let group = groups.get(key);
    if (!group) {
      group = { key, name: nameField ? label || key : key, names: new Set(), members: [] };
      groups.set(key, group);
    }
    if (label) group.names.add(label);
    group.members.push(member);
  }
  return {
    unitCount: units.length,
    groups: [...groups.values()].map((g) => ({
      key: g.key,
      name: g.name,
      // Other names the members give their group (inconsistent data): the dialog points them out.
      otherNames: nameField ? [...g.names].filter((n) => n !== g.name) : [],
      members: g.members,
    })),
    withoutGroup,
  };
}
