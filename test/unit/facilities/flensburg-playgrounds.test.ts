import fs from 'node:fs';
import path from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../electron/core/demo/seed-demo.ts';
import { saveFacility } from '../../../electron/core/services/facilities.ts';
import { computeCoverage } from '../../../electron/core/services/facility-coverage.ts';
import { saveFacilityIndicator, saveSupplyRatio } from '../../../electron/core/services/facility-indicators.ts';
import { valuesForMap } from '../../../electron/core/services/indicator-values.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import type { OpenedDatabase } from '../../../electron/core/db/open-database.ts';
import { DEMO_DIR, REPO_ROOT } from '../../helpers/fixtures.ts';
import { inlineJobs } from '../../helpers/inline-jobs.ts';
import { suiteDatabase } from '../../helpers/suite-db.ts';

// The known counts (shared data README, "spielplaetze_flensburg.geojson"): all 76 fall inside.
const KNOWN: Record<string, number> = {
  Altstadt: 2, Neustadt: 2, Nordstadt: 7, 'Westliche Höhe': 4, 'Friesischer Berg': 6, Weiche: 6, Südstadt: 3,
  Sandberg: 7, Jürgensby: 5, Fruerlund: 6, Mürwik: 12, Engelsby: 8, Tarup: 8,
};

type Collection<G> = { features: Array<{ geometry: G; properties: Record<string, unknown> }> };
const readDemo = <G>(name: string) => JSON.parse(fs.readFileSync(path.join(DEMO_DIR, name), 'utf8')) as Collection<G>;

/** An independent check: the plain even-odd ray test on the demo files as they are (CRS84). */
function naiveInside(geometry: Polygon | MultiPolygon, [x, y]: number[]): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let inside = false;
  for (const ring of polygons.flat()) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y! !== yj > y! && x! < ((xj - xi) * (y! - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const shortName = (name: string) => name.replace(/^\d+\s+/, '');

const db: OpenedDatabase = suiteDatabase('flensburg.sqlite');
let writer: ChangeWriter;
let stadtteil: string;
let bezirk: string;
const spielplatz = deterministicId.category('spielplatz');

beforeAll(async () => {
  await seedDemo(inlineJobs(db.sqlite, db.path), path.join(REPO_ROOT, 'resources'));
  writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  stadtteil = deterministicId.level('stadtteil');
  bezirk = deterministicId.level('statistischer-bezirk');
});

describe('the 76 Flensburg playgrounds', () => {
  it('are counted per Stadtteil as known, and as an independent point-in-polygon test finds', () => {
    const count = saveFacilityIndicator(writer, db.sqlite, { code: 'spielplaetze', name: 'Spielplätze', recipe: { type: 'facilities', measure: 'count', categoryIds: [spielplatz], periods: ['2021'] } });
    const names = new Map((db.sqlite.prepare('SELECT id, name FROM spatial_units WHERE level_id = ?').all(stadtteil) as Array<{ id: string; name: string }>).map((u) => [u.id, shortName(u.name)]));
    const counted = Object.fromEntries(valuesForMap(db.sqlite, count.id, '2021', stadtteil).map((v) => [names.get(v.unitId), v.value]));
    expect(counted).toEqual(KNOWN);

    const areas = readDemo<Polygon | MultiPolygon>('flensburg_stadtteile.geojson');
    const points = readDemo<{ type: 'Point'; coordinates: number[] }>('spielplaetze_flensburg.geojson');
    const naive: Record<string, number> = {};
    for (const point of points.features) {
      const hits = areas.features.filter((a) => naiveInside(a.geometry, point.geometry.coordinates));
      expect(hits).toHaveLength(1);
      const name = shortName(String(hits[0]!.properties.AREA_NAME));
      naive[name] = (naive[name] ?? 0) + 1;
    }
    expect(naive).toEqual(KNOWN);
  });

  it('are counted on the statistical districts too, adding up to the Stadtteile', () => {
    const count = saveFacilityIndicator(writer, db.sqlite, { code: 'spielplaetze_alle', name: 'Spielplätze', recipe: { type: 'facilities', measure: 'count', categoryIds: [spielplatz], periods: ['2021'] } });
    const parents = new Map((db.sqlite.prepare('SELECT id, parent_id FROM spatial_units WHERE level_id = ?').all(bezirk) as Array<{ id: string; parent_id: string }>).map((u) => [u.id, u.parent_id]));
    const districtValues = valuesForMap(db.sqlite, count.id, '2021', bezirk);
    expect(districtValues).toHaveLength(41);
    const summed = new Map<string, number>();
    for (const v of districtValues) summed.set(parents.get(v.unitId)!, (summed.get(parents.get(v.unitId)!) ?? 0) + v.value!);
    for (const v of valuesForMap(db.sqlite, count.id, '2021', stadtteil)) expect(summed.get(v.unitId) ?? 0).toBe(v.value);
  });

  it('give a supply ratio per 1,000 children under 7 for every year of the population data, and it follows a new playground', () => {
    const children = (db.sqlite.prepare("SELECT id FROM indicators WHERE code = 'bev_u7'").get() as { id: string }).id;
    const ratio = saveSupplyRatio(writer, db.sqlite, {
      code: 'spielplaetze_je_1000_u7', name: 'Spielplätze je 1.000 Kinder unter 7', facilities: { measure: 'count', categoryIds: [spielplatz] },
      targetIndicatorId: children, levelId: stadtteil, per: 1000,
    });
    expect(ratio).toMatchObject({ computed: true, unit: 'je 1.000', polarity: 'better' });
    // The count it is built on is named after what it counts, not after the ratio.
    expect(db.sqlite.prepare("SELECT name, unit FROM indicators WHERE code = 'spielplaetze_je_1000_u7_basis'").get()).toEqual({ name: 'Anzahl Spielplatz', unit: 'Einrichtungen' });
    const childPeriods = (db.sqlite.prepare('SELECT DISTINCT period FROM indicator_values WHERE indicator_id = ? ORDER BY period').all(children) as Array<{ period: string }>).map((r) => r.period);
    expect(ratio.periods).toEqual(childPeriods);
    const period = childPeriods.at(-1)!;
    const altstadt = (db.sqlite.prepare("SELECT id FROM spatial_units WHERE level_id = ? AND name LIKE '%Altstadt'").get(stadtteil) as { id: string }).id;
    const kids = valuesForMap(db.sqlite, children, period, stadtteil).find((v) => v.unitId === altstadt)!.value!;
    const ratioAt = () => valuesForMap(db.sqlite, ratio.id, period, stadtteil).find((v) => v.unitId === altstadt)!.value!;
    expect(ratioAt()).toBeCloseTo((2 / kids) * 1000, 9);

    // A new playground in the Altstadt (next to one there): basis and ratio are recomputed on their own.
    const area = readDemo<Polygon | MultiPolygon>('flensburg_stadtteile.geojson').features.find((f) => String(f.properties.AREA_NAME).endsWith('Altstadt'))!;
    const near = readDemo<{ type: 'Point'; coordinates: number[] }>('spielplaetze_flensburg.geojson').features.find((f) => naiveInside(area.geometry, f.geometry.coordinates))!;
    const position = [near.geometry.coordinates[0]! + 0.00001, near.geometry.coordinates[1]!];
    expect(naiveInside(area.geometry, position)).toBe(true);
    saveFacility(writer, db.sqlite, { facility: { categoryId: spielplatz, name: 'Neuer Spielplatz', lon: position[0]!, lat: position[1]! } });
    expect(ratioAt()).toBeCloseTo((3 / kids) * 1000, 9);
  });

  it('cover parts of every Stadtteil within 300 m, consistently with the distances', () => {
    const coverage = computeCoverage(db.sqlite, { categoryIds: [spielplatz], distance: 300, levelId: stadtteil, date: '2021-12-31' });
    expect(coverage.units).toHaveLength(13);
    expect(coverage.facilityCount).toBeGreaterThanOrEqual(76);
    for (const unit of coverage.units) {
      expect(unit.share).toBeGreaterThan(0);
      expect(unit.share).toBeLessThanOrEqual(1);
      expect(unit.coveredKm2).toBeLessThanOrEqual(unit.areaKm2 + 1e-9);
      expect(unit.nearestM).toBe(0);
    }
    expect(coverage.uncovered).toEqual([]);
    const catchment = coverage.catchment.features[0]!;
    // The union of the circles is smaller than their sum, but covers what the units report.
    expect(catchment.properties.areaKm2).toBeLessThan((coverage.facilityCount * Math.PI * 0.3 ** 2));
    expect(catchment.properties.areaKm2).toBeGreaterThan(coverage.units.reduce((s, u) => s + u.coveredKm2, 0) - 1e-6);
  });
});
