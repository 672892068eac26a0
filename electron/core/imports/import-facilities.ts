import type { Database } from 'better-sqlite3';
import type { Point } from 'geojson';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { readFeatures } from '../geo/read-features.ts';
import { ImportFailed, type ReadFeaturesResult, type SourceFile } from '../geo/types.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { deterministicId, slugKey } from '../sync/ids.ts';
import { suggestFields } from './suggest-fields.ts';
import type { ImportProgress, ImportSummary } from './types.ts';

export interface FacilityImportOptions {
  category: string;
  nameField?: string;
  /** A stable id in the source (e.g. a school number); without it, name and position identify a point. */
  idField?: string;
  crs?: string;
  /** Which layer of a GeoPackage with several. */
  layer?: string;
}

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
const CATEGORY_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'];
const ADDRESS_FIELDS = ['address', 'adresse', 'anschrift', 'strasse', 'straße'];

export async function importFacilities(
  db: Database,
  files: SourceFile[],
  options: FacilityImportOptions,
  progress: ImportProgress = () => {},
): Promise<ImportSummary> {
  progress('lesen', 0, 1);
  const read = await readFeatures(files, { expect: 'point', crs: options.crs, layer: options.layer }, (done, total) => progress('lesen', done, total));
  progress('pruefen', 0, read.features.length);
  const plan = planFacilityImport(read, options);
  progress('schreiben', 0, plan.facilities.length);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  new ChangeWriter(db).transaction((tx) => {
    const existing = db.prepare('SELECT color FROM facility_categories WHERE id = ?').get(plan.categoryId) as { color: string } | undefined;
    tx.upsert('facility_categories', plan.categoryId, {
      key: plan.categoryKey,
      name: plan.categoryName,
      color: existing?.color ?? colourFor(plan.categoryKey),
      icon: null,
    });
    for (const facility of plan.facilities) {
      const outcome = tx.upsert('facilities', facility.id, { ...facility.values, category_id: plan.categoryId });
      counts[outcome === 'created' ? 'created' : outcome === 'unchanged' ? 'unchanged' : 'updated'] += 1;
    }
  });
  progress('fertig', plan.facilities.length, plan.facilities.length);
  return { file: read.file, sourceCrs: read.sourceCrs, ...counts, warnings: [...read.warnings, ...plan.warnings] };
}

export function planFacilityImport(read: ReadFeaturesResult, options: FacilityImportOptions) {
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const nameField = options.nameField ?? suggestFields(read.fields).nameField;
  for (const field of [options.nameField, options.idField]) {
    if (field && !read.fields.includes(field)) {
      errors.push({ severity: 'error', file: read.file, field, message: `Das Feld „${field}“ gibt es in der Datei nicht. Vorhanden: ${read.fields.join(', ')}.` });
    }
  }
  if (read.features.length === 0) errors.push({ severity: 'error', file: read.file, message: 'Die Datei enthält keine Punkte.' });
  if (errors.length > 0) throw new ImportFailed(errors);

  const categoryName = options.category.trim();
  const categoryKey = slugKey(categoryName);
  if (!categoryKey) throw new ImportFailed([{ severity: 'error', file: read.file, message: `„${options.category}“ taugt nicht als Kategoriename.` }]);
  const addressField = read.fields.find((f) => ADDRESS_FIELDS.includes(f.toLowerCase()));
  const seen = new Map<string, number>();
  const facilities = [];
  for (const feature of read.features) {
    const [lon, lat] = (feature.geometry as Point).coordinates as [number, number];
    const name = nameField ? String(feature.properties[nameField] ?? '').trim() : '';
    const sourceId = options.idField ? String(feature.properties[options.idField] ?? '').trim() : '';
    if (options.idField && !sourceId) {
      errors.push({ severity: 'error', file: read.file, feature: feature.feature, field: options.idField, message: 'Die Kennung fehlt.' });
      continue;
    }
    const sourceKey = sourceId || `${name}|${lon.toFixed(6)}|${lat.toFixed(6)}`;
    const earlier = seen.get(sourceKey);
    if (earlier !== undefined) {
      warnings.push({ severity: 'warning', file: read.file, feature: feature.feature, message: `Gleicher Eintrag wie Objekt ${earlier}; übersprungen.` });
      continue;
    }
    seen.set(sourceKey, feature.feature);
    facilities.push({
      id: deterministicId.facility(categoryKey, sourceKey),
      values: {
        name: name || `${categoryName} ${feature.feature}`,
        address: addressField ? String(feature.properties[addressField] ?? '').trim() || null : null,
        lon,
        lat,
        valid_from: null,
        valid_to: null,
        attributes: feature.properties,
      },
    });
  }
  if (errors.length > 0) throw new ImportFailed(errors);
  return { categoryId: deterministicId.category(categoryKey), categoryKey, categoryName, facilities, warnings };
}

function colourFor(key: string): string {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return CATEGORY_COLOURS[hash % CATEGORY_COLOURS.length]!;
}
