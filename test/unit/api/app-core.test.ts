import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../electron/core/app-core.ts';
import type { MethodOutput } from '../../../shared/contract.ts';
import { tempDir } from '../../helpers/temp-db.ts';
import os from 'node:os';

let core: AppCore;
let dir: string;

async function ok<T>(method: string, input: unknown): Promise<T> {
  const result = await core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-core-'));
  core = await createAppCore({ dbPath: path.join(dir, 'app.sqlite'), host: 'web', seedDemoIfEmpty: true, checkOutputs: true });
});

afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the app behind the contract (Flensburg demo on first start)', () => {
  it('loads the demo on first start and reports it', async () => {
    expect(core.demoLoaded).toBe(true);
    const info = await ok<MethodOutput<'app.info'>>('app.info', {});
    expect(info.counts).toMatchObject({ spatial_units: 54, facilities: 76 });
    const [minLon, minLat, maxLon, maxLat] = info.extent!;
    expect(minLon).toBeGreaterThan(9.3);
    expect(maxLon).toBeLessThan(9.6);
    expect(minLat).toBeGreaterThan(54.7);
    expect(maxLat).toBeLessThan(54.9);
  });

  it('lists levels top-down with their unit counts', async () => {
    const levels = await ok<MethodOutput<'levels.list'>>('levels.list', {});
    expect(levels.map((l) => [l.name, l.unitCount])).toEqual([['Stadtteil', 13], ['Statistischer Bezirk', 41]]);
  });

  it('serves a unit with its parent, area and sub-units', async () => {
    const [top, lower] = await ok<MethodOutput<'levels.list'>>('levels.list', {});
    const districts = await ok<MethodOutput<'units.features'>>('units.features', { levelId: lower!.id });
    expect(districts.features).toHaveLength(41);
    const nikolai = districts.features.find((f) => f.properties.code === 'STBZ011')!;
    const detail = await ok<MethodOutput<'units.get'>>('units.get', { id: nikolai.properties.id });
    expect(detail).toMatchObject({ name: '011 St. Nikolai', level: { name: 'Statistischer Bezirk' }, parent: { code: 'STGT01', name: '01 Altstadt', levelName: 'Stadtteil' } });
    expect(detail.areaKm2).toBeGreaterThan(0.05);
    const stadtteile = await ok<MethodOutput<'units.features'>>('units.features', { levelId: top!.id });
    const altstadt = await ok<MethodOutput<'units.get'>>('units.get', { id: stadtteile.features.find((f) => f.properties.code === 'STGT01')!.properties.id as string });
    expect(altstadt.childCount).toBeGreaterThan(0);
    const total = (await Promise.all(stadtteile.features.map((f) => ok<MethodOutput<'units.get'>>('units.get', { id: f.properties.id })))).reduce((s, u) => s + u.areaKm2, 0);
    expect(total).toBeCloseTo(48.99, 0);
  });

  it('serves the playgrounds with their category colour', async () => {
    const categories = await ok<MethodOutput<'categories.list'>>('categories.list', {});
    // The playgrounds and the (still empty) default categories of a new database.
    expect(categories).toContainEqual(expect.objectContaining({ name: 'Spielplatz', facilityCount: 76, color: expect.stringMatching(/^#/), icon: 'spielplatz' }));
    expect(categories.filter((c) => c.facilityCount > 0).map((c) => c.name)).toEqual(['Spielplatz']);
    const points = await ok<MethodOutput<'facilities.features'>>('facilities.features', {});
    expect(points.features).toHaveLength(76);
  });

  it('refuses unknown methods and invalid input before any handler runs', async () => {
    expect(await core.call('units.drop', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await core.call('units.get', { id: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await core.call('units.get', { id: 'nicht-da' })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/gibt es nicht/) } });
  });

  it('remembers the language', async () => {
    expect(await ok('settings.language', {})).toBe('de');
    expect(await ok('settings.language', { set: 'en' })).toBe('en');
    expect(await ok('settings.language', {})).toBe('en');
  });

  it('remembers a local .pmtiles basemap and reads byte ranges from it; refuses other files', async () => {
    const fake = path.join(tempDir(), 'karte.pmtiles');
    fs.writeFileSync(fake, Buffer.concat([Buffer.from('PMTiles'), Buffer.from([3]), Buffer.from('0123456789')]));
    expect(await ok('basemap.set', { path: fake })).toMatchObject({ name: 'karte.pmtiles', sizeBytes: 18 });
    expect(await ok('basemap.get', {})).toMatchObject({ path: fake });
    const bytes = await ok<Uint8Array>('basemap.read', { offset: 8, length: 4 });
    expect(new TextDecoder().decode(bytes)).toBe('0123');
    const notTiles = path.join(path.dirname(fake), 'karte.txt');
    fs.writeFileSync(notTiles, 'hallo');
    expect(await core.call('basemap.set', { path: notTiles })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/keine PMTiles-Datei/) } });
    expect(await ok('basemap.set', { path: null })).toBeNull();
  });

  it('imports through the contract, with progress events for the job', async () => {
    const events: Array<[string, unknown]> = [];
    const off = core.onEvent((event, payload) => events.push([event, payload]));
    const data = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/gelsenkirchen/Stadtteile_Gelsenkirchen_epsg3044.geojson')));
    const summary = await ok<MethodOutput<'imports.units'>>('imports.units', { jobId: 'job-1', files: [{ name: 'ge.geojson', data }], level: 'Stadtteil GE', codeField: 'id', nameField: 'stadttei00' });
    off();
    expect(summary.created).toBe(18);
    const progress = events.filter(([e]) => e === 'job.progress').map(([, p]) => p as { jobId: string; phase: string });
    expect(progress.every((p) => p.jobId === 'job-1')).toBe(true);
    expect(progress.at(-1)!.phase).toBe('fertig');
    expect(events.some(([e]) => e === 'data.changed')).toBe(true);
  });
});
