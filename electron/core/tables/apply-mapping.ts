import type { ImportIssue } from '../../../shared/import-issue.ts';
import type { ValueMapping } from '../../../shared/value-mapping.ts';
import { decideColumnDecimals } from './column-decimals.ts';
import { planColumns } from './column-plan.ts';
import { detectStructure } from './detect-structure.ts';
import { summarise, type ImportedValue, type MappingResult } from './mapping-result.ts';
import { matchUnits, type UnitRef, type UnmatchedUnit } from './match-units.ts';
import { parseNumber, type DecimalSeparator } from './parse-number.ts';
import { extraColumns, rowCells } from './row-cells.ts';
import type { RawTable } from './types.ts';

export type { ImportedValue, MappingResult, MappingStats, UnmatchedUnitRows } from './mapping-result.ts';

/**
 * Applies a saved mapping to a read table against the units of the target level. Every problem is
 * reported with line and column; nothing is guessed (unknown units, ambiguous numbers, duplicates).
 * No database access: the caller writes `values` when `importable` is true.
 */
export function applyMapping(table: RawTable, mapping: ValueMapping, units: UnitRef[]): MappingResult {
  const file = table.file;
  const structure = detectStructure(table, mapping.file);
  const { header, dataRows: rows } = structure;
  const issues: ImportIssue[] = [...table.warnings];
  const { plan, issues: planIssues } = planColumns(header, mapping, file, structure.headerLines.at(-1));
  issues.push(...planIssues);
  const keepValidRowsOnly = mapping.keepValidRowsOnly;
  if (!plan) {
    const empty = { values: [], unmatchedUnits: [], invalidLines: new Set<number>(), skippedRows: 0, unusedColumns: [] };
    return summarise({ structure, issues, ...empty, fatal: true, keepValidRowsOnly });
  }

  const unitColumn = header[plan.unit] as string;
  const unitTexts = rows.map((row) => (row.cells[plan.unit] ?? '').trim());
  const matched = matchUnits(unitTexts, units, mapping.units.match, mapping.units.assignments);
  const unmatchedByRaw = new Map(matched.unmatched.map((entry) => [entry.raw, entry]));
  const unitNames = new Map(units.map((unit) => [unit.code, unit.name]));

  const valueColumns = plan.format === 'wide' ? plan.columns : [{ index: plan.value, name: header[plan.value] as string }];
  const otherColumns = header.map((_, index) => index).filter((index) => index !== plan.unit);
  const forced = mapping.numbers.decimal === 'auto' ? undefined : (mapping.numbers.decimal as DecimalSeparator);
  const decided = forced
    ? { decimals: new Map(valueColumns.map(({ index }) => [index, forced])), warnings: [] }
    : decideColumnDecimals(rows, valueColumns, otherColumns, file);
  issues.push(...decided.warnings);

  const values: ImportedValue[] = [];
  const invalidLines = new Set<number>();
  const seen = new Map<string, ImportedValue>();
  const unmatchedLines = new Map<string, number[]>();
  let skippedRows = 0;
  const warn = (line: number, field: string, message: string) => issues.push({ severity: 'warning', file, line, field, message });
  const rowError = (line: number, field: string, message: string) => {
    issues.push({ severity: 'error', file, line, field, message });
    invalidLines.add(line);
  };

  rows.forEach((row, position) => {
    const unitText = unitTexts[position] as string;
    const cells = rowCells(row, plan, header, rowError);
    if (!cells) return;
    if (cells.every((cell) => (row.cells[cell.index] ?? '') === '')) {
      if (unitText !== '') warn(row.line, unitColumn, `Die Zeile für „${unitText}“ enthält keine Werte und wird übersprungen.`);
      skippedRows++;
      return;
    }
    if (unitText === '') return rowError(row.line, unitColumn, 'Die Zeile hat Werte, aber keine Raumeinheit.');
    if (matched.ignored.has(unitText)) {
      skippedRows++;
      return;
    }
    const unitCode = matched.matches.get(unitText);
    if (unitCode === undefined) {
      unmatchedLines.set(unitText, [...(unmatchedLines.get(unitText) ?? []), row.line]);
      return rowError(row.line, unitColumn, unmatchedMessage(unitText, unmatchedByRaw.get(unitText)));
    }

    for (const cell of cells) {
      const text = row.cells[cell.index] ?? '';
      const decimal = row.numeric?.[cell.index] ? 'plain' : (decided.decimals.get(cell.index) ?? ',');
      const parsed = parseNumber(text, { decimal, dash: mapping.numbers.dash });
      if (!parsed.ok) {
        rowError(row.line, cell.name, parsed.message);
        continue;
      }
      if (parsed.footnoteMark) warn(row.line, cell.name, `Fußnotenzeichen „${parsed.footnoteMark}“ in „${text}“ wurde entfernt.`);
      const asFraction = parsed.unit === 'percent' && mapping.numbers.percent === 'fraction' && parsed.value !== null;
      const value = asFraction ? round((parsed.value as number) / 100) : parsed.value;
      const imported = { line: row.line, column: cell.name, unitCode, period: cell.period, indicator: cell.indicator, value, flag: parsed.flag };
      const key = `${unitCode}\u0000${cell.period}\u0000${cell.indicator}`;
      const earlier = seen.get(key);
      if (earlier) {
        invalidLines.add(earlier.line);
        rowError(
          row.line,
          cell.name,
          `Doppelter Wert für ${unitNames.get(unitCode) ?? unitCode}, ${cell.period}, ${cell.indicator}: ` +
            `Zeile ${earlier.line} (Spalte „${earlier.column}“) und Zeile ${row.line} (Spalte „${cell.name}“). ` +
            'Welcher gilt, bitte in der Datei klären.',
        );
        continue;
      }
      seen.set(key, imported);
      values.push(imported);
    }
  });

  if (values.length === 0 && !issues.some((issue) => issue.severity === 'error')) {
    const message =
      rows.length === 0
        ? 'In der Datei wurden keine Datenzeilen erkannt. Bitte die erste Datenzeile und die Zahl der Kopfzeilen angeben.'
        : 'Die zugeordneten Spalten enthalten keine Werte.';
    issues.push({ severity: 'error', file, message });
  }

  const unmatchedUnits = matched.unmatched
    .filter((entry) => unmatchedLines.has(entry.raw))
    .map((entry) => ({ ...entry, lines: unmatchedLines.get(entry.raw) ?? [] }));
  const used = new Set([plan.unit, ...valueColumns.map(({ index }) => index), ...extraColumns(plan)]);
  const unusedColumns = header.filter((_, index) => !used.has(index));
  return summarise({ structure, values, issues, unmatchedUnits, invalidLines, skippedRows, unusedColumns, fatal: false, keepValidRowsOnly });
}

function unmatchedMessage(raw: string, entry: UnmatchedUnit | undefined): string {
  const names = (entry?.candidates ?? []).map((unit) => `${unit.name} (${unit.code})`).join(', ');
  if (entry?.reason === 'ambiguous') return `„${raw}“ passt auf mehrere Raumeinheiten (${names}); bitte manuell zuordnen.`;
  if (entry?.reason === 'unknown-assignment') return `„${raw}“ ist manuell einer Raumeinheit zugeordnet, die es in dieser Ebene nicht gibt.`;
  const hint = names ? ` Infrage kommen: ${names}.` : '';
  return `Die Raumeinheit „${raw}“ gibt es in dieser Ebene nicht.${hint} Bitte manuell zuordnen oder die Zeile auslassen.`;
}

function round(value: number): number {
  return Number(value.toPrecision(12));
}
