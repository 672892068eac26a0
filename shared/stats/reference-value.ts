// The city value ("Stadtwert") of an indicator, as a statistics office computes it from the units
// of one level (methods.md, "Aggregation to a higher level"): counts are summed, rates are
// recomputed from summed numerators and denominators or averaged with population weights. A plain
// mean of the units is only the last resort and is labelled as what it is ("Mittel der Gebiete").
//
// Order of preference:
//  1. 'city-unit'     the value of a city-level unit (a level with one unit above all others), when
//                     it has data: the office's own figure beats anything recomputed here;
//  2. 'sum'           absolute indicators: the sum of all units, only when every unit has data
//                     (a partial sum is not the city's count: value null, `missing` says how many);
//  3. 'ratio'         rates with known parts: Σ numerator / Σ denominator · scale;
//  4. 'weighted-mean' other rates with a population indicator: Σ w·x / Σ w;
//  5. 'unit-mean'     otherwise (and for standardised scores): the unweighted mean of the units.
// Means and ratios use the units that have data and report the others in `missing`.
import { aggregateCounts, aggregateRates, aggregateWeightedMean, type Aggregation } from './aggregate.ts';
import { dataValue, hasData, type IndicatorValue } from './types.ts';

export type ReferenceMethod = 'city-unit' | 'sum' | 'ratio' | 'weighted-mean' | 'unit-mean';

export type Measure = 'absolute' | 'relative' | 'standardised';

export interface ReferenceValue {
  /** Null when there is nothing to compute from, or for an incomplete sum. */
  value: number | null;
  method: ReferenceMethod;
  /** Units that entered the value (for 'city-unit': 1). */
  used: number;
  /** Units of the level that did not enter: no value, no weight, or a part missing. */
  missing: number;
}

export interface ReferenceInput {
  measure: Measure;
  /** One entry per unit of the level; units without a row are passed with value null. */
  values: readonly IndicatorValue[];
  /** The value of the city-level unit in the same period, when there is such a unit. */
  cityValue?: IndicatorValue | null;
  /** Numerator and denominator per unit (a share's parts) and the factor (100 for percent). */
  parts?: { numerator: readonly IndicatorValue[]; denominator: readonly IndicatorValue[]; scale: number } | null;
  /** Inhabitants per unit in the same period; only used for relative indicators without parts. */
  weights?: readonly IndicatorValue[] | null;
}

const CITY = 'city';

/** Every unit of `values` under one parent: the aggregation functions then give the city value. */
function allToCity(values: readonly IndicatorValue[]): Map<string, string> {
  return new Map(values.map((v) => [v.unitId, CITY]));
}

function fromAggregation(aggregation: Aggregation, method: ReferenceMethod, total: number): ReferenceValue {
  const city = aggregation.parents.get(CITY);
  const missing = city?.missingChildren.length ?? total;
  return { value: city?.value ?? null, method, used: total - missing, missing };
}

/** Sum of the units; null (with `missing` > 0) as soon as one unit has no usable value. */
export function sumOfUnits(values: readonly IndicatorValue[]): ReferenceValue {
  const result = fromAggregation(aggregateCounts(values, allToCity(values)), 'sum', values.length);
  return result.missing > 0 ? { ...result, value: null } : result;
}

/** Σ numerator / Σ denominator · scale over the units that have both parts. */
export function ratioOfSums(numerator: readonly IndicatorValue[], denominator: readonly IndicatorValue[], scale: number, unitIds: readonly string[]): ReferenceValue {
  const parentOf = new Map(unitIds.map((id) => [id, CITY]));
  return fromAggregation(aggregateRates({ numerator, denominator }, parentOf, { scale }), 'ratio', unitIds.length);
}

/** Σ w·x / Σ w over the units that have a value and a weight ≥ 0; null when Σ w is 0. */
export function weightedMeanOfUnits(values: readonly IndicatorValue[], weights: readonly IndicatorValue[]): ReferenceValue {
  return fromAggregation(aggregateWeightedMean(values, weights, allToCity(values)), 'weighted-mean', values.length);
}

/** The unweighted mean of the units with data: every unit counts once, small or large. */
export function meanOfUnits(values: readonly IndicatorValue[]): ReferenceValue {
  const numbers = values.filter(hasData).map((v) => v.value);
  // Sorted, so the floating-point sum does not depend on the order of the units.
  const sum = [...numbers].sort((a, b) => a - b).reduce((s, x) => s + x, 0);
  return { value: numbers.length > 0 ? sum / numbers.length : null, method: 'unit-mean', used: numbers.length, missing: values.length - numbers.length };
}

/** The city value by the order of preference in the file comment. */
export function referenceValue(input: ReferenceInput): ReferenceValue {
  const own = dataValue(input.cityValue ?? undefined);
  if (own !== null) return { value: own, method: 'city-unit', used: 1, missing: 0 };
  if (input.measure === 'absolute') return sumOfUnits(input.values);
  if (input.measure === 'relative') {
    if (input.parts) {
      const ratio = ratioOfSums(input.parts.numerator, input.parts.denominator, input.parts.scale, input.values.map((v) => v.unitId));
      if (ratio.value !== null) return ratio;
    }
    if (input.weights && input.weights.some(hasData)) {
      const weighted = weightedMeanOfUnits(input.values, input.weights);
      if (weighted.value !== null) return weighted;
    }
  }
  return meanOfUnits(input.values);
}
