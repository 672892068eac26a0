import type { Database } from 'better-sqlite3';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import type { CatalogueFile } from '../../../shared/catalogue-file.ts';
import { parseValueMapping, type ValueMapping } from '../../../shared/value-mapping.ts';
import { ImportFailed, type SourceFile } from '../geo/types.ts';
import { recomputeDependentIndices } from '../services/composite-indices.ts';
import { recomputeDerived } from '../services/computed-indicators.ts';
import { recomputeFacilityIndicators } from '../services/facility-indicators.ts';
import { saveIndicator } from '../services/indicators.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { slugKey } from '../sync/ids.ts';
import { applyMappingColumns, type MappingColumnsResult, type ValueColumns } from '../tables/apply-mapping.ts';
import { readTable } from '../tables/read-table.ts';
import type { ImportProgress, ImportSummary } from './types.ts';
import { currentUnitCondition } from '../db/current-units.ts';

export interface ValueImportOptions {
  /** A saved mapping (JSON), validated here: it may come from a file. */
  mapping: unknown;
  /** Definitions for indicator codes not yet in the catalogue (demo, CLI with a catalogue). */
  catalogue?: CatalogueFile;
  /** Import the valid rows and report the others, instead of refusing the whole file. */
  keepValidRowsOnly?: boolean;
}

export interface ValueImportSummary extends ImportSummary {
  values: number;
  indicators: string[];
  recomputedIndices: number;
}

/**
 * The yearly delivery: read the table, apply the mapping, check everything, then write all
 * values in one transaction (or none). Indicator codes must be in the catalogue.
 */
export async function importValues(
  db: Database,
  blobDirectory: string,
  file: SourceFile,
  options: ValueImportOptions,
  progress: ImportProgress = () => {},
): Promise<ValueImportSummary> {
  const writer = new ChangeWriter(db, { blobDirectory });
  // Only the values' columns are kept while writing: the read table and the mapped rows (a
  // million objects for a large delivery) are no longer referenced from here on.
  const { columns, count, codes, indicatorIds, warnings } = await mappedValues(db, writer, file, options, progress);
  progress('schreiben', 0, count);
  const outcome = writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', columns));
  const changed = new Set(indicatorIds.values());
  // Facility indicators that follow these periods (supply ratios) first, then what is derived from either.
  const following = recomputeFacilityIndicators(writer, db, changed);
  for (const id of following) changed.add(id);
  const recomputed = [...following, ...recomputeDerived(writer, db, changed), ...recomputeDependentIndices(writer, db, changed)];
  progress('fertig', count, count);
  return {
    file: file.name,
    sourceCrs: '',
    created: outcome.created,
    updated: outcome.updated + outcome.restored,
    unchanged: outcome.unchanged,
    warnings,
    values: count,
    indicators: codes,
    recomputedIndices: recomputed.length,
  };
}

/** Reads and maps the file, resolves its indicators; the values as columns of indicator_values. */
async function mappedValues(db: Database, writer: ChangeWriter, file: SourceFile, options: ValueImportOptions, progress: ImportProgress) {
  const mapping = validMapping(options.mapping, file.name, options.keepValidRowsOnly);
  progress('lesen', 0, 1);
  const table = await readTable(file, { sheet: mapping.file?.sheet, encoding: mapping.file?.encoding, delimiter: mapping.file?.delimiter });
  progress('pruefen', 0, table.rows.length);
  const units = unitsOfLevel(db, mapping.units.level, file.name);
  // Column-wise: a million values are a few arrays, not a million objects to allocate and collect.
  const result = applyMappingColumns(table, mapping, units);
  if (!result.importable) throw new ImportFailed(failureIssues(result, file.name));
  const codes = indicatorCodes(result.columns.indicator);
  const indicatorIds = resolveIndicators(db, writer, codes, options.catalogue, file.name);
  const unitIds = new Map(units.map((u) => [u.code, u.id]));
  return {
    columns: valueColumns(result.columns, indicatorIds, unitIds),
    count: result.columns.count,
    codes,
    indicatorIds,
    warnings: [...table.warnings, ...result.issues.filter((i) => i.severity === 'warning' || options.keepValidRowsOnly || mapping.keepValidRowsOnly)],
  };
}

/** The distinct indicator codes in order of appearance (a long table repeats each many times). */
function indicatorCodes(indicators: string[]): string[] {
  const codes = new Set<string>();
  let last: string | undefined;
  for (let i = 0; i < indicators.length; i++) {
    const code = indicators[i]!;
    if (code === last) continue;
    codes.add(code);
    last = code;
  }
  return [...codes];
}

/**
 * The mapped values as the columns of indicator_values (ids follow from them): codes become ids;
 * period, value and flag are the mapping's own arrays. Sorted tables repeat the indicator and
 * unit of the previous value, which then needs no lookup.
 */
function valueColumns(values: ValueColumns, indicatorIds: Map<string, string>, unitIds: Map<string, string>) {
  const count = values.count;
  const indicatorId = new Array<string>(count);
  const unitId = new Array<string>(count);
  let lastCode: string | undefined;
  let lastIndicator = '';
  let lastUnitCode: string | undefined;
  let lastUnit = '';
  for (let i = 0; i < count; i++) {
    const code = values.indicator[i]!;
    if (code !== lastCode) {
      lastCode = code;
      lastIndicator = indicatorIds.get(code)!;
    }
    const unitCode = values.unitCode[i]!;
    if (unitCode !== lastUnitCode) {
      lastUnitCode = unitCode;
      lastUnit = unitIds.get(unitCode)!;
    }
    indicatorId[i] = lastIndicator;
    unitId[i] = lastUnit;
  }
  return { indicator_id: indicatorId, unit_id: unitId, period: values.period, value: values.value, flag: values.flag };
}

export function validMapping(input: unknown, file: string, keepValidRowsOnly?: boolean): ValueMapping {
  const parsed = parseValueMapping(input);
  if (!parsed.ok) {
    throw new ImportFailed(parsed.errors.map((message) => ({ severity: 'error' as const, file: 'Zuordnung', message: `${message} (für ${file})` })));
  }
  return keepValidRowsOnly ? { ...parsed.mapping, keepValidRowsOnly: true } : parsed.mapping;
}

/** Current units of the mapping's level, by the level's key or name. */
export function unitsOfLevel(db: Database, level: string, file: string): Array<{ id: string; code: string; name: string }> {
  const row = db.prepare('SELECT id FROM spatial_levels WHERE key = ? AND deleted = 0').get(slugKey(level)) as { id: string } | undefined;
  if (!row) {
    const known = (db.prepare('SELECT name FROM spatial_levels WHERE deleted = 0 ORDER BY rank').all() as Array<{ name: string }>).map((l) => l.name);
    throw new ImportFailed([{ severity: 'error', file, message: `Die Ebene „${level}“ gibt es nicht. Vorhanden: ${known.join(', ') || 'keine'}.` }]);
  }
  return db
    .prepare(`SELECT id, code, name FROM spatial_units WHERE level_id = ? AND ${currentUnitCondition()} ORDER BY code`)
    .all(row.id) as Array<{ id: string; code: string; name: string }>;
}

function resolveIndicators(db: Database, writer: ChangeWriter, codes: string[], catalogue: CatalogueFile | undefined, file: string): Map<string, string> {
  const ids = new Map<string, string>();
  const missing: ImportIssue[] = [];
  for (const code of codes) {
    const existing = db.prepare('SELECT id FROM indicators WHERE code = ? AND deleted = 0').get(code) as { id: string } | undefined;
    if (existing) {
      ids.set(code, existing.id);
      continue;
    }
    const definition = catalogue?.indicators.find((i) => i.code === code);
    if (!definition) {
      missing.push({ severity: 'error', file, message: `Der Indikator „${code}“ ist nicht im Katalog. Bitte zuerst anlegen (Indikatoren → Neu) oder einen Katalog mitgeben.` });
      continue;
    }
    ids.set(code, saveIndicator(writer, db, { indicator: definition }).id);
  }
  if (missing.length > 0) throw new ImportFailed(missing);
  return ids;
}

function failureIssues(result: MappingColumnsResult, file: string): ImportIssue[] {
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return errors;
  return [{ severity: 'error', file, message: 'Die Datei enthält mit dieser Zuordnung keine Werte.' }];
}
