import type { TFunction } from 'i18next';
import type { MethodInput, MethodOutput } from '../../../shared/contract.ts';

/** Pure helpers of the facility analysis dialogs: measures, suggested codes and names, checks. */

export type Category = MethodOutput<'categories.list'>[number];
export type FacilityMeasure = 'count' | 'capacity' | 'attribute-mean' | 'attribute-sum';
export type FacilityIndicatorInput = MethodInput<'facilities.indicator'>;
export type SupplyRatioInput = MethodInput<'facilities.supplyRatio'>;
export type Coverage = MethodOutput<'facilities.coverage'>;

/** What main can compute per unit (min/max of an attribute are not in the recipe). */
export const FACILITY_MEASURES: readonly FacilityMeasure[] = ['count', 'capacity', 'attribute-mean', 'attribute-sum'];
export const isAttributeMeasure = (measure: FacilityMeasure) => measure === 'attribute-mean' || measure === 'attribute-sum';

/** Preset reach distances in metres (issue 4); any other value can be typed. */
export const COVERAGE_DISTANCES = [300, 500, 1000] as const;
export const MAX_DISTANCE_M = 20_000;

const CODE_PATTERN = /^[\p{L}\p{N}_.-]+$/u;
const CODE_MAX = 64;

/** A code part from free text: lower case, umlauts spelled out, everything else an underscore. */
export function codePart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' })[c] ?? c)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const MEASURE_PREFIX: Record<FacilityMeasure, string> = {
  count: 'anz',
  capacity: 'kap',
  'attribute-mean': 'mittel',
  'attribute-sum': 'summe',
};

/** E.g. `anz_spielplatz`, `mittel_schulsozialindex_grundschule`. */
export function suggestIndicatorCode(measure: FacilityMeasure, categories: readonly Category[], attribute: string): string {
  const parts = [MEASURE_PREFIX[measure], isAttributeMeasure(measure) ? codePart(attribute) : '', ...categories.map((c) => codePart(c.key || c.name))];
  return parts.filter(Boolean).join('_').slice(0, CODE_MAX);
}

/** E.g. `vq_spielplatz_bev_u18` (Versorgungsquote). */
export function suggestRatioCode(categories: readonly Category[], targetCode: string | null): string {
  return ['vq', ...categories.map((c) => codePart(c.key || c.name)), targetCode ? codePart(targetCode) : ''].filter(Boolean).join('_').slice(0, CODE_MAX);
}

export function categoryNames(categories: readonly Category[]): string {
  return categories.map((c) => c.name).join(', ');
}

/** Checks shared by both dialogs; German messages next to the field. */
export function codeError(code: string, takenCodes: ReadonlySet<string>, t: TFunction): string | null {
  const trimmed = code.trim();
  if (!trimmed) return t('validation.required');
  if (!CODE_PATTERN.test(trimmed)) return t('validation.codeFormat');
  if (trimmed.length > CODE_MAX) return t('validation.tooLong', { max: CODE_MAX });
  if (takenCodes.has(trimmed)) return t('derived.errors.duplicateCode', { code: trimmed });
  return null;
}

export function nameError(name: string, t: TFunction): string | null {
  const trimmed = name.trim();
  if (!trimmed) return t('validation.required');
  if (trimmed.length > 300) return t('validation.tooLong', { max: 300 });
  return null;
}

/** A typed distance in metres ("500", "1.000", "750 m"), or null when it is not a usable one. */
export function parseDistance(text: string): number | null {
  const cleaned = text.replace(/\s*m$/i, '').replace(/\./g, '').replace(',', '.').trim();
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return value > 0 && value <= MAX_DISTANCE_M ? value : null;
}
