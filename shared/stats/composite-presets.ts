// Ready-made recipes for computeCompositeIndex. Presets only fill in a recipe; planners can change
// every field afterwards (cut-offs above all) and the schema checks the result.
import type { CompositeIndexRecipe, CompositeIndexResult } from './composite-index.ts';
import type { Polarity } from './types.ts';

export const MSS_STATUS_CLASSES = ['hoch', 'mittel', 'niedrig', 'sehr niedrig'] as const;
export const MSS_DYNAMIC_CLASSES = ['positiv', 'stabil', 'negativ'] as const;
export type MssStatusClass = (typeof MSS_STATUS_CLASSES)[number];
export type MssDynamicClass = (typeof MSS_DYNAMIC_CLASSES)[number];

/**
 * Default cut-offs in SD units of the index. The index is oriented "higher = more need", so a
 * high value means a LOW social status: ≤ −1 hoch, (−1, 1] mittel, (1, 1.5] niedrig, > 1.5 sehr
 * niedrig; dynamics ≤ −1 positiv, (−1, 1] stabil, > 1 negativ. These follow the MSS reports as
 * we read them; check them against the edition you compare with and pass your own if they differ.
 */
export const MSS_STATUS_CUTOFFS: readonly [number, number, number] = [-1, 1, 1.5];
export const MSS_DYNAMIC_CUTOFFS: readonly [number, number] = [-1, 1];

export interface MssOptions<Cutoffs> {
  cutoffs?: Cutoffs;
  /** Berlin MSS leaves out units with fewer than 300 inhabitants. */
  minPopulation?: number;
  unitIds?: string[];
}

function mssRecipe(name: string, indicatorIds: readonly string[], cutoffs: readonly number[], labels: readonly string[], options: MssOptions<unknown>): CompositeIndexRecipe {
  return {
    // Status indicators (unemployment, long-term unemployment, SGB II/XII transfers, child poverty)
    // all mean more need when higher, equal weights, plain z-scores: the MSS method.
    dimensions: [{ name, weight: 1, indicators: indicatorIds.map((indicatorId) => ({ indicatorId, weight: 1, polarity: 1 as const })) }],
    standardisation: 'z-score',
    weighting: 'unweighted',
    exclusions: { minPopulation: options.minPopulation ?? 300, ...(options.unitIds ? { unitIds: [...options.unitIds] } : {}) },
    combine: 'mean',
    classes: { cutoffs: [...cutoffs], labels: [...labels] },
  };
}

/** Berlin MSS status index: mean z-score of the (usually four) status indicators, 4 classes. */
export function mssStatusRecipe(indicatorIds: readonly string[], options: MssOptions<readonly [number, number, number]> = {}): CompositeIndexRecipe {
  return mssRecipe('Status', indicatorIds, options.cutoffs ?? MSS_STATUS_CUTOFFS, MSS_STATUS_CLASSES, options);
}

/**
 * Berlin MSS dynamic index over the *changes* of the status indicators (percentage points between
 * two periods, usually two years apart), 3 classes. The ids name change series the caller has
 * computed, e.g. deriveByUnit(earlier, later, absoluteChange). A rise in a need indicator is a
 * negative development, so polarity stays +1 and a high value means "negativ".
 */
export function mssDynamicRecipe(changeIndicatorIds: readonly string[], options: MssOptions<readonly [number, number]> = {}): CompositeIndexRecipe {
  return mssRecipe('Dynamik', changeIndicatorIds, options.cutoffs ?? MSS_DYNAMIC_CUTOFFS, MSS_DYNAMIC_CLASSES, options);
}

export interface MssGroup {
  /** 1 (Status hoch, Dynamik positiv) … 12 (Status sehr niedrig, Dynamik negativ). */
  group: number;
  /** "Statusklasse.Dynamikklasse", e.g. "3.2" for niedrig/stabil. */
  code: string;
  label: string;
  status: MssStatusClass;
  dynamic: MssDynamicClass;
}

/** The 12 MSS groups: status classes × dynamic classes, status first. */
export function crossStatusDynamic(status: MssStatusClass, dynamic: MssDynamicClass): MssGroup {
  const s = MSS_STATUS_CLASSES.indexOf(status);
  const d = MSS_DYNAMIC_CLASSES.indexOf(dynamic);
  return { group: s * 3 + d + 1, code: `${s + 1}.${d + 1}`, label: `Status ${status}, Dynamik ${dynamic}`, status, dynamic };
}

const isStatus = (label: string): label is MssStatusClass => (MSS_STATUS_CLASSES as readonly string[]).includes(label);
const isDynamic = (label: string): label is MssDynamicClass => (MSS_DYNAMIC_CLASSES as readonly string[]).includes(label);

/**
 * Crosses the results of a status and a dynamic index unit by unit. Null for units that are not in
 * both indices or whose class labels are not the MSS ones.
 */
export function crossStatusDynamicResults(status: CompositeIndexResult, dynamic: CompositeIndexResult): Map<string, MssGroup | null> {
  const groups = new Map<string, MssGroup | null>();
  for (const [unitId, s] of status.units) {
    const d = dynamic.units.get(unitId);
    groups.set(
      unitId,
      s.status === 'included' && d?.status === 'included' && isStatus(s.classLabel) && isDynamic(d.classLabel) ? crossStatusDynamic(s.classLabel, d.classLabel) : null,
    );
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Gelsenkirchen-style "Baukasten"

/** The five dimensions of Gelsenkirchen's child participation index (17 indicators, 40 areas). */
export const KINDERTEILHABE_DIMENSIONS = ['Ökonomische Situation', 'Integration', 'Gesundheit', 'Bildungsbeteiligung', 'Wohnen und Umwelt'] as const;

export interface BaukastenDimension {
  name: string;
  /** Default 1. */
  weight?: number;
  indicators: Array<{ indicatorId: string; weight?: number; polarity: Polarity }>;
}

export interface BaukastenOptions {
  standardisation?: CompositeIndexRecipe['standardisation'];
  weighting?: CompositeIndexRecipe['weighting'];
  combine?: CompositeIndexRecipe['combine'];
  minPopulation?: number;
  unitIds?: string[];
  classes?: CompositeIndexRecipe['classes'];
}

/** Five need levels in SD units of the total (higher = more need). */
export const BAUKASTEN_DEFAULT_CLASSES: CompositeIndexRecipe['classes'] = {
  cutoffs: [-1, -0.5, 0.5, 1],
  labels: ['Bedarf sehr gering', 'Bedarf gering', 'Bedarf durchschnittlich', 'Bedarf erhöht', 'Bedarf hoch'],
};

/**
 * Dimensions of weighted indicators with polarity; computeCompositeIndex reports every dimension
 * score (sub-index) next to the total, as the Baukasten approach requires.
 */
export function baukastenRecipe(dimensions: readonly BaukastenDimension[], options: BaukastenOptions = {}): CompositeIndexRecipe {
  const classes = options.classes ?? BAUKASTEN_DEFAULT_CLASSES;
  return {
    dimensions: dimensions.map((d) => ({
      name: d.name,
      weight: d.weight ?? 1,
      indicators: d.indicators.map((x) => ({ indicatorId: x.indicatorId, weight: x.weight ?? 1, polarity: x.polarity })),
    })),
    standardisation: options.standardisation ?? 'z-score',
    weighting: options.weighting ?? 'unweighted',
    exclusions: {
      ...(options.minPopulation !== undefined ? { minPopulation: options.minPopulation } : {}),
      ...(options.unitIds ? { unitIds: [...options.unitIds] } : {}),
    },
    combine: options.combine ?? 'mean',
    classes: { cutoffs: [...classes.cutoffs], labels: [...classes.labels] },
  };
}
