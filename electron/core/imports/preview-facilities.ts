import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';
import type { SourceFile } from '../geo/types.ts';
import { slugKey } from '../sync/ids.ts';
import { findImportDuplicates, liveFacilityEntries } from './facility-duplicates.ts';
import { readFacilitySource } from './facility-source.ts';
import { facilityMapping, outsideUnits, toEntry, type FacilityImportOptions } from './import-facilities.ts';
import { planFacilities } from './plan-facilities.ts';
import { finestUnitNames } from './preview-units.ts';

export type FacilityPreview = MethodOutput<'imports.facilityPreview'>;

const SAMPLE_ROWS = 20;
const MAX_ISSUES = 200;
const PLACEHOLDER_CATEGORY = 'Ohne Kategorie';

/**
 * What the facility import wizard shows: the file as read (table structure or geometry fields),
 * the mapping with guessed columns filled in, and what importing would do — records, issues by
 * line/feature and column, categories (known or new), possible duplicates for a decision, and
 * points outside every unit. Writes nothing.
 */
export async function previewFacilities(db: Database, files: SourceFile[], options: FacilityImportOptions): Promise<FacilityPreview> {
  const mapping = facilityMapping(options, files[0]?.name);
  const source = await readFacilitySource(files, { mapping, crs: options.crs, layer: options.layer });
  const categoryMissing = !options.category?.trim() && !mapping.category;
  const plan = planFacilities(source, mapping, { category: categoryMissing ? PLACEHOLDER_CATEGORY : options.category, crs: options.crs });
  const issues = [...source.warnings, ...plan.issues];
  if (categoryMissing) issues.unshift({ severity: 'error', file: source.file, message: 'Bitte eine Kategorie wählen oder eine Spalte, die sie nennt.' });
  const known = new Map((db.prepare('SELECT key, name FROM facility_categories WHERE deleted = 0').all() as Array<{ key: string; name: string }>).map((c) => [c.key, c.name]));
  const categories = new Map<string, { name: string; known: boolean; count: number }>();
  for (const facility of plan.facilities) {
    const entry = categories.get(facility.categoryKey) ?? { name: known.get(facility.categoryKey) ?? facility.categoryName, known: known.has(facility.categoryKey), count: 0 };
    entry.count += 1;
    categories.set(facility.categoryKey, entry);
  }
  const pairs = findImportDuplicates(plan.facilities.map(toEntry), liveFacilityEntries(db));
  const existingIds = new Set(
    (db.prepare('SELECT id FROM facilities WHERE deleted = 0 AND id IN (SELECT value FROM json_each(?))').all(JSON.stringify(plan.facilities.map((f) => f.id))) as Array<{ id: string }>).map((r) => r.id),
  );
  const outside = outsideUnits(db, plan.facilities);
  const sample = plan.facilities.slice(0, SAMPLE_ROWS);
  const sampleUnits = finestUnitNames(db, sample.map((f) => f.values));
  const table = source.table;
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  return {
    file: source.file,
    kind: source.kind,
    sourceCrs: plan.sourceCrs,
    fields: source.fields,
    table: table
      ? {
          format: table.raw.format,
          sheets: table.raw.sheets ?? [],
          encoding: table.raw.encoding ?? null,
          delimiter: table.raw.delimiter ?? null,
          hasHeader: table.structure.hasHeader,
          header: table.structure.header,
          titleLines: table.structure.titleLines.map((n) => lineText(table.raw.rows, n)),
          footnoteLines: table.structure.footnoteLines.map((n) => lineText(table.raw.rows, n)),
          sample: table.structure.dataRows.slice(0, SAMPLE_ROWS).map((row) => ({ line: row.line, cells: row.cells })),
        }
      : null,
    sampleProperties: source.kind === 'geometry' ? source.rows.slice(0, 3).map((r) => r.values) : [],
    mapping: plan.mapping as unknown as Record<string, unknown>,
    result: {
      importable: errorCount === 0 && plan.facilities.length > 0,
      rows: plan.stats.rows,
      valid: plan.stats.valid,
      invalid: plan.stats.invalid,
      skipped: plan.stats.skipped,
      issues: issues.slice(0, MAX_ISSUES),
      issueCount: issues.length,
      records: sample.map((f, index) => ({
        ref: f.ref,
        line: f.line ?? null,
        feature: f.feature ?? null,
        name: f.values.name,
        categoryName: categories.get(f.categoryKey)?.name ?? f.categoryName,
        address: f.values.address ?? null,
        lon: f.values.lon,
        lat: f.values.lat,
        capacity: f.values.capacity ?? null,
        capacityUnit: f.values.capacity_unit ?? null,
        exists: existingIds.has(f.id),
        unit: sampleUnits[index] ?? null,
      })),
      categories: [...categories.entries()].map(([key, c]) => ({ key: slugKey(key), ...c })),
      newRecords: plan.facilities.filter((f) => !existingIds.has(f.id)).length,
      existingRecords: plan.facilities.filter((f) => existingIds.has(f.id)).length,
      duplicates: pairs.map((pair) => ({
        ref: pair.entry.ref!,
        line: pair.entry.line ?? null,
        feature: pair.entry.feature ?? null,
        name: pair.entry.name,
        address: pair.entry.address,
        reason: pair.reason,
        distanceM: Math.round(pair.distanceM * 10) / 10,
        other: {
          id: pair.other.existing ? pair.other.id : null,
          ref: pair.other.ref ?? null,
          name: pair.other.name,
          address: pair.other.address,
          categoryName: pair.other.categoryName,
          existing: pair.other.existing,
        },
      })),
      outside: { levels: outside.levels, refs: outside.refs.slice(0, 100) },
    },
  };
}

function lineText(rows: Array<{ line: number; cells: string[] }>, line: number): string {
  return rows.find((r) => r.line === line)?.cells.filter(Boolean).join(' ') ?? '';
}
