import type { Database } from 'better-sqlite3';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import type { CatalogueFile } from '../../../shared/catalogue-file.ts';
import { parseValueMapping, type ValueMapping } from '../../../shared/value-mapping.ts';
import { ImportFailed, type SourceFile } from '../geo/types.ts';
import { recomputeDependentIndices } from '../services/composite-indices.ts';
import { recomputeDerived } from '../services/computed-indicators.ts';
import { saveIndicator } from '../services/indicators.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { slugKey, valueId } from '../sync/ids.ts';
import { applyMapping, type MappingResult } from '../tables/apply-mapping.ts';
import { readTable } from '../tables/read-table.ts';
import type { ImportProgress, ImportSummary } from './types.ts';

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
  const mapping = validMapping(options.mapping, file.name, options.keepValidRowsOnly);
  progress('lesen', 0, 1);
  const table = await readTable(file, { sheet: mapping.file?.sheet, encoding: mapping.file?.encoding, delimiter: mapping.file?.delimiter });
  progress('pruefen', 0, table.rows.length);
  const units = unitsOfLevel(db, mapping.units.level, file.name);
  const result = applyMapping(table, mapping, units);
  if (!result.importable) throw new ImportFailed(failureIssues(result, file.name));

  const writer = new ChangeWriter(db, { blobDirectory });
  const codes = [...new Set(result.values.map((v) => v.indicator))];
  const indicatorIds = resolveIndicators(db, writer, codes, options.catalogue, file.name);
  const unitIds = new Map(units.map((u) => [u.code, u.id]));
  progress('schreiben', 0, result.values.length);
  const outcome = writer.transaction((tx) =>
    tx.bulkInsert(
      'indicator_values',
      result.values.map((v) => {
        const indicatorId = indicatorIds.get(v.indicator)!;
        const unitId = unitIds.get(v.unitCode)!;
        return { id: valueId(indicatorId, unitId, v.period), values: { indicator_id: indicatorId, unit_id: unitId, period: v.period, value: v.value, flag: v.flag } };
      }),
    ),
  );
  const changed = new Set(indicatorIds.values());
  const recomputed = [...recomputeDerived(writer, db, changed), ...recomputeDependentIndices(writer, db, changed)];
  progress('fertig', result.values.length, result.values.length);
  return {
    file: file.name,
    sourceCrs: '',
    created: outcome.created,
    updated: outcome.updated + outcome.restored,
    unchanged: outcome.unchanged,
    warnings: [...table.warnings, ...result.issues.filter((i) => i.severity === 'warning' || options.keepValidRowsOnly || mapping.keepValidRowsOnly)],
    values: result.values.length,
    indicators: codes,
    recomputedIndices: recomputed.length,
  };
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
    .prepare("SELECT id, code, name FROM spatial_units WHERE level_id = ? AND deleted = 0 AND (valid_to IS NULL OR valid_to >= date('now')) ORDER BY code")
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

function failureIssues(result: MappingResult, file: string): ImportIssue[] {
  const errors = result.issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) return errors;
  return [{ severity: 'error', file, message: 'Die Datei enthält mit dieser Zuordnung keine Werte.' }];
}
