import type { ImportIssue } from '../../../shared/import-issue.ts';
import type { UnmatchedUnit } from './match-units.ts';
import type { ValueFlag } from './parse-number.ts';
import type { TableStructure } from './types.ts';

/** One validated value, ready to be written by (indicator, unit, period). */
export interface ImportedValue {
  line: number;
  /** Header text of the source column. */
  column: string;
  unitCode: string;
  /** "YYYY" or "YYYY-MM-DD". */
  period: string;
  indicator: string;
  value: number | null;
  flag: ValueFlag | null;
}

export interface UnmatchedUnitRows extends UnmatchedUnit {
  lines: number[];
}

export interface MappingStats {
  dataRows: number;
  validRows: number;
  invalidRows: number;
  /** Rows without values or assigned to "no unit". */
  skippedRows: number;
  values: number;
  flags: Record<ValueFlag, number>;
  errors: number;
  warnings: number;
  /** Header columns the mapping does not use (shown so nothing is dropped unnoticed). */
  unusedColumns: string[];
}

export interface MappingResult {
  structure: TableStructure;
  /** Values of the valid rows (all rows if there is no error). */
  values: ImportedValue[];
  issues: ImportIssue[];
  unmatchedUnits: UnmatchedUnitRows[];
  invalidLines: number[];
  /** The mapping fits the file, there are values, and either no row error or keepValidRowsOnly. */
  importable: boolean;
  stats: MappingStats;
}

export interface CollectedRows {
  structure: TableStructure;
  values: ImportedValue[];
  issues: ImportIssue[];
  unmatchedUnits: UnmatchedUnitRows[];
  invalidLines: Set<number>;
  skippedRows: number;
  unusedColumns: string[];
  /** The mapping does not fit the file (missing column …): nothing can be imported. */
  fatal: boolean;
  keepValidRowsOnly: boolean;
}

/** Drops the values of invalid rows (all or nothing is decided by `importable`) and counts. */
export function summarise(collected: CollectedRows): MappingResult {
  const { structure, issues, invalidLines, skippedRows } = collected;
  const values = invalidLines.size === 0 ? collected.values : collected.values.filter((value) => !invalidLines.has(value.line));
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const flags: Record<ValueFlag, number> = { missing: 0, suppressed: 0, estimated: 0, provisional: 0 };
  for (let index = 0; index < values.length; index++) {
    const flag = (values[index] as ImportedValue).flag;
    if (flag) flags[flag]++;
  }
  const invalid = [...invalidLines].sort((a, b) => a - b);
  return {
    structure,
    values,
    issues,
    unmatchedUnits: collected.unmatchedUnits,
    invalidLines: invalid,
    importable: !collected.fatal && values.length > 0 && (errors === 0 || collected.keepValidRowsOnly),
    stats: {
      dataRows: structure.dataRows.length,
      validRows: structure.dataRows.length - invalid.length - skippedRows,
      invalidRows: invalid.length,
      skippedRows,
      values: values.length,
      flags,
      errors,
      warnings: issues.length - errors,
      unusedColumns: collected.unusedColumns,
    },
  };
}
