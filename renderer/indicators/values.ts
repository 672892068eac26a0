import type { MethodOutput } from '../../shared/contract.ts';
import { hasData } from '../../shared/stats/types.ts';
import type { UnitValue } from './classification.ts';
import type { Polarity } from './ramps.ts';

export type IndicatorSummary = MethodOutput<'indicators.list'>[number];
export type IndicatorDetail = MethodOutput<'indicators.get'>;
export type SeriesRow = MethodOutput<'values.series'>[number];
export type Topic = MethodOutput<'topics.list'>[number];

export interface UnitInfo {
  id: string;
  name: string;
  code: string;
}

/** Units of a level from its feature collection, sorted by name (German collation). */
export function unitsOf(collection: MethodOutput<'units.features'> | null): UnitInfo[] {
  return (collection?.features ?? [])
    .map((f) => ({ id: String(f.properties['id'] ?? ''), name: String(f.properties['name'] ?? ''), code: String(f.properties['code'] ?? '') }))
    .filter((u) => u.id)
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/** Periods present in a series, ascending. */
export function periodsOf(series: readonly SeriesRow[]): string[] {
  return [...new Set(series.map((r) => r.period))].sort();
}

/**
 * One value per unit for one period; units without a row get value null (no data), so that
 * legends count every unit of the level.
 */
export function valuesForPeriod(series: readonly SeriesRow[], period: string | null, units: readonly UnitInfo[]): UnitValue[] {
  const rows = new Map(series.filter((r) => r.period === period).map((r) => [r.unitId, r]));
  return units.map((u) => {
    const row = rows.get(u.id);
    return { unitId: u.id, value: row?.value ?? null, flag: row?.flag ?? null };
  });
}

/** The number of a value, or null when it is no data (null, missing, suppressed). */
export function numberOf(v: UnitValue | undefined): number | null {
  return v !== undefined && hasData(v) ? v.value : null;
}

/** Usable numbers of all periods (for "über alle Jahre klassifizieren"). */
export function allSeriesNumbers(series: readonly SeriesRow[], unitIds: ReadonlySet<string>): number[] {
  return series.filter((r) => unitIds.has(r.unitId) && hasData(r)).map((r) => r.value as number);
}

export function minMax(values: readonly number[]): { min: number; max: number } | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * Plain mean over the units with data. The profile labels it "Mittel der Einheiten".
 * TODO(lead): replace by the population-weighted city value once population is available
 * (methods.md: rates must not be averaged unweighted for a real city value).
 */
export function unitMean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Rank 1 = most need: the highest value for polarity 'need' (and 'neutral'), the lowest for
 * 'better'. Ties share the better rank (1, 2, 2, 4). Units without data get no rank.
 */
export function needRanks(values: readonly UnitValue[], polarity: Polarity): Map<string, number> {
  const sign = polarity === 'better' ? 1 : -1;
  const withData = values.flatMap((v) => {
    const n = numberOf(v);
    return n === null ? [] : [{ unitId: v.unitId, key: sign * n }];
  });
  withData.sort((a, b) => a.key - b.key);
  const ranks = new Map<string, number>();
  withData.forEach((entry, i) => {
    const previous = withData[i - 1];
    ranks.set(entry.unitId, previous && previous.key === entry.key ? ranks.get(previous.unitId)! : i + 1);
  });
  return ranks;
}

/** Normalise umlauts and accents for client-side search ("Ubergang" finds "Übergang"). */
export function searchKey(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** The topic path of a topic id ("Arbeit und Soziales › Transferleistungen"). */
export function topicPath(topicId: string | null, topics: readonly Topic[]): string[] {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const path: string[] = [];
  let current = topicId ? byId.get(topicId) : undefined;
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.unshift(current.name);
    current = current.parentId ? byId.get(current.parentId) : undefined;
  }
  return path;
}
