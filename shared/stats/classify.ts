// Map classification: class breaks for one indicator, plus a legend with the separate entries
// planners expect ("keine Daten", "geheim gehalten", optionally "0").
//
// Whole time series: to make a colour mean the same in every year, pass the values of *all*
// periods to classify() (or as seriesValues to classifyWithLegend) and use the result's classOf
// for each year. Nothing else is needed; there is no separate "time series" mode.
import { mean, standardDeviation } from 'simple-statistics';
import {
  centredInner,
  classIndex,
  countDistinctSorted,
  dropEmptyClasses,
  equalIntervalInner,
  finaliseBreaks,
  naturalInner,
  quantileInner,
} from './breaks.ts';
import { boxPlotFences } from './outliers.ts';
import { hasData, type IndicatorValue } from './types.ts';

export type ClassificationMethod = 'quantile' | 'equal-interval' | 'natural-breaks' | 'standard-deviation' | 'manual';

export interface ClassifyOptions {
  method: ClassificationMethod;
  /** Requested number of classes (integer ≥ 1). Ignored for 'manual', where the breaks decide. */
  classes: number;
  /**
   * For 'manual': class boundaries as the planner typed them. Order and duplicates do not
   * matter; boundaries below min or at/above max are dropped, because the outer breaks are
   * always the data min and max. For colours that mean the same in every year, classify all
   * years' values together (see the file comment).
   */
  manualBreaks?: readonly number[];
  /**
   * Centre of a diverging scale (city average, a threshold, 0 for changes).
   * - equal-interval: classes of equal width symmetric around it (half-range = larger distance
   *   from the reference to min or max).
   * - standard-deviation: centre instead of the mean.
   * - quantile / natural-breaks: the reference becomes a break and each side is classified on its
   *   own with half of the classes (odd counts: the extra class goes to the side with more values).
   * - manual: breaks are used as given; the reference is only reported as `centre`.
   * With an even number of classes the reference is the middle break; with an odd number the
   * middle class is centred on it (equal-interval, standard-deviation).
   */
  reference?: number;
  /** Compute breaks without values outside Q1/Q3 ± 3·IQR; they still land in the outer classes. */
  excludeExtremeOutliers?: boolean;
  /**
   * The same with a choice of fence: 'soft' leaves out every box-plot outlier (outside
   * Q1/Q3 ± 1.5·IQR), 'extreme' only those outside ± 3·IQR. Wins over excludeExtremeOutliers.
   */
  excludeOutliers?: 'soft' | 'extreme';
}

export interface Classification {
  method: ClassificationMethod;
  /**
   * Ascending; first = min, last = max of the values; classes = breaks.length − 1. Strictly
   * ascending except that breaks[1] may equal breaks[0]: then the first class holds exactly the
   * minimum (also [v, v] when all values are equal: one class). Empty for no values.
   * Fewer than classes + 1 breaks when the data cannot fill the requested classes.
   */
  breaks: number[];
  /** Values per class, in class order; sums to the number of finite values given. */
  counts: number[];
  /** Centre of a diverging scale (reference, or the mean for standard-deviation classes); else null. */
  centre: number | null;
  /**
   * Class index (0-based) of any value: class 0 is [b0, b1], class i is (bi, bi+1]. Values beyond
   * the outer breaks (e.g. another year's values) go to the first or last class. Null for
   * non-finite values and when there are no classes.
   */
  classOf(value: number): number | null;
  /** With excludeOutliers / excludeExtremeOutliers: the fences; values outside them did not shape the breaks. */
  outlierFences?: { lower: number; upper: number };
}

function validate(options: ClassifyOptions): void {
  if (options.method !== 'manual' && (!Number.isInteger(options.classes) || options.classes < 1)) {
    throw new RangeError(`classes must be an integer ≥ 1, got ${options.classes}`);
  }
  if (options.method === 'manual' && !options.manualBreaks) throw new RangeError("method 'manual' needs manualBreaks");
  if (options.reference !== undefined && !Number.isFinite(options.reference)) {
    throw new RangeError('reference must be a finite number');
  }
}

/** Splits at the reference (values ≤ ref below, > ref above) and classifies each side alone. */
function divergingSplitInner(sorted: readonly number[], k: number, reference: number, side: (s: number[], k: number) => number[]): number[] {
  const low = sorted.filter((v) => v <= reference);
  const high = sorted.filter((v) => v > reference);
  const half = Math.floor(k / 2);
  const lowClasses = k % 2 === 1 && low.length > high.length ? half + 1 : half;
  const highClasses = k - lowClasses;
  return [...side(low, lowClasses), reference, ...side(high, highClasses)];
}

function candidateInner(sorted: readonly number[], k: number, options: ClassifyOptions): number[] {
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  const ref = options.reference;
  switch (options.method) {
    case 'manual':
      return [...(options.manualBreaks ?? [])];
    case 'quantile':
      return ref === undefined
        ? quantileInner(sorted, k)
        : divergingSplitInner(sorted, k, ref, (s, m) => (s.length ? quantileInner(s, Math.min(m, countDistinctSorted(s))) : []));
    case 'natural-breaks':
      return ref === undefined ? naturalInner(sorted, k) : divergingSplitInner(sorted, k, ref, (s, m) => (s.length ? naturalInner(s, m) : []));
    case 'equal-interval': {
      if (ref === undefined) return equalIntervalInner(min, max, k);
      const halfRange = Math.max(max - ref, ref - min);
      return centredInner(ref, (2 * halfRange) / k, k);
    }
    case 'standard-deviation': {
      // Population sd: the units are the whole city, not a sample. Half-sd steps for > 6 classes
      // keep the outer classes from lying far beyond the data.
      const sd = standardDeviation(sorted);
      return centredInner(ref ?? mean(sorted), options.classes > 6 ? sd / 2 : sd, k);
    }
  }
}

export function classify(values: readonly number[], options: ClassifyOptions): Classification {
  validate(options);
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { method: options.method, breaks: [], counts: [], centre: options.reference ?? null, classOf: () => null };

  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  const fence = options.excludeOutliers ?? (options.excludeExtremeOutliers ? 'extreme' : null);
  const fences = fence ? boxPlotFences(sorted) : null;
  const [lower, upper] = !fences ? [-Infinity, Infinity] : fence === 'soft' ? [fences.lowerSoft, fences.upperSoft] : [fences.lowerExtreme, fences.upperExtreme];
  const basis = fences ? sorted.filter((v) => v >= lower && v <= upper) : sorted;
  const centre = options.reference ?? (options.method === 'standard-deviation' ? mean(basis) : null);
  let breaks: number[];
  if (min === max) {
    breaks = [min, max];
  } else {
    const distinct = countDistinctSorted(basis);
    // Never ask for more classes than there are distinct values: the extra ones would be empty.
    // Diverging scales keep the requested count (its parity decides whether the reference is a
    // break) and lose their empty classes below instead.
    const k = options.reference === undefined ? Math.min(options.classes, distinct) : options.classes;
    breaks = distinct < 2 && options.method !== 'manual' ? [min, max] : finaliseBreaks(min, max, candidateInner(basis, k, options));
    if (options.method === 'quantile' || options.method === 'natural-breaks' || (options.method !== 'manual' && distinct < options.classes)) {
      breaks = dropEmptyClasses(breaks, sorted, options.reference);
    }
  }

  const finalBreaks = breaks;
  const classOf = (value: number): number | null => (Number.isFinite(value) ? classIndex(finalBreaks, value) : null);
  const counts = new Array<number>(finalBreaks.length - 1).fill(0);
  for (const v of sorted) counts[classIndex(finalBreaks, v)]! += 1;
  return { method: options.method, breaks: finalBreaks, counts, centre, classOf, ...(fences ? { outlierFences: { lower, upper } } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Legend

export interface LegendOptions extends ClassifyOptions {
  /** Give the value 0 its own legend entry ("0") instead of classifying it with the rest. */
  zeroSeparate?: boolean;
  /** Values to derive the breaks from, e.g. all periods; defaults to the values in `data`. */
  seriesValues?: readonly number[];
}

/** Class index, or one of the legend's own entries. */
export type UnitClass = number | 'no-data' | 'suppressed' | 'zero';

export interface LegendEntry {
  from: number;
  to: number;
  count: number;
}

export interface ClassifiedLegend {
  classification: Classification;
  units: Map<string, UnitClass>;
  legend: {
    classes: LegendEntry[];
    /** Null value or flag 'missing' ("keine Daten"). */
    noData: number;
    /** Flag 'suppressed' ("geheim gehalten"), whatever the value: it must not be shown. */
    suppressed: number;
    /** Units with value 0 when zeroSeparate; null when zeros are classified like other values. */
    zero: number | null;
  };
}

function unitKind(v: IndicatorValue, zeroSeparate: boolean): 'no-data' | 'suppressed' | 'zero' | 'value' {
  if (v.flag === 'suppressed') return 'suppressed';
  if (!hasData(v)) return 'no-data';
  return zeroSeparate && v.value === 0 ? 'zero' : 'value';
}

export function classifyWithLegend(data: readonly IndicatorValue[], options: LegendOptions): ClassifiedLegend {
  const zeroSeparate = options.zeroSeparate ?? false;
  const kinds = data.map((v) => ({ v, kind: unitKind(v, zeroSeparate) }));
  const own = kinds.flatMap(({ v, kind }) => (kind === 'value' && v.value !== null ? [v.value] : []));
  const basis = options.seriesValues ? options.seriesValues.filter((x) => !(zeroSeparate && x === 0)) : own;
  const classification = classify(basis, options);

  const units = new Map<string, UnitClass>();
  const classCounts = new Array<number>(Math.max(0, classification.breaks.length - 1)).fill(0);
  let noData = 0;
  let suppressed = 0;
  let zero = 0;
  for (const { v, kind } of kinds) {
    const index = kind === 'value' && v.value !== null ? classification.classOf(v.value) : null;
    if (index !== null) {
      units.set(v.unitId, index);
      classCounts[index]! += 1;
    } else if (kind === 'value') {
      // Only possible when seriesValues held no finite value: nothing to classify against.
      units.set(v.unitId, 'no-data');
      noData++;
    } else {
      units.set(v.unitId, kind);
      if (kind === 'no-data') noData++;
      else if (kind === 'suppressed') suppressed++;
      else zero++;
    }
  }
  const classes = classCounts.map((count, i) => ({
    from: classification.breaks[i] as number,
    to: classification.breaks[i + 1] as number,
    count,
  }));
  return { classification, units, legend: { classes, noData, suppressed, zero: zeroSeparate ? zero : null } };
}
