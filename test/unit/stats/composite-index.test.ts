import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compositeIndexRecipeSchema,
  computeCompositeIndex,
  type CompositeIndexRecipe,
  type CompositeIndexResult,
  type IncludedUnit,
} from '../../../shared/stats/composite-index.ts';
import { baukastenRecipe, crossStatusDynamic, crossStatusDynamicResults, mssDynamicRecipe, mssStatusRecipe } from '../../../shared/stats/composite-presets.ts';
import { zScores } from '../../../shared/stats/standardise.ts';
import type { IndicatorValue } from '../../../shared/stats/types.ts';
import { indicatorValue, seed } from './fc-config.ts';

const series = (entries: Record<string, number | null>): IndicatorValue[] => Object.entries(entries).map(([unitId, value]) => ({ unitId, value }));
const included = (r: CompositeIndexResult, id: string): IncludedUnit => {
  const u = r.units.get(id);
  if (u?.status !== 'included') throw new Error(`${id} is not in the index`);
  return u;
};
const a = Math.sqrt(1.5); // z of 3 in 1, 2, 3: (3 − 2) / √(2/3)

describe('Berlin MSS status and dynamic index by hand', () => {
  // A, B, C are in the index. D has < 300 inhabitants, E lacks u2, F is excluded by the planners.
  // u1 over A, B, C = 1, 2, 3 → mean 2, sd √(2/3) → z = −a, 0, a (a = √1.5 ≈ 1.2247)
  // u2 over A, B, C = 30, 10, 20 → mean 20, sd √(200/3) → z = a, −a, 0
  // status = mean → 0, −a/2, a/2; its sd is a/2·√(2/3) = 0.5, so in SD units: 0, −a, a
  // classes (cut-offs −1, 1, 1.5): A mittel, B hoch (≤ −1), C niedrig (1 < 1.2247 ≤ 1.5)
  const values = new Map([
    ['u1', series({ A: 1, B: 2, C: 3, D: 100, E: 2, F: 50 })],
    ['u2', series({ A: 30, B: 10, C: 20, D: 0, E: null, F: 0 })],
  ]);
  const population = series({ A: 1000, B: 2000, C: 1500, D: 250, E: 800, F: 900 });
  const status = computeCompositeIndex(mssStatusRecipe(['u1', 'u2'], { unitIds: ['F'] }), { values, population });

  it('computes sub-indices, total and class', () => {
    expect(included(status, 'A').dimensions[0]?.indicators.map((x) => x.score)).toEqual([-a, a].map((z) => expect.closeTo(z, 12)));
    expect(included(status, 'B').total).toBeCloseTo(-a / 2, 12);
    expect(included(status, 'B').classScore).toBeCloseTo(-a, 12);
    expect(['A', 'B', 'C'].map((id) => included(status, id).classLabel)).toEqual(['mittel', 'hoch', 'niedrig']);
  });

  it('leaves units out with a reason, without letting them shift the index', () => {
    expect(status.units.get('D')).toMatchObject({ status: 'excluded', reason: 'below-min-population', message: 'nicht im Index: weniger als 300 Einwohner' });
    expect(status.units.get('E')).toMatchObject({ status: 'excluded', reason: 'missing-values', missingIndicators: ['u2'] });
    expect(status.units.get('F')).toMatchObject({ status: 'excluded', reason: 'excluded-by-list' });
    expect([...status.units.keys()]).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('dynamic index over changes and the 12 groups', () => {
    // changes c1 = −1, 0, 1 and c2 = −2, 0, 2: both z = −a, 0, a; mean likewise; its sd is 1
    // classes (−1, 1): A positiv, B stabil, C negativ
    const changes = new Map([
      ['c1', series({ A: -1, B: 0, C: 1, D: 5, E: 0, F: 0 })],
      ['c2', series({ A: -2, B: 0, C: 2, D: 5, E: 0, F: 0 })],
    ]);
    const dynamic = computeCompositeIndex(mssDynamicRecipe(['c1', 'c2'], { unitIds: ['F'] }), { values: changes, population });
    expect(['A', 'B', 'C'].map((id) => included(dynamic, id).classLabel)).toEqual(['positiv', 'stabil', 'negativ']);
    const groups = crossStatusDynamicResults(status, dynamic);
    expect(groups.get('A')).toMatchObject({ group: 4, code: '2.1', label: 'Status mittel, Dynamik positiv' });
    expect(groups.get('B')).toMatchObject({ group: 2, code: '1.2' });
    expect(groups.get('C')).toMatchObject({ group: 9, code: '3.3' });
    expect(groups.get('D')).toBeNull(); // not in the status index
    expect(groups.get('E')).toBeNull(); // E is in the dynamic index but not in the status index
  });

  it('numbers all 12 groups once', () => {
    const all = (['hoch', 'mittel', 'niedrig', 'sehr niedrig'] as const).flatMap((s) => (['positiv', 'stabil', 'negativ'] as const).map((d) => crossStatusDynamic(s, d).group));
    expect(all).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('cut-offs are configurable', () => {
    const strict = computeCompositeIndex(mssStatusRecipe(['u1', 'u2'], { cutoffs: [-2, -0.5, 0.5], unitIds: ['F'] }), { values, population });
    // SD units 0, −a, a against −2, −0.5, 0.5
    expect(['A', 'B', 'C'].map((id) => included(strict, id).classLabel)).toEqual(['niedrig', 'mittel', 'sehr niedrig']);
  });
});

describe('Baukasten by hand', () => {
  // Dimension "Ökonomische Situation" (weight 2): u1 (weight 1, +1), u2 (weight 3, −1);
  // dimension "Gesundheit" (weight 1): u3 (+1).
  // z(u1) = −a, 0, a; z(u2) flipped = −a, a, 0 → economic = (z1 + 3·z2) / 4 = −a, 0.75a, 0.25a
  // u3 = 5, 5, 8: mean 6, sd √2 → z = −1/√2, −1/√2, 2/√2; total = (2·economic + health) / 3
  const recipe = baukastenRecipe([
    {
      name: 'Ökonomische Situation',
      weight: 2,
      indicators: [
        { indicatorId: 'u1', polarity: 1 },
        { indicatorId: 'u2', weight: 3, polarity: -1 },
      ],
    },
    { name: 'Gesundheit', indicators: [{ indicatorId: 'u3', polarity: 1 }] },
  ]);
  const values = new Map([
    ['u1', series({ A: 1, B: 2, C: 3 })],
    ['u2', series({ A: 30, B: 10, C: 20 })],
    ['u3', series({ A: 5, B: 5, C: 8 })],
  ]);

  it('reports every sub-index and the weighted total', () => {
    const r = computeCompositeIndex(recipe, { values });
    const economic = [-a, 0.75 * a, 0.25 * a];
    const health = [-1 / Math.SQRT2, -1 / Math.SQRT2, 2 / Math.SQRT2];
    ['A', 'B', 'C'].forEach((id, i) => {
      const u = included(r, id);
      expect(u.dimensions.map((d) => d.name)).toEqual(['Ökonomische Situation', 'Gesundheit']);
      expect(u.dimensions[0]?.score).toBeCloseTo(economic[i]!, 12);
      expect(u.dimensions[1]?.score).toBeCloseTo(health[i]!, 12);
      expect(u.total).toBeCloseTo((2 * economic[i]! + health[i]!) / 3, 12);
    });
    expect(r.warnings).toEqual([]);
  });

  it('rank/min-max with mean, geometric mean or minimum', () => {
    // u1 → 0, 0.5, 1; u2 (+1) → 1, 0, 0.5
    const dims = [{ name: 'Alles', indicators: [{ indicatorId: 'u1', polarity: 1 as const }, { indicatorId: 'u2', polarity: 1 as const }] }];
    const totals = (combine: CompositeIndexRecipe['combine']) => {
      const r = computeCompositeIndex(baukastenRecipe(dims, { standardisation: 'rank-min-max', combine, classes: { cutoffs: [0.5], labels: ['niedrig', 'hoch'] } }), { values });
      return ['A', 'B', 'C'].map((id) => included(r, id).total);
    };
    expect(totals('mean')).toEqual([0.5, 0.25, 0.75]);
    expect(totals('minimum')).toEqual([0, 0, 0.5]);
    const geometric = totals('geometric-mean');
    expect(geometric.slice(0, 2)).toEqual([0, 0]);
    expect(geometric[2]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('warns about an indicator that does not vary', () => {
    const flat = new Map([...values, ['u3', series({ A: 4, B: 4, C: 4 })]]);
    const r = computeCompositeIndex(recipe, { values: flat });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('u3');
    expect(included(r, 'A').dimensions[1]?.score).toBe(0);
  });
});

describe('recipe schema', () => {
  const valid = mssStatusRecipe(['a', 'b', 'c', 'd']);

  it('accepts the presets', () => {
    expect(compositeIndexRecipeSchema.safeParse(valid).success).toBe(true);
    expect(compositeIndexRecipeSchema.safeParse(mssDynamicRecipe(['a'])).success).toBe(true);
  });

  it.each([
    ['one label too few', { ...valid, classes: { cutoffs: [-1, 1, 1.5], labels: ['hoch', 'mittel', 'niedrig'] } }],
    ['cut-offs not ascending', { ...valid, classes: { cutoffs: [1, -1, 1.5], labels: ['a', 'b', 'c', 'd'] } }],
    ['geometric mean of z-scores', { ...valid, combine: 'geometric-mean' }],
    ['a zero weight', { ...valid, dimensions: [{ ...valid.dimensions[0]!, weight: 0 }] }],
    ['twice the same dimension', { ...valid, dimensions: [valid.dimensions[0]!, valid.dimensions[0]!] }],
    ['no dimension', { ...valid, dimensions: [] }],
  ])('rejects %s', (_, recipe) => {
    expect(compositeIndexRecipeSchema.safeParse(recipe).success).toBe(false);
  });

  it('needs population data for population weighting or a minimum population, and values for every indicator', () => {
    expect(() => computeCompositeIndex(valid, { values: new Map() })).toThrow(/Einwohner/);
    expect(() => computeCompositeIndex({ ...valid, exclusions: {} }, { values: new Map() })).toThrow(/„a“/);
  });
});

describe('composite index: properties', () => {
  const unitsArb = fc.array(
    fc.record({ value: fc.option(indicatorValue, { nil: null, freq: 8 }), population: fc.integer({ min: 1, max: 20_000 }), listed: fc.boolean() }),
    { minLength: 1, maxLength: 40 },
  );

  it('one dimension with one indicator gives exactly that indicator’s z-score', () => {
    fc.assert(
      fc.property(unitsArb, fc.constantFrom(1 as const, -1 as const, 0 as const), fc.constantFrom('unweighted' as const, 'population' as const), fc.double({ min: 0.01, max: 100, noNaN: true }), (rows, polarity, weighting, weight) => {
        const data = rows.map((r, i) => ({ unitId: `u${i}`, value: r.value }));
        const population = rows.map((r, i) => ({ unitId: `u${i}`, value: r.population }));
        const listed = rows.flatMap((r, i) => (r.listed ? [`u${i}`] : []));
        const recipe = baukastenRecipe([{ name: 'D', weight, indicators: [{ indicatorId: 'x', weight, polarity }] }], { weighting, unitIds: listed });
        const index = computeCompositeIndex(recipe, { values: new Map([['x', data]]), population });
        const z = zScores(data, { polarity, weighting, population, excludedUnitIds: listed }).scores;
        for (const [id, u] of index.units) {
          const expected = z.get(id)?.score ?? null;
          if (u.status === 'included') expect(u.total).toBeCloseTo(expected!, 12);
          else expect(expected).toBeNull();
        }
      }),
      { seed },
    );
  });

  it('multiplying all weights by k changes nothing', () => {
    const shape = fc.array(fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(
        shape,
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.array(fc.array(indicatorValue, { minLength: 9, maxLength: 9 }), { minLength: 9, maxLength: 9 }),
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.constantFrom('z-score' as const, 'rank-min-max' as const),
        (dimensionWeights, firstWeight, table, k, standardisation) => {
          const build = (scale: number) =>
            baukastenRecipe(
              dimensionWeights.map((ws, d) => ({
                name: `D${d}`,
                weight: (d === 0 ? firstWeight : d) * scale,
                indicators: ws.map((w, i) => ({ indicatorId: `x${(d * 3 + i) % 9}`, weight: w * scale, polarity: (i % 2 === 0 ? 1 : -1) as 1 | -1 })),
              })),
              { standardisation, classes: { cutoffs: [-0.7071, 0.3137], labels: ['a', 'b', 'c'] } },
            );
          const values = new Map(table.map((row, j) => [`x${j}`, row.map((value, u) => ({ unitId: `u${u}`, value }))]));
          const base = computeCompositeIndex(build(1), { values });
          const scaled = computeCompositeIndex(build(k), { values });
          for (const [id, u] of base.units) {
            const v = scaled.units.get(id)!;
            if (u.status !== 'included' || v.status !== 'included') throw new Error('all units have data');
            expect(v.total).toBeCloseTo(u.total, 9);
            u.dimensions.forEach((d, i) => expect(v.dimensions[i]?.score).toBeCloseTo(d.score, 9));
            expect(v.classLabel).toBe(u.classLabel);
          }
        },
      ),
      { seed },
    );
  });
});
