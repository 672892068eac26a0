import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxPlotFences, detectOutliers } from '../../../shared/stats/outliers.ts';
import { indicatorValue, seed } from './fc-config.ts';

describe('box-plot rule by hand', () => {
  it('marks soft and extreme outliers', () => {
    // 1..10, 20, 40 (n = 12): Q1 at position 2.75 → 3.75, Q3 at 8.25 → 9.25, IQR 5.5
    // soft fences 3.75 − 8.25 = −4.5 and 9.25 + 8.25 = 17.5; extreme 3.75 − 16.5 and 9.25 + 16.5 = 25.75
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 40];
    const r = detectOutliers([...values.map((value) => ({ unitId: `v${value}`, value })), { unitId: 'gap', value: null }]);
    expect(r.fences).toEqual({ q1: 3.75, q3: 9.25, iqr: 5.5, lowerSoft: -4.5, upperSoft: 17.5, lowerExtreme: -12.75, upperExtreme: 25.75 });
    expect(r.units.get('v20')).toBe('soft');
    expect(r.units.get('v40')).toBe('extreme');
    expect(r.units.get('v10')).toBe('none');
    expect(r.units.has('gap')).toBe(false);
  });

  it('no data, no fences', () => {
    expect(boxPlotFences([])).toBeNull();
    expect(detectOutliers([{ unitId: 'a', value: null }]).fences).toBeNull();
  });

  it('fences are ordered and values between Q1 and Q3 are never outliers', () => {
    fc.assert(
      fc.property(fc.array(indicatorValue, { minLength: 1, maxLength: 60 }), (xs) => {
        const f = boxPlotFences(xs)!;
        expect(f.lowerExtreme <= f.lowerSoft && f.lowerSoft <= f.q1 && f.q1 <= f.q3 && f.q3 <= f.upperSoft && f.upperSoft <= f.upperExtreme).toBe(true);
        const r = detectOutliers(xs.map((value, i) => ({ unitId: `u${i}`, value })));
        xs.forEach((x, i) => {
          if (x >= f.q1 && x <= f.q3) expect(r.units.get(`u${i}`)).toBe('none');
        });
      }),
      { seed },
    );
  });
});
