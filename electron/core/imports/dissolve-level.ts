import type { Database } from 'better-sqlite3';
import type { MultiPolygon, Polygon } from 'geojson';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { dissolveByAttribute } from '../geo/dissolve.ts';
import { ImportFailed } from '../geo/types.ts';
import { refreshAfterUnitsChanged } from '../services/facility-indicators.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { deterministicId, slugKey } from '../sync/ids.ts';
import type { ImportProgress, ImportSummary } from './types.ts';
import { currentUnitCondition } from '../db/current-units.ts';

export interface DissolveLevelOptions {
  /** Name of the level whose units are merged (e.g. "Stadtteil"). */
  sourceLevel: string;
  /** Attribute of the source units that names the group (e.g. "bezirk_bez" or "bezirk_id"). */
  groupField: string;
  /** Attribute giving the new units' names, if the group value is a number (e.g. "bezirk_bez"). */
  nameField?: string;
  /** Name of the new, higher level (e.g. "Stadtbezirk"). */
  level: string;
}

/**
 * Builds a higher level by merging units that share an attribute (Gelsenkirchen: 18 Stadtteile →
 * 5 Stadtbezirke). The new units become the parents of their members. Written through the write
 * path with deterministic ids, so doing it on two laptops gives the same rows.
 */
export function dissolveLevel(db: Database, options: DissolveLevelOptions, progress: ImportProgress = () => {}): ImportSummary {
  const file = `Ebene ${options.sourceLevel}`;
  const sourceKey = slugKey(options.sourceLevel);
  const source = db.prepare('SELECT id, key, name, rank FROM spatial_levels WHERE key = ? AND deleted = 0').get(sourceKey) as
    | { id: string; key: string; name: string; rank: number }
    | undefined;
  if (!source) {
    const known = (db.prepare('SELECT name FROM spatial_levels WHERE deleted = 0 ORDER BY rank').all() as Array<{ name: string }>).map((l) => l.name);
    throw new ImportFailed([{ severity: 'error', file, message: `Die Ebene „${options.sourceLevel}“ gibt es nicht. Vorhanden: ${known.join(', ') || 'keine'}.` }]);
  }
  const levelKey = slugKey(options.level);
  if (!levelKey || levelKey === sourceKey) {
    throw new ImportFailed([{ severity: 'error', file, message: 'Die neue Ebene braucht einen eigenen Namen.' }]);
  }
  progress('lesen', 0, 1);
  const units = db
    .prepare(`SELECT id, code, name, geometry, attributes FROM spatial_units WHERE level_id = ? AND ${currentUnitCondition()} ORDER BY code`)
    .all(source.id) as Array<{ id: string; code: string; name: string; geometry: string; attributes: string }>;
  const features = units.map((u) => ({ geometry: JSON.parse(u.geometry) as Polygon | MultiPolygon, properties: JSON.parse(u.attributes) as Record<string, unknown> }));
  const errors: ImportIssue[] = [];
  for (const field of [options.groupField, options.nameField].filter((f): f is string => Boolean(f))) {
    if (!features.some((f) => field in f.properties)) {
      const available = [...new Set(features.flatMap((f) => Object.keys(f.properties)))].join(', ');
      errors.push({ severity: 'error', file, field, message: `Kein Gebiet der Ebene hat das Merkmal „${field}“. Vorhanden: ${available}.` });
    }
  }
  if (errors.length > 0) throw new ImportFailed(errors);

  progress('pruefen', 0, units.length);
  const result = dissolveByAttribute(features, options.groupField);
  if (result.withoutKey.length > 0) {
    throw new ImportFailed(
      result.withoutKey.map((index) => ({
        severity: 'error' as const,
        file,
        field: options.groupField,
        message: `${units[index]!.name} (${units[index]!.code}) hat kein Merkmal „${options.groupField}“ und lässt sich keiner Gruppe zuordnen.`,
      })),
    );
  }
  const warnings: ImportIssue[] = [];
  const levelId = deterministicId.level(levelKey);
  const plan = result.groups.map((group) => {
    const members = units.filter((_, i) => keyOf(features[i]!.properties[options.groupField]) === group.key);
    const name = options.nameField ? keyOf(features[units.indexOf(members[0]!)]!.properties[options.nameField]) || group.key : group.key;
    if (group.partCount > 1) {
      warnings.push({ severity: 'warning', file, message: `${name} besteht aus ${group.partCount} getrennten Teilen (z. B. eine Exklave).` });
    }
    if (group.holeAreasM2.length > 0) {
      const total = group.holeAreasM2.reduce((a, b) => a + b, 0);
      warnings.push({
        severity: 'warning',
        file,
        message: `${name}: ${group.holeAreasM2.length} kleine Lücke(n) zwischen Nachbargrenzen, zusammen ${total.toLocaleString('de-DE', { maximumFractionDigits: 2 })} m².`,
      });
    }
    return { id: deterministicId.unit(levelKey, group.key), code: group.key, name, geometry: group.geometry, members };
  });

  progress('schreiben', 0, plan.length);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  new ChangeWriter(db).transaction((tx) => {
    tx.upsert('spatial_levels', levelId, { key: levelKey, name: options.level.trim(), rank: source.rank - 1 });
    for (const unit of plan) {
      const outcome = tx.upsert('spatial_units', unit.id, {
        level_id: levelId,
        code: unit.code,
        name: unit.name,
        parent_id: null,
        geometry: JSON.stringify(unit.geometry),
        valid_from: null,
        valid_to: null,
        attributes: { zusammengefasst_aus: source.name, merkmal: options.groupField, einheiten: unit.members.map((m) => m.code) },
      });
      counts[outcome === 'created' ? 'created' : outcome === 'unchanged' ? 'unchanged' : 'updated'] += 1;
      for (const member of unit.members) tx.update('spatial_units', member.id, { parent_id: unit.id });
    }
  });
  refreshAfterUnitsChanged(db, [levelId]);
  progress('fertig', plan.length, plan.length);
  return { file, sourceCrs: 'WGS 84', ...counts, warnings };
}

function keyOf(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}
