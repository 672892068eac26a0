// A composite index over the real Flensburg demo data (13 Stadtteile, 2021), computed through the
// app's own path (contract → dispatch → handler → composite-indices service), checked against a
// calculation by hand.
//
// Method (../shared/docs/methods.md, "Standardisation and composite indices"):
//   z_ij = s_j · (x_ij − mean_j) / sd_j over the units in the index.
// methods.md does not say whether sd divides by n or by n − 1. The implementation
// (shared/stats/standardise.ts) uses the population sd (divide by n): the Stadtteile are the whole
// city, not a sample. The hand calculation below does the same; a spreadsheet's STABW.S / SPSS's
// default (n − 1) would give z-scores smaller by √(12/13) ≈ 0.961.
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCoreSuite } from '../../helpers/demo-core.ts';
import type { MethodOutput } from '../../../shared/contract.ts';

const { call } = demoCoreSuite('index');

// The 2021 values as printed in the Sozialatlas tables (tab 18, tab 11, tab 9), Stadtteil by Stadtteil.
const STADTTEILE = [
  '01 Altstadt', '02 Neustadt', '03 Nordstadt', '04 Westliche Höhe', '05 Friesischer Berg', '06 Weiche', '07 Südstadt',
  '08 Sandberg', '09 Jürgensby', '10 Fruerlund', '11 Mürwik', '12 Engelsby', '13 Tarup',
] as const;
/** SGB II share in % (higher = more need: polarity +1). */
const SGB2 = [13.4, 24.5, 20.2, 11.7, 12.2, 8.1, 17.3, 12.1, 14.8, 15.1, 12.7, 12.7, 3.1];
/** Employment rate in % (higher = better: polarity −1, inverted). */
const EMPLOYMENT = [50.6, 46.0, 47.5, 49.1, 53.7, 54.6, 56.5, 51.2, 52.6, 56.1, 52.9, 56.0, 53.8];
/** Share with a migration background in % (neutral in the catalogue; here chosen as +1). */
const MIGRATION = [35.5, 45.2, 46.2, 26.8, 25.4, 28.8, 34.1, 25.6, 23.6, 23.1, 24.2, 30.3, 19.8];

// ---- by hand -----------------------------------------------------------------------------
// Means: the sum of the 13 values divided by 13.
const meanSgb2 = (13.4 + 24.5 + 20.2 + 11.7 + 12.2 + 8.1 + 17.3 + 12.1 + 14.8 + 15.1 + 12.7 + 12.7 + 3.1) / 13; // 177.9 / 13 = 13.684615…
const meanEmployment = (50.6 + 46.0 + 47.5 + 49.1 + 53.7 + 54.6 + 56.5 + 51.2 + 52.6 + 56.1 + 52.9 + 56.0 + 53.8) / 13; // 680.6 / 13 = 52.353846…
const meanMigration = (35.5 + 45.2 + 46.2 + 26.8 + 25.4 + 28.8 + 34.1 + 25.6 + 23.6 + 23.1 + 24.2 + 30.3 + 19.8) / 13; // 388.6 / 13 = 29.892308…

/** Population standard deviation: √( Σ (x − mean)² / n ). */
function populationSd(xs: readonly number[], mean: number): number {
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  return Math.sqrt(squares / xs.length);
}
const sdSgb2 = populationSd(SGB2, meanSgb2); // 5.035542…
const sdEmployment = populationSd(EMPLOYMENT, meanEmployment); // 3.195578…
const sdMigration = populationSd(MIGRATION, meanMigration); // 7.936911…

const at = (name: (typeof STADTTEILE)[number]) => STADTTEILE.indexOf(name);
/** z of one Stadtteil, oriented: + for need, − (inverted) for "higher is better". */
function handZ(name: (typeof STADTTEILE)[number]) {
  const i = at(name);
  return {
    sgb2: +1 * ((SGB2[i]! - meanSgb2) / sdSgb2),
    employment: -1 * ((EMPLOYMENT[i]! - meanEmployment) / sdEmployment),
    migration: +1 * ((MIGRATION[i]! - meanMigration) / sdMigration),
  };
}

type Preview = MethodOutput<'indices.preview'>;
type Level = MethodOutput<'levels.list'>[number];
type Indicator = MethodOutput<'indicators.list'>[number];

describe('a composite index over the Flensburg demo, checked by hand', () => {
  let level: Level;
  let units: Map<string, string>;
  let ids: Record<'sgb2' | 'employment' | 'migration', string>;

  beforeAll(async () => {
    level = (await call<Level[]>('levels.list', {})).find((l) => l.name === 'Stadtteil')!;
    const features = await call<MethodOutput<'units.features'>>('units.features', { levelId: level.id });
    units = new Map(features.features.map((f) => [String(f.properties['name']), String(f.properties['id'])]));
    const catalogue = await call<Indicator[]>('indicators.list', {});
    const id = (code: string) => catalogue.find((i) => i.code === code)!.id;
    ids = { sgb2: id('sgb2_anteil'), employment: id('beschaeftigungsquote'), migration: id('migration_anteil') };
    expect(catalogue.find((i) => i.code === 'beschaeftigungsquote')!.polarity).toBe('better');
  });

  it('the demo holds the values of the Sozialatlas tables', async () => {
    for (const [key, expected] of [['sgb2', SGB2], ['employment', EMPLOYMENT], ['migration', MIGRATION]] as const) {
      const values = await call<MethodOutput<'values.map'>>('values.map', { indicatorId: ids[key], period: '2021', levelId: level.id });
      const byUnit = new Map(values.map((v) => [v.unitId, v.value]));
      expect(STADTTEILE.map((name) => byUnit.get(units.get(name)!))).toEqual(expected);
    }
  });

  it('z-scores (with the employment rate inverted) and the weighted total match the hand calculation', async () => {
    // One indicator per dimension, so every dimension score is that indicator's z-score; the
    // dimension weights 2 : 1 : 1 make the total (2·z_sgb2 + z_employment + z_migration) / 4.
    const stored = {
      type: 'composite-index',
      levelId: level.id,
      period: '2021',
      populationIndicatorId: null,
      recipe: {
        dimensions: [
          { name: 'Transferleistungen', weight: 2, indicators: [{ indicatorId: ids.sgb2, weight: 1, polarity: 1 }] },
          { name: 'Beschäftigung', weight: 1, indicators: [{ indicatorId: ids.employment, weight: 1, polarity: -1 }] },
          { name: 'Integration', weight: 1, indicators: [{ indicatorId: ids.migration, weight: 1, polarity: 1 }] },
        ],
        standardisation: 'z-score',
        weighting: 'unweighted',
        exclusions: {},
        combine: 'mean',
        classes: { cutoffs: [-1, 1], labels: ['gering', 'mittel', 'hoch'] },
      },
    };
    const preview = await call<Preview>('indices.preview', { stored });
    expect(preview.units).toHaveLength(13);
    const byUnit = new Map(preview.units.map((u) => [u.unitId, u]));

    for (const name of ['01 Altstadt', '02 Neustadt', '13 Tarup', '07 Südstadt'] as const) {
      const unit = byUnit.get(units.get(name)!)!;
      const z = handZ(name);
      const score = (dimension: string) => unit.dimensions.find((d) => d.name === dimension)!.score;
      expect(Math.abs(score('Transferleistungen') - z.sgb2)).toBeLessThan(1e-9);
      expect(Math.abs(score('Beschäftigung') - z.employment)).toBeLessThan(1e-9);
      expect(Math.abs(score('Integration') - z.migration)).toBeLessThan(1e-9);
      expect(Math.abs(unit.total! - (2 * z.sgb2 + 1 * z.employment + 1 * z.migration) / 4)).toBeLessThan(1e-9);
    }

    // Written out for three Stadtteile (rounded in the comments only):
    // Altstadt:  sgb2 (13.4 − 13.6846)/5.0355 = −0.0565; employment −(50.6 − 52.3538)/3.1956 = +0.5488
    //            (below-average employment means more need); migration (35.5 − 29.8923)/7.9369 = +0.7065
    expect(handZ('01 Altstadt').employment).toBeGreaterThan(0);
    // Neustadt:  the highest SGB II share (24.5) and the lowest employment (46.0): most need in both.
    expect(handZ('02 Neustadt').sgb2).toBeCloseTo(2.1478, 4);
    expect(handZ('02 Neustadt').employment).toBeCloseTo(1.9883, 4);
    // Tarup:     the lowest SGB II share (3.1): (3.1 − 13.6846)/5.0355 = −2.1020.
    expect(handZ('13 Tarup').sgb2).toBeCloseTo(-2.10198, 4);

    // Classes: the totals standardised once more (population sd), cut at −1 and +1.
    const totals = STADTTEILE.map((name) => {
      const z = handZ(name);
      return (2 * z.sgb2 + z.employment + z.migration) / 4;
    });
    let sum = 0;
    for (const t of totals) sum += t;
    const meanTotal = sum / totals.length;
    const sdTotal = populationSd(totals, meanTotal);
    for (const name of STADTTEILE) {
      const classScore = (totals[at(name)]! - meanTotal) / sdTotal;
      const expected = classScore <= -1 ? 'gering' : classScore <= 1 ? 'mittel' : 'hoch';
      expect(byUnit.get(units.get(name)!)!.classLabel, name).toBe(expected);
    }
    expect(byUnit.get(units.get('02 Neustadt')!)!.classLabel).toBe('hoch');
    expect(byUnit.get(units.get('13 Tarup')!)!.classLabel).toBe('gering');
  });
});
