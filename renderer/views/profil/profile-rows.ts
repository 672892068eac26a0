import { boxPlotFences } from '../../../shared/stats/outliers.ts';
import { trendDirection, type TrendDirection } from '../../charts/TrendArrow.tsx';
import type { Flag } from '../../indicators/classification.ts';
import { minMax, needRanks, numberOf, periodsOf, unitMean, valuesForPeriod, type IndicatorSummary, type SeriesRow, type UnitInfo } from '../../indicators/values.ts';

export interface ProfileCell {
  unitId: string;
  value: number | null;
  flag: Flag | null;
  /** value − city value. */
  difference: number | null;
  trend: { direction: TrendDirection; previousPeriod: string } | null;
  rank: number | null;
}

export interface ProfileRow {
  indicator: IndicatorSummary;
  /** The period shown for this indicator (null: none matches the chosen one). */
  period: string | null;
  /** Number of units with data in that period (rank "von N"). */
  unitCount: number;
  /** "Mittel der Einheiten" (see unitMean). */
  reference: number | null;
  spread: { min: number; max: number; q1: number; q3: number } | null;
  cells: ProfileCell[];
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
): ProfileRow {
  const periods = periodsOf(series);
  const period = periodChoice === null ? (periods.at(-1) ?? null) : periods.includes(periodChoice) ? periodChoice : null;
  const values = period ? valuesForPeriod(series, period, units) : [];
  const numbers = values.map(numberOf).filter((n): n is number => n !== null);
  const reference = unitMean(numbers);
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
    return {
      unitId,
      value,
      flag: v?.flag ?? null,
      difference: value !== null && reference !== null ? value - reference : null,
      trend:
        value !== null && before !== null && previousPeriod
          ? { direction: trendDirection(value, before, indicator.decimals), previousPeriod }
          : null,
      rank: ranks.get(unitId) ?? null,
    };
  });
  return {
    indicator,
    period,
    unitCount: numbers.length,
    reference,
    spread: range && fences ? { min: range.min, max: range.max, q1: fences.q1, q3: fences.q3 } : null,
    cells,
  };
}
