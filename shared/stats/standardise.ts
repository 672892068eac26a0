// Standardisation of one indicator over the units included in an index (methods.md,
// "Standardisation and composite indices").
//
// Orientation: every score here is oriented by polarity so that a HIGHER SCORE MEANS MORE NEED.
// Polarity +1 (and neutral 0, treated as +1) keeps the direction, −1 flips it.
//
// No variation: when all included units have the same value, mean/sd or min/max carry no
// information and the formulas divide by zero. Every included unit then gets the middle of the
// scale (z = 0, min-max and rank = 0.5) and the result says noVariation, instead of NaN or nulls
// that would knock units out of a composite index.
import { mean, standardDeviation, weightedMean, weightedStandardDeviation } from 'simple-statistics';
import { byUnit, dataValue, hasData, polaritySign, type IndicatorValue, type Polarity } from './types.ts';

/** Why a unit has no score: left out on purpose, no value, or no usable population weight. */
export type NoScoreReason = 'excluded' | 'no-data' | 'no-weight';

export type UnitScore = { score: number; reason: null } | { score: null; reason: NoScoreReason };

export type Weighting = 'unweighted' | 'population';

export interface StandardiseOptions {
  polarity: Polarity;
  /** Units left out of the reference statistics; their score is null with reason 'excluded'. */
  excludedUnitIds?: Iterable<string>;
}

export interface ZScoreOptions extends StandardiseOptions {
  /**
   * 'unweighted': every unit counts once (Berlin MSS practice; small and large units alike).
   * 'population': mean and sd weighted by inhabitants, so the reference is the average
   * *inhabitant*, not the average unit. Units without a positive population then get no score
   * ('no-weight'). Both use the population sd (divide by n or by the total weight): the units are
   * the whole city, not a sample.
   */
  weighting: Weighting;
  /** Inhabitants per unit; required for weighting 'population'. */
  population?: readonly IndicatorValue[];
}

export interface StandardisedResult {
  /** Every unit of the input, in input order. */
  scores: Map<string, UnitScore>;
  /** Units that entered the reference statistics. */
  included: number;
  noVariation: boolean;
}

export interface ZScoreResult extends StandardisedResult {
  /** Reference mean and sd (unoriented, in the indicator's unit); null without included units. */
  mean: number | null;
  sd: number | null;
}

interface Included {
  unitId: string;
  value: number;
  weight: number;
}

/** Splits the input into units that enter the statistics and units with a reason not to. */
function partition(data: readonly IndicatorValue[], excludedUnitIds: Iterable<string> | undefined, weights?: Map<string, IndicatorValue>) {
  const excluded = new Set(excludedUnitIds ?? []);
  const scores = new Map<string, UnitScore>();
  const included: Included[] = [];
  for (const v of data) {
    if (excluded.has(v.unitId)) scores.set(v.unitId, { score: null, reason: 'excluded' });
    else if (!hasData(v)) scores.set(v.unitId, { score: null, reason: 'no-data' });
    else {
      const weight = weights ? dataValue(weights.get(v.unitId)) : 1;
      if (weight === null || weight <= 0) scores.set(v.unitId, { score: null, reason: 'no-weight' });
      else included.push({ unitId: v.unitId, value: v.value, weight });
    }
  }
  return { scores, included };
}

function allEqual(included: readonly Included[]): boolean {
  return included.every((u) => u.value === included[0]?.value);
}

/** z_ij = s_j · (x_ij − mean_j) / sd_j over the included units. */
export function zScores(data: readonly IndicatorValue[], options: ZScoreOptions): ZScoreResult {
  if (options.weighting === 'population' && !options.population) {
    throw new Error("weighting 'population' needs population values");
  }
  const weights = options.weighting === 'population' ? byUnit(options.population ?? []) : undefined;
  const { scores, included } = partition(data, options.excludedUnitIds, weights);
  if (included.length === 0) return { scores, included: 0, noVariation: true, mean: null, sd: null };

  const xs = included.map((u) => u.value);
  const ws = included.map((u) => u.weight);
  const m = weights ? weightedMean(xs, ws) : mean(xs);
  const sd = weights ? weightedStandardDeviation(xs, ws) : standardDeviation(xs);
  const noVariation = allEqual(included);
  const s = polaritySign(options.polarity);
  for (const u of included) {
    // `+ 0` turns −0 (from s · 0) into 0 so results compare cleanly.
    scores.set(u.unitId, { score: noVariation ? 0 : s * ((u.value - m) / sd) + 0, reason: null });
  }
  return { scores: reorder(data, scores), included: included.length, noVariation, mean: m, sd };
}

/** (x − min)/(max − min), or (max − x)/(max − min) for negative polarity; in [0, 1]. */
export function minMaxScores(data: readonly IndicatorValue[], options: StandardiseOptions): StandardisedResult {
  const { scores, included } = partition(data, options.excludedUnitIds);
  const xs = included.map((u) => u.value);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const noVariation = allEqual(included);
  const inverted = polaritySign(options.polarity) === -1;
  for (const u of included) {
    const score = noVariation ? 0.5 : inverted ? (max - u.value) / (max - min) : (u.value - min) / (max - min);
    scores.set(u.unitId, { score, reason: null });
  }
  return { scores: reorder(data, scores), included: included.length, noVariation };
}

/**
 * Ranks 1..n of the given numbers, ascending; ties share the average of their ranks (so the
 * ranks always sum to n(n+1)/2 and the scale stays symmetric).
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * KomMonitor-style rank normalisation: rank the oriented values (s·x, so the unit with most need
 * ranks highest) and min-max normalise the ranks: (rank − 1)/(n − 1) in [0, 1]. Ranks ignore
 * population weights by design: a rank says where a unit stands among units.
 */
export function rankMinMaxScores(data: readonly IndicatorValue[], options: StandardiseOptions): StandardisedResult {
  const { scores, included } = partition(data, options.excludedUnitIds);
  const s = polaritySign(options.polarity);
  const ranks = averageRanks(included.map((u) => s * u.value));
  const noVariation = allEqual(included);
  included.forEach((u, i) => {
    const score = included.length < 2 ? 0.5 : ((ranks[i] as number) - 1) / (included.length - 1);
    scores.set(u.unitId, { score, reason: null });
  });
  return { scores: reorder(data, scores), included: included.length, noVariation };
}

/** Map in input order (partition fills excluded units first). */
function reorder(data: readonly IndicatorValue[], scores: Map<string, UnitScore>): Map<string, UnitScore> {
  const ordered = new Map<string, UnitScore>();
  for (const v of data) {
    const score = scores.get(v.unitId);
    if (score) ordered.set(v.unitId, score);
  }
  return ordered;
}
