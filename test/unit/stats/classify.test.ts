import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, classifyWithLegend, type ClassificationMethod, type ClassifyOptions } from '../../../shared/stats/classify.ts';
import { indicatorValue, seed, tiedValue } from './fc-config.ts';

describe('classify: hand-calculated breaks', () => {
  it('quantiles of 1..10 in 4 classes (type 7: positions 2.25, 4.5, 6.75)', () => {
    // sorted 1..10, position (n−1)·p: 9·0.25 = 2.25 → 3 + 0.25 = 3.25; 4.5 → 5.5; 6.75 → 7.75
    const c = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { method: 'quantile', classes: 4 });
    expect(c.breaks).toEqual([1, 3.25, 5.5, 7.75, 10]);
    expect(c.counts).toEqual([3, 2, 2, 3]);
  });

  it('equal intervals keep an empty class when the data has enough distinct values', () => {
    // range 0..10 in 5 classes of width 2; nothing lies in (4, 6]
    const c = classify([0, 10, 3, 7, 2], { method: 'equal-interval', classes: 5 });
    expect(c.breaks).toEqual([0, 2, 4, 6, 8, 10]);
    expect(c.counts).toEqual([2, 1, 0, 1, 1]);
  });

  it('natural breaks find the three obvious groups; breaks are the groups’ upper values', () => {
    const c = classify([1, 2, 3, 10, 11, 12, 50, 51], { method: 'natural-breaks', classes: 3 });
    expect(c.breaks).toEqual([1, 3, 12, 51]);
    expect(c.counts).toEqual([3, 3, 2]);
  });

  it('standard-deviation classes of width 1 sd around the mean', () => {
    // 2 4 4 4 5 5 7 9: mean 5, population sd 2. 4 classes: inner breaks 5 − 2, 5, 5 + 2.
    const four = classify([2, 4, 4, 4, 5, 5, 7, 9], { method: 'standard-deviation', classes: 4 });
    expect(four.breaks).toEqual([2, 3, 5, 7, 9]);
    expect(four.counts).toEqual([1, 5, 1, 1]);
    expect(four.centre).toBe(5);
    // 3 classes: the middle class is centred on the mean, mean ± 1 sd / 2 → 4 and 6
    const three = classify([2, 4, 4, 4, 5, 5, 7, 9], { method: 'standard-deviation', classes: 3 });
    expect(three.breaks).toEqual([2, 4, 6, 9]);
  });

  it('uses half-sd steps for more than 6 classes', () => {
    // 0..20 step 1: mean 10, sd = √36.666… ≈ 6.055; 8 classes → width ≈ 3.028, breaks 10 ± k·3.028
    const values = Array.from({ length: 21 }, (_, i) => i);
    const c = classify(values, { method: 'standard-deviation', classes: 8 });
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - 10) ** 2, 0) / 21);
    expect(c.breaks).toHaveLength(9);
    expect(c.breaks[4]).toBeCloseTo(10, 12);
    expect(c.breaks[5]! - c.breaks[4]!).toBeCloseTo(sd / 2, 12);
  });

  it('diverging equal intervals: the reference is the middle break', () => {
    // values −3..6 around 0: half-range 6, 4 classes of width 3 → −6, −3, 0, 3, 6; −6 lies below min
    const c = classify([-3, -1, 0, 2, 6], { method: 'equal-interval', classes: 4, reference: 0 });
    expect(c.breaks).toEqual([-3, -3, 0, 3, 6]);
    expect(c.counts).toEqual([1, 2, 1, 1]);
    expect(c.centre).toBe(0);
  });

  it('diverging quantiles: half of the classes on each side of the reference', () => {
    // below 0: −4 −3 −2 −1, median −2.5; above: 1..6, median 3.5
    const c = classify([-4, -3, -2, -1, 1, 2, 3, 4, 5, 6], { method: 'quantile', classes: 4, reference: 0 });
    expect(c.breaks).toEqual([-4, -2.5, 0, 3.5, 6]);
    expect(c.counts).toEqual([2, 2, 3, 3]);
  });

  it('standard-deviation classes around a reference instead of the mean', () => {
    const c = classify([2, 4, 4, 4, 5, 5, 7, 9], { method: 'standard-deviation', classes: 2, reference: 6 });
    expect(c.breaks).toEqual([2, 6, 9]);
  });

  it('manual breaks: sorted, de-duplicated, clipped to the data', () => {
    const c = classify([1, 5, 20, 40], { method: 'manual', classes: 0, manualBreaks: [30, 10, 10, 100, 0] });
    expect(c.breaks).toEqual([1, 10, 30, 40]);
    expect(c.counts).toEqual([2, 1, 1]);
  });

  it('extreme outliers do not stretch the breaks but still get a class', () => {
    // 1..10 and 200: Q1 3.5, Q3 8.5, IQR 5 → extreme fence 23.5; breaks from 1..10 (width 2.25)
    const c = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 200], { method: 'equal-interval', classes: 4, excludeExtremeOutliers: true });
    expect(c.breaks).toEqual([1, 3.25, 5.5, 7.75, 200]);
    expect(c.classOf(200)).toBe(3);
  });
});

describe('classify: awkward data', () => {
  it('empty input: no breaks, no classes', () => {
    const c = classify([], { method: 'quantile', classes: 5 });
    expect(c.breaks).toEqual([]);
    expect(c.counts).toEqual([]);
    expect(c.classOf(3)).toBeNull();
  });

  it('a single value and all-equal values: one class [v, v]', () => {
    expect(classify([7], { method: 'natural-breaks', classes: 5 }).breaks).toEqual([7, 7]);
    const equal = classify([3, 3, 3], { method: 'standard-deviation', classes: 5 });
    expect(equal.breaks).toEqual([3, 3]);
    expect(equal.counts).toEqual([3]);
    expect(equal.classOf(3)).toBe(0);
  });

  it('collapses to fewer classes when there are fewer distinct values, never empty or NaN', () => {
    for (const method of ['quantile', 'natural-breaks', 'equal-interval', 'standard-deviation'] as const) {
      const c = classify([1, 1, 2, 2, 2], { method, classes: 5 });
      expect(c.breaks.every(Number.isFinite)).toBe(true);
      expect(c.counts).toEqual([2, 3]);
    }
  });

  it('ties at the minimum form their own first class ([0, 0] = exactly zero)', () => {
    const c = classify([0, 0, 0, 0, 0, 0, 3, 5, 8], { method: 'quantile', classes: 3 });
    expect(c.breaks).toEqual([0, 0, 8]);
    expect(c.counts).toEqual([6, 3]);
    expect(classify([1, 1, 1, 5, 9], { method: 'natural-breaks', classes: 3 }).breaks).toEqual([1, 1, 5, 9]);
  });

  it('negative values work like any other', () => {
    const c = classify([-10, -8, -6, -4, -2], { method: 'equal-interval', classes: 2 });
    expect(c.breaks).toEqual([-10, -6, -2]);
    expect(c.counts).toEqual([3, 2]);
  });

  it('values beyond the breaks (another year) go to the outer classes; NaN has no class', () => {
    const c = classify([1, 2, 3, 4], { method: 'equal-interval', classes: 3 });
    expect(c.classOf(-100)).toBe(0);
    expect(c.classOf(100)).toBe(2);
    expect(c.classOf(Number.NaN)).toBeNull();
  });

  it('rejects a class count that is no positive integer', () => {
    expect(() => classify([1, 2], { method: 'quantile', classes: 0 })).toThrow(RangeError);
    expect(() => classify([1, 2], { method: 'quantile', classes: 2.5 })).toThrow(RangeError);
    expect(() => classify([1, 2], { method: 'manual', classes: 1 })).toThrow(RangeError);
  });
});

describe('classifyWithLegend', () => {
  const data = [
    { unitId: 'a', value: 0 },
    { unitId: 'b', value: 10 },
    { unitId: 'c', value: 20 },
    { unitId: 'd', value: null },
    { unitId: 'e', value: 4, flag: 'missing' as const },
    { unitId: 'f', value: 3, flag: 'suppressed' as const },
    { unitId: 'g', value: null, flag: 'suppressed' as const },
    { unitId: 'h', value: 30, flag: 'estimated' as const },
  ];

  it('keeps no data, suppressed and (on request) zero as their own entries', () => {
    const { units, legend } = classifyWithLegend(data, { method: 'equal-interval', classes: 2, zeroSeparate: true });
    expect(legend.classes).toEqual([
      { from: 10, to: 20, count: 2 },
      { from: 20, to: 30, count: 1 },
    ]);
    expect(legend).toMatchObject({ noData: 2, suppressed: 2, zero: 1 });
    expect(units.get('a')).toBe('zero');
    expect(units.get('e')).toBe('no-data');
    expect(units.get('f')).toBe('suppressed');
    expect(units.get('h')).toBe(1); // estimated values are data
  });

  it('classifies zeros with the rest unless zeroSeparate', () => {
    const { units, legend } = classifyWithLegend(data, { method: 'equal-interval', classes: 2 });
    expect(legend.zero).toBeNull();
    expect(legend.classes).toEqual([
      { from: 0, to: 15, count: 2 },
      { from: 15, to: 30, count: 2 },
    ]);
    expect(units.get('a')).toBe(0);
  });

  it('takes breaks from the whole time series when given', () => {
    const { legend } = classifyWithLegend(data, { method: 'equal-interval', classes: 2, seriesValues: [0, 100] });
    expect(legend.classes).toEqual([
      { from: 0, to: 50, count: 4 },
      { from: 50, to: 100, count: 0 },
    ]);
  });
});

describe('classify: properties', () => {
  const methods: ClassificationMethod[] = ['quantile', 'equal-interval', 'natural-breaks', 'standard-deviation', 'manual'];
  const options = fc.record({
    method: fc.constantFrom(...methods),
    classes: fc.integer({ min: 1, max: 9 }),
    manualBreaks: fc.array(indicatorValue, { maxLength: 8 }),
    reference: fc.option(indicatorValue, { nil: undefined }),
    excludeExtremeOutliers: fc.boolean(),
  });
  const values = fc.oneof(fc.array(indicatorValue, { maxLength: 80 }), fc.array(tiedValue, { maxLength: 40 }));

  it('breaks ascend and cover min..max; every value lies in exactly the class classOf names; counts add up', () => {
    fc.assert(
      fc.property(values, options, (xs, opts: ClassifyOptions) => {
        const { breaks, counts, classOf } = classify(xs, opts);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(xs.length);
        if (xs.length === 0) return;
        expect(breaks.every(Number.isFinite)).toBe(true);
        expect(breaks[0]).toBe(Math.min(...xs));
        expect(breaks.at(-1)).toBe(Math.max(...xs));
        expect(breaks[0]! <= breaks[1]!).toBe(true);
        for (let i = 1; i < breaks.length - 1; i++) expect(breaks[i]! < breaks[i + 1]!).toBe(true);
        expect(counts).toHaveLength(breaks.length - 1);
        for (const x of xs) {
          const i = classOf(x);
          expect(i).not.toBeNull();
          const inside = (j: number) => (j === 0 ? breaks[0]! <= x : breaks[j]! < x) && x <= breaks[j + 1]!;
          expect(inside(i!)).toBe(true);
          expect(counts.filter((_, j) => inside(j))).toHaveLength(1);
        }
      }),
      { seed },
    );
  });

  it('quantile classes are balanced within 1 when values are distinct', () => {
    fc.assert(
      fc.property(fc.uniqueArray(indicatorValue, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 10 }), (xs, classes) => {
        const { counts } = classify(xs, { method: 'quantile', classes });
        expect(counts).toHaveLength(Math.min(classes, xs.length));
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { seed },
    );
  });

  it('quantile and natural-breaks classes are never empty', () => {
    fc.assert(
      fc.property(values, fc.constantFrom('quantile' as const, 'natural-breaks' as const), fc.integer({ min: 1, max: 9 }), fc.option(tiedValue, { nil: undefined }), (xs, method, classes, reference) => {
        const { counts } = classify(xs, { method, classes, reference });
        expect(counts.every((n) => n > 0)).toBe(true);
      }),
      { seed },
    );
  });

  it('diverging equal-interval and quantile scales keep the reference as a break when it lies inside', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(indicatorValue, { minLength: 4, maxLength: 60 }),
        fc.constantFrom(2, 4, 6, 8),
        fc.constantFrom('quantile' as const, 'equal-interval' as const),
        fc.boolean(),
        (xs, classes, method, onValue) => {
          const sorted = [...xs].sort((a, b) => a - b);
          // strictly inside, with data on both sides; on a data value or between two
          const reference = onValue ? sorted[1]! : (sorted[1]! + sorted[2]!) / 2;
          expect(classify(xs, { method, classes, reference }).breaks).toContain(reference);
        },
      ),
      { seed },
    );
  });
});
