import type { ImportIssue } from '../../../shared/import-issue.ts';
import type { LongValueMapping, ValueMapping, WideValueMapping } from '../../../shared/value-mapping.ts';
import { normalisePeriod } from './periods.ts';

/** A value column of a wide table: every cell is one value of this indicator and period. */
export interface WideColumn {
  index: number;
  name: string;
  indicator: string;
  period: string;
}

export type ColumnPlan =
  | { format: 'wide'; unit: number; columns: WideColumn[] }
  | {
      format: 'long';
      unit: number;
      value: number;
      period: { index: number } | { value: string };
      indicator: { index: number; codes?: Record<string, string> } | { code: string };
    };

/** Resolves the mapping's column names against the header; problems are file-level errors. */
export function planColumns(
  header: string[],
  mapping: ValueMapping,
  file: string,
  headerLine?: number,
): { plan?: ColumnPlan; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const at = headerLine === undefined ? {} : { line: headerLine };
  const resolve = (name: string): number => {
    const index = findColumn(header, name);
    if (index === -1) {
      issues.push({
        severity: 'error',
        file,
        ...at,
        field: name,
        message: `Die Spalte „${name}“ aus der Zuordnung fehlt in der Datei. Vorhandene Spalten: ${listNames(header)}.`,
      });
    }
    return index;
  };
  const unit = resolve(mapping.units.column);
  const plan = mapping.format === 'wide' ? planWide(header, mapping, unit, resolve, issues, file, at) : planLong(mapping, unit, resolve);
  return issues.some((issue) => issue.severity === 'error') ? { issues } : { plan, issues };
}

function planWide(
  header: string[],
  mapping: WideValueMapping,
  unit: number,
  resolve: (name: string) => number,
  issues: ImportIssue[],
  file: string,
  at: { line?: number },
): ColumnPlan {
  const claimed = new Map<number, WideColumn>();
  const error = (field: string, message: string) => issues.push({ severity: 'error', file, ...at, field, message });
  const claim = (index: number, indicator: string, period: string | undefined) => {
    const name = header[index] as string;
    const normalised = period === undefined ? undefined : normalisePeriod(period);
    if (normalised === undefined) {
      error(name, `Aus der Spalte „${name}“ ergibt sich kein Zeitraum („${period ?? ''}“); bitte in der Zuordnung ein Jahr angeben.`);
      return;
    }
    claimed.set(index, { index, name, indicator, period: normalised });
  };

  // Exact column names first, so they win over a pattern that also matches them.
  for (const rule of mapping.columns) {
    if (rule.column === undefined) continue;
    const index = resolve(rule.column);
    if (index === -1) continue;
    if (claimed.has(index)) error(rule.column, `Die Spalte „${rule.column}“ ist in der Zuordnung mehrfach vergeben.`);
    else claim(index, rule.indicator, rule.period ?? mapping.period);
  }
  for (const rule of mapping.columns) {
    if (rule.columnPattern === undefined) continue;
    const pattern = new RegExp(rule.columnPattern, 'u');
    let matched = 0;
    header.forEach((name, index) => {
      const match = pattern.exec(name);
      if (!match || index === unit || claimed.has(index)) return;
      matched++;
      const period = rule.period?.startsWith('$') ? match[Number(rule.period.slice(1))] : (rule.period ?? mapping.period);
      claim(index, rule.indicator, period);
    });
    if (matched === 0) {
      error(rule.columnPattern, `Keine Spalte passt auf das Muster „${rule.columnPattern}“ (${rule.indicator}). Vorhandene Spalten: ${listNames(header)}.`);
    }
  }
  return { format: 'wide', unit, columns: [...claimed.values()].sort((a, b) => a.index - b.index) };
}

function planLong(mapping: LongValueMapping, unit: number, resolve: (name: string) => number): ColumnPlan {
  const value = resolve(mapping.value.column);
  const period = 'column' in mapping.period ? { index: resolve(mapping.period.column) } : { value: mapping.period.value };
  const indicator =
    'column' in mapping.indicator
      ? { index: resolve(mapping.indicator.column), ...(mapping.indicator.codes ? { codes: mapping.indicator.codes } : {}) }
      : { code: mapping.indicator.code };
  return { format: 'long', unit, value, period, indicator };
}

/** Exact header text first, then ignoring case, spacing and Unicode composition. */
export function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact !== -1) return exact;
  const wanted = loose(name);
  const matches = header.flatMap((candidate, index) => (loose(candidate) === wanted ? [index] : []));
  return matches.length === 1 ? (matches[0] as number) : -1;
}

function loose(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

function listNames(header: string[]): string {
  return header.map((name) => `„${name}“`).join(', ');
}
