import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, minMaxScores, rankMinMaxScores, zScores, type UnitScore } from '../../../shared/stats/standardise.ts';
import type { IndicatorValue } from '../../../shared/stats/types.ts';
import { indicatorValue, seed } from './fc-config.ts';

const units = (values: Array<number | null>): IndicatorValue[] => values.map((value, i) => ({ unitId: `u${i + 1}`, value }));
const scoresOf = (m: Map<string, UnitScore>) => [...m.values()].map((s) => s.score);

describe('z-scores by hand', () => {
  // Five units 2, 4, 6, 8, 10: mean 6; population sd = √((16 + 4 + 0 + 4 + 16) / 5) = √8 = 2√2.
  // z = (x − 6) / 2√2 → −√2, −√2/2, 0, √2/2, √2  (≈ −1.4142, −0.7071, 0, 0.7071, 1.4142)
  const data = units([2, 4, 6, 8, 10]);

  it('unweighted, polarity +1', () => {
    const r = zScores(data, { polarity: 1, weighting: 'unweighted' });
    expect(r.mean).toBe(6);
    expect(r.sd).toBeCloseTo(2 * Math.SQRT2, 12);
    const expected = [-Math.SQRT2, -Math.SQRT2 / 2, 0, Math.SQRT2 / 2, Math.SQRT2];
    scoresOf(r.scores).forEach((z, i) => expect(z).toBeCloseTo(expected[i]!, 12));
  });

  it('polarity −1 flips the sign; neutral behaves like +1', () => {
    const plus = scoresOf(zScores(data, { polarity: 1, weighting: 'unweighted' }).scores);
    const minus = scoresOf(zScores(data, { polarity: -1, weighting: 'unweighted' }).scores);
    const neutral = scoresOf(zScores(data, { polarity: 0, weighting: 'unweighted' }).scores);
    expect(minus).toEqual(plus.map((z) => -z! + 0));
    expect(neutral).toEqual(plus);
  });

  it('population-weighted mean and sd', () => {
    // 10 (300 inhabitants) and 20 (100): mean = (3000 + 2000) / 400 = 12.5;
    // var = (300 · 2.5² + 100 · 7.5²) / 400 = 18.75, sd = √18.75; z = −1/√3 and √3
    const r = zScores(units([10, 20]), {
      polarity: 1,
      weighting: 'population',
      population: [
        { unitId: 'u1', value: 300 },
        { unitId: 'u2', value: 100 },
      ],
    });
    expect(r.mean).toBe(12.5);
    expect(r.sd).toBeCloseTo(Math.sqrt(18.75), 12);
    const [a, b] = scoresOf(r.scores);
    expect(a).toBeCloseTo(-1 / Math.sqrt(3), 12);
    expect(b).toBeCloseTo(Math.sqrt(3), 12);
  });

  it('excluded units leave mean and sd alone and get null; so do units without data or weight', () => {
    const r = zScores([...data, { unitId: 'big', value: 1000 }, { unitId: 'gap', value: null }, { unitId: 'sup', value: 5, flag: 'suppressed' }], {
      polarity: 1,
      weighting: 'unweighted',
      excludedUnitIds: ['big'],
    });
    expect(r.mean).toBe(6);
    expect(r.included).toBe(5);
    expect(r.scores.get('big')).toEqual({ score: null, reason: 'excluded' });
    expect(r.scores.get('gap')).toEqual({ score: null, reason: 'no-data' });
    expect(r.scores.get('sup')).toEqual({ score: null, reason: 'no-data' });
    const weighted = zScores(data, { polarity: 1, weighting: 'population', population: [{ unitId: 'u1', value: 10 }, { unitId: 'u2', value: 0 }] });
    expect(weighted.scores.get('u2')).toEqual({ score: null, reason: 'no-weight' });
    expect(weighted.scores.get('u3')).toEqual({ score: null, reason: 'no-weight' });
    expect(() => zScores(data, { polarity: 1, weighting: 'population' })).toThrow();
  });

  it('no variation: every included unit gets 0 and the result says so', () => {
    const r = zScores(units([0.1, 0.1, 0.1]), { polarity: 1, weighting: 'unweighted' });
    expect(r.noVariation).toBe(true);
    expect(scoresOf(r.scores)).toEqual([0, 0, 0]);
  });
});

describe('min-max and rank normalisation by hand', () => {
  it('min-max, inverted for negative polarity', () => {
    expect(scoresOf(minMaxScores(units([2, 4, 6, 8, 10]), { polarity: 1 }).scores)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(scoresOf(minMaxScores(units([2, 4, 6, 8, 10]), { polarity: -1 }).scores)).toEqual([1, 0.75, 0.5, 0.25, 0]);
  });

  it('ranks with ties share the average rank, then min-max', () => {
    expect(averageRanks([5, 1, 3, 3])).toEqual([4, 1, 2.5, 2.5]);
    // (rank − 1) / (n − 1): 3/3, 0/3, 1.5/3, 1.5/3
    expect(scoresOf(rankMinMaxScores(units([5, 1, 3, 3]), { polarity: 1 }).scores)).toEqual([1, 0, 0.5, 0.5]);
    expect(scoresOf(rankMinMaxScores(units([5, 1, 3, 3]), { polarity: -1 }).scores)).toEqual([0, 1, 0.5, 0.5]);
  });
});

describe('standardisation: properties', () => {
  const dataset = fc
    .array(fc.record({ value: fc.option(indicatorValue, { nil: null, freq: 8 }), excluded: fc.boolean() }), { minLength: 1, maxLength: 60 })
    .map((rows) => ({
      data: rows.map((r, i) => ({ unitId: `u${i}`, value: r.value })),
      excluded: rows.flatMap((r, i) => (r.excluded ? [`u${i}`] : [])),
    }));

  it('unweighted z-scores have mean 0 and sd 1 over the included units and flip sign with polarity', () => {
    fc.assert(
      fc.property(dataset, ({ data, excluded }) => {
        const plus = zScores(data, { polarity: 1, weighting: 'unweighted', excludedUnitIds: excluded });
        const minus = zScores(data, { polarity: -1, weighting: 'unweighted', excludedUnitIds: excluded });
        const z = [...plus.scores.values()].flatMap((s) => (s.score === null ? [] : [s.score]));
        expect(z).toHaveLength(plus.included);
        for (const id of excluded) expect(plus.scores.get(id)?.score).toBeNull();
        for (const [id, s] of plus.scores) expect(minus.scores.get(id)?.score).toBe(s.score === null ? null : -s.score + 0);
        fc.pre(!plus.noVariation);
        const m = z.reduce((a, b) => a + b, 0) / z.length;
        const sd = Math.sqrt(z.reduce((a, b) => a + (b - m) ** 2, 0) / z.length);
        expect(m).toBeCloseTo(0, 9);
        expect(sd).toBeCloseTo(1, 9);
      }),
      { seed },
    );
  });

  it('population weighting with equal weights equals the unweighted z-scores', () => {
    fc.assert(
      fc.property(dataset, fc.integer({ min: 1, max: 10_000 }), ({ data }, inhabitants) => {
        const population = data.map((d) => ({ unitId: d.unitId, value: inhabitants }));
        const weighted = zScores(data, { polarity: 1, weighting: 'population', population });
        const plain = zScores(data, { polarity: 1, weighting: 'unweighted' });
        for (const [id, s] of plain.scores) {
          const w = weighted.scores.get(id)?.score;
          if (s.score === null) expect(w).toBeNull();
          else expect(w).toBeCloseTo(s.score, 9);
        }
      }),
      { seed },
    );
  });

  it('min-max and rank-min-max scores lie in [0, 1]', () => {
    fc.assert(
      fc.property(dataset, fc.constantFrom(1 as const, -1 as const, 0 as const), ({ data, excluded }, polarity) => {
        for (const r of [minMaxScores(data, { polarity, excludedUnitIds: excluded }), rankMinMaxScores(data, { polarity, excludedUnitIds: excluded })]) {
          for (const s of r.scores.values()) if (s.score !== null) expect(s.score >= 0 && s.score <= 1).toBe(true);
        }
      }),
      { seed },
    );
  });
});
