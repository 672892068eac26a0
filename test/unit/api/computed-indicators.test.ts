import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dissolveLevel } from '../../../electron/core/imports/dissolve-level.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { aggregateToParents, computeDerived, saveDerived } from '../../../electron/core/services/computed-indicators.ts';
import { valuesForMap } from '../../../electron/core/services/indicator-values.ts';
import { valueId } from '../../../electron/core/sync/ids.ts';
import { FIXTURES, sourceFile } from '../../helpers/fixtures.ts';
import { seedIndicator, seedUnits } from '../../helpers/seed.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

describe('derived indicators', () => {
  it('computes a share per unit and period, and follows its inputs', () => {
    const db = tempDatabase();
    const { levelId, unitIds, writer } = seedUnits(db, 3);
    const part = seedIndicator(db, writer, 'kinder_sgb2', 'need', unitIds, [30, 10, null]);
    const whole = seedIndicator(db, writer, 'kinder', 'neutral', unitIds, [200, 0, 50]);
    const recipe = { type: 'derived' as const, operation: 'share' as const, a: part, b: whole, levelId, from: null, to: null };
    const values = computeDerived(db.sqlite, recipe);
    const inOrder = unitIds.map((id) => values.find((v) => v.unitId === id)!);
    expect(inOrder.map((v) => v.value)).toEqual([15, null, null]);
    expect(inOrder.map((v) => v.flag)).toEqual([null, 'missing', 'missing']);
    const saved = saveDerived(writer, db.sqlite, { code: 'kinder_sgb2_anteil', name: 'Anteil Kinder SGB II', unit: '%', decimals: 1, recipe });
    expect(saved).toMatchObject({ computed: true, polarity: 'need', definition: 'kinder_sgb2 je 100 kinder' });
    expect(valuesForMap(db.sqlite, saved.id, '2021', levelId).find((v) => v.unitId === unitIds[0])!.value).toBe(15);
  });

  it('refuses a code an ordinary indicator has, and leaves that indicator and its values alone', () => {
    const db = tempDatabase();
    const { levelId, unitIds, writer } = seedUnits(db, 2);
    const part = seedIndicator(db, writer, 'kinder_sgb2', 'need', unitIds, [30, 10]);
    const whole = seedIndicator(db, writer, 'kinder', 'neutral', unitIds, [200, 100]);
    const recipe = { type: 'derived' as const, operation: 'share' as const, a: part, b: whole, levelId, from: null, to: null };
    expect(() => saveDerived(writer, db.sqlite, { code: 'kinder', name: 'Anteil', unit: '%', decimals: 1, recipe })).toThrow('Das Kürzel „kinder“ hat schon ein anderer Indikator');
    const kinder = new Map(valuesForMap(db.sqlite, whole, '2021', levelId).map((v) => [v.unitId, v.value]));
    expect(unitIds.map((id) => kinder.get(id))).toEqual([200, 100]);
    // Saving a derived indicator again under its own code recomputes it.
    saveDerived(writer, db.sqlite, { code: 'anteil', name: 'Anteil', unit: '%', decimals: 1, recipe });
    expect(saveDerived(writer, db.sqlite, { code: 'anteil', name: 'Anteil neu', unit: '%', decimals: 2, recipe })).toMatchObject({ name: 'Anteil neu', decimals: 2 });
  });

  it('computes change and trend between periods', () => {
    const db = tempDatabase();
    const { levelId, unitIds, writer } = seedUnits(db, 2);
    const a = seedIndicator(db, writer, 'quote', 'need', unitIds, [10, 20], '2019');
    writer.transaction((tx) => tx.bulkInsert('indicator_values', unitIds.map((unitId, i) => ({ id: valueId(a, unitId, '2021'), values: { indicator_id: a, unit_id: unitId, period: '2021', value: [12, 15][i], flag: null } }))));
    const run = (operation: 'change' | 'relative-change') => {
      const values = computeDerived(db.sqlite, { type: 'derived', operation, a, b: null, levelId, from: '2019', to: '2021' });
      return unitIds.map((id) => values.find((v) => v.unitId === id)!.value);
    };
    expect(run('change')).toEqual([2, -5]);
    expect(run('relative-change')).toEqual([20, -25]);
  });
});

describe('aggregation to a higher level', () => {
  it('sums counts of the Gelsenkirchen Stadtteile into their Stadtbezirke and recomputes rates from parts', async () => {
    const db = tempDatabase();
    await importUnits(db.sqlite, [sourceFile(path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson'))], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
    dissolveLevel(db.sqlite, { sourceLevel: 'Stadtteil', groupField: 'bezirk_bez', level: 'Stadtbezirk' });
    const stadtteile = db.sqlite.prepare("SELECT u.id, u.name, u.level_id AS levelId, p.name AS bezirk, p.id AS bezirkId, p.level_id AS bezirkLevel FROM spatial_units u JOIN spatial_units p ON p.id = u.parent_id ORDER BY u.code").all() as Array<{ id: string; name: string; levelId: string; bezirk: string; bezirkId: string; bezirkLevel: string }>;
    const { writer } = seedUnits(db, 0, 'Leer');
    const unitIds = stadtteile.map((s) => s.id);
    const kinder = seedIndicator(db, writer, 'kinder', 'neutral', unitIds, stadtteile.map((_, i) => 100 + i * 10));
    const arm = seedIndicator(db, writer, 'kinder_arm', 'need', unitIds, stadtteile.map((_, i) => 10 + 2 * i));
    const quote = seedIndicator(db, writer, 'kinder_arm_quote', 'need', unitIds, stadtteile.map((_, i) => ((10 + 2 * i) / (100 + i * 10)) * 100));
    const levelId = stadtteile[0]!.levelId;
    expect(aggregateToParents(writer, db.sqlite, { indicatorId: kinder, fromLevelId: levelId, method: 'sum', numeratorId: null, denominatorId: null, weightId: null })).toMatchObject({ values: 5, incompleteParents: 0 });
    const nord = stadtteile.filter((s) => s.bezirk === 'Nord');
    const expected = nord.reduce((sum, s) => sum + 100 + stadtteile.indexOf(s) * 10, 0);
    const bezirkValues = valuesForMap(db.sqlite, kinder, '2021', nord[0]!.bezirkLevel);
    expect(bezirkValues.find((v) => v.unitId === nord[0]!.bezirkId)!.value).toBe(expected);
    aggregateToParents(writer, db.sqlite, { indicatorId: quote, fromLevelId: levelId, method: 'rate', numeratorId: arm, denominatorId: kinder, weightId: null });
    const rate = valuesForMap(db.sqlite, quote, '2021', nord[0]!.bezirkLevel).find((v) => v.unitId === nord[0]!.bezirkId)!.value!;
    const parts = nord.map((s) => stadtteile.indexOf(s));
    const fromParts = (parts.reduce((sum, i) => sum + 10 + 2 * i, 0) / parts.reduce((sum, i) => sum + 100 + i * 10, 0)) * 100;
    expect(rate).toBeCloseTo(fromParts, 10);
    const meanOfRates = parts.reduce((sum, i) => sum + ((10 + 2 * i) / (100 + i * 10)) * 100, 0) / parts.length;
    expect(Math.abs(rate - meanOfRates)).toBeGreaterThan(1e-6);
  });
});
