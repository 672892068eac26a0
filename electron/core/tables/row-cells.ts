import type { ColumnPlan } from './column-plan.ts';
import { normalisePeriod } from './periods.ts';
import type { RawRow } from './types.ts';

/** A cell to read as a value, with the indicator and period it belongs to. */
export interface ValueCell {
  index: number;
  name: string;
  indicator: string;
  period: string;
  /** Same number for cells of the same (period, indicator), for the duplicate check. */
  key: number;
}

export type RowError = (line: number, field: string, message: string) => void;

/**
 * Reads the value cells of a row: fixed for wide tables, read from the row in long format.
 * Problems are reported through rowError with the row's line, and the row is then skipped
 * (undefined). A long table repeats the same few periods and indicators in every row, so each
 * distinct text is normalised once and the cells of each (period, indicator) are shared.
 */
export function rowCellReader(plan: ColumnPlan, header: string[], rowError: RowError): (row: RawRow) => ValueCell[] | undefined {
  const keys = new Map<string, number>();
  const keyOf = (period: string, indicator: string): number => {
    const text = `${period}\u0000${indicator}`;
    let key = keys.get(text);
    if (key === undefined) {
      key = keys.size;
      keys.set(text, key);
    }
    return key;
  };
  if (plan.format === 'wide') {
    const columns = plan.columns.map((column) => ({ ...column, key: keyOf(column.period, column.indicator) }));
    return () => columns;
  }

  const valueName = header[plan.value] as string;
  const cellsFor = (period: string, indicator: string): ValueCell[] => [
    { index: plan.value, name: valueName, indicator, period, key: keyOf(period, indicator) },
  ];
  const fixedPeriod = 'value' in plan.period ? plan.period.value : undefined;
  const periodColumn = 'index' in plan.period ? plan.period.index : -1;
  const fixedIndicator = 'code' in plan.indicator ? plan.indicator.code : undefined;
  const indicatorColumn = 'index' in plan.indicator ? plan.indicator.index : -1;
  const codes = 'index' in plan.indicator ? plan.indicator.codes : undefined;

  /** Per raw period text: the period (or undefined) and the cells per raw indicator text. */
  interface PeriodEntry {
    period: string | undefined;
    cells: Map<string, ValueCell[] | undefined>;
  }
  const byPeriod = new Map<string, PeriodEntry>();
  const fixedEntry: PeriodEntry = { period: fixedPeriod, cells: new Map() };
  let fixedCells: ValueCell[] | undefined;

  return (row) => {
    let entry = fixedEntry;
    if (fixedPeriod === undefined) {
      const text = row.cells[periodColumn] ?? '';
      let found = byPeriod.get(text);
      if (found === undefined) {
        found = { period: normalisePeriod(text), cells: new Map() };
        byPeriod.set(text, found);
      }
      if (found.period === undefined) {
        rowError(row.line, header[periodColumn] as string, `„${text}“ ist kein Zeitraum (erwartet JJJJ oder TT.MM.JJJJ).`);
        return undefined;
      }
      entry = found;
    }
    const period = entry.period as string;
    if (fixedIndicator !== undefined) {
      if (fixedPeriod !== undefined) return (fixedCells ??= cellsFor(period, fixedIndicator));
      let cells = entry.cells.get('');
      if (cells === undefined) {
        cells = cellsFor(period, fixedIndicator);
        entry.cells.set('', cells);
      }
      return cells;
    }
    const raw = row.cells[indicatorColumn] ?? '';
    let cells = entry.cells.get(raw);
    if (cells === undefined && !entry.cells.has(raw)) {
      const text = raw.trim();
      const indicator = codes ? codes[text] : text || undefined;
      cells = indicator === undefined ? undefined : cellsFor(period, indicator);
      entry.cells.set(raw, cells);
    }
    if (cells === undefined) {
      rowError(row.line, header[indicatorColumn] as string, `Der Indikator „${raw.trim()}“ ist keinem Indikatorcode zugeordnet.`);
      return undefined;
    }
    return cells;
  };
}

/** Columns a plan reads besides the unit and value columns. */
export function extraColumns(plan: ColumnPlan): number[] {
  if (plan.format === 'wide') return [];
  return [...('index' in plan.period ? [plan.period.index] : []), ...('index' in plan.indicator ? [plan.indicator.index] : [])];
}
