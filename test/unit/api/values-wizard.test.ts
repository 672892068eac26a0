import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../electron/core/app-core.ts';
import type { MethodOutput } from '../../../shared/contract.ts';

let core: AppCore;
let dir: string;

async function ok<T>(method: string, input: unknown): Promise<T> {
  const result = await core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

const csv = (text: string) => ({ name: 'lieferung.csv', data: new TextEncoder().encode(text) });
const FILE = csv(['Sozialdaten 2022', '', 'Stadtteil;Quote 2022', 'Altstadt;14,1', 'Neustdt;25,0', 'Nordstadt;20,0', 'Stadt insgesamt;12,0'].join('\n'));
const mapping = (assignments: Record<string, string | null> = {}) => ({
  version: 1, name: 'SGB II 2022', format: 'wide',
  units: { column: 'Stadtteil', match: 'name', level: 'Stadtteil', assignments },
  columns: [{ column: 'Quote 2022', indicator: 'sgb2_anteil', period: '2022' }],
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-wizard-'));
  core = await createAppCore({ dbPath: path.join(dir, 'app.sqlite'), host: 'web', seedDemoIfEmpty: true, checkOutputs: true });
});
afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the values wizard behind the contract', () => {
  it('shows the parsed table before any mapping: title, header, rows with their lines', async () => {
    const preview = await ok<MethodOutput<'imports.tablePreview'>>('imports.tablePreview', { file: FILE });
    expect(preview).toMatchObject({ format: 'csv', delimiter: ';', header: ['Stadtteil', 'Quote 2022'], titleLines: ['Sozialdaten 2022'], rowCount: 4, result: null });
    expect(preview.sample[0]).toEqual({ line: 4, cells: ['Altstadt', '14,1'] });
  });

  it('lists units it cannot match, with candidates and lines, and refuses to import until they are assigned', async () => {
    const preview = await ok<MethodOutput<'imports.tablePreview'>>('imports.tablePreview', { file: FILE, mapping: mapping() });
    expect(preview.result!.importable).toBe(false);
    expect(preview.result!.unmatchedUnits.map((u) => u.raw).sort()).toEqual(['Neustdt', 'Stadt insgesamt']);
    expect(preview.result!.issues.some((i) => i.line === 5 && i.field === 'Stadtteil')).toBe(true);
    const refused = await core.call('imports.values', { jobId: 'j1', file: FILE, mapping: mapping() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'import-failed' } });
  });

  it('imports once the planner assigned the units, and keeps the mapping for next year', async () => {
    const fixed = mapping({ Neustdt: 'STGT02', 'Stadt insgesamt': null });
    const preview = await ok<MethodOutput<'imports.tablePreview'>>('imports.tablePreview', { file: FILE, mapping: fixed });
    expect(preview.result).toMatchObject({ importable: true, values: 3, periods: ['2022'], indicators: [{ code: 'sgb2_anteil', known: true }] });
    const summary = await ok<MethodOutput<'imports.values'>>('imports.values', { jobId: 'j2', file: FILE, mapping: fixed });
    expect(summary).toMatchObject({ created: 3, values: 3 });
    await ok('mappings.save', { mapping: fixed });
    const saved = await ok<MethodOutput<'mappings.list'>>('mappings.list', {});
    expect(saved).toEqual([expect.objectContaining({ name: 'SGB II 2022', mapping: expect.objectContaining({ format: 'wide' }) })]);
  });

  it('refuses an invalid mapping with a German message', async () => {
    expect(await core.call('mappings.save', { mapping: { version: 1, name: 'x' } })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Zuordnung ist unvollständig/) } });
  });
});

describe('exports through the contract', () => {
  it('delivers a CSV for German Excel and a GeoPackage with values', async () => {
    const csv = await ok<MethodOutput<'exports.values'>>('exports.values', { level: 'Stadtteil', indicators: ['sgb2_anteil'], format: 'csv' });
    expect(csv.fileName).toBe('quartiersatlas_stadtteil_sgb2-anteil.csv');
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.data).startsWith('\uFEFFSchlüssel;Gebiet;Zeitraum')).toBe(true);
    const xlsx = await ok<MethodOutput<'exports.values'>>('exports.values', { level: 'Stadtteil', indicators: [], format: 'xlsx' });
    expect(Array.from(xlsx.data.slice(0, 2))).toEqual([0x50, 0x4b]); // a zip, as every .xlsx
    const gpkg = await ok<MethodOutput<'exports.units'>>('exports.units', { level: 'Stadtteil', indicators: ['bev_gesamt'], period: '2021', format: 'gpkg' });
    expect(gpkg.features).toBe(13);
    expect(new TextDecoder().decode(gpkg.data.slice(0, 15))).toBe('SQLite format 3');
  });
});
