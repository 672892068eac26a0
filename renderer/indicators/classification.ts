// The one place the renderer calls the statistics module for map classes. Everything else
// (legend, map colours, histogram lines) works on MapClassification, so a change of the
// statistics API is a change here only.
import { classifyWithLegend } from '../../shared/stats/classify.ts';
import { hasData } from '../../shared/stats/types.ts';
import type { ClassificationMethod } from '../../shared/stats/classify.ts';

export type { ClassificationMethod } from '../../shared/stats/classify.ts';

export const METHODS: readonly ClassificationMethod[] = ['quantile', 'equal-interval', 'natural-breaks', 'standard-deviation', 'manual'];
export const MIN_CLASSES = 3;
export const MAX_CLASSES = 7;

export type Flag = 'missing' | 'suppressed' | 'estimated' | 'provisional';

export interface UnitValue {
  unitId: string;
  value: number | null;
  flag: Flag | null;
}

export interface MapClassificationInput {
  /** One entry per unit of the level (units without a row: value null). */
  values: readonly UnitValue[];
  method: ClassificationMethod;
  classes: number;
  manualBreaks?: readonly number[];
  /** Derive the breaks from these values (all periods) instead of `values`. */
  seriesValues?: readonly number[];
  /** Centre of a diverging ramp (city mean). */
  reference?: number;
  /** Breaks without box-plot outliers (outside Q1/Q3 ± 1.5·IQR); they land in the outer classes. */
  excludeOutliers?: boolean;
}

export type UnitClass = number | 'no-data' | 'suppressed';

export interface MapClassification {
  /** Ascending class bounds: classes = breaks.length − 1 (empty when nothing has data). */
  breaks: number[];
  classes: Array<{ from: number; to: number; count: number }>;
  noData: number;
  suppressed: number;
  /** Centre of a diverging ramp (the reference, or the mean for standard-deviation classes). */
  centre: number | null;
  unitClass: ReadonlyMap<string, UnitClass>;
  /** Units of this period that were left out of the breaks as outliers (0 unless excludeOutliers). */
  outliers: number;
}

export function classifyMap(input: MapClassificationInput): MapClassification {
  const { classification, units, legend } = classifyWithLegend(input.values, {
    method: input.method,
    classes: input.classes,
    ...(input.method === 'manual' ? { manualBreaks: input.manualBreaks ?? [] } : {}),
    ...(input.seriesValues ? { seriesValues: input.seriesValues } : {}),
    ...(input.reference !== undefined ? { reference: input.reference } : {}),
    ...(input.excludeOutliers ? { excludeOutliers: 'soft' as const } : {}),
  });
  const fences = classification.outlierFences;
  const outliers = fences
    ? input.values.filter((v) => v.flag !== 'suppressed' && hasData(v) && (v.value < fences.lower || v.value > fences.upper)).length
    : 0;
  const unitClass = new Map<string, UnitClass>();
  for (const [unitId, c] of units) unitClass.set(unitId, c === 'zero' ? 'no-data' : c);
  return {
    breaks: classification.breaks,
    classes: legend.classes,
    noData: legend.noData + (legend.zero ?? 0),
    suppressed: legend.suppressed,
    centre: classification.centre,
    unitClass,
    outliers,
  };
}
