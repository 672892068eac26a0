// Shapes shared by every statistics module. Kept structural (no import from shared/contract.ts)
// so the stats functions stay usable on any row that has these fields.

export type ValueFlag = 'missing' | 'suppressed' | 'estimated' | 'provisional';

/** The value of one indicator for one spatial unit and one period. */
export interface IndicatorValue {
  unitId: string;
  value: number | null;
  flag?: ValueFlag | null;
}

/**
 * Polarity s_j of an indicator: +1 = a higher value means more need (e.g. SGB II share),
 * −1 = a higher value is better, 0 = neutral. Neutral is treated as +1 everywhere (the value is
 * used as it is, not inverted); it exists so the UI can mark an indicator as "no judgement".
 */
export type Polarity = 1 | -1 | 0;

/**
 * Whether a value counts as data. Null, non-finite, 'missing' and 'suppressed' do not;
 * 'estimated' and 'provisional' values do (they are real numbers, only less certain).
 */
export function hasData(v: IndicatorValue): v is IndicatorValue & { value: number } {
  return v.value !== null && Number.isFinite(v.value) && v.flag !== 'missing' && v.flag !== 'suppressed';
}

/** The usable number of a value, or null when it is no data (see hasData). */
export function dataValue(v: IndicatorValue | undefined): number | null {
  return v !== undefined && hasData(v) ? v.value : null;
}

/** Last value per unit wins; callers pass one period, so duplicates are a caller bug, not data. */
export function byUnit(values: readonly IndicatorValue[]): Map<string, IndicatorValue> {
  return new Map(values.map((v) => [v.unitId, v]));
}

/** +1 or −1: neutral polarity behaves like +1 (documented on Polarity). */
export function polaritySign(polarity: Polarity): 1 | -1 {
  return polarity === -1 ? -1 : 1;
}
