// Derived indicators (methods.md, "Derived indicators"). Every function returns either a number
// or null with a reason, so the UI can say *why* a cell is empty instead of showing NaN or ∞.
import { linearRegression, sampleCorrelation } from 'simple-statistics';
import { byUnit, hasData, type IndicatorValue, type ValueFlag } from './types.ts';

export type NoValueReason =
  /** An input is null, non-finite, or flagged missing/suppressed. */
  | 'missing-input'
  /** The denominator (or the base value of a relative change or trend) is 0. */
  | 'division-by-zero'
  /** Not enough periods with data: 2 for a trend, 3 for continuity. */
  | 'too-few-periods'
  /** Correlation with time is undefined when the values never change. */
  | 'no-variation';

export type Derived = { value: number; reason: null } | { value: null; reason: NoValueReason };

const ok = (value: number): Derived => ({ value, reason: null });
const none = (reason: NoValueReason): Derived => ({ value: null, reason });
const usable = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

function ratio(numerator: number | null, denominator: number | null, scale: number): Derived {
  if (!usable(numerator) || !usable(denominator)) return none('missing-input');
  if (denominator === 0) return none('division-by-zero');
  return ok((numerator / denominator) * scale);
}

/** Share in percent: a / b · 100 (e.g. SGB II recipients among inhabitants under 65). */
export function share(part: number | null, whole: number | null): Derived {
  return ratio(part, whole, 100);
}

/** Per mille: a / b · 1000, where a is part of b (e.g. births per 1,000 inhabitants). */
export function perMille(part: number | null, whole: number | null): Derived {
  return ratio(part, whole, 1000);
}

/**
 * Per 1,000 inhabitants of a target group: count / target group · 1000. The count need not be part
 * of the group and may exceed it (daycare places per 1,000 children under 3; capacity per target
 * population).
 */
export function perThousandOfTargetGroup(count: number | null, targetGroup: number | null): Derived {
  return ratio(count, targetGroup, 1000);
}

/** later − earlier; for shares this is the change in percentage points. */
export function absoluteChange(earlier: number | null, later: number | null): Derived {
  if (!usable(earlier) || !usable(later)) return none('missing-input');
  return ok(later - earlier);
}

/**
 * (later − earlier) / |earlier| · 100, in percent. Dividing by |earlier| keeps the sign meaning
 * "went up" also for negative bases (e.g. a migration balance).
 */
export function relativeChange(earlier: number | null, later: number | null): Derived {
  if (!usable(earlier) || !usable(later)) return none('missing-input');
  if (earlier === 0) return none('division-by-zero');
  return ok(((later - earlier) / Math.abs(earlier)) * 100);
}

/** One observation of a time series; period is numeric (a year, or a running index). */
export interface SeriesPoint {
  period: number;
  value: number | null;
}

function observed(series: readonly SeriesPoint[]): SeriesPoint[] {
  return series.filter((p) => usable(p.value) && usable(p.period)).sort((a, b) => a.period - b.period);
}

/**
 * Linear trend: OLS slope of value on period, relative to the first observed value, in % per
 * period (slope / |first| · 100). Periods without data are left out; gaps are handled because the
 * regression uses the period numbers, not positions.
 */
export function linearTrend(series: readonly SeriesPoint[]): Derived {
  const points = observed(series);
  if (new Set(points.map((p) => p.period)).size < 2) return none('too-few-periods');
  const first = points[0]?.value as number;
  if (first === 0) return none('division-by-zero');
  const { m } = linearRegression(points.map((p) => [p.period, p.value as number]));
  return ok((m / Math.abs(first)) * 100);
}

/**
 * Continuity: Pearson r between period and value, in [−1, 1]; near ±1 means a steady trend, near 0
 * an erratic series. Needs 3 periods, because with 2 points r is always ±1.
 */
export function continuity(series: readonly SeriesPoint[]): Derived {
  const points = observed(series);
  if (new Set(points.map((p) => p.period)).size < 3) return none('too-few-periods');
  const values = points.map((p) => p.value as number);
  if (values.every((v) => v === values[0])) return none('no-variation');
  const r = sampleCorrelation(
    points.map((p) => p.period),
    values,
  );
  // Clamp rounding noise (e.g. 1.0000000000000002) back into [−1, 1].
  return ok(Math.max(-1, Math.min(1, r)));
}

/**
 * Applies a two-argument derivation unit by unit (e.g. share of two indicators, change between two
 * periods) and returns ordinary indicator values. Flags carry over: a result is 'suppressed' when
 * an input was (so the legend says so), 'missing' when it could not be computed, and 'estimated' /
 * 'provisional' when an input was. Units are those of `first`.
 */
export function deriveByUnit(
  first: readonly IndicatorValue[],
  second: readonly IndicatorValue[],
  derive: (a: number | null, b: number | null) => Derived,
): Array<IndicatorValue & { reason: NoValueReason | null }> {
  const other = byUnit(second);
  return first.map((a) => {
    const b = other.get(a.unitId);
    const inputs = b ? [a, b] : [a];
    const result = derive(hasData(a) ? a.value : null, b && hasData(b) ? b.value : null);
    return { unitId: a.unitId, value: result.value, reason: result.reason, flag: resultFlag(inputs, result) };
  });
}

function resultFlag(inputs: readonly IndicatorValue[], result: Derived): ValueFlag | null {
  const flags = inputs.map((v) => v.flag);
  if (result.value === null) return flags.includes('suppressed') ? 'suppressed' : 'missing';
  if (flags.includes('estimated')) return 'estimated';
  if (flags.includes('provisional')) return 'provisional';
  return null;
}
