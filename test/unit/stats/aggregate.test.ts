import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateCounts, aggregateRates, aggregateWeightedMean } from '../../../shared/stats/aggregate.ts';
import { seed } from './fc-config.ts';

const parentOf = new Map([
  ['a', 'P'],
  ['b', 'P'],
  ['c', 'Q'],
]);

describe('aggregation by hand', () => {
  it('sums counts; a parent with a child lacking data is incomplete', () => {
    const r = aggregateCounts(
      [
        { unitId: 'a', value: 10 },
        { unitId: 'b', value: 5, flag: 'provisional' },
        { unitId: 'c', value: null },
        { unitId: 'x', value: 99 },
      ],
      parentOf,
    );
    expect(r.parents.get('P')).toEqual({ value: 15, complete: true, missingChildren: [], reason: null });
    expect(r.parents.get('Q')).toEqual({ value: null, complete: false, missingChildren: ['c'], reason: 'no-children-with-data' });
    expect(r.unassignedUnits).toEqual(['x']);
  });

  it('a partial sum is returned but flagged', () => {
    const r = aggregateCounts([{ unitId: 'a', value: 10 }, { unitId: 'b', value: 3, flag: 'suppressed' }], parentOf);
    expect(r.parents.get('P')).toEqual({ value: 10, complete: false, missingChildren: ['b'], reason: null });
  });

  it('recomputes rates from summed parts, which is not the mean of the rates', () => {
    // a: 1 of 10 (10 %), b: 50 of 100 (50 %): plain mean 30 %, true rate 51/110 = 46.36 %
    const numerator = [{ unitId: 'a', value: 1 }, { unitId: 'b', value: 50 }];
    const denominator = [{ unitId: 'a', value: 10 }, { unitId: 'b', value: 100 }];
    const rate = aggregateRates({ numerator, denominator }, parentOf).parents.get('P');
    expect(rate?.value).toBeCloseTo((51 / 110) * 100, 12);
    expect(rate?.value).not.toBeCloseTo(30, 1);
    // the same from the rates with population weights 10 and 100: (10·10 + 100·50) / 110
    const weighted = aggregateWeightedMean(
      [{ unitId: 'a', value: 10 }, { unitId: 'b', value: 50 }],
      denominator,
      parentOf,
    ).parents.get('P');
    expect(weighted?.value).toBeCloseTo((51 / 110) * 100, 12);
  });

  it('a zero denominator total gives null with a reason; per mille on request', () => {
    const zero = aggregateRates({ numerator: [{ unitId: 'c', value: 0 }], denominator: [{ unitId: 'c', value: 0 }] }, parentOf);
    expect(zero.parents.get('Q')).toMatchObject({ value: null, reason: 'division-by-zero', complete: true });
    const perMille = aggregateRates({ numerator: [{ unitId: 'c', value: 3 }], denominator: [{ unitId: 'c', value: 1500 }] }, parentOf, { scale: 1000 });
    expect(perMille.parents.get('Q')?.value).toBe(2);
  });
});

describe('aggregation: properties', () => {
  // Children c0..c(n−1) spread over a few parents, integer counts, some without data.
  const tree = fc
    .array(fc.record({ parent: fc.constantFrom('P1', 'P2', 'P3'), count: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null, freq: 6 }) }), { minLength: 1, maxLength: 40 })
    .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length })));

  it('counts: the parent value is the sum of its children and does not depend on child order', () => {
    fc.assert(
      fc.property(tree, ([rows, order]) => {
        const values = rows.map((r, i) => ({ unitId: `c${i}`, value: r.count }));
        const parents = new Map(rows.map((r, i) => [`c${i}`, r.parent]));
        const forward = aggregateCounts(values, parents);
        const shuffled = aggregateCounts(
          order.map((i) => values[i]!),
          new Map(order.map((i) => [`c${i}`, rows[i]!.parent])),
        );
        expect(shuffled).toEqual(forward);
        for (const [parent, result] of forward.parents) {
          const children = rows.flatMap((r, i) => (r.parent === parent ? [{ id: `c${i}`, count: r.count }] : []));
          const present = children.filter((c) => c.count !== null);
          expect(result.value).toBe(present.length ? present.reduce((s, c) => s + c.count!, 0) : null);
          expect(result.complete).toBe(present.length === children.length);
          expect(result.missingChildren).toEqual(children.filter((c) => c.count === null).map((c) => c.id).sort());
        }
      }),
      { seed },
    );
  });

  it('rates from summed parts equal the mean of rates exactly when denominators are equal', () => {
    const part = fc.record({ numerator: fc.integer({ min: 0, max: 1000 }), denominator: fc.integer({ min: 1, max: 1000 }) });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 1000 }), (parts, common) => {
        const equal = parts.map((p) => ({ numerator: Math.min(p.numerator, common), denominator: common }));
        const tree = new Map(equal.map((_, i) => [`c${i}`, 'P']));
        const rate = aggregateRates(
          { numerator: equal.map((p, i) => ({ unitId: `c${i}`, value: p.numerator })), denominator: equal.map((p, i) => ({ unitId: `c${i}`, value: p.denominator })) },
          tree,
        ).parents.get('P')!.value!;
        const meanOfRates = equal.reduce((s, p) => s + (p.numerator / p.denominator) * 100, 0) / equal.length;
        expect(rate).toBeCloseTo(meanOfRates, 9);
      }),
      { seed },
    );
  });

  it('with two children of different size and different rates the two differ', () => {
    const part = fc.record({ numerator: fc.integer({ min: 0, max: 1000 }), denominator: fc.integer({ min: 1, max: 1000 }) });
    fc.assert(
      fc.property(part, part, (a, b) => {
        fc.pre(a.denominator !== b.denominator && a.numerator * b.denominator !== b.numerator * a.denominator);
        const tree = new Map([['a', 'P'], ['b', 'P']]);
        const rate = aggregateRates(
          { numerator: [{ unitId: 'a', value: a.numerator }, { unitId: 'b', value: b.numerator }], denominator: [{ unitId: 'a', value: a.denominator }, { unitId: 'b', value: b.denominator }] },
          tree,
        ).parents.get('P')!.value!;
        const meanOfRates = ((a.numerator / a.denominator) * 100 + (b.numerator / b.denominator) * 100) / 2;
        expect(Math.abs(rate - meanOfRates)).toBeGreaterThan(1e-9);
      }),
      { seed },
    );
  });
});
