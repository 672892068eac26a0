import type { ImportIssue } from '../../../shared/import-issue.ts';
import type { ValueMapping } from '../../../shared/value-mapping.ts';
import { decideColumnDecimals } from './column-decimals.ts';
import { planColumns } from './column-plan.ts';
import { detectStructure } from './detect-structure.ts';
import { summarise, type CollectedRows, type ImportedValue, type MappingResult } from './mapping-result.ts';
import { matchUnits, type UnitRef, type UnmatchedUnit } from './match-units.ts';
import { parseNumber, simpleNumber, type DecimalSeparator, type NumberOptions, type ValueFlag } from './parse-number.ts';
import { extraColumns, rowCellReader, type ValueCell } from './row-cells.ts';
import type { RawRow, RawTable } from './types.ts';
import { ValueIndex } from './value-index.ts';

export type { ImportedValue, MappingResult, MappingStats, UnmatchedUnitRows } from './mapping-result.ts';

/**
 * Applies a saved mapping to a read table against the units of the target level. Every problem is
 * reported with line and column; nothing is guessed (unknown units, ambiguous numbers, duplicates).
 * No database access: the caller writes `values` when `importable` is true.
 */
export function applyMapping(table: RawTable, mapping: ValueMapping, units: UnitRef[]): MappingResult {
  const sink = new ObjectSink();
  const { values: _none, ...collected } = collect(table, mapping, units, sink);
  return summarise({ ...collected, values: sink.values });
}

/** The values of a mapped table column-wise: value i is `unitCode[i]`, `period[i]` … `flag[i]`. */
export interface ValueColumns {
  count: number;
  line: number[];
  unitCode: string[];
  period: string[];
  indicator: string[];
  value: Array<number | null>;
  flag: Array<ValueFlag | null>;
}

export type MappingColumnsResult = Omit<MappingResult, 'values'> & { columns: ValueColumns };

/**
 * The same as applyMapping, with the values column-wise instead of one object each: what a large
 * import writes (a million values are then a few arrays, not a million objects to allocate and
 * collect). Everything else of the result is exactly applyMapping's (a test holds them equal).
 */
export function applyMappingColumns(table: RawTable, mapping: ValueMapping, units: UnitRef[]): MappingColumnsResult {
  const sink = new ColumnSink();
  const { values: _none, ...collected } = collect(table, mapping, units, sink);
  // summarise() with the values as columns: the same filter, counts and decision.
  const { invalidLines } = collected;
  const all = sink.columns;
  const columns = invalidLines.size === 0 ? all : keepRows(all, (i) => !invalidLines.has(all.line[i]!));
  const flags: Record<ValueFlag, number> = { missing: 0, suppressed: 0, estimated: 0, provisional: 0 };
  for (let index = 0; index < columns.count; index++) {
    const flag = columns.flag[index];
    if (flag) flags[flag]++;
  }
  const { values: _empty, ...result } = summarise({ ...collected, values: [] });
  return {
    ...result,
    columns,
    importable: !collected.fatal && columns.count > 0 && (result.stats.errors === 0 || collected.keepValidRowsOnly),
    stats: { ...result.stats, values: columns.count, flags },
  };
}

function keepRows(columns: ValueColumns, keep: (index: number) => boolean): ValueColumns {
  const kept: ValueColumns = { count: 0, line: [], unitCode: [], period: [], indicator: [], value: [], flag: [] };
  for (let index = 0; index < columns.count; index++) {
    if (!keep(index)) continue;
    kept.line.push(columns.line[index]!);
    kept.unitCode.push(columns.unitCode[index]!);
    kept.period.push(columns.period[index]!);
    kept.indicator.push(columns.indicator[index]!);
    kept.value.push(columns.value[index]!);
    kept.flag.push(columns.flag[index]!);
    kept.count++;
  }
  return kept;
}

/** Where collect() puts the values it accepts, by position (0, 1, 2 …). */
interface ValueSink {
  readonly count: number;
  add(line: number, column: string, unitCode: string, period: string, indicator: string, value: number | null, flag: ValueFlag | null): void;
  /** Line and column of the value at a position (a duplicate names the earlier one). */
  lineAt(position: number): number;
  columnAt(position: number): string;
}

class ObjectSink implements ValueSink {
  readonly values: ImportedValue[] = [];
  get count(): number {
    return this.values.length;
  }
  add(line: number, column: string, unitCode: string, period: string, indicator: string, value: number | null, flag: ValueFlag | null): void {
    this.values.push({ line, column, unitCode, period, indicator, value, flag });
  }
  lineAt(position: number): number {
    return (this.values[position] as ImportedValue).line;
  }
  columnAt(position: number): string {
    return (this.values[position] as ImportedValue).column;
  }
}

class ColumnSink implements ValueSink {
  readonly columns: ValueColumns = { count: 0, line: [], unitCode: [], period: [], indicator: [], value: [], flag: [] };
  readonly #column: string[] = [];
  get count(): number {
    return this.columns.count;
  }
  add(line: number, column: string, unitCode: string, period: string, indicator: string, value: number | null, flag: ValueFlag | null): void {
    const columns = this.columns;
    columns.line.push(line);
    this.#column.push(column);
    columns.unitCode.push(unitCode);
    columns.period.push(period);
    columns.indicator.push(indicator);
    columns.value.push(value);
    columns.flag.push(flag);
    columns.count++;
  }
  lineAt(position: number): number {
    return this.columns.line[position] as number;
  }
  columnAt(position: number): string {
    return this.#column[position] as string;
  }
}

/** Reads the rows through the mapping into the sink; everything summarise() needs but the values. */
function collect(table: RawTable, mapping: ValueMapping, units: UnitRef[], sink: ValueSink): CollectedRows {
  const file = table.file;
  const structure = detectStructure(table, mapping.file);
  const { header, dataRows: rows } = structure;
  const issues: ImportIssue[] = [...table.warnings];
  const { plan, issues: planIssues } = planColumns(header, mapping, file, structure.headerLines.at(-1));
  issues.push(...planIssues);
  const keepValidRowsOnly = mapping.keepValidRowsOnly;
  if (!plan) {
    const empty = { values: [], unmatchedUnits: [], invalidLines: new Set<number>(), skippedRows: 0, unusedColumns: [] };
    return { structure, issues, ...empty, fatal: true, keepValidRowsOnly };
  }

  const unitColumn = header[plan.unit] as string;
  const unitTextOf = (row: RawRow) => (row.cells[plan.unit] ?? '').trim();
  // Each distinct unit text once, in order of appearance (what matchUnits would keep of all rows).
  const unitTexts = new Set<string>();
  for (let index = 0; index < rows.length; index++) unitTexts.add(unitTextOf(rows[index] as RawRow));
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

  const invalidLines = new Set<number>();
  const unmatchedLines = new Map<string, number[]>();
  let skippedRows = 0;
  const warn = (line: number, field: string, message: string) => issues.push({ severity: 'warning', file, line, field, message });
  const rowError = (line: number, field: string, message: string) => {
    issues.push({ severity: 'error', file, line, field, message });
    invalidLines.add(line);
  };
  const readCells = rowCellReader(plan, header, rowError);
  // Matched texts → code and a small number per distinct code ("1" and "01" share STGT01's).
  const unitNumbers = new Map<string, number>();
  const unitByText = new Map<string, { code: string; number: number }>();
  for (const [text, code] of matched.matches) {
    let number = unitNumbers.get(code);
    if (number === undefined) {
      number = unitNumbers.size;
      unitNumbers.set(code, number);
    }
    unitByText.set(text, { code, number });
  }
  // Duplicate check by (period/indicator pair, unit); positions in `values`.
  const seen = new ValueIndex(unitNumbers.size);
  const dash = mapping.numbers.dash;
  const plainNumbers: NumberOptions = { decimal: 'plain', dash };
  const numberOptions: Array<{ decimal: DecimalSeparator; dash: typeof dash }> = [];
  for (const { index } of valueColumns) numberOptions[index] = { decimal: decided.decimals.get(index) ?? ',', dash };
  const fraction = mapping.numbers.percent === 'fraction';

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as RawRow;
    const unitText = unitTextOf(row);
    const cells = readCells(row);
    if (!cells) continue;
    if (allEmpty(row, cells)) {
      if (unitText !== '') warn(row.line, unitColumn, `Die Zeile für „${unitText}“ enthält keine Werte und wird übersprungen.`);
      skippedRows++;
      continue;
    }
    if (unitText === '') {
      rowError(row.line, unitColumn, 'Die Zeile hat Werte, aber keine Raumeinheit.');
      continue;
    }
    if (matched.ignored.has(unitText)) {
      skippedRows++;
      continue;
    }
    const unit = unitByText.get(unitText);
    if (unit === undefined) {
      const lines = unmatchedLines.get(unitText);
      if (lines) lines.push(row.line);
      else unmatchedLines.set(unitText, [row.line]);
      rowError(row.line, unitColumn, unmatchedMessage(unitText, unmatchedByRaw.get(unitText)));
      continue;
    }
    const unitCode = unit.code;

    for (let at = 0; at < cells.length; at++) {
      const cell = cells[at] as ValueCell;
      const text = row.cells[cell.index] ?? '';
      const numeric = row.numeric?.[cell.index] === true;
      const options = numeric ? plainNumbers : (numberOptions[cell.index] ?? { decimal: ',', dash });
      // Plain numbers ("123,4") directly; everything else through the full parser.
      let value: number | null | undefined = numeric ? undefined : simpleNumber(text, options.decimal as DecimalSeparator);
      let flag: ValueFlag | null = null;
      if (value === undefined) {
        const parsed = parseNumber(text, options);
        if (!parsed.ok) {
          rowError(row.line, cell.name, parsed.message);
          continue;
        }
        if (parsed.footnoteMark) warn(row.line, cell.name, `Fußnotenzeichen „${parsed.footnoteMark}“ in „${text}“ wurde entfernt.`);
        const asFraction = fraction && parsed.unit === 'percent' && parsed.value !== null;
        value = asFraction ? round((parsed.value as number) / 100) : parsed.value;
        flag = parsed.flag;
      }
      const earlierAt = seen.get(cell.key, unit.number);
      if (earlierAt !== -1) {
        const earlierLine = sink.lineAt(earlierAt);
        invalidLines.add(earlierLine);
        rowError(
          row.line,
          cell.name,
          `Doppelter Wert für ${unitNames.get(unitCode) ?? unitCode}, ${cell.period}, ${cell.indicator}: ` +
            `Zeile ${earlierLine} (Spalte „${sink.columnAt(earlierAt)}“) und Zeile ${row.line} (Spalte „${cell.name}“). ` +
            'Welcher gilt, bitte in der Datei klären.',
        );
        continue;
      }
      seen.set(cell.key, unit.number, sink.count);
      sink.add(row.line, cell.name, unitCode, cell.period, cell.indicator, value, flag);
    }
  }

  if (sink.count === 0 && !issues.some((issue) => issue.severity === 'error')) {
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
  return { structure, values: [], issues, unmatchedUnits, invalidLines, skippedRows, unusedColumns, fatal: false, keepValidRowsOnly };
}

function allEmpty(row: RawRow, cells: ValueCell[]): boolean {
  for (const cell of cells) if ((row.cells[cell.index] ?? '') !== '') return false;
  return true;
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
