// Aggregation of unit values to a higher level (e.g. Baublock → Sozialraum → Stadtbezirk).
// Counts are summed; rates are recomputed from summed numerators and denominators or averaged
// with population weights. There is deliberately no function for a plain mean of rates: it
// gives a small unit the same say as a large one and is wrong for every planning question.
import { byUnit, dataValue, type IndicatorValue } from './types.ts';

export type AggregateNullReason = 'no-children-with-data' | 'division-by-zero';

export interface AggregatedValue {
  /**
   * Computed from the children that have data. When complete is false this is a partial result
   * (a partial sum is a lower bound); show it only together with the incompleteness.
   */
  value: number | null;
  complete: boolean;
  /** Children (per parentOf) without data, sorted by id. */
  missingChildren: string[];
  reason: AggregateNullReason | null;
}

export interface Aggregation {
  parents: Map<string, AggregatedValue>;
  /** Units in the input that parentOf does not place anywhere, sorted; they are not counted. */
  unassignedUnits: string[];
}

/** child → parent; every key is a child, every value a parent. */
export type ParentOf = ReadonlyMap<string, string>;

interface Contribution {
  numerator: number;
  denominator: number;
}

/**
 * Shared skeleton: collects each parent's children in id order (so floating-point sums do not
 * depend on input order), sums what they contribute and lets `finish` turn the sums into a value.
 */
function aggregate(
  parentOf: ParentOf,
  inputIds: Iterable<string>,
  contribution: (childId: string) => Contribution | null,
  finish: (sums: Contribution) => number | null,
): Aggregation {
  const children = new Map<string, string[]>();
  for (const [child, parent] of parentOf) {
    const list = children.get(parent) ?? [];
    list.push(child);
    children.set(parent, list);
  }
  const parents = new Map<string, AggregatedValue>();
  for (const [parent, list] of children) {
    const sums: Contribution = { numerator: 0, denominator: 0 };
    const missingChildren: string[] = [];
    let withData = 0;
    for (const child of [...list].sort()) {
      const c = contribution(child);
      if (c === null) {
        missingChildren.push(child);
        continue;
      }
      sums.numerator += c.numerator;
      sums.denominator += c.denominator;
      withData++;
    }
    const value = withData === 0 ? null : finish(sums);
    const reason = withData === 0 ? 'no-children-with-data' : value === null ? 'division-by-zero' : null;
    parents.set(parent, { value, complete: missingChildren.length === 0, missingChildren, reason });
  }
  const unassignedUnits = [...new Set(inputIds)].filter((id) => !parentOf.has(id)).sort();
  return { parents, unassignedUnits };
}

/** Sum of counts (inhabitants, recipients, facilities) per parent. */
export function aggregateCounts(values: readonly IndicatorValue[], parentOf: ParentOf): Aggregation {
  const lookup = byUnit(values);
  return aggregate(
    parentOf,
    lookup.keys(),
    (child) => {
      const v = dataValue(lookup.get(child));
      return v === null ? null : { numerator: v, denominator: 0 };
    },
    (sums) => sums.numerator,
  );
}

export interface RateParts {
  numerator: readonly IndicatorValue[];
  denominator: readonly IndicatorValue[];
}

/**
 * Rate of the parent = Σ numerators / Σ denominators · scale (default 100, percent). A child counts
 * only when both its numerator and its denominator have data.
 */
export function aggregateRates(parts: RateParts, parentOf: ParentOf, options: { scale?: number } = {}): Aggregation {
  const scale = options.scale ?? 100;
  const numerators = byUnit(parts.numerator);
  const denominators = byUnit(parts.denominator);
  return aggregate(
    parentOf,
    [...numerators.keys(), ...denominators.keys()],
    (child) => {
      const numerator = dataValue(numerators.get(child));
      const denominator = dataValue(denominators.get(child));
      return numerator === null || denominator === null ? null : { numerator, denominator };
    },
    (sums) => (sums.denominator === 0 ? null : (sums.numerator / sums.denominator) * scale),
  );
}

/**
 * Population-weighted mean of a rate: Σ w·r / Σ w. Use when only the rates are known; with the
 * rate's own denominators as weights it equals aggregateRates. Negative weights count as no data.
 */
export function aggregateWeightedMean(rates: readonly IndicatorValue[], weights: readonly IndicatorValue[], parentOf: ParentOf): Aggregation {
  const rateOf = byUnit(rates);
  const weightOf = byUnit(weights);
  return aggregate(
    parentOf,
    rateOf.keys(),
    (child) => {
      const rate = dataValue(rateOf.get(child));
      const weight = dataValue(weightOf.get(child));
      return rate === null || weight === null || weight < 0 ? null : { numerator: weight * rate, denominator: weight };
    },
    (sums) => (sums.denominator === 0 ? null : sums.numerator / sums.denominator),
  );
}
