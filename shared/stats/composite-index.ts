// Composite indices built from dimensions of weighted indicators (methods.md: Berlin MSS status
// and dynamic index, Gelsenkirchen "Baukasten", KomMonitor rank/min-max headline index).
//
// Pipeline: decide which units are in the index → standardise every indicator over exactly those
// units (oriented: higher = more need) → combine indicators into dimension scores with the
// indicator weights → combine dimensions into the total with the dimension weights → class.
//
// Decisions not fixed by methods.md:
// - Units lacking a value for any indicator are left out of the index (listwise), so every
//   indicator is standardised over the same units and the total is comparable between units.
// - Weights are normalised (w / Σw) before combining, so only their ratios matter.
// - 'minimum' ignores weights. On the need scale it reports need only where *every* dimension
//   shows it; 'geometric-mean' likewise dampens one-sided need. Both need non-negative scores,
//   hence only with 'rank-min-max'.
// - Class cut-offs for 'z-score' recipes are in SD units *of the total*: the totals are
//   standardised once more over the included units (a mean of z-scores has an sd below 1).
//   For 'rank-min-max' the cut-offs apply to the total on its 0..1 scale.
import { z } from 'zod';
import { rankMinMaxScores, zScores, type StandardisedResult } from './standardise.ts';
import { byUnit, dataValue, hasData, type IndicatorValue } from './types.ts';

const weightSchema = z.number().positive();
const polaritySchema = z.union([z.literal(1), z.literal(-1), z.literal(0)]);

const classesSchema = z
  .object({ cutoffs: z.array(z.number()), labels: z.array(z.string().min(1)) })
  .refine((c) => c.labels.length === c.cutoffs.length + 1, {
    message: 'Es braucht genau eine Klassenbezeichnung mehr als Klassengrenzen.',
    path: ['labels'],
  })
  .refine((c) => c.cutoffs.every((x, i) => i === 0 || x > (c.cutoffs[i - 1] as number)), {
    message: 'Die Klassengrenzen müssen aufsteigend sein.',
    path: ['cutoffs'],
  });

export const compositeIndexRecipeSchema = z
  .object({
    dimensions: z
      .array(
        z.object({
          name: z.string().trim().min(1),
          weight: weightSchema,
          indicators: z.array(z.object({ indicatorId: z.string().min(1), weight: weightSchema, polarity: polaritySchema })).min(1),
        }),
      )
      .min(1),
    standardisation: z.enum(['z-score', 'rank-min-max']),
    weighting: z.enum(['unweighted', 'population']),
    exclusions: z.object({
      minPopulation: z.number().nonnegative().optional(),
      unitIds: z.array(z.string()).optional(),
    }),
    combine: z.enum(['mean', 'geometric-mean', 'minimum']),
    classes: classesSchema,
  })
  .superRefine((recipe, ctx) => {
    const names = recipe.dimensions.map((d) => d.name.trim());
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) ctx.addIssue({ code: 'custom', message: `Die Dimension „${name}“ ist doppelt.`, path: ['dimensions', i, 'name'] });
    });
    recipe.dimensions.forEach((d, i) => {
      const ids = d.indicators.map((x) => x.indicatorId);
      ids.forEach((id, j) => {
        if (ids.indexOf(id) !== j) {
          ctx.addIssue({ code: 'custom', message: `Der Indikator „${id}“ steht doppelt in „${d.name}“.`, path: ['dimensions', i, 'indicators', j] });
        }
      });
    });
    if (recipe.combine !== 'mean' && recipe.standardisation !== 'rank-min-max') {
      ctx.addIssue({
        code: 'custom',
        message: 'Geometrisches Mittel und Minimum brauchen nicht-negative Werte: bitte Rang/Min-Max-Normierung wählen.',
        path: ['combine'],
      });
    }
  });

export type CompositeIndexRecipe = z.infer<typeof compositeIndexRecipeSchema>;

export interface CompositeIndexData {
  /** Values per indicator id for one period (for a dynamic index: the changes). */
  values: ReadonlyMap<string, readonly IndicatorValue[]>;
  /** Inhabitants per unit; needed for population weighting and a minimum population. */
  population?: readonly IndicatorValue[];
}

export type ExclusionReason = 'excluded-by-list' | 'no-population' | 'below-min-population' | 'missing-values';

export interface IndicatorScore {
  indicatorId: string;
  /** Standardised, oriented so that higher = more need. */
  score: number;
}

export interface DimensionScore {
  name: string;
  score: number;
  indicators: IndicatorScore[];
}

export interface IncludedUnit {
  unitId: string;
  status: 'included';
  /** Every sub-index, in recipe order. */
  dimensions: DimensionScore[];
  total: number;
  /** What the class cut-offs were applied to (see the file comment). */
  classScore: number;
  classIndex: number;
  classLabel: string;
}

export interface ExcludedUnit {
  unitId: string;
  status: 'excluded';
  reason: ExclusionReason;
  /** German, for the map legend and the unit panel ("nicht im Index: …"). */
  message: string;
  /** For 'missing-values': the indicators without data. */
  missingIndicators: string[];
}

export type CompositeUnitResult = IncludedUnit | ExcludedUnit;

export interface CompositeIndexResult {
  /** Every unit found in the indicator values or the population, in that order. */
  units: Map<string, CompositeUnitResult>;
  /** German notes about the computation (e.g. an indicator without variation). */
  warnings: string[];
}

function exclusionMessage(reason: ExclusionReason, minPopulation: number | undefined, missing: readonly string[]): string {
  switch (reason) {
    case 'excluded-by-list':
      return 'nicht im Index: von der Planung ausgeschlossen';
    case 'no-population':
      return 'nicht im Index: keine Einwohnerzahl';
    case 'below-min-population':
      return `nicht im Index: weniger als ${(minPopulation ?? 0).toLocaleString('de-DE')} Einwohner`;
    case 'missing-values':
      return `nicht im Index: keine Werte für ${missing.join(', ')}`;
  }
}

/** Weighted combination; weights are normalised first so only their ratios matter. */
export function combineScores(scores: readonly number[], weights: readonly number[], method: CompositeIndexRecipe['combine']): number {
  if (method === 'minimum') return Math.min(...scores);
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => w / total);
  if (method === 'mean') return scores.reduce((sum, x, i) => sum + (shares[i] as number) * x, 0);
  // Weighted geometric mean Π x^(w/Σw); one zero makes it zero.
  if (scores.some((x) => x <= 0)) return 0;
  return Math.exp(scores.reduce((sum, x, i) => sum + (shares[i] as number) * Math.log(x), 0));
}

function classOf(score: number, cutoffs: readonly number[]): number {
  const index = cutoffs.findIndex((c) => score <= c);
  return index === -1 ? cutoffs.length : index;
}

/** Order of first appearance: indicator values in recipe order, then population. */
function unitIdsOf(recipe: CompositeIndexRecipe, data: CompositeIndexData): string[] {
  const ids = new Set<string>();
  for (const d of recipe.dimensions) for (const x of d.indicators) for (const v of data.values.get(x.indicatorId) ?? []) ids.add(v.unitId);
  for (const v of data.population ?? []) ids.add(v.unitId);
  return [...ids];
}

export function computeCompositeIndex(recipeInput: CompositeIndexRecipe, data: CompositeIndexData): CompositeIndexResult {
  const recipe = compositeIndexRecipeSchema.parse(recipeInput);
  const { minPopulation } = recipe.exclusions;
  const needsPopulation = recipe.weighting === 'population' || minPopulation !== undefined;
  if (needsPopulation && !data.population) {
    throw new Error('Für Einwohnergewichtung oder Mindesteinwohnerzahl fehlen die Einwohnerzahlen.');
  }
  const indicatorIds = [...new Set(recipe.dimensions.flatMap((d) => d.indicators.map((x) => x.indicatorId)))];
  const valuesOf = new Map<string, Map<string, IndicatorValue>>();
  for (const id of indicatorIds) {
    const values = data.values.get(id);
    if (!values) throw new Error(`Für den Indikator „${id}“ liegen keine Werte vor.`);
    valuesOf.set(id, byUnit(values));
  }
  const population = byUnit(data.population ?? []);
  const listed = new Set(recipe.exclusions.unitIds ?? []);

  // 1. Who is in the index.
  const units = new Map<string, CompositeUnitResult>();
  const included: string[] = [];
  const order = unitIdsOf(recipe, data);
  for (const unitId of order) {
    const inhabitants = dataValue(population.get(unitId));
    const missing = indicatorIds.filter((id) => {
      const v = valuesOf.get(id)?.get(unitId);
      return !v || !hasData(v);
    });
    let reason: ExclusionReason | null = null;
    if (listed.has(unitId)) reason = 'excluded-by-list';
    else if (needsPopulation && inhabitants === null) reason = 'no-population';
    else if (minPopulation !== undefined && (inhabitants as number) < minPopulation) reason = 'below-min-population';
    else if (recipe.weighting === 'population' && (inhabitants as number) <= 0) reason = 'no-population';
    else if (missing.length > 0) reason = 'missing-values';
    if (reason === null) included.push(unitId);
    else {
      const missingIndicators = reason === 'missing-values' ? missing : [];
      units.set(unitId, { unitId, status: 'excluded', reason, message: exclusionMessage(reason, minPopulation, missing), missingIndicators });
    }
  }
  const warnings: string[] = [];
  if (included.length === 0) warnings.push('Keine Einheit erfüllt die Bedingungen des Index.');
  const excludedIds = [...units.keys()];

  // 2. Standardise every (dimension, indicator) pair over the included units; polarity may differ
  //    between two uses of the same indicator.
  const standardise = (values: readonly IndicatorValue[], polarity: 1 | -1 | 0): StandardisedResult =>
    recipe.standardisation === 'z-score'
      ? zScores(values, { polarity, weighting: recipe.weighting, population: data.population, excludedUnitIds: excludedIds })
      : rankMinMaxScores(values, { polarity, excludedUnitIds: excludedIds });
  const warned = new Set<string>();
  const standardised = recipe.dimensions.map((d) =>
    d.indicators.map((x) => {
      const result = standardise([...(valuesOf.get(x.indicatorId)?.values() ?? [])], x.polarity);
      if (result.noVariation && included.length > 0 && !warned.has(x.indicatorId)) {
        warned.add(x.indicatorId);
        warnings.push(`Der Indikator „${x.indicatorId}“ hat in allen Einheiten des Index denselben Wert und trägt nichts zum Index bei.`);
      }
      return result.scores;
    }),
  );

  // 3. Dimension scores and total per included unit.
  const totals = included.map((unitId) => {
    const dimensions = recipe.dimensions.map((d, di) => {
      const indicators = d.indicators.map((x, xi) => ({ indicatorId: x.indicatorId, score: standardised[di]?.[xi]?.get(unitId)?.score ?? 0 }));
      const score = combineScores(
        indicators.map((x) => x.score),
        d.indicators.map((x) => x.weight),
        recipe.combine,
      );
      return { name: d.name, score, indicators };
    });
    const total = combineScores(
      dimensions.map((d) => d.score),
      recipe.dimensions.map((d) => d.weight),
      recipe.combine,
    );
    return { unitId, dimensions, total };
  });

  // 4. Classes.
  const classScores =
    recipe.standardisation === 'z-score'
      ? zScores(
          totals.map((t) => ({ unitId: t.unitId, value: t.total })),
          { polarity: 1, weighting: recipe.weighting, population: data.population },
        ).scores
      : null;
  for (const t of totals) {
    const classScore = classScores ? (classScores.get(t.unitId)?.score ?? 0) : t.total;
    const classIndex = classOf(classScore, recipe.classes.cutoffs);
    const classLabel = recipe.classes.labels[classIndex] as string;
    units.set(t.unitId, { unitId: t.unitId, status: 'included', dimensions: t.dimensions, total: t.total, classScore, classIndex, classLabel });
  }
  // Every unit got exactly one entry above; rebuild the map in first-appearance order.
  return { units: new Map(order.map((id) => [id, units.get(id) as CompositeUnitResult])), warnings };
}
