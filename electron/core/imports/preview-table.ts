import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';
import type { SourceFile } from '../geo/types.ts';
import { applyMapping } from '../tables/apply-mapping.ts';
import { detectStructure } from '../tables/detect-structure.ts';
import { readTable } from '../tables/read-table.ts';
import { unitsOfLevel, validMapping } from './import-values.ts';

export type TablePreview = MethodOutput<'imports.tablePreview'>;

const SAMPLE_ROWS = 20;
const MAX_ISSUES = 200;

/**
 * What the values wizard shows: the parsed table (title, header, footnotes, first rows) and,
 * once a mapping exists, what importing would do — values, issues by line and column, units
 * that need a manual assignment. Writes nothing.
 */
export async function previewTable(db: Database, file: SourceFile, mappingInput: unknown | undefined): Promise<TablePreview> {
  const mapping = mappingInput === undefined ? undefined : validMapping(mappingInput, file.name);
  const table = await readTable(file, { sheet: mapping?.file?.sheet, encoding: mapping?.file?.encoding, delimiter: mapping?.file?.delimiter });
  const structure = detectStructure(table, mapping?.file);
  const line = (n: number) => table.rows.find((r) => r.line === n)?.cells.filter(Boolean).join(' ') ?? '';
  const preview: TablePreview = {
    file: file.name,
    format: table.format,
    sheets: table.sheets ?? [],
    encoding: table.encoding ?? null,
    delimiter: table.delimiter ?? null,
    hasHeader: structure.hasHeader,
    header: structure.header,
    titleLines: structure.titleLines.map(line),
    footnoteLines: structure.footnoteLines.map(line),
    rowCount: structure.dataRows.length,
    sample: structure.dataRows.slice(0, SAMPLE_ROWS).map((row) => ({ line: row.line, cells: row.cells })),
    warnings: table.warnings,
    result: null,
  };
  if (!mapping) return preview;
  const units = unitsOfLevel(db, mapping.units.level, file.name);
  const result = applyMapping(table, mapping, units);
  const knownCodes = new Set((db.prepare('SELECT code FROM indicators WHERE deleted = 0').all() as Array<{ code: string }>).map((r) => r.code));
  const indicators = [...new Set(result.values.map((v) => v.indicator))];
  return {
    ...preview,
    result: {
      importable: result.importable,
      values: result.values.length,
      indicators: indicators.map((code) => ({ code, known: knownCodes.has(code) })),
      periods: [...new Set(result.values.map((v) => v.period))].sort(),
      issues: result.issues.slice(0, MAX_ISSUES),
      issueCount: result.issues.length,
      unmatchedUnits: result.unmatchedUnits.map((u) => ({ raw: u.raw, lines: u.lines.slice(0, 20), candidates: u.candidates.slice(0, 5) })),
      stats: { dataRows: result.stats.dataRows, validRows: result.stats.validRows, invalidRows: result.stats.invalidRows, skippedRows: result.stats.skippedRows, unusedColumns: result.stats.unusedColumns },
      sampleValues: result.values.slice(0, SAMPLE_ROWS).map(({ line: l, column, unitCode, period, indicator, value, flag }) => ({ line: l, column, unitCode, period, indicator, value, flag })),
    },
  };
}
