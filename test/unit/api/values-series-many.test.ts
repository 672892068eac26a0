import { describe, expect, it } from 'vitest';
import { demoCoreSuite } from '../../helpers/demo-core.ts';
import type { MethodOutput } from '../../../shared/contract.ts';
import { referenceValue } from '../../../shared/stats/reference-value.ts';

const { call } = demoCoreSuite('many');

type Series = MethodOutput<'values.series'>;
type Many = MethodOutput<'values.seriesMany'>;
type Indicator = MethodOutput<'indicators.list'>[number];

describe('values.seriesMany (the district profile in one call)', () => {
  it('gives the same rows as one values.series call per indicator, in input order', async () => {
    const level = (await call<MethodOutput<'levels.list'>>('levels.list', {})).find((l) => l.name === 'Stadtteil')!;
    const catalogue = await call<Indicator[]>('indicators.list', {});
    const ids = catalogue.map((i) => i.id).reverse();
    const many = await call<Many>('values.seriesMany', { indicatorIds: [...ids, ids[0], 'unknown-id'], levelId: level.id });
    expect(many.map((s) => s.indicatorId)).toEqual([...ids, 'unknown-id']);
    for (const entry of many.slice(0, -1)) {
      expect(entry.values).toEqual(await call<Series>('values.series', { indicatorId: entry.indicatorId, levelId: level.id }));
    }
    expect(many.at(-1)!.values).toEqual([]);
    expect(many.reduce((n, s) => n + s.values.length, 0)).toBeGreaterThan(500);
  });

  it('the demo marks its inhabitants for weighting, and the city values come out as a statistics office has them', async () => {
    const level = (await call<MethodOutput<'levels.list'>>('levels.list', {})).find((l) => l.name === 'Stadtteil')!;
    const catalogue = await call<Indicator[]>('indicators.list', {});
    const population = catalogue.filter((i) => i.tags.includes('Bezugsbevölkerung'));
    expect(population.map((i) => i.code)).toEqual(['bev_gesamt']);
    const id = (code: string) => catalogue.find((i) => i.code === code)!.id;
    const [bev, sgb2] = await call<Many>('values.seriesMany', { indicatorIds: [id('bev_gesamt'), id('sgb2_anteil')], levelId: level.id });
    const in2021 = (s: Many[number]) => s.values.filter((v) => v.period === '2021');
    const inhabitants = referenceValue({ measure: 'absolute', values: in2021(bev!) });
    // Tab. 01: the 13 Stadtteile add up to 97,877 inhabitants in 2021.
    expect(inhabitants).toEqual({ value: 97_877, method: 'sum', used: 13, missing: 0 });
    const weighted = referenceValue({ measure: 'relative', values: in2021(sgb2!), weights: in2021(bev!) });
    expect(weighted.method).toBe('weighted-mean');
    // Σ inhabitants · share / Σ inhabitants = 13.759 %, not the plain mean of the 13 shares (13.685 %):
    // Tarup (5,596 inhabitants, 3.1 %) weighs less than Nordstadt (12,525 inhabitants, 20.2 %).
    expect(weighted.value!).toBeCloseTo(13.758986, 5);
    const plain = referenceValue({ measure: 'relative', values: in2021(sgb2!) });
    expect(plain).toMatchObject({ method: 'unit-mean', used: 13 });
    expect(plain.value!).toBeCloseTo(177.9 / 13, 9);
  });
});
