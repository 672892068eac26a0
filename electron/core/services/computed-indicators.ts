import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { aggregateCounts, aggregateRates, aggregateWeightedMean, type Aggregation } from '../../../shared/stats/aggregate.ts';
import { absoluteChange, deriveByUnit, linearTrend, perMille, perThousandOfTargetGroup, relativeChange, share, type Derived } from '../../../shared/stats/derive.ts';
import type { IndicatorValue } from '../../../shared/stats/types.ts';
import { UserFacingError } from '../errors.ts';
import type { ChangeWriter, WriteTransaction } from '../sync/change-writer.ts';
import { deterministicId, valueId } from '../sync/ids.ts';
import { valueSeries } from './indicator-values.ts';
import { getIndicator, type IndicatorDetail } from './indicators.ts';

/** Derived indicators keep this recipe, so they can be recomputed when their inputs change. */
export const derivedRecipeSchema = z.object({
  type: z.literal('derived'),
  operation: z.enum(['share', 'per-mille', 'per-thousand', 'change', 'relative-change', 'trend']),
  a: z.string(),
  /** The whole (share, per mille), the target group (per thousand); not used by change and trend. */
  b: z.string().nullable(),
  levelId: z.string(),
  /** For change: from → to; for trend: the span (all periods when absent). */
  from: z.string().nullable(),
  to: z.string().nullable(),
});
export type DerivedRecipe = z.infer<typeof derivedRecipeSchema>;

type Row = { unitId: string; period: string; value: number | null; flag: IndicatorValue['flag'] };

const RATIO: Record<string, (a: number | null, b: number | null) => Derived> = { share, 'per-mille': perMille, 'per-thousand': perThousandOfTargetGroup };

/** Values of a derived indicator, per unit and period, from the current input values. */
export function computeDerived(db: Database, recipe: DerivedRecipe): Row[] {
  const a = valueSeries(db, recipe.a, recipe.levelId);
  const byPeriod = (rows: Row[]) => {
    const map = new Map<string, Row[]>();
    for (const row of rows) map.set(row.period, [...(map.get(row.period) ?? []), row]);
    return map;
  };
  const ratio = RATIO[recipe.operation];
  if (ratio) {
    if (!recipe.b) throw new UserFacingError('input-missing', 'Für Anteile braucht es einen zweiten Indikator (die Bezugsgröße).');
    const b = byPeriod(valueSeries(db, recipe.b, recipe.levelId));
    return [...byPeriod(a)].flatMap(([period, rows]) =>
      b.has(period) ? deriveByUnit(rows, b.get(period)!, ratio).map((v) => ({ unitId: v.unitId, period, value: v.value, flag: v.flag ?? null })) : [],
    );
  }
  const periods = [...new Set(a.map((r) => r.period))].sort();
  const from = recipe.from ?? periods[0];
  const to = recipe.to ?? periods.at(-1);
  if (!from || !to || from >= to) throw new UserFacingError('periods', 'Für Veränderung und Trend braucht es zwei verschiedene Zeiträume mit Werten.');
  const units = [...new Set(a.map((r) => r.unitId))];
  if (recipe.operation === 'trend') {
    return units.map((unitId) => {
      const series = a.filter((r) => r.unitId === unitId && r.period >= from && r.period <= to).map((r) => ({ period: Number(r.period.slice(0, 4)), value: r.value }));
      return { unitId, period: to, value: linearTrend(series).value, flag: null };
    });
  }
  const change = recipe.operation === 'change' ? absoluteChange : relativeChange;
  const at = byPeriod(a);
  return deriveByUnit(at.get(from) ?? [], at.get(to) ?? [], change).map((v) => ({ unitId: v.unitId, period: to, value: v.value, flag: v.flag ?? null }));
}

export function saveDerived(writer: ChangeWriter, db: Database, definition: { code: string; name: string; unit: string | null; decimals: number; recipe: DerivedRecipe }): IndicatorDetail {
  const recipe = derivedRecipeSchema.parse(definition.recipe);
  const source = getIndicator(db, recipe.a);
  const rows = computeDerived(db, recipe);
  const id = deterministicId.indicator(definition.code);
  // Re-saving a derived indicator recomputes it; any other indicator with that code stays untouched.
  const existing = db.prepare('SELECT recipe FROM indicators WHERE code = ? AND deleted = 0').get(definition.code) as { recipe: string | null } | undefined;
  if (existing && !existing.recipe?.includes('"derived"')) {
    throw new UserFacingError('duplicate-code', `Das Kürzel „${definition.code}“ hat schon ein anderer Indikator; bitte ein anderes wählen.`);
  }
  writer.transaction((tx) => {
    tx.upsert('indicators', id, {
      code: definition.code, name: definition.name, short_name: null, topic_id: source.topicId, unit: definition.unit, decimals: definition.decimals,
      polarity: source.polarity, kind: recipe.operation === 'change' || recipe.operation === 'relative-change' || recipe.operation === 'trend' ? 'dynamic' : 'status',
      measure: 'relative', definition: describe(recipe, source.name, recipe.b ? getIndicator(db, recipe.b).name : null), formula: null,
      source: source.source, licence: source.licence, attribution: source.attribution, update_interval: source.updateInterval, reference_date_note: null,
      notes: null, tags: ['berechnet'], archived: 0, recipe,
    });
    writeRows(tx, id, rows);
  });
  return getIndicator(db, id);
}

/** Recomputes derived indicators whose inputs changed (called after imports, like indices). */
export function recomputeDerived(writer: ChangeWriter, db: Database, changed: Set<string>): string[] {
  const rows = db.prepare("SELECT id, recipe FROM indicators WHERE deleted = 0 AND recipe LIKE '%\"derived\"%'").all() as Array<{ id: string; recipe: string }>;
  const done: string[] = [];
  for (const row of rows) {
    const parsed = derivedRecipeSchema.safeParse(JSON.parse(row.recipe));
    if (!parsed.success || !(changed.has(parsed.data.a) || (parsed.data.b !== null && changed.has(parsed.data.b)))) continue;
    const values = computeDerived(db, parsed.data);
    writer.transaction((tx) => writeRows(tx, row.id, values));
    done.push(row.id);
  }
  return done;
}

export const aggregationSchema = z.object({
  indicatorId: z.string(),
  fromLevelId: z.string(),
  method: z.enum(['sum', 'rate', 'weighted-mean']),
  /** rate: summed numerator and denominator indicators; weighted-mean: the weight (population). */
  numeratorId: z.string().nullable(),
  denominatorId: z.string().nullable(),
  weightId: z.string().nullable(),
  scale: z.number().positive().default(100),
});

/**
 * Writes an indicator's values on the parent level of `fromLevelId`: counts summed, rates from
 * summed parts or weighted by population — never a plain mean of rates. Parents with missing
 * children get no value (a partial sum would read as a complete one) and are reported.
 */
export function aggregateToParents(writer: ChangeWriter, db: Database, input: z.input<typeof aggregationSchema>) {
  const request = aggregationSchema.parse(input);
  const parentOf = new Map(
    (db.prepare('SELECT id, parent_id FROM spatial_units WHERE level_id = ? AND deleted = 0 AND parent_id IS NOT NULL').all(request.fromLevelId) as Array<{ id: string; parent_id: string }>).map((r) => [r.id, r.parent_id]),
  );
  if (parentOf.size === 0) throw new UserFacingError('no-parents', 'Die Einheiten dieser Ebene haben keine übergeordneten Einheiten.');
  const series = (id: string | null, what: string) => {
    if (!id) throw new UserFacingError('input-missing', `Bitte ${what} wählen.`);
    return valueSeries(db, id, request.fromLevelId);
  };
  const source = series(request.indicatorId, 'den Indikator');
  const periods = [...new Set(source.map((r) => r.period))].sort();
  const at = (rows: Row[], period: string) => rows.filter((r) => r.period === period);
  const numerators = request.method === 'rate' ? series(request.numeratorId, 'den Zähler') : [];
  const denominators = request.method === 'rate' ? series(request.denominatorId, 'den Nenner') : [];
  const weights = request.method === 'weighted-mean' ? series(request.weightId, 'die Gewichtung (Einwohner)') : [];
  const rows: Row[] = [];
  let incomplete = 0;
  for (const period of periods) {
    const result: Aggregation =
      request.method === 'sum'
        ? aggregateCounts(at(source, period), parentOf)
        : request.method === 'rate'
          ? aggregateRates({ numerator: at(numerators, period), denominator: at(denominators, period) }, parentOf, { scale: request.scale })
          : aggregateWeightedMean(at(source, period), at(weights, period), parentOf);
    for (const [parentId, value] of result.parents) {
      if (!value.complete) incomplete += 1;
      rows.push({ unitId: parentId, period, value: value.complete ? value.value : null, flag: value.complete && value.value !== null ? null : 'missing' });
    }
  }
  writer.transaction((tx) => writeRows(tx, request.indicatorId, rows));
  return { values: rows.length, periods, incompleteParents: incomplete };
}

function writeRows(tx: WriteTransaction, indicatorId: string, rows: Row[]): void {
  tx.bulkInsert(
    'indicator_values',
    rows.map((r) => ({ id: valueId(indicatorId, r.unitId, r.period), values: { indicator_id: indicatorId, unit_id: r.unitId, period: r.period, value: r.value, flag: r.flag ?? null } })),
  );
}

function describe(recipe: DerivedRecipe, a: string, b: string | null): string {
  switch (recipe.operation) {
    case 'share': return `${a} je 100 ${b}`;
    case 'per-mille': return `${a} je 1.000 ${b} (‰)`;
    case 'per-thousand': return `${a} je 1.000 der Zielgruppe ${b}`;
    case 'change': return `Veränderung von ${a} zwischen ${recipe.from ?? 'erstem'} und ${recipe.to ?? 'letztem'} Zeitraum`;
    case 'relative-change': return `Veränderung von ${a} in % zwischen ${recipe.from ?? 'erstem'} und ${recipe.to ?? 'letztem'} Zeitraum`;
    case 'trend': return `Linearer Trend von ${a} (Steigung in % des Anfangswerts je Zeitraum)`;
  }
}
