import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, classifyWithLegend, type ClassificationMethod } from '../../../shared/stats/classify.ts';
import { boxPlotFences } from '../../../shared/stats/outliers.ts';
import { indicatorValue, seed } from './fc-config.ts';

describe('classes without box-plot outliers (excludeOutliers)', () => {
  it("'soft' leaves out every value beyond Q1/Q3 ± 1.5·IQR, 'extreme' only those beyond ± 3·IQR", () => {
    // 1..10, 20 and 200: Q1 3.75, Q3 9.25, IQR 5.5 → soft fence 17.5, extreme fence 25.75.
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 200];
    const soft = classify(values, { method: 'equal-interval', classes: 3, excludeOutliers: 'soft' });
    expect(soft.breaks).toEqual([1, 4, 7, 200]);
    expect(soft.counts).toEqual([4, 3, 5]);
    expect(soft.outlierFences).toEqual({ lower: 3.75 - 8.25, upper: 9.25 + 8.25 });
    const extreme = classify(values, { method: 'equal-interval', classes: 3, excludeOutliers: 'extreme' });
    // 20 stays in the basis: width (20 − 1)/3.
    expect(extreme.breaks[1]).toBeCloseTo(1 + 19 / 3, 12);
    expect(classify(values, { method: 'equal-interval', classes: 3 }).outlierFences).toBeUndefined();
  });

  it('breaks still span min..max, counts add up, and outliers fall into the outer classes', () => {
    const methods: ClassificationMethod[] = ['quantile', 'equal-interval', 'natural-breaks', 'standard-deviation'];
    fc.assert(
      fc.property(fc.array(indicatorValue, { minLength: 1, maxLength: 60 }), fc.constantFrom(...methods), fc.integer({ min: 2, max: 7 }), (xs, method, classes) => {
        const c = classify(xs, { method, classes, excludeOutliers: 'soft' });
        expect(c.counts.reduce((a, b) => a + b, 0)).toBe(xs.length);
        expect(c.breaks[0]).toBe(Math.min(...xs));
        expect(c.breaks.at(-1)).toBe(Math.max(...xs));
        const fences = boxPlotFences(xs)!;
        const last = c.breaks.length - 2;
        for (const x of xs) {
          if (x > fences.upperSoft) expect(c.classOf(x)).toBe(last);
          if (x < fences.lowerSoft) expect(c.classOf(x)).toBe(0);
        }
        const legend = classifyWithLegend(
          xs.map((value, i) => ({ unitId: `u${i}`, value })),
          { method, classes, excludeOutliers: 'soft' },
        );
        expect(legend.legend.classes.reduce((a, e) => a + e.count, 0)).toBe(xs.length);
      }),
      { seed },
    );
  });
});
