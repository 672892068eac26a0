// The index builder's editable state and its translation to the stored form main computes
// (electron/core/services/composite-indices.ts: {type:'composite-index', recipe, levelId, period,
// populationIndicatorId}). Pure: no React, no API; the view and the tests use the same functions.
//
// Numbers are kept as typed (strings) so that a half-typed "0," is not lost; they are parsed with
// decimal comma or point when the stored form is built. Polarity may be null: a neutral indicator
// has no direction, the planner must choose one before the index can be computed.
import { z } from 'zod';
import { compositeIndexRecipeSchema, type CompositeIndexRecipe } from '../../../shared/stats/composite-index.ts';
import {
  BAUKASTEN_DEFAULT_CLASSES,
  KINDERTEILHABE_DIMENSIONS,
  MSS_DYNAMIC_CLASSES,
  MSS_DYNAMIC_CUTOFFS,
  MSS_STATUS_CLASSES,
  MSS_STATUS_CUTOFFS,
  mssDynamicRecipe,
  mssStatusRecipe,
} from '../../../shared/stats/composite-presets.ts';
import { formatNumber, parseLocaleNumber } from '../../indicators/format.ts';
import { POPULATION_TAG, type IndicatorSummary } from '../../indicators/values.ts';

export type Standardisation = CompositeIndexRecipe['standardisation'];
export type Weighting = CompositeIndexRecipe['weighting'];
export type Combine = CompositeIndexRecipe['combine'];
export type DraftPolarity = 1 | -1 | null;

export interface StoredIndex {
  type: 'composite-index';
  recipe: CompositeIndexRecipe;
  levelId: string;
  period: string;
  populationIndicatorId: string | null;
}

export interface DraftIndicator {
  indicatorId: string;
  weight: string;
  polarity: DraftPolarity;
}

export interface DraftDimension {
  /** Stable React key; not part of the recipe. */
  key: string;
  name: string;
  weight: string;
  indicators: DraftIndicator[];
}

export interface IndexDraft {
  levelId: string | null;
  period: string | null;
  dimensions: DraftDimension[];
  standardisation: Standardisation;
  weighting: Weighting;
  populationIndicatorId: string | null;
  /** "Gebiete unter N Einwohnern nicht berücksichtigen". */
  excludeSmall: boolean;
  minPopulation: string;
  /** Units left out by hand (kept from a stored recipe; the builder does not edit them). */
  excludedUnitIds: string[];
  combine: Combine;
  /** One label per class, ascending need; `cutoffs` are the upper bounds of all but the last. */
  labels: string[];
  cutoffs: string[];
}

export type PresetId = 'mss' | 'mssDynamic' | 'kinderteilhabe' | 'empty';
export const PRESETS: readonly PresetId[] = ['mss', 'mssDynamic', 'kinderteilhabe', 'empty'];

/** Default minimum population (Berlin MSS). */
export const DEFAULT_MIN_POPULATION = 300;
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 7;

let keyCounter = 0;
export function dimensionKey(): string {
  keyCounter += 1;
  return `dim-${keyCounter}`;
}

/** need → +1, better → −1, neutral → ask (null). */
export function polarityOf(indicator: Pick<IndicatorSummary, 'polarity'> | undefined): DraftPolarity {
  if (indicator?.polarity === 'need') return 1;
  if (indicator?.polarity === 'better') return -1;
  return null;
}

/** Numbers for inputs: decimal comma in German, no thousands separator, as many digits as needed. */
export function numberText(value: number, language = 'de'): string {
  const decimals = Number.isInteger(value) ? 0 : Math.min(6, String(value).split('.')[1]?.length ?? 2);
  return formatNumber(value, decimals, language).replace(/[.\u202f\u00a0](?=\d{3}(\D|$))/g, '');
}

/** Indicators with values on the level and in the period (the catalogue's summary), not archived. */
export function candidatesFor(catalogue: readonly IndicatorSummary[], levelId: string | null, period: string | null, excludeCode?: string | null): IndicatorSummary[] {
  if (!levelId || !period) return [];
  const own = excludeCode?.trim().toLowerCase();
  return catalogue.filter((i) => {
    if (i.archived || !i.levelIds.includes(levelId) || !i.periods.includes(period)) return false;
    // An index cannot be built from itself or its own sub-indices.
    const code = i.code.toLowerCase();
    return !own || (code !== own && !code.startsWith(`${own}.`));
  });
}

/** Periods with any value on the level, newest first. */
export function periodsFor(catalogue: readonly IndicatorSummary[], levelId: string | null): string[] {
  if (!levelId) return [];
  const periods = new Set<string>();
  for (const i of catalogue) if (!i.archived && i.levelIds.includes(levelId)) for (const p of i.periods) periods.add(p);
  return [...periods].sort().reverse();
}

/** Counts that can serve as inhabitants: absolute, neutral; "Einwohner … insgesamt" first. */
export function populationCandidates(candidates: readonly IndicatorSummary[]): IndicatorSummary[] {
  return candidates.filter((i) => i.measure === 'absolute' && i.polarity === 'neutral');
}

/**
 * The inhabitants to start from: the count tagged as Bezugsbevölkerung in the catalogue, else a
 * guess by name (the planner sees and can change it in the method panel).
 */
export function guessPopulation(candidates: readonly IndicatorSummary[]): IndicatorSummary | null {
  const pool = populationCandidates(candidates);
  const score = (i: IndicatorSummary) => {
    const text = `${i.code} ${i.name}`.toLowerCase();
    let s = 0;
    if (i.tags.some((tag) => tag.trim().toLowerCase() === POPULATION_TAG.toLowerCase())) s += 10;
    if (/einwohner|bev(ö|oe)lkerung|bev_/.test(text)) s += 2;
    if (/insgesamt|gesamt|total/.test(text)) s += 2;
    if (i.code.toLowerCase() === 'bev_gesamt') s += 1;
    return s;
  };
  const best = [...pool].sort((a, b) => score(b) - score(a))[0];
  return best && score(best) >= 2 ? best : null;
}

/** Cut-offs to start from when the scale or the number of classes changes. */
export function defaultCutoffs(standardisation: Standardisation, classes: number): number[] {
  if (standardisation === 'rank-min-max') {
    return Array.from({ length: classes - 1 }, (_, i) => Math.round(((i + 1) / classes) * 100) / 100);
  }
  if (classes === MSS_STATUS_CLASSES.length) return [...MSS_STATUS_CUTOFFS];
  if (classes === MSS_DYNAMIC_CLASSES.length) return [...MSS_DYNAMIC_CUTOFFS];
  if (classes === BAUKASTEN_DEFAULT_CLASSES.labels.length) return [...BAUKASTEN_DEFAULT_CLASSES.cutoffs];
  if (classes === 2) return [0];
  if (classes === 3) return [-1, 1];
  // Even steps of 0.5 sd around 0.
  return Array.from({ length: classes - 1 }, (_, i) => (i - (classes - 2) / 2) * 0.5);
}

function baseDraft(levelId: string | null, period: string | null): IndexDraft {
  return {
    levelId,
    period,
    dimensions: [],
    standardisation: 'z-score',
    weighting: 'unweighted',
    populationIndicatorId: null,
    excludeSmall: false,
    minPopulation: String(DEFAULT_MIN_POPULATION),
    excludedUnitIds: [],
    combine: 'mean',
    labels: [...BAUKASTEN_DEFAULT_CLASSES.labels],
    cutoffs: BAUKASTEN_DEFAULT_CLASSES.cutoffs.map((c) => numberText(c)),
  };
}

function recipeToDraft(recipe: CompositeIndexRecipe, draft: IndexDraft): IndexDraft {
  return {
    ...draft,
    dimensions: recipe.dimensions.map((d) => ({
      key: dimensionKey(),
      name: d.name,
      weight: numberText(d.weight),
      // A stored neutral polarity (0) counts as "not yet chosen".
      indicators: d.indicators.map((x) => ({ indicatorId: x.indicatorId, weight: numberText(x.weight), polarity: x.polarity === 0 ? null : x.polarity })),
    })),
    standardisation: recipe.standardisation,
    weighting: recipe.weighting,
    excludeSmall: recipe.exclusions.minPopulation !== undefined,
    minPopulation: String(recipe.exclusions.minPopulation ?? DEFAULT_MIN_POPULATION),
    excludedUnitIds: [...(recipe.exclusions.unitIds ?? [])],
    combine: recipe.combine,
    labels: [...recipe.classes.labels],
    cutoffs: recipe.classes.cutoffs.map((c) => numberText(c)),
  };
}

export interface PresetContext {
  levelId: string | null;
  period: string | null;
  /** Indicators with values on the level and in the period. */
  candidates: readonly IndicatorSummary[];
}

/** MSS status indicators on offer: status shares where more means more need. */
export function mssStatusCandidates(candidates: readonly IndicatorSummary[]): IndicatorSummary[] {
  return candidates.filter((i) => i.kind === 'status' && i.polarity === 'need' && i.measure === 'relative');
}

/**
 * MSS dynamic indicators on offer: changes ("Dynamik" indicators, e.g. derived as the change in
 * percentage points between two periods) of shares where more means more need. A rise is a
 * negative development, so the polarity stays +1.
 */
export function mssDynamicCandidates(candidates: readonly IndicatorSummary[]): IndicatorSummary[] {
  return candidates.filter((i) => i.kind === 'dynamic' && i.polarity === 'need' && i.measure === 'relative');
}

/**
 * A preset as a draft. MSS: the status indicators on offer (relative "need" indicators), one
 * dimension, z-scores, 4 classes, units under 300 inhabitants left out. MSS Dynamik: the same over
 * the change indicators on offer, 3 classes (positiv / stabil / negativ). Kinderteilhabe: the five
 * dimensions of Gelsenkirchen's index, to be filled. Leer: one empty dimension.
 */
export function presetDraft(preset: PresetId, { levelId, period, candidates }: PresetContext): IndexDraft {
  const base = baseDraft(levelId, period);
  const population = guessPopulation(candidates);
  if (preset === 'mss' || preset === 'mssDynamic') {
    const recipe =
      preset === 'mss' ? mssStatusRecipe(mssStatusCandidates(candidates).map((i) => i.id)) : mssDynamicRecipe(mssDynamicCandidates(candidates).map((i) => i.id));
    const draft = recipeToDraft(recipe, base);
    return population ? { ...draft, populationIndicatorId: population.id } : { ...draft, excludeSmall: false };
  }
  if (preset === 'kinderteilhabe') {
    return {
      ...base,
      populationIndicatorId: population?.id ?? null,
      excludeSmall: population !== null,
      dimensions: KINDERTEILHABE_DIMENSIONS.map((name) => ({ key: dimensionKey(), name, weight: '1', indicators: [] })),
    };
  }
  return { ...base, dimensions: [{ key: dimensionKey(), name: 'Dimension 1', weight: '1', indicators: [] }] };
}

/** A stored index (from the catalogue's recipe) back into the builder. */
export function storedToDraft(stored: StoredIndex): IndexDraft {
  return { ...recipeToDraft(stored.recipe, baseDraft(stored.levelId, stored.period)), populationIndicatorId: stored.populationIndicatorId };
}

const storedShape = z.object({
  type: z.literal('composite-index'),
  recipe: compositeIndexRecipeSchema,
  levelId: z.string(),
  period: z.string(),
  populationIndicatorId: z.string().nullable(),
});

/** The recipe of a catalogue entry, when it is a composite index. */
export function parseStored(recipe: unknown): StoredIndex | null {
  const parsed = storedShape.safeParse(recipe);
  return parsed.success ? parsed.data : null;
}

export interface DraftIssue {
  /** Where it belongs: "level", "dimensions.0.name", "dimensions.1.indicators.0.polarity", "classes.cutoffs", … */
  path: string;
  message: string;
}

export interface BuildResult {
  stored: StoredIndex | null;
  issues: DraftIssue[];
}

/** Names for messages; ids when the catalogue does not know the indicator. */
export type NameOf = (indicatorId: string) => string;

/**
 * Checks the draft and builds the stored form. The builder's own checks come first (they know the
 * field names); then the recipe schema with German messages, so nothing main refuses gets through.
 */
export function buildStored(draft: IndexDraft, nameOf: NameOf = (id) => id): BuildResult {
  const issues: DraftIssue[] = [];
  const add = (path: string, message: string) => {
    if (!issues.some((i) => i.path === path)) issues.push({ path, message });
  };
  const positive = (text: string, path: string, what: string): number => {
    const value = parseLocaleNumber(text);
    if (value === null) add(path, `${what}: „${text}“ ist keine Zahl.`);
    else if (value <= 0) add(path, `${what} muss größer als 0 sein.`);
    return value ?? Number.NaN;
  };

  if (!draft.levelId) add('level', 'Bitte eine Gebietsebene wählen.');
  if (!draft.period) add('period', 'Bitte einen Zeitraum wählen.');
  if (draft.dimensions.length === 0) add('dimensions', 'Der Index braucht mindestens eine Dimension.');
  const dimensions = draft.dimensions.map((d, di) => {
    const label = d.name.trim() || `Dimension ${di + 1}`;
    if (!d.name.trim()) add(`dimensions.${di}.name`, `Dimension ${di + 1} braucht einen Namen.`);
    if (d.indicators.length === 0) add(`dimensions.${di}.indicators`, `„${label}“ braucht mindestens einen Indikator.`);
    return {
      name: d.name.trim(),
      weight: positive(d.weight, `dimensions.${di}.weight`, `Gewicht von „${label}“`),
      indicators: d.indicators.map((x, xi) => {
        const name = nameOf(x.indicatorId);
        if (x.polarity === null) {
          add(`dimensions.${di}.indicators.${xi}.polarity`, `Bitte für „${name}“ die Richtung wählen: mehr Bedarf bei höheren oder bei niedrigeren Werten?`);
        }
        return { indicatorId: x.indicatorId, weight: positive(x.weight, `dimensions.${di}.indicators.${xi}.weight`, `Gewicht von „${name}“`), polarity: x.polarity ?? 1 };
      }),
    };
  });

  const needsPopulation = draft.weighting === 'population' || draft.excludeSmall;
  if (needsPopulation && !draft.populationIndicatorId) {
    add('population', draft.weighting === 'population'
      ? 'Für die Gewichtung nach Einwohnern bitte den Einwohner-Indikator wählen.'
      : 'Um kleine Gebiete auszuschließen, bitte den Einwohner-Indikator wählen.');
  }
  let minPopulation: number | undefined;
  if (draft.excludeSmall) {
    const value = parseLocaleNumber(draft.minPopulation);
    if (value === null || value < 0) add('minPopulation', `Mindestzahl der Einwohner: „${draft.minPopulation}“ ist keine Zahl ab 0.`);
    else minPopulation = value;
  }

  const cutoffs = draft.cutoffs.map((text, i) => {
    const value = parseLocaleNumber(text);
    if (value === null) add(`classes.cutoffs.${i}`, `Klassengrenze ${i + 1}: „${text}“ ist keine Zahl.`);
    return value ?? Number.NaN;
  });
  draft.labels.forEach((label, i) => {
    if (!label.trim()) add(`classes.labels.${i}`, `Klasse ${i + 1} braucht eine Bezeichnung.`);
  });

  const recipe: CompositeIndexRecipe = {
    dimensions,
    standardisation: draft.standardisation,
    weighting: draft.weighting,
    exclusions: {
      ...(minPopulation !== undefined ? { minPopulation } : {}),
      ...(draft.excludedUnitIds.length > 0 ? { unitIds: [...draft.excludedUnitIds] } : {}),
    },
    combine: draft.combine,
    classes: { cutoffs, labels: draft.labels.map((l) => l.trim()) },
  };
  // The schema checks the structure (duplicates, order of the cut-offs, combination). zod skips
  // those checks once a number fails, so numbers reported above enter the check as placeholders.
  const usable = (w: number) => (Number.isFinite(w) && w > 0 ? w : 1);
  const probe: CompositeIndexRecipe = {
    ...recipe,
    dimensions: recipe.dimensions.map((d) => ({
      ...d,
      weight: usable(d.weight),
      indicators: d.indicators.length > 0 ? d.indicators.map((x) => ({ ...x, weight: usable(x.weight) })) : [{ indicatorId: '(leer)', weight: 1, polarity: 1 as const }],
    })),
    classes: { ...recipe.classes, cutoffs: cutoffs.some(Number.isNaN) ? defaultCutoffs(draft.standardisation, draft.labels.length) : cutoffs },
  };
  const parsed = compositeIndexRecipeSchema.safeParse(probe, { error: z.locales.de().localeError });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      // A number already reported as unreadable needs no second message from the schema.
      if (issues.some((i) => i.path === path || i.path.startsWith(`${path}.`) || path.startsWith(`${i.path}.`))) continue;
      add(path || 'recipe', issue.message);
    }
  }
  if (issues.length > 0 || !draft.levelId || !draft.period) return { stored: null, issues };
  return {
    stored: {
      type: 'composite-index',
      recipe,
      levelId: draft.levelId,
      period: draft.period,
      populationIndicatorId: draft.populationIndicatorId,
    },
    issues,
  };
}

// ---------------------------------------------------------------------------------------------
// Edits (pure updates the view applies)

export function setStandardisation(draft: IndexDraft, standardisation: Standardisation): IndexDraft {
  if (standardisation === draft.standardisation) return draft;
  return {
    ...draft,
    standardisation,
    // z-scores can be negative: geometric mean and minimum only work on the 0..1 scale.
    combine: standardisation === 'z-score' ? 'mean' : draft.combine,
    // The cut-offs live on the new scale (sd units vs. 0..1).
    cutoffs: defaultCutoffs(standardisation, draft.labels.length).map((c) => numberText(c)),
  };
}

export function setPopulation(draft: IndexDraft, populationIndicatorId: string | null): IndexDraft {
  if (!populationIndicatorId) return { ...draft, populationIndicatorId: null, weighting: 'unweighted', excludeSmall: false };
  // Choosing the inhabitants switches the usual exclusion on (MSS: fewer than 300).
  const first = draft.populationIndicatorId === null;
  return {
    ...draft,
    populationIndicatorId,
    ...(first ? { excludeSmall: true, minPopulation: draft.minPopulation.trim() || String(DEFAULT_MIN_POPULATION) } : {}),
  };
}

export function setClassCount(draft: IndexDraft, count: number): IndexDraft {
  const n = Math.max(MIN_CLASSES, Math.min(MAX_CLASSES, count));
  if (n === draft.labels.length) return draft;
  const labels = Array.from({ length: n }, (_, i) => draft.labels[i] ?? `Klasse ${i + 1}`);
  return { ...draft, labels, cutoffs: defaultCutoffs(draft.standardisation, n).map((c) => numberText(c)) };
}

export function addIndicator(draft: IndexDraft, dimension: number, indicator: IndicatorSummary): IndexDraft {
  return updateDimension(draft, dimension, (d) =>
    d.indicators.some((x) => x.indicatorId === indicator.id)
      ? d
      : { ...d, indicators: [...d.indicators, { indicatorId: indicator.id, weight: '1', polarity: polarityOf(indicator) }] },
  );
}

export function updateDimension(draft: IndexDraft, index: number, update: (d: DraftDimension) => DraftDimension): IndexDraft {
  return { ...draft, dimensions: draft.dimensions.map((d, i) => (i === index ? update(d) : d)) };
}

export function updateIndicator(draft: IndexDraft, dimension: number, index: number, patch: Partial<DraftIndicator>): IndexDraft {
  return updateDimension(draft, dimension, (d) => ({ ...d, indicators: d.indicators.map((x, i) => (i === index ? { ...x, ...patch } : x)) }));
}

export function removeIndicator(draft: IndexDraft, dimension: number, index: number): IndexDraft {
  return updateDimension(draft, dimension, (d) => ({ ...d, indicators: d.indicators.filter((_, i) => i !== index) }));
}

export function addDimension(draft: IndexDraft): IndexDraft {
  const names = new Set(draft.dimensions.map((d) => d.name.trim()));
  let n = draft.dimensions.length + 1;
  while (names.has(`Dimension ${n}`)) n += 1;
  return { ...draft, dimensions: [...draft.dimensions, { key: dimensionKey(), name: `Dimension ${n}`, weight: '1', indicators: [] }] };
}

export function removeDimension(draft: IndexDraft, index: number): IndexDraft {
  return { ...draft, dimensions: draft.dimensions.filter((_, i) => i !== index) };
}
