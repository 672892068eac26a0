import { describe, expect, it } from 'vitest';
import { dissolveLevel } from '../../../electron/core/imports/dissolve-level.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { getFacility, saveFacility, setFacilityArchived, setFacilityDeleted } from '../../../electron/core/services/facilities.ts';
import { assignFacilities } from '../../../electron/core/services/facility-assignment.ts';
import { saveFacilityIndicator } from '../../../electron/core/services/facility-indicators.ts';
import { saveIndicator } from '../../../electron/core/services/indicators.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { textFile } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const box = (code: string, x0: number, x1: number, bezirk = 'Nord') => ({
  type: 'Feature',
  properties: { code, name: `Gebiet ${code}`, bezirk },
  geometry: { type: 'Polygon', coordinates: [[[x0, 54], [x1, 54], [x1, 54.01], [x0, 54.01], [x0, 54]]] },
});
const file = (name: string, features: unknown[]) => textFile(name, JSON.stringify({ type: 'FeatureCollection', features }));

async function setup() {
  const db = tempDatabase();
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  await importUnits(db.sqlite, [file('v1.geojson', [box('A', 9, 9.01), box('B', 9.01, 9.02)])], { level: 'Stadtteil', codeField: 'code', nameField: 'name' });
  const kita = deterministicId.category('kita');
  const add = (name: string, lon: number, lat = 54.005) => saveFacility(writer, db.sqlite, { facility: { categoryId: kita, name, lon, lat } }).id;
  const unitOf = (id: string) => getFacility(db.sqlite, id).units.map((u) => u.code);
  const values = (indicatorId: string) =>
    Object.fromEntries(
      (db.sqlite
        .prepare('SELECT u.code, v.period, v.value FROM indicator_values v JOIN spatial_units u ON u.id = v.unit_id WHERE v.indicator_id = ? AND v.deleted = 0')
        .all(indicatorId) as Array<{ code: string; period: string; value: number }>).map((r) => [`${r.code}@${r.period}`, r.value]),
    );
  return { db, writer, kita, add, unitOf, values };
}

describe('assigning facilities to the units that contain them', () => {
  it('puts a point on a boundary into exactly one unit and a point outside into none, and reports it', async () => {
    const { db, add, unitOf } = await setup();
    const inside = add('Kita Mitte', 9.003);
    const onBoundary = add('Kita an der Grenze', 9.01);
    const outside = add('Kita draußen', 9.05);
    expect(unitOf(inside)).toEqual(['A']);
    expect(unitOf(onBoundary)).toEqual(['A']);
    expect(unitOf(outside)).toEqual([]);
    const summary = assignFacilities(db.sqlite);
    expect(summary.levels).toEqual([expect.objectContaining({ name: 'Stadtteil', assigned: 2, outside: 1 })]);
    expect(summary.outsideIds).toEqual([outside]);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM facility_units WHERE facility_id = ?').get(onBoundary)).toEqual({ n: 1 });
  });

  it('reassigns after a new boundary version, keeping the old units for past periods, and counts per period', async () => {
    const { db, writer, kita, add, unitOf, values } = await setup();
    const west = add('Kita West', 9.003);
    const grenze = add('Kita Grenze', 9.01);
    const count = saveFacilityIndicator(writer, db.sqlite, { code: 'kitas', name: 'Kitas', recipe: { type: 'facilities', measure: 'count', categoryIds: [kita], periods: ['2023', '2024'] } });
    expect(values(count.id)).toMatchObject({ 'A@2023': 2, 'B@2023': 0, 'A@2024': 2, 'B@2024': 0 });

    // From 2024 A is split in two; B stays. The import reassigns and recomputes on its own.
    await importUnits(db.sqlite, [file('v2.geojson', [box('A1', 9, 9.005), box('A2', 9.005, 9.01), box('B', 9.01, 9.02)])], {
      level: 'Stadtteil', codeField: 'code', nameField: 'name', validFrom: '2024-01-01',
    });
    expect(unitOf(west)).toEqual(['A1']);
    expect(unitOf(grenze)).toEqual(['A2']);
    const rows = db.sqlite.prepare('SELECT u.code FROM facility_units fu JOIN spatial_units u ON u.id = fu.unit_id WHERE fu.facility_id = ? ORDER BY u.code').all(west);
    expect(rows).toEqual([{ code: 'A' }, { code: 'A1' }]);
    const after = values(count.id);
    expect(after).toMatchObject({ 'A@2023': 2, 'B@2023': 0, 'A1@2024': 1, 'A2@2024': 1, 'B@2024': 0 });
    // A ended in 2023: it has no 2024 value any more.
    expect(after['A@2024']).toBeUndefined();
  });

  it('reassigns after a move, and the count follows', async () => {
    const { db, writer, kita, add, unitOf, values } = await setup();
    const id = add('Kita Wanderung', 9.003);
    const count = saveFacilityIndicator(writer, db.sqlite, { code: 'kitas', name: 'Kitas', recipe: { type: 'facilities', measure: 'count', categoryIds: [kita], periods: ['2024'] } });
    expect(values(count.id)).toEqual({ 'A@2024': 1, 'B@2024': 0 });
    const opsBefore = (db.sqlite.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n;
    saveFacility(writer, db.sqlite, { id, facility: { categoryId: kita, name: 'Kita Wanderung', lon: 9.015, lat: 54.005 } });
    expect(unitOf(id)).toEqual(['B']);
    expect(values(count.id)).toEqual({ 'A@2024': 0, 'B@2024': 1 });
    // A move inside the unit changes no assignment and no value (only the position op).
    const opsMoved = (db.sqlite.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n;
    saveFacility(writer, db.sqlite, { id, facility: { categoryId: kita, name: 'Kita Wanderung', lon: 9.016, lat: 54.006 } });
    expect(unitOf(id)).toEqual(['B']);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM ops').get() as { n: number }).n - opsMoved).toBe(2);
    expect(opsMoved).toBeGreaterThan(opsBefore);
  });

  it('does not count archived, deleted or closed facilities, and counts them again when restored', async () => {
    const { db, writer, kita, add, values } = await setup();
    const a = add('Kita 1', 9.002);
    add('Kita 2', 9.004);
    const closed = saveFacility(writer, db.sqlite, { facility: { categoryId: kita, name: 'Kita 3', lon: 9.006, lat: 54.005, validTo: '2022-07-31' } }).id;
    const count = saveFacilityIndicator(writer, db.sqlite, { code: 'kitas', name: 'Kitas', recipe: { type: 'facilities', measure: 'count', categoryIds: [kita], periods: ['2021', '2024'] } });
    expect(values(count.id)).toMatchObject({ 'A@2021': 3, 'A@2024': 2 });
    setFacilityArchived(writer, db.sqlite, a, true);
    expect(values(count.id)).toMatchObject({ 'A@2021': 2, 'A@2024': 1 });
    setFacilityDeleted(writer, db.sqlite, closed, true);
    expect(values(count.id)).toMatchObject({ 'A@2021': 1 });
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM facility_units WHERE facility_id = ?').get(closed)).toEqual({ n: 0 });
    setFacilityDeleted(writer, db.sqlite, closed, false);
    expect(values(count.id)).toMatchObject({ 'A@2021': 2 });
  });

  it('refuses to turn an ordinary indicator into a facility indicator', async () => {
    const { db, writer, kita } = await setup();
    saveFacilityIndicator(writer, db.sqlite, { code: 'kitas', name: 'Kitas', recipe: { type: 'facilities', measure: 'count', categoryIds: [kita] } });
    // Saving it again under its own code is an edit.
    expect(saveFacilityIndicator(writer, db.sqlite, { code: 'kitas', name: 'Kitas (alle)', recipe: { type: 'facilities', measure: 'count', categoryIds: [kita] } })).toMatchObject({ name: 'Kitas (alle)' });
    saveIndicator(writer, db.sqlite, { indicator: { code: 'einwohner', name: 'Einwohner', polarity: 'neutral' } });
    expect(() => saveFacilityIndicator(writer, db.sqlite, { code: 'einwohner', name: 'Kitas', recipe: { type: 'facilities', measure: 'count', categoryIds: [kita] } })).toThrow(/hat schon ein anderer Indikator/);
    expect(db.sqlite.prepare("SELECT recipe FROM indicators WHERE code = 'einwohner'").get()).toEqual({ recipe: null });
  });

  it('assigns on a level formed by dissolving one', async () => {
    const { db, add } = await setup();
    const id = add('Kita Nord', 9.015);
    dissolveLevel(db.sqlite, { sourceLevel: 'Stadtteil', groupField: 'bezirk', level: 'Bezirk' });
    expect(getFacility(db.sqlite, id).units.map((u) => `${u.levelName}:${u.code}`)).toEqual(['Bezirk:Nord', 'Stadtteil:B']);
  });
});
