import { describe, expect, it } from 'vitest';
import { computeDerived, derivedRecipeSchema as mainRecipeSchema, type DerivedRecipe } from '../../../electron/core/services/computed-indicators.ts';
import { valueSeries } from '../../../electron/core/services/indicator-values.ts';
import { valueId } from '../../../electron/core/sync/ids.ts';
import { computeDerivedRows, defaultAggregation, defaultCode, derivedRecipeSchema, sanitizeCode } from '../../../renderer/indicators/derived.ts';
import { seedIndicator, seedUnits } from '../../helpers/seed.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

/**
 * The dialog's preview (renderer/indicators/derived.ts) must show what main will write: both are
 * run on the same values, with gaps, zeros and a suppressed input, for every operation.
 */
describe('derived indicator preview', () => {
  function seeded() {
    const db = tempDatabase();
    const { levelId, unitIds, writer } = seedUnits(db, 5);
    const part = seedIndicator(db, writer, 'teil', 'need', unitIds, [30, 10, null, 0, 7], '2019');
    const whole = seedIndicator(db, writer, 'ganz', 'neutral', unitIds, [200, 0, 50, 80, 90], '2019');
    const more = (indicatorId: string, period: string, values: Array<number | null>, flags: Array<'suppressed' | 'estimated' | null> = []) =>
      writer.transaction((tx) =>
        tx.bulkInsert(
          'indicator_values',
          unitIds.map((unitId, i) => ({ id: valueId(indicatorId, unitId, period), values: { indicator_id: indicatorId, unit_id: unitId, period, value: values[i] ?? null, flag: flags[i] ?? null } })),
        ),
      );
    more(part, '2020', [33, 12, 4, 0, null], [null, 'estimated', null, null, 'suppressed']);
    more(part, '2021', [36, 15, 5, 2, 9]);
    more(whole, '2020', [210, 20, 55, 80, 95]);
    // 2021 has no denominator: shares exist for 2019 and 2020 only.
    return { db, levelId, part, whole };
  }

  const cases: Array<Pick<DerivedRecipe, 'operation' | 'from' | 'to'> & { ratio: boolean }> = [
    { operation: 'share', from: null, to: null, ratio: true },
    { operation: 'per-mille', from: null, to: null, ratio: true },
    { operation: 'per-thousand', from: null, to: null, ratio: true },
    { operation: 'change', from: '2019', to: '2021', ratio: false },
    { operation: 'relative-change', from: '2019', to: '2020', ratio: false },
    { operation: 'trend', from: '2019', to: '2021', ratio: false },
    { operation: 'trend', from: null, to: null, ratio: false },
  ];

  it.each(cases)('matches main for $operation ($from–$to)', ({ operation, from, to, ratio }) => {
    const { db, levelId, part, whole } = seeded();
    const recipe: DerivedRecipe = { type: 'derived', operation, a: part, b: ratio ? whole : null, levelId, from, to };
    expect(derivedRecipeSchema.parse(mainRecipeSchema.parse(recipe))).toEqual(recipe);
    const sort = <T extends { unitId: string; period: string }>(rows: T[]) => [...rows].sort((x, y) => x.unitId.localeCompare(y.unitId) || x.period.localeCompare(y.period));
    const fromMain = sort(computeDerived(db.sqlite, recipe)).map((r) => ({ unitId: r.unitId, period: r.period, value: r.value, flag: r.flag }));
    const preview = computeDerivedRows(recipe, valueSeries(db.sqlite, part, levelId), ratio ? valueSeries(db.sqlite, whole, levelId) : null);
    expect(preview.ok).toBe(true);
    const rows = preview.ok ? sort(preview.rows).map(({ unitId, period, value, flag }) => ({ unitId, period, value, flag })) : [];
    expect(rows).toEqual(fromMain);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('says why a cell stays empty and refuses periods in the wrong order', () => {
    const { db, levelId, part, whole } = seeded();
    const share = computeDerivedRows({ operation: 'share', from: null, to: null }, valueSeries(db.sqlite, part, levelId), valueSeries(db.sqlite, whole, levelId));
    const reasons = share.ok ? share.rows.filter((r) => r.period === '2019').map((r) => r.reason) : [];
    expect(reasons.sort()).toEqual([null, null, null, 'division-by-zero', 'missing-input'].sort());
    expect(computeDerivedRows({ operation: 'change', from: '2021', to: '2019' }, valueSeries(db.sqlite, part, levelId), null)).toEqual({ ok: false, problem: 'periods' });
    expect(computeDerivedRows({ operation: 'share', from: null, to: null }, valueSeries(db.sqlite, part, levelId), [])).toEqual({ ok: false, problem: 'no-common-period' });
  });

  it('suggests codes main accepts and the aggregation that fits the indicator', () => {
    expect(defaultCode('share', { code: 'sgb2_anzahl' }, { code: 'bev_gesamt' }, null, null)).toBe('ANT_sgb2_anzahl_bev_gesamt');
    expect(defaultCode('change', { code: 'bev_gesamt' }, null, '2011', '2021-12-31')).toBe('VER_bev_gesamt_2011_2021');
    expect(sanitizeCode('Anteil SGB II / Einwohner')).toBe('Anteil_SGB_II_Einwohner');
    expect(sanitizeCode('x'.repeat(80))).toHaveLength(64);
    expect(defaultAggregation({ measure: 'absolute', recipe: null })).toMatchObject({ method: 'sum' });
    expect(defaultAggregation({ measure: 'relative', recipe: null })).toMatchObject({ method: 'weighted-mean' });
    const recipe = { type: 'derived', operation: 'per-mille', a: 'n', b: 'd', levelId: 'l', from: null, to: null };
    expect(defaultAggregation({ measure: 'relative', recipe })).toEqual({ method: 'rate', numeratorId: 'n', denominatorId: 'd', scale: 1000 });
  });
});
