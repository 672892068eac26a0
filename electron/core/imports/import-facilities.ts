import type { Database } from 'better-sqlite3';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { parseFacilityMapping, type FacilityMapping } from '../../../shared/facility-mapping.ts';
import { ImportFailed, type SourceFile } from '../geo/types.ts';
import { LevelAssigner, readUnitShapes } from '../services/facility-assignment.ts';
import { ensureCategory } from '../services/facility-categories.ts';
import { refreshFacilityData } from '../services/facility-indicators.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { findImportDuplicates, liveFacilityEntries, type DuplicateEntry, type DuplicatePair } from './facility-duplicates.ts';
import { readFacilitySource, type FacilitySource } from './facility-source.ts';
import { planFacilities, type FacilityPlan, type PlannedFacility } from './plan-facilities.ts';
import type { ImportProgress, ImportSummary } from './types.ts';

export type DuplicateDecision = 'skip' | 'keep' | 'update';

export interface FacilityImportOptions {
  /** A fixed category name (overrides the mapping's). */
  category?: string;
  /** Shortcuts for geometry files (the mapping's fields.name / fields.id). */
  nameField?: string;
  idField?: string;
  /** CRS of a geometry file without one, or of x/y table columns. */
  crs?: string;
  /** Which layer of a GeoPackage with several. */
  layer?: string;
  /** A facility mapping (shared/facility-mapping.ts), validated here: it may come from a file. */
  mapping?: unknown;
  /**
   * What to do with possible duplicates that have no decision of their own: 'ask' (default)
   * refuses the import and lists them, so nothing is merged or doubled silently.
   */
  duplicates?: 'ask' | DuplicateDecision;
  /** Per row ("line:12", "feature:3"): skip it, keep both, or update the existing facility with it. */
  decisions?: Array<{ ref: string; decision: DuplicateDecision }>;
}

export interface FacilityImportSummary extends ImportSummary {
  skipped: number;
  duplicates: number;
  outsideUnits: Array<{ levelId: string; name: string; count: number }>;
}

export function facilityMapping(options: FacilityImportOptions, file = 'Zuordnung'): FacilityMapping {
  const parsed = parseFacilityMapping(options.mapping);
  if (!parsed.ok) throw new ImportFailed(parsed.errors.map((message) => ({ severity: 'error' as const, file: 'Zuordnung', message: `${message} (für ${file})` })));
  const mapping = parsed.mapping;
  const fields = { ...mapping.fields };
  if (options.nameField) fields.name = options.nameField;
  if (options.idField) fields.id = options.idField;
  return { ...mapping, fields };
}

/**
 * Imports facilities from a table (CSV/XLSX with lon/lat or x/y in a named CRS) or a geometry
 * file (GeoJSON, Shapefile, GeoPackage, KML points): plan and check every row, settle possible
 * duplicates by the given decisions, write everything in one transaction (or nothing), then
 * assign the facilities to their units and recompute the facility indicators.
 */
export async function importFacilities(
  db: Database,
  files: SourceFile[],
  options: FacilityImportOptions,
  progress: ImportProgress = () => {},
): Promise<FacilityImportSummary> {
  progress('lesen', 0, 1);
  const mapping = facilityMapping(options, files[0]?.name);
  const source = await readFacilitySource(files, { mapping, crs: options.crs, layer: options.layer }, (done, total) => progress('lesen', done, total));
  progress('pruefen', 0, source.rows.length);
  const plan = planFacilities(source, mapping, { category: options.category, crs: options.crs });
  const errors = plan.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new ImportFailed(errors);
  const pairs = findImportDuplicates(plan.facilities.map(toEntry), liveFacilityEntries(db));
  const { facilities, skipped, undecided } = settleDuplicates(plan.facilities, pairs, options);
  if (undecided.length > 0) throw new ImportFailed(undecided.map((pair) => duplicateIssue(plan.file, pair)));

  progress('schreiben', 0, facilities.length);
  const writer = new ChangeWriter(db, { blobDirectory: blobDirectoryFor(db.name) });
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const written: string[] = [];
  writer.transaction((tx) => {
    const categories = new Map<string, string>();
    for (const facility of facilities) {
      let categoryId = categories.get(facility.categoryKey);
      if (!categoryId) {
        categoryId = ensureCategory(tx, db, facility.categoryName).id;
        categories.set(facility.categoryKey, categoryId);
      }
      const targetId = facility.updates ?? facility.id;
      const existing = db.prepare('SELECT deleted, category_id FROM facilities WHERE id = ?').get(targetId) as { deleted: number; category_id: string } | undefined;
      if (existing) {
        // Only what the file says: fields the mapping leaves out keep their (perhaps hand-edited) values.
        const restored = existing.deleted === 1 && tx.restore('facilities', targetId);
        const values = facility.updates ? { ...facility.values } : { ...facility.values, category_id: categoryId };
        const outcome = tx.update('facilities', targetId, values);
        counts[restored ? 'updated' : outcome === 'unchanged' ? 'unchanged' : 'updated'] += 1;
      } else {
        tx.upsert('facilities', targetId, { source: plan.file, ...facility.values, category_id: categoryId });
        counts.created += 1;
      }
      written.push(targetId);
    }
  });
  const refreshed = refreshFacilityData(writer, db, { facilityIds: written });
  const outsideUnits = refreshed.assignment.levels.filter((l) => l.outside > 0).map((l) => ({ levelId: l.levelId, name: l.name, count: l.outside }));
  const warnings: ImportIssue[] = [...source.warnings, ...plan.issues];
  for (const level of outsideUnits) {
    warnings.push({ severity: 'warning', file: plan.file, message: `${level.count} Einrichtung(en) liegen außerhalb aller Gebietseinheiten der Ebene „${level.name}“ und zählen dort nicht mit.` });
  }
  progress('fertig', facilities.length, facilities.length);
  return { file: plan.file, sourceCrs: plan.sourceCrs, ...counts, warnings, skipped: skipped + plan.stats.skipped + plan.stats.invalid, duplicates: pairs.length, outsideUnits };
}

export function toEntry(facility: PlannedFacility): DuplicateEntry {
  return {
    id: facility.id,
    ref: facility.ref,
    ...(facility.line !== undefined ? { line: facility.line } : {}),
    ...(facility.feature !== undefined ? { feature: facility.feature } : {}),
    name: facility.values.name,
    address: facility.values.address ?? null,
    categoryKey: facility.categoryKey,
    categoryName: facility.categoryName,
    lon: facility.values.lon,
    lat: facility.values.lat,
  };
}

/** Applies the decisions: skipped rows leave, 'update' rows write into the existing facility. */
function settleDuplicates(planned: PlannedFacility[], pairs: DuplicatePair[], options: FacilityImportOptions) {
  const decisions = new Map((options.decisions ?? []).map((d) => [d.ref, d.decision]));
  const policy = options.duplicates ?? 'ask';
  const byRef = new Map<string, DuplicatePair>();
  for (const pair of pairs) if (pair.entry.ref && !byRef.has(pair.entry.ref)) byRef.set(pair.entry.ref, pair);
  const undecided: DuplicatePair[] = [];
  const facilities: Array<PlannedFacility & { updates?: string }> = [];
  let skipped = 0;
  for (const facility of planned) {
    const pair = byRef.get(facility.ref);
    if (!pair) {
      facilities.push(facility);
      continue;
    }
    const decision = decisions.get(facility.ref) ?? policy;
    if (decision === 'ask') {
      undecided.push(...pairs.filter((p) => p.entry.ref === facility.ref));
      continue;
    }
    if (decision === 'skip' || (decision === 'update' && !pair.other.existing)) {
      skipped += 1;
      continue;
    }
    facilities.push(decision === 'update' ? { ...facility, updates: pair.other.id } : facility);
  }
  return { facilities, skipped, undecided };
}

function describeEntry(entry: DuplicateEntry & { existing?: boolean }): string {
  const where = entry.existing ? 'vorhanden' : entry.line !== undefined ? `Zeile ${entry.line}` : `Objekt ${entry.feature}`;
  return `„${entry.name}“ (${entry.categoryName}${entry.address ? `, ${entry.address}` : ''}; ${where})`;
}

export function duplicateIssue(file: string, pair: DuplicatePair): ImportIssue {
  const reason = pair.reason === 'address' ? 'gleiche Adresse' : `gleicher Name und gleiche Kategorie, ${Math.round(pair.distanceM)} m entfernt`;
  return {
    severity: 'error',
    file,
    ...(pair.entry.line !== undefined ? { line: pair.entry.line } : {}),
    ...(pair.entry.feature !== undefined ? { feature: pair.entry.feature } : {}),
    message:
      `Möglicherweise doppelt: ${describeEntry(pair.entry)} und ${describeEntry(pair.other)} – ${reason}. ` +
      'Bitte entscheiden: überspringen, trotzdem anlegen oder die vorhandene Einrichtung aktualisieren (Kommandozeile: --duplicates skip|keep|update).',
  };
}

export type { FacilityPlan, FacilitySource };

/** Which planned points lie outside all current units, per level (for the preview). */
export function outsideUnits(db: Database, planned: PlannedFacility[]): { levels: Array<{ levelId: string; name: string; count: number }>; refs: string[] } {
  const today = new Date().toISOString().slice(0, 10);
  const levels = db.prepare('SELECT id, name FROM spatial_levels WHERE deleted = 0 ORDER BY rank').all() as Array<{ id: string; name: string }>;
  const units = readUnitShapes(db).filter((u) => (u.validFrom === null || u.validFrom <= today) && (u.validTo === null || u.validTo >= today));
  const refs = new Set<string>();
  const result = levels.map((level) => {
    const assigner = new LevelAssigner(units.filter((u) => u.levelId === level.id));
    let count = 0;
    for (const facility of planned) {
      if (assigner.assign(facility.values.lon, facility.values.lat).length === 0) {
        count += 1;
        refs.add(facility.ref);
      }
    }
    return { levelId: level.id, name: level.name, count };
  });
  return { levels: result.filter((l) => l.count > 0), refs: [...refs] };
}
