// Derived indicators and aggregation as the dialogs see them: the recipe main stores
// (electron/core/services/computed-indicators.ts), a preview computed here with the same pure
// functions (shared/stats/derive.ts) over values.series rows, defaults for code, name and unit,
// and the checks whose messages appear next to the fields.
import { z } from 'zod';
import { absoluteChange, deriveByUnit, linearTrend, perMille, perThousandOfTargetGroup, relativeChange, share, type Derived, type NoValueReason } from '../../shared/stats/derive.ts';
import type { IndicatorDetail, IndicatorSummary, SeriesRow } from './values.ts';

export const DERIVE_OPERATIONS = ['share', 'per-mille', 'per-thousand', 'change', 'relative-change', 'trend'] as const;
export type DeriveOperation = (typeof DERIVE_OPERATIONS)[number];

/** The recipe of a derived indicator, exactly as main keeps it (derivedRecipeSchema in main). */
export const derivedRecipeSchema = z.object({
  type: z.literal('derived'),
  operation: z.enum(DERIVE_OPERATIONS),
  a: z.string(),
  b: z.string().nullable(),
  levelId: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type DerivedRecipe = z.infer<typeof derivedRecipeSchema>;

export function asDerivedRecipe(recipe: Record<string, unknown> | null | undefined): DerivedRecipe | null {
  const parsed = derivedRecipeSchema.safeParse(recipe);
  return parsed.success ? parsed.data : null;
}

/** Share, per mille, per thousand: two indicators, one period at a time. */
export function isRatio(operation: DeriveOperation): operation is 'share' | 'per-mille' | 'per-thousand' {
  return operation === 'share' || operation === 'per-mille' || operation === 'per-thousand';
}

/** The factor a ratio is multiplied by (100 for percent, 1,000 otherwise). */
export function ratioScale(operation: DeriveOperation): number {
  return operation === 'share' ? 100 : 1000;
}

const RATIO: Record<'share' | 'per-mille' | 'per-thousand', (a: number | null, b: number | null) => Derived> = {
  share,
  'per-mille': perMille,
  'per-thousand': perThousandOfTargetGroup,
};

export interface DerivedRow {
  unitId: string;
  period: string;
  value: number | null;
  flag: SeriesRow['flag'];
  reason: NoValueReason | null;
}

export type DerivedResult = { ok: true; rows: DerivedRow[] } | { ok: false; problem: 'no-common-period' | 'periods' };

function byPeriod(rows: readonly SeriesRow[]): Map<string, SeriesRow[]> {
  const map = new Map<string, SeriesRow[]>();
  for (const row of rows) {
    const list = map.get(row.period);
    if (list) list.push(row);
    else map.set(row.period, [row]);
  }
  return map;
}

/**
 * The values main will write for a recipe, from the inputs' series on the recipe's level — the
 * same steps as computeDerived in main (test/unit/stats/derived-preview.test.ts compares both).
 */
export function computeDerivedRows(recipe: Pick<DerivedRecipe, 'operation' | 'from' | 'to'>, a: readonly SeriesRow[], b: readonly SeriesRow[] | null): DerivedResult {
  const operation = recipe.operation;
  if (isRatio(operation)) {
    const other = byPeriod(b ?? []);
    const rows: DerivedRow[] = [];
    for (const [period, first] of byPeriod(a)) {
      const second = other.get(period);
      if (!second) continue;
      for (const v of deriveByUnit(first, second, RATIO[operation])) rows.push({ unitId: v.unitId, period, value: v.value, flag: v.flag ?? null, reason: v.reason });
    }
    return rows.length === 0 && a.length > 0 ? { ok: false, problem: 'no-common-period' } : { ok: true, rows };
  }
  const periods = [...new Set(a.map((r) => r.period))].sort();
  const from = recipe.from ?? periods[0];
  const to = recipe.to ?? periods.at(-1);
  if (!from || !to || from >= to) return { ok: false, problem: 'periods' };
  if (operation === 'trend') {
    const units = [...new Set(a.map((r) => r.unitId))];
    const perUnit = new Map<string, Array<{ period: number; value: number | null }>>();
    for (const r of a) {
      if (r.period < from || r.period > to) continue;
      const list = perUnit.get(r.unitId) ?? [];
      list.push({ period: Number(r.period.slice(0, 4)), value: r.value });
      perUnit.set(r.unitId, list);
    }
    return {
      ok: true,
      rows: units.map((unitId) => {
        const result = linearTrend(perUnit.get(unitId) ?? []);
        return { unitId, period: to, value: result.value, flag: null, reason: result.reason };
      }),
    };
  }
  const at = byPeriod(a);
  const change = operation === 'change' ? absoluteChange : relativeChange;
  return {
    ok: true,
    rows: deriveByUnit(at.get(from) ?? [], at.get(to) ?? [], change).map((v) => ({ unitId: v.unitId, period: to, value: v.value, flag: v.flag ?? null, reason: v.reason })),
  };
}

/** Periods present in both series (or in the one), ascending. */
export function commonPeriods(a: readonly SeriesRow[], b: readonly SeriesRow[] | null): string[] {
  const first = new Set(a.map((r) => r.period));
  const periods = b ? new Set(b.filter((r) => first.has(r.period)).map((r) => r.period)) : first;
  return [...periods].sort();
}

/** Levels on which every given indicator has values. */
export function commonLevels(indicators: ReadonlyArray<Pick<IndicatorSummary, 'levelIds'>>): string[] {
  const [first, ...rest] = indicators;
  if (!first) return [];
  return first.levelIds.filter((id) => rest.every((i) => i.levelIds.includes(id)));
}

const CODE_PREFIX: Record<DeriveOperation, string> = {
  share: 'ANT',
  'per-mille': 'PROM',
  'per-thousand': 'JE1000',
  change: 'VER',
  'relative-change': 'VERPROZ',
  trend: 'TREND',
};

/** A code main accepts (letters, digits, _ . -; at most 64 characters). */
export function sanitizeCode(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_.-]+/gu, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 64);
}

const year = (period: string | null) => (period ? period.slice(0, 4) : '');

/** ANT_<numerator>_<denominator>, VER_<code>_<from>_<to>, … */
export function defaultCode(operation: DeriveOperation, a: Pick<IndicatorSummary, 'code'> | null, b: Pick<IndicatorSummary, 'code'> | null, from: string | null, to: string | null): string {
  if (!a) return '';
  const parts = isRatio(operation) ? [CODE_PREFIX[operation], a.code, b?.code ?? ''] : [CODE_PREFIX[operation], a.code, year(from), year(to)];
  return sanitizeCode(parts.filter(Boolean).join('_'));
}

export function defaultUnit(operation: DeriveOperation, a: Pick<IndicatorSummary, 'unit'> | null): string {
  switch (operation) {
    case 'share':
    case 'relative-change':
      return '%';
    case 'per-mille':
      return '‰';
    case 'per-thousand':
      return 'je 1.000';
    case 'change':
      return a?.unit === '%' ? 'Prozentpunkte' : (a?.unit ?? '');
    case 'trend':
      return '% je Jahr';
  }
}

export function defaultDecimals(operation: DeriveOperation, a: Pick<IndicatorSummary, 'decimals'> | null): number {
  if (operation === 'change') return a?.decimals ?? 1;
  return operation === 'trend' ? 2 : 1;
}

// ---------------------------------------------------------------------------------------------
// Aggregation to the parent level

export type AggregateMethod = 'sum' | 'rate' | 'weighted-mean';

export interface AggregateDefaults {
  method: AggregateMethod;
  numeratorId: string | null;
  denominatorId: string | null;
  scale: number;
}

/**
 * The method that fits the indicator: counts are summed; a share derived from two counts is
 * recomputed from its parts; any other rate is averaged with population weights.
 */
export function defaultAggregation(detail: Pick<IndicatorDetail, 'measure' | 'recipe'>): AggregateDefaults {
  const recipe = asDerivedRecipe(detail.recipe);
  if (recipe && isRatio(recipe.operation) && recipe.b) {
    return { method: 'rate', numeratorId: recipe.a, denominatorId: recipe.b, scale: ratioScale(recipe.operation) };
  }
  if (detail.measure === 'absolute') return { method: 'sum', numeratorId: null, denominatorId: null, scale: 100 };
  return { method: 'weighted-mean', numeratorId: null, denominatorId: null, scale: 100 };
}
