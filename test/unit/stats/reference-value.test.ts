import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanOfUnits, ratioOfSums, referenceValue, sumOfUnits, weightedMeanOfUnits } from '../../../shared/stats/reference-value.ts';
import type { IndicatorValue } from '../../../shared/stats/types.ts';
import { indicatorValue, seed } from './fc-config.ts';

const units = (values: ReadonlyArray<number | null>): IndicatorValue[] => values.map((value, i) => ({ unitId: `u${i}`, value }));

describe('city value by hand', () => {
  // A small district (100 inhabitants, 50 % SGB II) and a big one (900 inhabitants, 10 %).
  const rates = units([50, 10]);
  const inhabitants = units([100, 900]);
  const recipients = units([50, 90]);

  it('sums counts, and gives no value while a unit is missing', () => {
    expect(referenceValue({ measure: 'absolute', values: inhabitants })).toEqual({ value: 1000, method: 'sum', used: 2, missing: 0 });
    expect(referenceValue({ measure: 'absolute', values: units([100, null, 5]) })).toEqual({ value: null, method: 'sum', used: 2, missing: 1 });
    // A suppressed count cannot be added either.
    const suppressed: IndicatorValue[] = [{ unitId: 'a', value: 3, flag: 'suppressed' }, { unitId: 'b', value: 10 }];
    expect(sumOfUnits(suppressed)).toMatchObject({ value: null, missing: 1 });
  });

  it('recomputes a rate from its parts: 140 of 1000 = 14 %, not the mean 30 %', () => {
    const r = referenceValue({ measure: 'relative', values: rates, parts: { numerator: recipients, denominator: inhabitants, scale: 100 } });
    expect(r).toMatchObject({ method: 'ratio', used: 2, missing: 0 });
    expect(r.value).toBeCloseTo(14, 12);
  });

  it('weights a rate by inhabitants when its parts are unknown', () => {
    const r = referenceValue({ measure: 'relative', values: rates, weights: inhabitants });
    expect(r.method).toBe('weighted-mean');
    expect(r.value).toBeCloseTo((100 * 50 + 900 * 10) / 1000, 12);
  });

  it('falls back to the plain mean of the units and says so', () => {
    expect(referenceValue({ measure: 'relative', values: rates })).toEqual({ value: 30, method: 'unit-mean', used: 2, missing: 0 });
    // Weights without a single value are no weights.
    expect(referenceValue({ measure: 'relative', values: rates, weights: units([null, null]) }).method).toBe('unit-mean');
    // Standardised scores (indices) are never weighted.
    expect(referenceValue({ measure: 'standardised', values: rates, weights: inhabitants }).method).toBe('unit-mean');
  });

  it("prefers the city unit's own value, if it has one", () => {
    expect(referenceValue({ measure: 'relative', values: rates, weights: inhabitants, cityValue: { unitId: 'city', value: 14.2 } })).toEqual({
      value: 14.2,
      method: 'city-unit',
      used: 1,
      missing: 0,
    });
    expect(referenceValue({ measure: 'absolute', values: inhabitants, cityValue: { unitId: 'city', value: null, flag: 'missing' } }).method).toBe('sum');
  });

  it('reports units without data or weight as missing', () => {
    const r = weightedMeanOfUnits(units([50, 10, null]), units([100, null, 300]));
    expect(r).toEqual({ value: 50, method: 'weighted-mean', used: 1, missing: 2 });
    expect(ratioOfSums(units([1, null]), units([10, 20]), 100, ['u0', 'u1'])).toEqual({ value: 10, method: 'ratio', used: 1, missing: 1 });
    expect(meanOfUnits([])).toEqual({ value: null, method: 'unit-mean', used: 0, missing: 0 });
  });

  it('a zero denominator gives no ratio; the next method takes over', () => {
    const r = referenceValue({ measure: 'relative', values: units([0, 0]), parts: { numerator: units([0, 0]), denominator: units([0, 0]), scale: 100 } });
    expect(r.method).toBe('unit-mean');
  });
});

describe('city value properties', () => {
  const weight = fc.integer({ min: 0, max: 50_000 });
  const rows = fc.array(fc.record({ value: indicatorValue, weight }), { minLength: 1, maxLength: 30 });

  it('the weighted mean lies between the smallest and the largest unit value', () => {
    fc.assert(
      fc.property(rows, (list) => {
        fc.pre(list.some((r) => r.weight > 0));
        const r = weightedMeanOfUnits(units(list.map((x) => x.value)), units(list.map((x) => x.weight)));
        const xs = list.map((x) => x.value);
        expect(r.value).not.toBeNull();
        expect(r.value!).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-9);
        expect(r.value!).toBeLessThanOrEqual(Math.max(...xs) + 1e-9);
      }),
      { seed },
    );
  });

  it('with equal weights the weighted mean is the plain mean', () => {
    fc.assert(
      fc.property(fc.array(indicatorValue, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 50_000 }), (xs, w) => {
        const weighted = weightedMeanOfUnits(units(xs), units(xs.map(() => w))).value!;
        const plain = meanOfUnits(units(xs)).value!;
        expect(weighted).toBeCloseTo(plain, 6);
      }),
      { seed },
    );
  });

  it('the sum of counts is the total of the parts, whatever the order of the units', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 40 }), (counts) => {
        const r = sumOfUnits(units(counts));
        expect(r.value).toBe(counts.reduce((s, c) => s + c, 0));
        expect(sumOfUnits(units(counts).reverse()).value).toBe(r.value);
      }),
      { seed },
    );
  });

  it('the ratio of the summed parts equals the rates weighted by their denominators', () => {
    const part = fc.record({ numerator: fc.integer({ min: 0, max: 10_000 }), denominator: fc.integer({ min: 1, max: 10_000 }) });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 30 }), (parts) => {
        const numerator = units(parts.map((p) => p.numerator));
        const denominator = units(parts.map((p) => p.denominator));
        const rates = units(parts.map((p) => (p.numerator / p.denominator) * 100));
        const ratio = referenceValue({ measure: 'relative', values: rates, parts: { numerator, denominator, scale: 100 } });
        expect(ratio.method).toBe('ratio');
        expect(ratio.value!).toBeCloseTo(weightedMeanOfUnits(rates, denominator).value!, 6);
      }),
      { seed },
    );
  });

  it('used + missing is always the number of units', () => {
    const maybe = fc.option(indicatorValue, { nil: null, freq: 4 });
    fc.assert(
      fc.property(fc.array(fc.tuple(maybe, fc.option(weight, { nil: null, freq: 4 })), { minLength: 0, maxLength: 20 }), fc.constantFrom('absolute', 'relative', 'standardised' as const), (list, measure) => {
        const r = referenceValue({ measure, values: units(list.map(([x]) => x)), weights: units(list.map(([, w]) => w)) });
        expect(r.used + r.missing).toBe(list.length);
        if (r.value !== null) expect(Number.isFinite(r.value)).toBe(true);
      }),
      { seed },
    );
  });
});
