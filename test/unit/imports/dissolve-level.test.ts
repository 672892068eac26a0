import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFailed } from '../../../electron/core/geo/types.ts';
import { dissolveLevel } from '../../../electron/core/imports/dissolve-level.ts';
import { importUnits } from '../../../electron/core/imports/import-units.ts';
import { canonicalDump } from '../../helpers/canonical-dump.ts';
import { FIXTURES, sourceFile } from '../../helpers/fixtures.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const GELSENKIRCHEN = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_epsg3044.geojson');
const OFFICIAL_KM2: Record<string, number> = { Mitte: 28.101, Nord: 32.847, West: 12.709, Ost: 20.714, Süd: 10.533 };

async function gelsenkirchen() {
  const db = tempDatabase();
  await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
  return db;
}

describe('building a higher level by dissolving', () => {
  it('merges the 18 Gelsenkirchen Stadtteile into 5 Stadtbezirke with the official areas', async () => {
    const db = await gelsenkirchen();
    const summary = dissolveLevel(db.sqlite, { sourceLevel: 'Stadtteil', groupField: 'bezirk_id', nameField: 'bezirk_bez', level: 'Stadtbezirk' });
    expect(summary.created).toBe(5);
    expect(summary.warnings.some((w) => /Süd besteht aus 2 getrennten Teilen/.test(w.message))).toBe(true);
    const bezirke = db.sqlite
      .prepare("SELECT u.name, u.area_km2 FROM spatial_units u JOIN spatial_levels l ON l.id = u.level_id WHERE l.key = 'stadtbezirk'")
      .all() as Array<{ name: string; area_km2: number }>;
    expect(bezirke.map((b) => b.name).sort()).toEqual(Object.keys(OFFICIAL_KM2).sort());
    for (const bezirk of bezirke) expect(Math.abs(bezirk.area_km2 / OFFICIAL_KM2[bezirk.name]! - 1)).toBeLessThan(0.005);
    const levels = db.sqlite.prepare('SELECT name FROM spatial_levels ORDER BY rank').all();
    expect(levels).toEqual([{ name: 'Stadtbezirk' }, { name: 'Stadtteil' }]);
    const parentOfBuer = db.sqlite.prepare("SELECT p.name FROM spatial_units u JOIN spatial_units p ON p.id = u.parent_id WHERE u.name = 'Buer'").get();
    expect(parentOfBuer).toEqual({ name: 'Nord' });
  });

  it('is idempotent: dissolving again changes nothing', async () => {
    const db = await gelsenkirchen();
    const options = { sourceLevel: 'Stadtteil', groupField: 'bezirk_bez', level: 'Stadtbezirk' };
    dissolveLevel(db.sqlite, options);
    const before = canonicalDump(db.sqlite);
    expect(dissolveLevel(db.sqlite, options)).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(canonicalDump(db.sqlite)).toBe(before);
  });

  it('a later import of the Stadtteile without a parent field keeps the Stadtbezirke as parents', async () => {
    const db = await gelsenkirchen();
    dissolveLevel(db.sqlite, { sourceLevel: 'Stadtteil', groupField: 'bezirk_bez', level: 'Stadtbezirk' });
    const parents = () => db.sqlite.prepare("SELECT u.name, p.name AS parent FROM spatial_units u LEFT JOIN spatial_units p ON p.id = u.parent_id WHERE u.name IN ('Buer', 'Hassel', 'Altstadt') ORDER BY u.name").all();
    const before = parents();
    expect(before).toEqual([{ name: 'Altstadt', parent: 'Mitte' }, { name: 'Buer', parent: 'Nord' }, { name: 'Hassel', parent: 'Nord' }]);
    await importUnits(db.sqlite, [sourceFile(GELSENKIRCHEN)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00' });
    expect(parents()).toEqual(before);
    // With a new boundary version, the units that stay keep their parent too.
    const updated = path.join(FIXTURES, 'gelsenkirchen', 'Stadtteile_Gelsenkirchen_updated_epsg3044.geojson');
    await importUnits(db.sqlite, [sourceFile(updated)], { level: 'Stadtteil', codeField: 'id', nameField: 'stadttei00', validFrom: '2024-01-01', skipInvalidFeatures: true });
    expect(parents()).toEqual(before);
  });

  it('names a missing attribute and an unknown level, changing nothing', async () => {
    const db = await gelsenkirchen();
    const before = canonicalDump(db.sqlite);
    const noField = (() => { try { dissolveLevel(db.sqlite, { sourceLevel: 'Stadtteil', groupField: 'bezirk', level: 'Bezirk' }); } catch (e) { return e; } })();
    expect((noField as ImportFailed).issues[0]!.message).toMatch(/Merkmal „bezirk“.*Vorhanden: .*bezirk_bez/);
    const noLevel = (() => { try { dissolveLevel(db.sqlite, { sourceLevel: 'Quartier', groupField: 'bezirk_bez', level: 'Bezirk' }); } catch (e) { return e; } })();
    expect((noLevel as ImportFailed).issues[0]!.message).toMatch(/Ebene „Quartier“ gibt es nicht/);
    expect(canonicalDump(db.sqlite)).toBe(before);
  });
});
