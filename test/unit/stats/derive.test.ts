import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absoluteChange,
  continuity,
  deriveByUnit,
  linearTrend,
  perMille,
  perThousandOfTargetGroup,
  relativeChange,
  share,
} from '../../../shared/stats/derive.ts';
import { seed } from './fc-config.ts';

describe('ratios', () => {
  it('share, per mille, per 1,000 of a target group', () => {
    expect(share(25, 200)).toEqual({ value: 12.5, reason: null }); // 25 / 200 · 100
    expect(perMille(3, 1500)).toEqual({ value: 2, reason: null }); // 3 / 1500 · 1000
    // 450 daycare places for 300 children under 3: 1,500 per 1,000 — may exceed 1,000
    expect(perThousandOfTargetGroup(450, 300)).toEqual({ value: 1500, reason: null });
  });

  it('null with a reason instead of NaN or ∞', () => {
    expect(share(5, 0)).toEqual({ value: null, reason: 'division-by-zero' });
    expect(share(null, 10)).toEqual({ value: null, reason: 'missing-input' });
    expect(perMille(1, Number.NaN)).toEqual({ value: null, reason: 'missing-input' });
  });
});

describe('changes between two periods', () => {
  it('absolute change (percentage points for shares) and relative change', () => {
    expect(absoluteChange(12.5, 14)).toEqual({ value: 1.5, reason: null });
    expect(relativeChange(200, 150)).toEqual({ value: -25, reason: null }); // −50 / 200
    // negative base: −50 → −25 is a rise, +50 %
    expect(relativeChange(-50, -25)).toEqual({ value: 50, reason: null });
    expect(relativeChange(0, 10)).toEqual({ value: null, reason: 'division-by-zero' });
    expect(absoluteChange(3, null)).toEqual({ value: null, reason: 'missing-input' });
  });
});

describe('trend and continuity', () => {
  it('linear trend: OLS slope relative to the first value, % per period', () => {
    // 100, 110, 120, 130: slope 10 per year → 10 / 100 = 10 % per year
    const series = [2019, 2020, 2021, 2022].map((period, i) => ({ period, value: 100 + 10 * i }));
    expect(linearTrend(series).value).toBeCloseTo(10, 12);
    // a gap is bridged by the period numbers: 100 (2019), – (2020), 120 (2021) → slope 10
    expect(linearTrend([{ period: 2019, value: 100 }, { period: 2020, value: null }, { period: 2021, value: 120 }]).value).toBeCloseTo(10, 12);
    // 4, 2, 3 over periods 1..3: dx = −1, 0, 1; dy = 1, −1, 0; slope = Σdx·dy / Σdx² = −1/2;
    // relative to the first value 4: −0.5 / 4 = −12.5 % per period
    expect(linearTrend([{ period: 1, value: 4 }, { period: 2, value: 2 }, { period: 3, value: 3 }]).value).toBeCloseTo(-12.5, 12);
  });

  it('trend needs two periods and a non-zero first value', () => {
    expect(linearTrend([{ period: 2020, value: 5 }])).toEqual({ value: null, reason: 'too-few-periods' });
    expect(linearTrend([{ period: 2020, value: 0 }, { period: 2021, value: 3 }])).toEqual({ value: null, reason: 'division-by-zero' });
  });

  it('continuity: Pearson r with time', () => {
    // 1, 3, 2, 4 over periods 1..4: Σdx·dy = 4, Σdx² = Σdy² = 5 → r = 0.8
    const r = continuity([1, 3, 2, 4].map((value, i) => ({ period: i + 1, value })));
    expect(r.value).toBeCloseTo(0.8, 12);
    expect(continuity([{ period: 1, value: 1 }, { period: 2, value: 2 }])).toEqual({ value: null, reason: 'too-few-periods' });
    expect(continuity([1, 2, 3].map((period) => ({ period, value: 7 })))).toEqual({ value: null, reason: 'no-variation' });
  });

  it('continuity stays within [−1, 1]; a straight line gives ±1', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }).filter((m) => m !== 0), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 3, max: 20 }), (m, b, n) => {
        const series = Array.from({ length: n }, (_, i) => ({ period: 2000 + i, value: m * i + b }));
        expect(continuity(series).value).toBeCloseTo(Math.sign(m), 9);
      }),
      { seed },
    );
  });
});

describe('deriveByUnit', () => {
  it('applies a derivation per unit and carries flags over', () => {
    const recipients = [
      { unitId: 'a', value: 30 },
      { unitId: 'b', value: 2, flag: 'estimated' as const },
      { unitId: 'c', value: null, flag: 'suppressed' as const },
      { unitId: 'd', value: 5 },
    ];
    const inhabitants = [
      { unitId: 'a', value: 600 },
      { unitId: 'b', value: 40 },
      { unitId: 'c', value: 100 },
      { unitId: 'd', value: 0 },
    ];
    expect(deriveByUnit(recipients, inhabitants, share)).toEqual([
      { unitId: 'a', value: 5, reason: null, flag: null },
      { unitId: 'b', value: 5, reason: null, flag: 'estimated' },
      { unitId: 'c', value: null, reason: 'missing-input', flag: 'suppressed' },
      { unitId: 'd', value: null, reason: 'division-by-zero', flag: 'missing' },
    ]);
  });
});
