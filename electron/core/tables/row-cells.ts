import type { ColumnPlan } from './column-plan.ts';
import { normalisePeriod } from './periods.ts';
import type { RawRow } from './types.ts';

/** A cell to read as a value, with the indicator and period it belongs to. */
export interface ValueCell {
  index: number;
  name: string;
  indicator: string;
  period: string;
}

export type RowError = (line: number, field: string, message: string) => void;

/** The value cells of one row: fixed for wide tables, read from the row in long format. */
export function rowCells(row: RawRow, plan: ColumnPlan, header: string[], rowError: RowError): ValueCell[] | undefined {
  if (plan.format === 'wide') return plan.columns;
  let period: string | undefined;
  if ('value' in plan.period) period = plan.period.value;
  else {
    const text = row.cells[plan.period.index] ?? '';
    period = normalisePeriod(text);
    if (period === undefined) {
      rowError(row.line, header[plan.period.index] as string, `„${text}“ ist kein Zeitraum (erwartet JJJJ oder TT.MM.JJJJ).`);
      return undefined;
    }
  }
  let indicator: string | undefined;
  if ('code' in plan.indicator) indicator = plan.indicator.code;
  else {
    const text = (row.cells[plan.indicator.index] ?? '').trim();
    indicator = plan.indicator.codes ? plan.indicator.codes[text] : text || undefined;
    if (indicator === undefined) {
      rowError(row.line, header[plan.indicator.index] as string, `Der Indikator „${text}“ ist keinem Indikatorcode zugeordnet.`);
      return undefined;
    }
  }
  return [{ index: plan.value, name: header[plan.value] as string, indicator, period }];
}

/** Columns a plan reads besides the unit and value columns. */
export function extraColumns(plan: ColumnPlan): number[] {
  if (plan.format === 'wide') return [];
  return [...('index' in plan.period ? [plan.period.index] : []), ...('index' in plan.indicator ? [plan.indicator.index] : [])];
}
