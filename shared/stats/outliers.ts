// Box-plot (Tukey) rule for outliers, used to mark units on the map and, optionally, to keep
// extreme values from stretching class breaks.
import { quantileSorted } from 'simple-statistics';
import { hasData, type IndicatorValue } from './types.ts';

export type OutlierKind = 'none' | 'soft' | 'extreme';

export interface Fences {
  q1: number;
  q3: number;
  iqr: number;
  /** Q1 − 1.5·IQR and Q3 + 1.5·IQR: outside them a value is at least a soft outlier. */
  lowerSoft: number;
  upperSoft: number;
  /** Q1 − 3·IQR and Q3 + 3·IQR: outside them a value is an extreme outlier. */
  lowerExtreme: number;
  upperExtreme: number;
}

/**
 * Quartiles by linear interpolation (R type 7, Excel QUARTILE.INKL, simple-statistics), so the
 * numbers match what planners get in a spreadsheet. Null for no finite values.
 */
export function boxPlotFences(values: readonly number[]): Fences | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  return {
    q1,
    q3,
    iqr,
    lowerSoft: q1 - 1.5 * iqr,
    upperSoft: q3 + 1.5 * iqr,
    lowerExtreme: q1 - 3 * iqr,
    upperExtreme: q3 + 3 * iqr,
  };
}

/** Strictly outside a fence counts (Tukey): a value on the fence is still inside. */
export function outlierKind(value: number, fences: Fences): OutlierKind {
  if (value < fences.lowerExtreme || value > fences.upperExtreme) return 'extreme';
  if (value < fences.lowerSoft || value > fences.upperSoft) return 'soft';
  return 'none';
}

export interface OutlierResult {
  /** Null when no unit has data. */
  fences: Fences | null;
  /** Only units with data (see hasData) appear; the others have nothing to judge. */
  units: Map<string, OutlierKind>;
}

export function detectOutliers(data: readonly IndicatorValue[]): OutlierResult {
  const withData = data.filter(hasData);
  const fences = boxPlotFences(withData.map((v) => v.value));
  const units = new Map<string, OutlierKind>();
  if (fences) for (const v of withData) units.set(v.unitId, outlierKind(v.value, fences));
  return { fences, units };
}
