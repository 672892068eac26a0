import type { Database } from 'better-sqlite3';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { all, qb } from '../db/query.ts';
import { readFeatures } from '../geo/read-features.ts';
import { ImportFailed, type ReadFeaturesResult, type SourceFile } from '../geo/types.ts';
import { refreshAfterUnitsChanged } from '../services/facility-indicators.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { deterministicId, slugKey } from '../sync/ids.ts';
import { suggestFields } from './suggest-fields.ts';
import type { ImportProgress, ImportSummary } from './types.ts';

export interface UnitImportOptions {
  level: string;
  codeField?: string;
  nameField?: string;
  parentField?: string;
  crs?: string;
  /** Which layer of a GeoPackage with several. */
  layer?: string;
  /**
   * A newer boundary version valid from this date (YYYY-MM-DD): units of the level missing from
   * the file end the day before, new ones start on it; history is kept, nothing is deleted.
   */
  validFrom?: string;
  /** Skip features without a usable key (reported as warnings) instead of refusing the file. */
  skipInvalidFeatures?: boolean;
}

interface PlannedUnit {
  id: string;
  values: {
    level_id: string;
    code: string;
    name: string;
    parent_id: string | null;
    geometry: string;
    valid_from: string | null;
    valid_to: string | null;
    attributes: Record<string, unknown>;
  };
}

interface UnitPlan {
  validFrom: string | null;
  /** No parent field chosen: existing units keep the parent they have (e.g. from a dissolve). */
  keepParents: boolean;
  levelId: string;
  levelKey: string;
  levelName: string;
  levelRank: number;
  units: PlannedUnit[];
  warnings: ImportIssue[];
}

/** Reads, checks and writes spatial units. Nothing is written unless every feature is valid. */
export async function importUnits(
  db: Database,
  files: SourceFile[],
  options: UnitImportOptions,
  progress: ImportProgress = () => {},
): Promise<ImportSummary> {
  progress('lesen', 0, 1);
  const read = await readFeatures(files, { expect: 'polygon', crs: options.crs, layer: options.layer }, (done, total) => progress('lesen', done, total));
  progress('pruefen', 0, read.features.length);
  const plan = planUnitImport(db, read, options);
  progress('schreiben', 0, plan.units.length);
  const summary = writeUnitPlan(db, plan, (done) => progress('schreiben', done, plan.units.length));
  // New boundaries: facilities are reassigned on this level, facility indicators follow.
  refreshAfterUnitsChanged(db, [plan.levelId]);
  progress('fertig', plan.units.length, plan.units.length);
  return { file: read.file, sourceCrs: read.sourceCrs, ...summary, warnings: [...read.warnings, ...plan.warnings] };
}

export function planUnitImport(db: Database, read: ReadFeaturesResult, options: UnitImportOptions): UnitPlan {
  const suggested = suggestFields(read.fields);
  const codeField = options.codeField ?? suggested.codeField;
  const nameField = options.nameField ?? suggested.nameField;
  const parentField = options.parentField;
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const fileIssue = (message: string, field?: string): ImportIssue => ({ severity: 'error', file: read.file, field, message });

  for (const [label, field] of [['Schlüsselfeld', codeField], ['Namensfeld', nameField], ['Feld der übergeordneten Einheit', parentField]] as const) {
    if (field && !read.fields.includes(field)) {
      errors.push(fileIssue(`Das ${label} „${field}“ gibt es in der Datei nicht. Vorhanden: ${read.fields.join(', ')}.`, field));
    }
  }
  if (!codeField) errors.push(fileIssue(`Kein Schlüsselfeld erkannt. Bitte eines angeben (vorhanden: ${read.fields.join(', ')}).`));
  if (!nameField) errors.push(fileIssue(`Kein Namensfeld erkannt. Bitte eines angeben (vorhanden: ${read.fields.join(', ')}).`));
  if (read.features.length === 0) errors.push(fileIssue('Die Datei enthält keine Flächen.'));
  if (errors.length > 0) throw new ImportFailed(errors);

  const levelName = options.level.trim();
  const levelKey = slugKey(levelName);
  if (!levelKey) throw new ImportFailed([fileIssue(`„${options.level}“ taugt nicht als Name einer Ebene.`)]);
  const levelId = deterministicId.level(levelKey);

  const parents = parentField ? parentLookup(db, levelId) : new Map<string, { id: string; rank: number }>();
  const seenCodes = new Map<string, number>();
  const missingParents = new Map<string, number[]>();
  let parentRank: number | null = null;
  const units: PlannedUnit[] = [];

  for (const feature of read.features) {
    const at = { file: read.file, feature: feature.feature };
    const code = asKey(feature.properties[codeField!]);
    const name = asKey(feature.properties[nameField!]);
    const reject = (message: string) =>
      options.skipInvalidFeatures
        ? warnings.push({ severity: 'warning', ...at, field: codeField!, message: `${message} Das Objekt wurde übersprungen.` })
        : errors.push({ severity: 'error', ...at, field: codeField!, message });
    if (!code) {
      reject('Der Schlüssel fehlt; jede Einheit braucht einen eindeutigen Schlüssel.');
      continue;
    }
    const earlier = seenCodes.get(code);
    if (earlier !== undefined) {
      reject(`Der Schlüssel „${code}“ kommt schon bei Objekt ${earlier} vor.`);
      continue;
    }
    seenCodes.set(code, feature.feature);
    if (!name) warnings.push({ severity: 'warning', ...at, field: nameField!, message: `Kein Name; der Schlüssel „${code}“ wird als Name verwendet.` });

    let parentId: string | null = null;
    if (parentField) {
      const parentCode = asKey(feature.properties[parentField]);
      const parent = parentCode ? parents.get(parentCode.toLowerCase()) : undefined;
      if (parent) {
        parentId = parent.id;
        parentRank = Math.max(parentRank ?? parent.rank, parent.rank);
      } else if (parentCode) {
        missingParents.set(parentCode, [...(missingParents.get(parentCode) ?? []), feature.feature]);
      }
    }
    units.push({
      id: deterministicId.unit(levelKey, code),
      values: {
        level_id: levelId,
        code,
        name: name || code,
        parent_id: parentId,
        geometry: JSON.stringify(feature.geometry),
        valid_from: null,
        valid_to: null,
        attributes: feature.properties,
      },
    });
  }
  if (errors.length > 0) throw new ImportFailed(errors);

  for (const [parentCode, featureNumbers] of missingParents) {
    warnings.push({
      severity: 'warning',
      file: read.file,
      field: parentField,
      message: `Die übergeordnete Einheit „${parentCode}“ gibt es nicht (${featureNumbers.length} Objekte, z. B. Objekt ${featureNumbers[0]}); diese Einheiten bleiben ohne übergeordnete Einheit.`,
    });
  }
  if (options.validFrom !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.validFrom)) {
    throw new ImportFailed([fileIssue(`„${options.validFrom}“ ist kein Datum im Format JJJJ-MM-TT.`)]);
  }
  return { validFrom: options.validFrom ?? null, keepParents: !parentField, levelId, levelKey, levelName, levelRank: levelRankFor(db, levelId, parentRank), units, warnings };
}

export function writeUnitPlan(db: Database, plan: UnitPlan, onProgress: (done: number) => void = () => {}) {
  const counts = { created: 0, updated: 0, unchanged: 0, ended: 0 };
  const current = new Set(
    (db.prepare('SELECT id FROM spatial_units WHERE level_id = ? AND deleted = 0 AND valid_to IS NULL').all(plan.levelId) as Array<{ id: string }>).map((r) => r.id),
  );
  const known = new Map(
    (db.prepare('SELECT id, parent_id FROM spatial_units WHERE level_id = ?').all(plan.levelId) as Array<{ id: string; parent_id: string | null }>).map((r) => [r.id, r.parent_id]),
  );
  new ChangeWriter(db).transaction((tx) => {
    tx.upsert('spatial_levels', plan.levelId, { key: plan.levelKey, name: plan.levelName, rank: plan.levelRank });
    plan.units.forEach((unit, index) => {
      // An existing unit keeps its validity; it is current again if a newer version lists it.
      const { valid_from: _from, valid_to: _to, parent_id, ...rest } = unit.values;
      const values = known.has(unit.id)
        ? { ...rest, parent_id: plan.keepParents ? (known.get(unit.id) ?? null) : parent_id, ...(plan.validFrom && !current.has(unit.id) ? { valid_to: null } : {}) }
        : { ...unit.values, valid_from: plan.validFrom };
      const outcome = tx.upsert('spatial_units', unit.id, values);
      if (outcome === 'unchanged') counts.unchanged += 1;
      else if (outcome === 'created') counts.created += 1;
      else counts.updated += 1;
      current.delete(unit.id);
      if (index % 50 === 0) onProgress(index);
    });
    if (plan.validFrom) {
      const end = dayBefore(plan.validFrom);
      for (const vanished of current) {
        tx.update('spatial_units', vanished, { valid_to: end });
        counts.ended += 1;
      }
    }
  });
  return counts;
}

function dayBefore(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** Codes of units on other levels (case-insensitive), to resolve parent keys. */
function parentLookup(db: Database, ownLevelId: string) {
  const rows = all(
    db,
    qb
      .selectFrom('spatial_units as u')
      .innerJoin('spatial_levels as l', 'l.id', 'u.level_id')
      .select(['u.id', 'u.code', 'l.rank'])
      .where('u.level_id', '!=', ownLevelId)
      .where('u.deleted', '=', 0)
      .orderBy('l.rank', 'desc'),
  );
  const lookup = new Map<string, { id: string; rank: number }>();
  for (const row of rows) if (!lookup.has(row.code.toLowerCase())) lookup.set(row.code.toLowerCase(), { id: row.id, rank: row.rank });
  return lookup;
}

/** A level below its parents' level; an existing level keeps its place; a new top level goes first. */
function levelRankFor(db: Database, levelId: string, parentRank: number | null): number {
  if (parentRank !== null) return parentRank + 1;
  const existing = db.prepare('SELECT rank FROM spatial_levels WHERE id = ?').get(levelId) as { rank: number } | undefined;
  if (existing) return existing.rank;
  const max = db.prepare('SELECT max(rank) AS r FROM spatial_levels WHERE deleted = 0').get() as { r: number | null };
  return max.r === null ? 0 : max.r + 1;
}

function asKey(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}
