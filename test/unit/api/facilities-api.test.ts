import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../electron/core/app-core.ts';
import type { MethodOutput } from '../../../shared/contract.ts';
import { DEFAULT_CATEGORIES } from '../../../shared/facilities.ts';

let core: AppCore;
let dir: string;

async function ok<T>(method: string, input: unknown): Promise<T> {
  const result = await core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

async function refused(method: string, input: unknown): Promise<{ code: string; message: string }> {
  const result = await core.call(method, input);
  if (result.ok) throw new Error(`${method} should have been refused`);
  return result.error;
}

type Categories = MethodOutput<'categories.list'>;
type Facility = MethodOutput<'facilities.get'>;
type List = MethodOutput<'facilities.list'>;

let spielplatz: string;
let stadtteil: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-facilities-'));
  // checkOutputs: every answer below is also checked against the contract's output schema.
  core = await createAppCore({ dbPath: path.join(dir, 'app.sqlite'), host: 'web', seedDemoIfEmpty: true, checkOutputs: true });
  spielplatz = (await ok<Categories>('categories.list', {})).find((c) => c.key === 'spielplatz')!.id;
  stadtteil = (await ok<MethodOutput<'levels.list'>>('levels.list', {})).find((l) => l.key === 'stadtteil')!.id;
}, 120_000);

afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the infrastructure database behind the contract (Flensburg demo)', () => {
  it('lists the default categories with group and icon, and edits categories', async () => {
    const categories = await ok<Categories>('categories.list', {});
    expect(categories.map((c) => c.key).sort()).toEqual(DEFAULT_CATEGORIES.map((c) => c.key).sort());
    expect(categories.find((c) => c.key === 'kita')).toMatchObject({ name: 'Kita', group: 'Bildung und Betreuung', icon: 'kita', capacityUnit: 'Plätze', facilityCount: 0 });
    const created = await ok<Categories[number]>('categories.save', { name: 'Familienzentrum', group: 'Kinder, Jugend und Familie', color: '#E69F00', icon: 'kita' });
    expect(created).toMatchObject({ key: 'familienzentrum', facilityCount: 0 });
    const renamed = await ok<Categories[number]>('categories.save', { id: created.id, name: 'Familienzentren', color: '#E69F00', icon: 'kita' });
    expect(renamed).toMatchObject({ id: created.id, key: 'familienzentrum', name: 'Familienzentren' });
    expect((await refused('categories.save', { name: 'Kita', color: '#000000' })).message).toMatch(/gibt es schon/);
    expect((await refused('categories.save', { name: 'Neu', color: '#000000', icon: 'rakete' })).message).toMatch(/Symbol/);
    expect((await refused('categories.delete', { id: spielplatz })).message).toMatch(/noch 76 Einrichtungen/);
    await ok('categories.delete', { id: created.id });
    expect((await ok<Categories>('categories.list', {})).some((c) => c.id === created.id)).toBe(false);
  });

  it('creates a resource with all its fields, finds it in its units and by full text, and edits it in part', async () => {
    const [lon, lat] = [9.4381, 54.7938];
    const saved = await ok<Facility>('facilities.save', {
      facility: {
        categoryId: spielplatz, name: 'Gemeinschaftsgarten Fördegarten', kind: 'resource', resourceDescription: 'Beete und ein Raum für 20 Personen; Ehrenamtliche gießen.',
        address: 'Große Straße 1, 24937 Flensburg', lon, lat, operator: 'Nachbarschaftsverein', operatorType: 'Verein/Initiative', capacity: 20, capacityUnit: 'Personen',
        targetGroups: ['Familien', 'Senior:innen', 'Familien'], accessibility: 'partial', contact: { person: 'A. Beispiel', email: 'garten@example.org', phone: ' ' },
        openingHours: 'Sa 10–14 Uhr', source: 'Begehung 2024', notes: 'Schlüssel beim Quartiersbüro', validFrom: '2023-04-01', attributes: { beete: 12 },
      },
    });
    expect(saved).toMatchObject({
      kind: 'resource', targetGroups: ['Familien', 'Senior:innen'], contact: { person: 'A. Beispiel', email: 'garten@example.org' }, accessibility: 'partial',
      category: { id: spielplatz, icon: 'spielplatz' }, current: true, archived: false, attributes: { beete: 12 },
    });
    expect(saved.units.map((u) => u.levelName)).toEqual(['Stadtteil', 'Statistischer Bezirk']);
    const edited = await ok<Facility>('facilities.save', { id: saved.id, facility: { categoryId: spielplatz, name: 'Gemeinschaftsgarten Fördegarten', lon, lat, notes: 'Schlüssel im Café' } });
    expect(edited).toMatchObject({ notes: 'Schlüssel im Café', operator: 'Nachbarschaftsverein', capacity: 20, targetGroups: ['Familien', 'Senior:innen'] });

    const byText = await ok<List>('facilities.list', { query: 'fordegarten' });
    expect(byText.items.map((i) => i.id)).toEqual([saved.id]);
    expect((await ok<List>('facilities.list', { query: 'Nachbarschaft' })).items.map((i) => i.id)).toEqual([saved.id]);
    expect((await ok<List>('facilities.list', { kinds: ['resource'] })).total).toBe(1);
    expect((await ok<List>('facilities.list', { targetGroups: ['Senior:innen', 'Jugendliche'] })).items.map((i) => i.id)).toEqual([saved.id]);
    expect((await ok<List>('facilities.list', { capacityUnits: ['Personen'] })).total).toBe(1);
    expect((await ok<List>('facilities.list', { validity: 'current', validAt: '2022-06-30', kinds: ['resource'] })).total).toBe(0);
    expect((await ok<List>('facilities.list', { validity: 'planned', validAt: '2022-06-30' })).items.map((i) => i.id)).toEqual([saved.id]);
    const unit = saved.units[0]!.unitId;
    const inUnit = await ok<List>('facilities.list', { unitId: unit, kinds: ['facility', 'resource'] });
    expect(inUnit.items.every((i) => i.units.some((u) => u.unitId === unit))).toBe(true);
    expect(inUnit.items.map((i) => i.id)).toContain(saved.id);
  });

  it('sorts German-style, pages, and counts facets', async () => {
    const all = await ok<List>('facilities.list', { limit: 5000 });
    expect(all.total).toBeGreaterThanOrEqual(76);
    const names = all.items.map((i) => i.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('de', { sensitivity: 'base', numeric: true }).compare));
    const page = await ok<List>('facilities.list', { offset: 10, limit: 10 });
    expect(page.items.map((i) => i.id)).toEqual(all.items.slice(10, 20).map((i) => i.id));
    expect(all.facets.categories).toEqual([{ id: spielplatz, count: all.total }]);
    const byCapacity = await ok<List>('facilities.list', { sort: { field: 'capacity', direction: 'desc' }, kinds: ['facility', 'resource'], limit: 1 });
    expect(byCapacity.items[0]!.capacity).toBe(20);
  });

  it('archives, deletes and restores; archived and deleted facilities leave the map', async () => {
    const target = (await ok<List>('facilities.list', { limit: 1 })).items[0]!;
    const count = async () => (await ok<MethodOutput<'facilities.features'>>('facilities.features', {})).features.length;
    const before = await count();
    expect(await ok<Facility>('facilities.archive', { id: target.id, archived: true })).toMatchObject({ archived: true });
    expect(await count()).toBe(before - 1);
    expect((await ok<List>('facilities.list', { query: target.name })).items.some((i) => i.id === target.id)).toBe(false);
    expect((await ok<List>('facilities.list', { query: target.name, includeArchived: true })).items.some((i) => i.id === target.id)).toBe(true);
    await ok('facilities.archive', { id: target.id, archived: false });
    expect(await ok('facilities.delete', { id: target.id })).toEqual({ id: target.id, deleted: true });
    expect((await refused('facilities.get', { id: target.id })).code).toBe('not-found');
    expect(await count()).toBe(before - 1);
    await ok('facilities.delete', { id: target.id, restore: true });
    expect(await count()).toBe(before);
  });

  it('keeps photos beside the database and hands them back', async () => {
    const target = (await ok<List>('facilities.list', { limit: 1 })).items[0]!;
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const withPhoto = await ok<Facility>('facilities.addPhoto', { id: target.id, file: { name: 'eingang.png', data: png }, mime: 'image/png' });
    expect(withPhoto.photos).toEqual([expect.objectContaining({ name: 'eingang.png', mime: 'image/png', size: 12 })]);
    const photo = await ok<MethodOutput<'attachments.get'>>('attachments.get', { id: withPhoto.photos[0]!.id });
    expect([...photo.data]).toEqual([...png]);
    expect((await refused('facilities.addPhoto', { id: target.id, file: { name: 'x.pdf', data: png }, mime: 'application/pdf' })).code).toBe('invalid-input');
    const tooLarge = await refused('facilities.addPhoto', { id: target.id, file: { name: 'plan.png', data: new Uint8Array(26 * 1024 * 1024) }, mime: 'image/png' });
    expect(tooLarge.message).toMatch(/Fotos bis 25 MB/);
    const without = await ok<Facility>('facilities.save', { id: target.id, facility: { categoryId: spielplatz, name: target.name, lon: target.lon, lat: target.lat, photos: [] } });
    expect(without.photos).toEqual([]);
  });

  it('reports a second entry of the same playground 10 m away as a possible duplicate', async () => {
    const target = (await ok<List>('facilities.list', { query: 'Am Sender' })).items[0]!;
    const copy = await ok<Facility>('facilities.save', { facility: { categoryId: spielplatz, name: 'Am  Sender', lon: target.lon + 0.00015, lat: target.lat } });
    const pairs = await ok<MethodOutput<'facilities.duplicates'>>('facilities.duplicates', { categoryIds: [spielplatz] });
    const pair = pairs.find((p) => [p.a.id, p.b.id].includes(copy.id))!;
    expect(pair).toMatchObject({ reason: 'name-nearby' });
    expect(pair.distanceM).toBeGreaterThan(5);
    expect(pair.distanceM).toBeLessThan(15);
    await ok('facilities.delete', { id: copy.id });
  });

  it('turns facilities into indicators, supply ratios and coverage for the map', async () => {
    const count = await ok<MethodOutput<'facilities.indicator'>>('facilities.indicator', {
      code: 'spielplaetze_anzahl', name: 'Spielplätze', recipe: { measure: 'count', categoryIds: [spielplatz], periods: ['2021'] },
    });
    expect(count).toMatchObject({ computed: true, unit: 'Einrichtungen', topic: 'Infrastruktur', periods: ['2021'] });
    const values = await ok<MethodOutput<'values.map'>>('values.map', { indicatorId: count.id, period: '2021', levelId: stadtteil });
    expect(values).toHaveLength(13);
    expect(values.reduce((s, v) => s + (v.value ?? 0), 0)).toBeGreaterThanOrEqual(76);
    const listed = await ok<MethodOutput<'indicators.list'>>('indicators.list', { query: 'Spielplätze' });
    expect(listed.map((i) => i.id)).toContain(count.id);

    const children = (await ok<MethodOutput<'indicators.list'>>('indicators.list', {})).find((i) => i.code === 'bev_u7')!;
    const ratio = await ok<MethodOutput<'facilities.supplyRatio'>>('facilities.supplyRatio', {
      code: 'spielplaetze_je_1000_u7', name: 'Spielplätze je 1.000 Kinder unter 7', facilityIndicatorId: count.id, targetIndicatorId: children.id, levelId: stadtteil, per: 1000,
    });
    expect(ratio).toMatchObject({ computed: true, periods: children.periods });

    const coverage = await ok<MethodOutput<'facilities.coverage'>>('facilities.coverage', { categoryIds: [spielplatz], distance: 500, levelId: stadtteil });
    expect(coverage.units).toHaveLength(13);
    expect(coverage.catchment.features).toHaveLength(1);
    expect(coverage.totalShare).toBeGreaterThan(0.3);

    const assigned = await ok<MethodOutput<'facilities.assign'>>('facilities.assign', {});
    expect(assigned.levels.map((l) => l.outside)).toEqual([0, 0]);
  });

  it('previews and imports a facility table through a worker, and exports GeoJSON with unit keys', async () => {
    // The third Kita's position lies in the harbour, outside every Stadtteil: reported, kept, without unit keys.
    const csv = new TextEncoder().encode(
      'Einrichtung;Breite;Länge;Zielgruppen\nKita Möwennest;54,7900;9,4400;Kinder 0–6\nKita Seestern;54,7800;9,4300;Kinder 0–6, Familien\nKita Hafenspitze;54,7938;9,4370;Kinder 0–6\n',
    );
    const request = { files: [{ name: 'kitas.csv', data: csv }], category: 'Kita', mapping: { fields: { name: 'Einrichtung', targetGroups: 'Zielgruppen' } } };
    const preview = await ok<MethodOutput<'imports.facilityPreview'>>('imports.facilityPreview', request);
    expect(preview.mapping).toMatchObject({ position: { type: 'lonlat', lon: 'Länge', lat: 'Breite' } });
    expect(preview.result).toMatchObject({ importable: true, valid: 3, categories: [{ name: 'Kita', known: true, count: 3 }], duplicates: [] });
    expect(preview.result.outside).toEqual({ levels: [expect.objectContaining({ name: 'Stadtteil', count: 1 }), expect.objectContaining({ name: 'Statistischer Bezirk', count: 1 })], refs: ['line:4'] });
    const events: string[] = [];
    const stop = core.onEvent((event) => events.push(event));
    const summary = await ok<MethodOutput<'imports.facilities'>>('imports.facilities', { jobId: 'kitas', ...request });
    stop();
    expect(summary).toMatchObject({ created: 3, duplicates: 0, outsideUnits: [{ name: 'Stadtteil', count: 1 }, { name: 'Statistischer Bezirk', count: 1 }] });
    expect(summary.warnings.map((w) => w.message)).toContain('1 Einrichtung(en) liegen außerhalb aller Gebietseinheiten der Ebene „Stadtteil“ und zählen dort nicht mit.');
    expect(events).toContain('data.changed');
    expect((await ok<List>('facilities.list', { targetGroups: ['Familien'], query: 'Seestern' })).total).toBe(1);

    const exported = await ok<MethodOutput<'exports.facilities'>>('exports.facilities', {});
    const collection = JSON.parse(new TextDecoder().decode(exported.data)) as { features: Array<{ properties: Record<string, unknown> }> };
    expect(collection.features).toHaveLength(exported.features);
    const withoutKeys = collection.features.filter((f) => typeof f.properties.Stadtteil !== 'string' || typeof f.properties['Statistischer Bezirk'] !== 'string');
    expect(withoutKeys.map((f) => [f.properties.name, f.properties.Stadtteil, f.properties['Statistischer Bezirk']])).toEqual([['Kita Hafenspitze', null, null]]);
  });
});
