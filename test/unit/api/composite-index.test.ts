import { describe, expect, it } from 'vitest';
import { computeIndex, recomputeDependentIndices, saveIndex, type StoredIndex } from '../../../electron/core/services/composite-indices.ts';
import { valuesForMap } from '../../../electron/core/services/indicator-values.ts';
import { valueId } from '../../../electron/core/sync/ids.ts';
import { seedIndicator, seedUnits } from '../../helpers/seed.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

function fixture() {
  const db = tempDatabase();
  const { levelId, unitIds, writer } = seedUnits(db, 5);
  // A: higher = more need. B: higher = better.
  const a = seedIndicator(db, writer, 'arbeitslos', 'need', unitIds, [10, 20, 30, 40, 50]);
  const b = seedIndicator(db, writer, 'beschaeftigt', 'better', unitIds, [1, 1, 2, 3, 3]);
  const stored: StoredIndex = {
    type: 'composite-index',
    levelId,
    period: '2021',
    populationIndicatorId: null,
    recipe: {
      dimensions: [{ name: 'Arbeit', weight: 1, indicators: [{ indicatorId: a, weight: 1, polarity: 1 }, { indicatorId: b, weight: 1, polarity: -1 }] }],
      standardisation: 'z-score',
      weighting: 'unweighted',
      exclusions: {},
      combine: 'mean',
      classes: { cutoffs: [0], labels: ['unauffällig', 'auffällig'] },
    },
  };
  return { db, writer, levelId, unitIds, a, b, stored };
}

describe('composite indices', () => {
  it('matches a hand calculation of z-scores with polarity', () => {
    const { db, unitIds, stored } = fixture();
    // A: mean 30, population sd √200 → z = (x−30)/√200 = −√2, −√2/2, 0, √2/2, √2.
    // B (better, sign flipped): mean 2, sd √0.8 → z = −(x−2)/√0.8 = 1.118, 1.118, 0, −1.118, −1.118.
    const zA = [-Math.SQRT2, -Math.SQRT2 / 2, 0, Math.SQRT2 / 2, Math.SQRT2];
    const zB = [1, 1, 0, -1, -1].map((s) => s / Math.sqrt(0.8));
    const result = computeIndex(db.sqlite, stored);
    unitIds.forEach((unitId, i) => {
      const unit = result.units.get(unitId)!;
      expect(unit.status).toBe('included');
      if (unit.status !== 'included') return;
      const [first, second] = unit.dimensions[0]!.indicators;
      expect(first!.score).toBeCloseTo(zA[i]!, 10);
      expect(second!.score).toBeCloseTo(zB[i]!, 10);
      expect(unit.total).toBeCloseTo((zA[i]! + zB[i]!) / 2, 10);
    });
  });

  it('is stored as an indicator with its recipe, a sub-index per dimension and values', () => {
    const { db, writer, levelId, unitIds, stored } = fixture();
    const saved = saveIndex(writer, db.sqlite, { code: 'arbeitsindex', name: 'Arbeitsindex', stored });
    expect(saved).toMatchObject({ code: 'arbeitsindex', computed: true, measure: 'standardised', periods: ['2021'], topic: 'Indizes' });
    expect(saved.recipe).toMatchObject({ type: 'composite-index', period: '2021' });
    const totals = valuesForMap(db.sqlite, saved.id, '2021', levelId);
    expect(totals).toHaveLength(5);
    const sub = db.sqlite.prepare("SELECT id FROM indicators WHERE code = 'arbeitsindex.arbeit'").get() as { id: string };
    expect(valuesForMap(db.sqlite, sub.id, '2021', levelId)).toHaveLength(5);
    const third = totals.find((v) => v.unitId === unitIds[2])!;
    expect(third.value).toBeCloseTo(0, 10);
  });

  it('never overwrites an ordinary indicator that has the same code', () => {
    const { db, writer, stored } = fixture();
    expect(() => saveIndex(writer, db.sqlite, { code: 'arbeitslos', name: 'X', stored })).toThrow(/hat schon ein gewöhnlicher Indikator/);
  });

  it('is recomputed when an input value changes', () => {
    const { db, writer, levelId, unitIds, a, stored } = fixture();
    const saved = saveIndex(writer, db.sqlite, { code: 'arbeitsindex', name: 'Arbeitsindex', stored });
    const before = valuesForMap(db.sqlite, saved.id, '2021', levelId).find((v) => v.unitId === unitIds[0])!.value!;
    writer.transaction((tx) => tx.update('indicator_values', valueId(a, unitIds[0]!, '2021'), { value: 90 }));
    expect(recomputeDependentIndices(writer, db.sqlite, [a])).toEqual([saved.id]);
    const after = valuesForMap(db.sqlite, saved.id, '2021', levelId).find((v) => v.unitId === unitIds[0])!.value!;
    expect(after).toBeGreaterThan(before);
    expect(recomputeDependentIndices(writer, db.sqlite, ['something-else'])).toEqual([]);
  });

  it('leaves units with a missing input out, with a reason', () => {
    const db = tempDatabase();
    const { levelId, unitIds, writer } = seedUnits(db, 4);
    const a = seedIndicator(db, writer, 'a', 'need', unitIds, [1, 2, null, 4]);
    const result = computeIndex(db.sqlite, {
      type: 'composite-index', levelId, period: '2021', populationIndicatorId: null,
      recipe: { dimensions: [{ name: 'D', weight: 1, indicators: [{ indicatorId: a, weight: 1, polarity: 1 }] }], standardisation: 'z-score', weighting: 'unweighted', exclusions: {}, combine: 'mean', classes: { cutoffs: [0], labels: ['x', 'y'] } },
    });
    expect(result.units.get(unitIds[2]!)).toMatchObject({ status: 'excluded', reason: 'missing-values' });
  });
});
