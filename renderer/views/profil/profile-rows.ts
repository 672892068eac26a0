import { boxPlotFences, outlierKind, type OutlierKind } from '../../../shared/stats/outliers.ts';
import { referenceValue, type ReferenceValue } from '../../../shared/stats/reference-value.ts';
import { trendDirection, type TrendDirection } from '../../charts/TrendArrow.tsx';
import type { Flag } from '../../indicators/classification.ts';
import type { Level } from '../../map/levels.ts';
import { minMax, needRanks, numberOf, periodsOf, valuesForPeriod, type IndicatorSummary, type SeriesRow, type UnitInfo } from '../../indicators/values.ts';

export interface ProfileCell {
  unitId: string;
  value: number | null;
  flag: Flag | null;
  /** value − city value; null when the city value is a total (counts) or unknown. */
  difference: number | null;
  /** Counts: the unit's share of the city total in percent. */
  shareOfCity: number | null;
  trend: { direction: TrendDirection; previousPeriod: string } | null;
  rank: number | null;
  /** Box-plot rule over all units of the level in the period (null: no value). */
  outlier: OutlierKind | null;
}

export interface ProfileRow {
  indicator: IndicatorSummary;
  /** The period shown for this indicator (null: none matches the chosen one). */
  period: string | null;
  /** Number of units with data in that period (rank "von N"). */
  unitCount: number;
  /** The city value and how it was obtained (null without a period). */
  city: ReferenceValue | null;
  /**
   * The city value where it lies on the units' scale (rates, means): the base of the difference
   * and the line in the spine chart. Null for counts, whose city value is the total.
   */
  reference: number | null;
  spread: { min: number; max: number; q1: number; q3: number } | null;
  cells: ProfileCell[];
}

/** Everything besides the indicator's own series that the city value may come from. */
export interface ReferenceSources {
  /** The city-level unit and its series of this indicator (see cityUnitOf). */
  city?: { unitId: string; series: readonly SeriesRow[] } | null;
  /** A derived share's numerator and denominator series on the same level. */
  parts?: { numerator: readonly SeriesRow[]; denominator: readonly SeriesRow[]; scale: number } | null;
  /** The inhabitants series on the same level (the indicator tagged as Bezugsbevölkerung). */
  population?: readonly SeriesRow[] | null;
}

/**
 * One profile row: the indicator in the chosen period (or its latest), the shown units' values
 * against all units of the level, their trend against the previous period and their rank.
 */
export function profileRow(
  indicator: IndicatorSummary,
  series: readonly SeriesRow[],
  units: readonly UnitInfo[],
  shownUnitIds: readonly string[],
  periodChoice: string | null,
  sources: ReferenceSources = {},
): ProfileRow {
  const periods = periodsOf(series);
  const period = periodChoice === null ? (periods.at(-1) ?? null) : periods.includes(periodChoice) ? periodChoice : null;
  const values = period ? valuesForPeriod(series, period, units) : [];
  const numbers = values.map(numberOf).filter((n): n is number => n !== null);
  const city = period ? cityValue(indicator, values, period, units, sources) : null;
  const total = indicator.measure === 'absolute';
  const reference = city && !total ? city.value : null;
  const range = minMax(numbers);
  const fences = boxPlotFences(numbers);
  const ranks = needRanks(values, indicator.polarity);
  const previousPeriod = period ? (periods[periods.indexOf(period) - 1] ?? null) : null;
  const previous = previousPeriod ? new Map(valuesForPeriod(series, previousPeriod, units).map((v) => [v.unitId, numberOf(v)])) : null;
  const byUnit = new Map(values.map((v) => [v.unitId, v]));

  const cells = shownUnitIds.map((unitId): ProfileCell => {
    const v = byUnit.get(unitId);
    const value = numberOf(v);
    const before = previous?.get(unitId) ?? null;
    const cityTotal = total ? (city?.value ?? null) : null;
    return {
      unitId,
      value,
      flag: v?.flag ?? null,
      difference: value !== null && reference !== null ? value - reference : null,
      shareOfCity: value !== null && cityTotal !== null && cityTotal !== 0 ? (value / cityTotal) * 100 : null,
      trend:
        value !== null && before !== null && previousPeriod
          ? { direction: trendDirection(value, before, indicator.decimals), previousPeriod }
          : null,
      rank: ranks.get(unitId) ?? null,
      outlier: value !== null && fences ? outlierKind(value, fences) : null,
    };
  });
  return {
    indicator,
    period,
    unitCount: numbers.length,
    city,
    reference,
    spread: range && fences ? { min: range.min, max: range.max, q1: fences.q1, q3: fences.q3 } : null,
    cells,
  };
}

function cityValue(indicator: IndicatorSummary, values: ReturnType<typeof valuesForPeriod>, period: string, units: readonly UnitInfo[], sources: ReferenceSources): ReferenceValue {
  const own = sources.city ? sources.city.series.find((r) => r.period === period && r.unitId === sources.city!.unitId) : undefined;
  const { parts, population } = sources;
  return referenceValue({
    measure: indicator.measure,
    values,
    cityValue: own ?? null,
    parts: parts
      ? { numerator: valuesForPeriod(parts.numerator, period, units), denominator: valuesForPeriod(parts.denominator, period, units), scale: parts.scale }
      : null,
    weights: population ? valuesForPeriod(population, period, units) : null,
  });
}

/**
 * The city-level unit above a level: a coarser level (lower rank) with exactly one unit that is an
 * ancestor of every unit of the level, following parent links through the levels in between.
 * `parents` holds the parent of every unit of the levels from the candidate down to `levelId`.
 */
export function cityUnitOf(
  levels: readonly Level[],
  levelId: string,
  unitsByLevel: ReadonlyMap<string, ReadonlyArray<{ id: string; parentId: string | null }>>,
): { levelId: string; unitId: string } | null {
  const level = levels.find((l) => l.id === levelId);
  if (!level) return null;
  const parentOf = new Map<string, string | null>();
  for (const list of unitsByLevel.values()) for (const u of list) parentOf.set(u.id, u.parentId);
  const own = unitsByLevel.get(levelId) ?? [];
  if (own.length === 0) return null;
  for (const candidate of cityLevelCandidates(levels, levelId)) {
    const only = unitsByLevel.get(candidate.id);
    if (only?.length !== 1) continue;
    const cityId = only[0]!.id;
    const reaches = (unitId: string) => {
      const seen = new Set<string>();
      for (let current: string | null | undefined = parentOf.get(unitId); current; current = parentOf.get(current)) {
        if (current === cityId) return true;
        if (seen.has(current)) return false;
        seen.add(current);
      }
      return false;
    };
    if (own.every((u) => reaches(u.id))) return { levelId: candidate.id, unitId: cityId };
  }
  return null;
}

/** Coarser levels with exactly one unit, nearest first: where a city unit may live. */
export function cityLevelCandidates(levels: readonly Level[], levelId: string): Level[] {
  const level = levels.find((l) => l.id === levelId);
  if (!level) return [];
  return levels.filter((l) => l.rank < level.rank && l.unitCount === 1).sort((a, b) => b.rank - a.rank);
}

/** The levels whose unit lists cityUnitOf needs: from the coarsest candidate down to the level. */
export function levelsForCityCheck(levels: readonly Level[], levelId: string): Level[] {
  const level = levels.find((l) => l.id === levelId);
  const candidates = cityLevelCandidates(levels, levelId);
  if (!level || candidates.length === 0) return [];
  const top = Math.min(...candidates.map((c) => c.rank));
  return levels.filter((l) => l.rank >= top && l.rank <= level.rank);
}
