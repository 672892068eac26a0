import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dissolveLevel } from '../../../electron/core/imports/dissolve-level.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { levelAttributes, levelGroups } from '../../../electron/core/services/level-attributes.ts';
import { getUnit, listLevels, unitFeatures } from '../../../electron/core/services/spatial-units.ts';
import { contract } from '../../../shared/contract.ts';
import { canonicalDump } from '../../helpers/canonical-dump.ts';
import { FIXTURES, sourceFile, textFile } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const GELSENKIRCHEN = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson');
const UPDATED = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_updated_epsg3044.geojson');
const OPTIONS = { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' };

async function gelsenkirchen() {
  const db = tempDatabase();
  await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], OPTIONS);
  const level = listLevels(db.sqlite).find((l) => l.name === 'Stadtteil')!;
  return { db, levelId: level.id };
}

/** The Gelsenkirchen file with Hassel (ST22) renamed to a new unit ST23, as a later version might. */
function withNewUnit(): ReturnType<typeof textFile> {
  const collection = JSON.parse(fs.readFileSync(GELSENKIRCHEN, 'utf8')) as { features: Array<{ properties: Record<string, unknown> }> };
  const hassel = collection.features.find((f) => f.properties['id'] === 'ST22')!;
  hassel.properties['id'] = 'ST23';
  hassel.properties['stadttei00'] = 'Hassel-Neu';
  return textFile('Stadtteile_neu.geojson', JSON.stringify(collection));
}

const unitByCode = (db: ReturnType<typeof tempDatabase>, code: string) =>
  (db.sqlite.prepare('SELECT id FROM spatial_units WHERE code = ?').get(code) as { id: string }).id;

describe('levels.attributes: what the units of a level carry', () => {
  it('counts distinct values, examples and gaps per attribute, in file order, within the contract', async () => {
    const { db, levelId } = await gelsenkirchen();
    const attributes = levelAttributes(db.sqlite, levelId);
    expect(contract['levels.attributes'].output.parse(attributes)).toEqual(attributes);
    expect(attributes.map((a) => a.name)).toEqual([
      'gml_parent', 'gml_pare00', 'gml_id', 'id', 'spatialUnitId', 'stadttei00', 'flaeche', 'bezirk_id', 'bezirk_bez', 'stadt', 'flaeche_ST', 'flaeche_00',
    ]);
    const byName = Object.fromEntries(attributes.map((a) => [a.name, a]));
    expect(byName['bezirk_bez']).toEqual({ name: 'bezirk_bez', distinctCount: 5, examples: ['Mitte', 'Nord', 'West', 'Ost', 'Süd'], missingCount: 0 });
    expect(byName['bezirk_id']).toMatchObject({ distinctCount: 5, examples: ['1', '2', '3', '4', '5'] });
    expect(byName['stadt']).toMatchObject({ distinctCount: 1, examples: ['Gelsenkirchen'] });
    expect(byName['id']).toMatchObject({ distinctCount: 18, missingCount: 0 });
    expect(byName['id']!.examples).toHaveLength(5);
    // Null everywhere: nothing to group by.
    expect(byName['flaeche']).toEqual({ name: 'flaeche', distinctCount: 0, examples: [], missingCount: 18 });
  });

  it('reads attribute names as data: a name that looks like SQL is just counted', async () => {
    const db = tempDatabase();
    const square = (x: number) => [[[x, 0], [x + 0.01, 0], [x + 0.01, 0.01], [x, 0.01], [x, 0]]];
    const tricky = "x') ; DROP TABLE spatial_units; --";
    const file = textFile(
      'tricky.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [1, 2, 3].map((n) => ({
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: square(n / 10) },
          properties: { code: `G${n}`, name: `Gebiet ${n}`, [tricky]: n === 3 ? '   ' : 'A', '$.pfad': { tief: n } },
        })),
      }),
    );
    await importUnits(db.sqlite, [file], { level: 'Gebiet', codeField: 'code', nameField: 'name' });
    const levelId = listLevels(db.sqlite)[0]!.id;
    const attributes = levelAttributes(db.sqlite, levelId);
    expect(attributes.find((a) => a.name === tricky)).toEqual({ name: tricky, distinctCount: 1, examples: ['A'], missingCount: 1 });
    expect(attributes.find((a) => a.name === '$.pfad')).toMatchObject({ distinctCount: 3, examples: ['{"tief":1}', '{"tief":2}', '{"tief":3}'] });
    const groups = levelGroups(db.sqlite, levelId, tricky);
    expect(groups.groups).toEqual([{ key: 'A', name: 'A', otherNames: [], members: [{ code: 'G1', name: 'Gebiet 1' }, { code: 'G2', name: 'Gebiet 2' }] }]);
    expect(groups.withoutGroup).toEqual([{ code: 'G3', name: 'Gebiet 3' }]);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM spatial_units').get() as { n: number }).n).toBe(3);
  });

  it('names an unknown level', async () => {
    const db = tempDatabase();
    expect(() => levelAttributes(db.sqlite, 'nicht-da')).toThrow(/Ebene gibt es nicht/);
    expect(() => levelGroups(db.sqlite, 'nicht-da', 'x')).toThrow(/Ebene gibt es nicht/);
  });
});

describe('levels.groups: the preview of dissolving', () => {
  it('shows the groups dissolveLevel builds, with the same names and members, and writes nothing', async () => {
    const { db, levelId } = await gelsenkirchen();
    const before = canonicalDump(db.sqlite);
    const preview = levelGroups(db.sqlite, levelId, 'bezirk_id', 'bezirk_bez');
    expect(contract['levels.groups'].output.parse(preview)).toEqual(preview);
    expect(canonicalDump(db.sqlite)).toBe(before);
    expect(preview.unitCount).toBe(18);
    expect(preview.withoutGroup).toEqual([]);
    expect(preview.groups.map((g) => [g.key, g.name, g.members.length])).toEqual([
      ['1', 'Mitte', 7],
      ['2', 'Nord', 3],
      ['3', 'West', 2],
      ['4', 'Ost', 3],
      ['5', 'Süd', 3],
    ]);
    expect(preview.groups[1]!.members.map((m) => m.name)).toEqual(['Buer', 'Scholven', 'Hassel']);

    dissolveLevel(db.sqlite, { sourceLevel: 'Stadtteil', groupField: 'bezirk_id', nameField: 'bezirk_bez', level: 'Stadtbezirk' });
    const built = db.sqlite
      .prepare(
        "SELECT p.code, p.name, count(*) AS n FROM spatial_units u JOIN spatial_units p ON p.id = u.parent_id JOIN spatial_levels l ON l.id = p.level_id WHERE l.key = 'stadtbezirk' GROUP BY p.id ORDER BY p.code",
      )
      .all();
    expect(built).toEqual(preview.groups.map((g) => ({ code: g.key, name: g.name, n: g.members.length })));
  });

  it('lists units without a value and points out a second name within a group', async () => {
    const { db, levelId } = await gelsenkirchen();
    // Two Stadtteile whose attributes disagree with their neighbours (edited after import).
    const edit = db.sqlite.prepare("UPDATE spatial_units SET attributes = json_set(attributes, '$.bezirk_bez', ?) WHERE code = ?");
    edit.run('Zentrum', 'ST11');
    edit.run(null, 'ST52');
    const byId = levelGroups(db.sqlite, levelId, 'bezirk_id', 'bezirk_bez');
    expect(byId.groups[0]).toMatchObject({ key: '1', name: 'Mitte', otherNames: ['Zentrum'] });
    const byName = levelGroups(db.sqlite, levelId, 'bezirk_bez');
    expect(byName.withoutGroup).toEqual([{ code: 'ST52', name: 'Rotthausen' }]);
    expect(byName.groups.map((g) => g.name)).toEqual(['Mitte', 'Zentrum', 'Nord', 'West', 'Ost', 'Süd']);
  });
});

describe('boundary versions on the map', () => {
  it('draws only current units; an ended unit keeps its history and leaves its parent', async () => {
    const { db, levelId } = await gelsenkirchen();
    dissolveLevel(db.sqlite, { sourceLevel: 'Stadtteil', groupField: 'bezirk_bez', level: 'Stadtbezirk' });
    const nord = unitByCode(db, 'Nord');
    expect(getUnit(db.sqlite, nord).childCount).toBe(3);

    const summary = await importUnits(db.sqlite, [sourceFile(UPDATED)], { ...OPTIONS, parentField: 'bezirk_bez', validFrom: '2024-01-01', skipInvalidFeatures: true });
    expect(summary).toMatchObject({ created: 0, ended: 1 });
    const drawn = unitFeatures(db.sqlite, levelId).features.map((f) => f.properties.name);
    expect(drawn).toHaveLength(17);
    expect(drawn).not.toContain('Hassel');
    expect(listLevels(db.sqlite).find((l) => l.id === levelId)!.unitCount).toBe(17);
    const hassel = getUnit(db.sqlite, unitByCode(db, 'ST22'));
    expect(hassel).toMatchObject({ name: 'Hassel', validTo: '2023-12-31', parent: { name: 'Nord' } });
    expect(getUnit(db.sqlite, nord).childCount).toBe(2);
    // The dissolve preview works on the current units, too.
    expect(levelGroups(db.sqlite, levelId, 'bezirk_bez').groups.find((g) => g.key === 'Nord')!.members.map((m) => m.name)).toEqual(['Buer', 'Scholven']);
  });

  it('shows a version that starts in the future only from its date on', async () => {
    const { db, levelId } = await gelsenkirchen();
    const summary = await importUnits(db.sqlite, [withNewUnit()], { ...OPTIONS, validFrom: '2999-01-01' });
    expect(summary).toMatchObject({ created: 1, ended: 1 });
    const names = unitFeatures(db.sqlite, levelId).features.map((f) => f.properties.name);
    expect(names).toContain('Hassel');
    expect(names).not.toContain('Hassel-Neu');
    expect(names).toHaveLength(18);
    expect(getUnit(db.sqlite, unitByCode(db, 'ST23'))).toMatchObject({ validFrom: '2999-01-01', validTo: null });
    expect(getUnit(db.sqlite, unitByCode(db, 'ST22'))).toMatchObject({ validTo: '2998-12-31' });
  });

  it('shows a version that started in the past at once', async () => {
    const { db, levelId } = await gelsenkirchen();
    await importUnits(db.sqlite, [withNewUnit()], { ...OPTIONS, validFrom: '2024-01-01' });
    const names = unitFeatures(db.sqlite, levelId).features.map((f) => f.properties.name);
    expect(names).toContain('Hassel-Neu');
    expect(names).not.toContain('Hassel');
  });
});
