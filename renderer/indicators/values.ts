import type { MethodOutput } from '../../shared/contract.ts';
import { hasData } from '../../shared/stats/types.ts';
import type { UnitValue } from './classification.ts';
import type { Polarity } from './ramps.ts';
import { searchKey } from '../../shared/text-key.ts';

export { searchKey };

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
 * Plain mean over the units with data: every unit counts once. Not a city value for rates or
 * counts (the profile's "Stadtwert" comes from shared/stats/reference-value.ts); used where the
 * middle of the units' spread is meant (centre of a diverging ramp, mean line in a chart).
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

/**
 * The catalogue's mark for "this indicator is the inhabitants count the others are weighted by":
 * a tag, so it is set in the indicator form and travels with the catalogue to colleagues. Names are
 * not guessed: without the tag, rates are not weighted.
 */
export const POPULATION_TAG = 'Bezugsbevölkerung';

/**
 * The inhabitants indicator of a level: tagged POPULATION_TAG, absolute, with values on the level
 * (and in the period, when given), not archived. Several tagged ones: the first by code.
 */
export function populationIndicator(catalogue: readonly IndicatorSummary[], levelId: string | null, period?: string | null): IndicatorSummary | null {
  if (!levelId) return null;
  const tagged = catalogue.filter(
    (i) =>
      !i.archived &&
      i.measure === 'absolute' &&
      i.levelIds.includes(levelId) &&
      (period == null || i.periods.includes(period)) &&
      i.tags.some((tag) => tag.trim().toLowerCase() === POPULATION_TAG.toLowerCase()),
  );
  return [...tagged].sort((a, b) => a.code.localeCompare(b.code))[0] ?? null;
}

/** Numerator, denominator and factor of a derived share (recipe {type:'derived'}), else null. */
export function ratioParts(recipe: Record<string, unknown> | null | undefined): { numeratorId: string; denominatorId: string; scale: number } | null {
  if (!recipe || recipe['type'] !== 'derived') return null;
  const scales: Record<string, number> = { share: 100, 'per-mille': 1000, 'per-thousand': 1000 };
  const operation = String(recipe['operation']);
  const scale = Object.hasOwn(scales, operation) ? scales[operation] : undefined;
  const a = recipe['a'];
  const b = recipe['b'];
  return scale && typeof a === 'string' && typeof b === 'string' && a && b ? { numeratorId: a, denominatorId: b, scale } : null;
}
