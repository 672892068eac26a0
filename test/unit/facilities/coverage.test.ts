import { describe, expect, it } from 'vitest';
import { toEqualArea } from '../../../electron/core/geo/measure.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { saveFacility, setFacilityArchived } from '../../../electron/core/services/facilities.ts';
import { computeCoverage } from '../../../electron/core/services/facility-coverage.ts';
import { saveFacilityIndicator } from '../../../electron/core/services/facility-indicators.ts';
import { valuesForMap } from '../../../electron/core/services/indicator-values.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { textFile } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

// A hand-made case in EPSG:3035 metres (the app's equal-area plane), near its centre (52° N, 10° E):
// U1 and U2 are neighbouring 1 km squares, U3 lies 1 km further east. One Kita stands on the
// boundary of U1 and U2, half way up, so its 500 m circle lies half in U1, half in U2: each has
// π · 500² / 2 m² within reach. ("Exact" to 1e-6 of the share: the WGS84 round trip of the
// squares' corners moves them by fractions of a millimetre.)
const X0 = 4_321_000;
const Y0 = 3_210_000;
const toLonLat = (x: number, y: number) => toEqualArea.inverse([X0 + x, Y0 + y]);
const square = (code: string, x0: number) => ({
  type: 'Feature',
  properties: { code },
  geometry: { type: 'Polygon', coordinates: [[[x0, 0], [x0 + 1000, 0], [x0 + 1000, 1000], [x0, 1000], [x0, 0]].map(([x, y]) => toLonLat(x!, y!))] },
});

async function setup() {
  const db = tempDatabase();
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  const file = textFile('quadrate.geojson', JSON.stringify({ type: 'FeatureCollection', features: [square('U1', 0), square('U2', 1000), square('U3', 3000)] }));
  await importUnits(db.sqlite, [file], { level: 'Quartier', codeField: 'code', nameField: 'code' });
  const levelId = deterministicId.level('quartier');
  const kita = deterministicId.category('kita');
  const [lon, lat] = toLonLat(1000, 500) as [number, number];
  const facility = saveFacility(writer, db.sqlite, { facility: { categoryId: kita, name: 'Kita an der Grenze', lon, lat } });
  return { db, writer, levelId, kita, facility };
}

const byCode = (units: Array<{ code: string; share: number }>) => Object.fromEntries(units.map((u) => [u.code, u.share]));

describe('coverage within reach', () => {
  it('gives each unit the exact share of its area within 500 m and lists the unit out of reach', async () => {
    const { db, levelId, kita } = await setup();
    const result = computeCoverage(db.sqlite, { categoryIds: [kita], distance: 500, levelId });
    const half = (Math.PI * 500 ** 2) / 2 / 1e6;
    const shares = byCode(result.units);
    expect(shares.U1).toBeCloseTo(half, 6);
    expect(shares.U2).toBeCloseTo(half, 6);
    expect(shares.U3).toBe(0);
    expect(result.units.map((u) => [u.code, Math.round(u.areaKm2 * 1e6)])).toEqual([['U1', 1e6], ['U2', 1e6], ['U3', 1e6]]);
    expect(result.uncovered).toEqual([{ unitId: deterministicId.unit('quartier', 'U3'), code: 'U3', name: 'U3', nearestM: expect.closeTo(2000, 3) }]);
    // The facility stands on the boundary: it belongs to one unit (the smaller code).
    expect(result.units.map((u) => u.facilitiesInside)).toEqual([1, 0, 0]);
    expect(result.totalShare).toBeCloseTo((2 * half) / 3, 6);
    // The catchment layer: one circle, its area that of the true circle, in WGS84.
    expect(result.catchment.features).toHaveLength(1);
    expect(result.catchment.features[0]!.properties.areaKm2).toBeCloseTo(Math.PI * 0.25, 6);
    const ring = (result.catchment.features[0]!.geometry.coordinates as number[][][][])[0]![0]!;
    const [lon, lat] = toLonLat(1000, 500) as [number, number];
    for (const [x, y] of ring) expect(Math.hypot((x! - lon) * Math.cos((lat * Math.PI) / 180), y! - lat) * 111_320).toBeLessThan(501);
  });

  it('shrinks with the distance and counts only open, not archived facilities of the category', async () => {
    const { db, writer, levelId, kita, facility } = await setup();
    expect(byCode(computeCoverage(db.sqlite, { categoryIds: [kita], distance: 300, levelId }).units).U1).toBeCloseTo((Math.PI * 0.09) / 2, 6);
    const wide = computeCoverage(db.sqlite, { categoryIds: [kita], distance: 1000, levelId });
    expect(byCode(wide.units).U1).toBeGreaterThan(0.8);
    expect(wide.uncovered.map((u) => u.code)).toEqual(['U3']);
    // Another category reaches nothing; a closed or archived Kita neither.
    const other = computeCoverage(db.sqlite, { categoryIds: [deterministicId.category('pflege')], distance: 500, levelId });
    expect(other).toMatchObject({ facilityCount: 0, catchment: { features: [] }, totalShare: 0 });
    expect(other.uncovered.map((u) => [u.code, u.nearestM])).toEqual([['U1', null], ['U2', null], ['U3', null]]);
    expect(computeCoverage(db.sqlite, { categoryIds: [kita], distance: 500, levelId, date: '1999-01-01' }).facilityCount).toBe(1);
    saveFacility(writer, db.sqlite, { id: facility.id, facility: { categoryId: kita, name: facility.name, lon: facility.lon, lat: facility.lat, validFrom: '2000-08-01' } });
    expect(computeCoverage(db.sqlite, { categoryIds: [kita], distance: 500, levelId, date: '1999-01-01' }).facilityCount).toBe(0);
    setFacilityArchived(writer, db.sqlite, facility.id, true);
    expect(computeCoverage(db.sqlite, { categoryIds: [kita], distance: 500, levelId }).facilityCount).toBe(0);
  });

  it('becomes an indicator (share in %) that follows the facilities', async () => {
    const { db, writer, levelId, kita } = await setup();
    const indicator = saveFacilityIndicator(writer, db.sqlite, {
      code: 'kita_500m', name: 'Fläche bis 500 m zur Kita', recipe: { type: 'facilities', measure: 'coverage', distance: 500, categoryIds: [kita], periods: ['2024'] },
    });
    expect(indicator).toMatchObject({ unit: '%', measure: 'relative', polarity: 'better' });
    const percent = () => Object.fromEntries(valuesForMap(db.sqlite, indicator.id, '2024', levelId).map((v) => [v.unitId.slice(-4), v.value]));
    const u = (code: string) => deterministicId.unit('quartier', code).slice(-4);
    expect(percent()[u('U1')]).toBeCloseTo(((Math.PI * 0.25) / 2) * 100, 4);
    expect(percent()[u('U3')]).toBe(0);
    const [lon, lat] = toLonLat(3500, 500) as [number, number];
    saveFacility(writer, db.sqlite, { facility: { categoryId: kita, name: 'Kita Ost', lon, lat } });
    expect(percent()[u('U3')]).toBeCloseTo(Math.PI * 0.25 * 100, 4);
  });
});
