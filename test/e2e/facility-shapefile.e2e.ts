import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MethodName, MethodOutput } from '../../shared/contract.ts';
import { encodeWindows1252, writeDbf, writeShp, type DbfField } from '../unit/geo/helpers.ts';
import { screenshot, useBrowserTests } from './support.ts';

/**
 * Issue 4: a point Shapefile (.shp/.shx/.dbf/.prj, EPSG:25832, as Flensburg's GIS exports it,
 * dBase in Windows-1252 without .cpg) through the dialog "Einrichtungen importieren" on the demo
 * database: category from a column, name from a column, imported, then found in the Infrastruktur
 * table, in the side panel and at positions reprojected to WGS84 within 1 m. The expected
 * positions come from an independent inverse UTM (Krüger series below), checked against the
 * known Flensburg point of test/fixtures/README.md. Screenshots: test-results/e2e/einrichtungen-shapefile-*.
 */

const PRJ_25832 =
  'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** Five facilities in Flensburg, easting/northing in ETRS89 / UTM 32N, and the Stadtteil of the demo containing each. */
const POINTS = [
  { name: 'Kita Nordlicht', category: 'Kita', x: 527300.5, y: 6073800.25, stadtteil: '03 Nordstadt' },
  { name: 'Seniorentreff Fruerlund', category: 'Seniorentreff', x: 528900.75, y: 6072300.5, stadtteil: '10 Fruerlund' },
  { name: 'Kita Westliche Höhe', category: 'Kita', x: 525400.25, y: 6071700.75, stadtteil: '04 Westliche Höhe' },
  { name: 'Beratungsstelle Friesischer Berg', category: 'Beratungsstelle', x: 527800.25, y: 6070900.75, stadtteil: '05 Friesischer Berg' },
  { name: 'Familientreff Mürwik', category: 'Beratungsstelle', x: 529900.5, y: 6073400.25, stadtteil: '11 Mürwik' },
];

const FIELDS: DbfField[] = [
  { name: 'NAME', type: 'C', length: 40 },
  { name: 'KATEGORIE', type: 'C', length: 20 },
];

function shapefileParts(): Array<{ name: string; mimeType: string; buffer: Buffer }> {
  const { shp, shx } = writeShp(
    POINTS.map((p) => [p.x, p.y]),
    'point',
  );
  const dbf = writeDbf(
    FIELDS,
    POINTS.map((p) => [p.name, p.category]),
    encodeWindows1252,
  );
  const file = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  return [file('Einrichtungen.shp', shp), file('Einrichtungen.shx', shx), file('Einrichtungen.dbf', dbf), file('Einrichtungen.prj', new TextEncoder().encode(PRJ_25832))];
}

// Inverse transverse Mercator on GRS80 (Krüger series to n⁴; error far below a millimetre here).
const GRS80_A = 6378137;
const GRS80_F = 1 / 298.257222101;
const N = GRS80_F / (2 - GRS80_F);
const RECTIFYING = (GRS80_A / (1 + N)) * (1 + N ** 2 / 4 + N ** 4 / 64);
const BETA = [N / 2 - (2 * N ** 2) / 3 + (37 * N ** 3) / 96 - N ** 4 / 360, N ** 2 / 48 + N ** 3 / 15 - (437 * N ** 4) / 1440, (17 * N ** 3) / 480 - (37 * N ** 4) / 840, (4397 * N ** 4) / 161280];
const DELTA = [2 * N - (2 * N ** 2) / 3 - 2 * N ** 3 + (116 * N ** 4) / 45, (7 * N ** 2) / 3 - (8 * N ** 3) / 5 - (227 * N ** 4) / 45, (56 * N ** 3) / 15 - (136 * N ** 4) / 35, (4279 * N ** 4) / 630];

/** EPSG:25832 → WGS84 lon/lat (ETRS89 and WGS84 agree far below a metre for this purpose). */
function utm32ToLonLat(easting: number, northing: number): [number, number] {
  const k0 = 0.9996;
  const xi = northing / (k0 * RECTIFYING);
  const eta = (easting - 500_000) / (k0 * RECTIFYING);
  let xiPrime = xi;
  let etaPrime = eta;
  BETA.forEach((beta, i) => {
    const j = 2 * (i + 1);
    xiPrime -= beta * Math.sin(j * xi) * Math.cosh(j * eta);
    etaPrime -= beta * Math.cos(j * xi) * Math.sinh(j * eta);
  });
  const chi = Math.asin(Math.sin(xiPrime) / Math.cosh(etaPrime));
  const phi = DELTA.reduce((sum, delta, i) => sum + delta * Math.sin(2 * (i + 1) * chi), chi);
  return [9 + (Math.atan2(Math.sinh(etaPrime), Math.cos(xiPrime)) * 180) / Math.PI, (phi * 180) / Math.PI];
}

function metres([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

const e2e = useBrowserTests();
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

async function call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const result = await e2e.session.host.core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

async function facilityCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('facility-count').textContent()) ?? '';
  const match = /^(\d[\d.]*) Einrichtung/.exec(text);
  if (!match) throw new Error(`Anzahl nicht lesbar: ${text}`);
  return Number(match[1]!.replace(/\./g, ''));
}

describe('facility import in the browser: a point Shapefile in EPSG:25832', () => {
  it('the test’s own inverse UTM matches the known Flensburg point (test/fixtures/README.md) to a centimetre', () => {
    expect(metres(utm32ToLonLat(526452.69, 6075306.41), [9.41172949, 54.82419873])).toBeLessThan(0.01);
  });

  it('imports five points from .shp/.shx/.dbf/.prj through the dialog; names, categories, Stadtteile and positions are right', async () => {
    const { page } = e2e.current;
    await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
    await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: 'Infrastruktur' }).click();
    await page.getByTestId('facility-count').waitFor();
    await poll(() => page.getByTestId('facility-count').textContent()).toMatch(/^\d+ Einrichtungen/);
    const before = await facilityCount(page);

    // 1 · Datei: the four parts chosen together.
    await page.getByRole('button', { name: 'Einrichtungen importieren …' }).click();
    const dialog = page.getByTestId('facility-import-dialog');
    await dialog.getByLabel('Datei auswählen…').setInputFiles(shapefileParts());
    await poll(() => dialog.getByTestId('facility-import-file-summary').textContent()).toContain('5 Punkte mit 2 Merkmalen');
    expect(await dialog.getByTestId('facility-import-file-summary').textContent()).toMatch(/25832/);
    // The dBase texts were read as Windows-1252 (no .cpg): umlauts intact in the sample.
    expect(await dialog.getByTestId('facility-import-file-summary').textContent()).toContain('Kita Westliche Höhe');
    await screenshot(page, 'einrichtungen-shapefile-1-datei');
    await dialog.getByTestId('facility-import-next').click();

    // 2 · Kategorie: from the KATEGORIE column; each value names a default category and is recognised.
    await poll(() => dialog.getByTestId('facility-import-step').textContent()).toBe('2 · Kategorie');
    await dialog.getByLabel('Kategorie aus einer Spalte der Datei').check();
    await dialog.getByLabel('Spalte mit der Kategorie').selectOption('KATEGORIE');
    const categories = dialog.getByTestId('facility-import-category-table');
    await poll(() => categories.getByRole('row').count()).toBe(4);
    for (const value of ['Kita', 'Seniorentreff', 'Beratungsstelle']) {
      expect(await categories.getByRole('row').filter({ hasText: value }).textContent()).toContain('vorhandene Kategorie');
    }
    await screenshot(page, 'einrichtungen-shapefile-2-kategorie');
    await dialog.getByTestId('facility-import-next').click();

    // 3 · Felder: the name from NAME; a point file needs no coordinate columns.
    await poll(() => dialog.getByTestId('facility-import-step').textContent()).toBe('3 · Felder');
    expect(await dialog.getByTestId('facility-import-position-lat').count()).toBe(0);
    await dialog.getByTestId('facility-import-field-name').selectOption('NAME');
    await screenshot(page, 'einrichtungen-shapefile-3-felder');
    await dialog.getByTestId('facility-import-next').click();

    // 4 · Vorschau: five new facilities, each inside its Stadtteil, no duplicates → import.
    await poll(() => dialog.getByTestId('facility-import-step').textContent()).toBe('4 · Vorschau');
    expect(await dialog.getByTestId('facility-import-valid').textContent()).toBe('5');
    expect(await dialog.getByTestId('facility-import-new').textContent()).toBe('5');
    expect(await dialog.getByTestId('facility-import-duplicate-count').textContent()).toBe('0');
    const previewText = (await dialog.getByTestId('facility-import-categories').textContent()) ?? '';
    expect(previewText).toContain('Kita: 2');
    expect(previewText).toContain('Beratungsstelle: 2');
    expect(previewText).toContain('Seniorentreff: 1');
    await screenshot(page, 'einrichtungen-shapefile-4-vorschau');
    await dialog.getByTestId('facility-import-next').click();

    // 6 · Import
    await dialog.getByTestId('facility-import-result').waitFor({ timeout: 30_000 });
    expect(await dialog.getByTestId('facility-import-created').textContent()).toBe('5');
    await dialog.getByTestId('facility-import-done').click();

    // Positions: reprojected from EPSG:25832 to WGS84 within 1 m of the independent computation,
    // and so inside the right Stadtteil of the demo.
    await poll(() => facilityCount(page)).toBe(before + 5);
    const listed = await call('facilities.list', { limit: 5000 });
    const finest: Record<string, string> = {};
    for (const point of POINTS) {
      const facility = listed.items.find((item) => item.name === point.name);
      expect(facility, point.name).toBeDefined();
      const offset = metres([facility!.lon, facility!.lat], utm32ToLonLat(point.x, point.y));
      expect(offset, `${point.name}: ${offset.toFixed(3)} m daneben`).toBeLessThan(1);
      expect(facility!.category.name).toBe(point.category);
      expect(facility!.units.find((unit) => unit.levelName === 'Stadtteil')?.name, point.name).toBe(point.stadtteil);
      finest[point.name] = facility!.units.at(-1)!.name;
    }

    // The table shows each once, with its category and its unit of the finest level (Statistischer Bezirk).
    for (const point of POINTS) {
      const row = page.getByTestId('facility-row').filter({ hasText: point.name });
      expect(await row.count(), point.name).toBe(1);
      const text = (await row.textContent()) ?? '';
      expect(text, point.name).toContain(point.category);
      expect(text, point.name).toContain(finest[point.name]);
    }
    await screenshot(page, 'einrichtungen-shapefile-5-tabelle');

    // The side panel of one of them: its Stadtteil and its position as the planner reads it.
    const first = POINTS[0]!;
    await page.getByTestId('facility-row').filter({ hasText: first.name }).getByRole('button', { name: first.name }).click();
    await poll(() => page.getByTestId('facility-name').textContent()).toBe(first.name);
    expect(await page.getByTestId('facility-unit-Stadtteil').textContent()).toBe(first.stadtteil);
    const [lon, lat] = utm32ToLonLat(first.x, first.y);
    await poll(() => page.getByTestId('facility-form').textContent()).toContain(`Lage: ${lat.toFixed(5)} N, ${lon.toFixed(5)} O`);
    await screenshot(page, 'einrichtungen-shapefile-6-seitenleiste');

    // A free attribute added in the side panel by keyboard (Enter adds it, Enter in a field saves) is stored as a number.
    const attributes = page.getByRole('region', { name: 'Weitere Merkmale' });
    await attributes.getByLabel('Neues Merkmal').fill('Anzahl Plätze U3');
    await attributes.getByLabel('Wert des neuen Merkmals').fill('12');
    await attributes.getByLabel('Wert des neuen Merkmals').press('Enter');
    await attributes.getByLabel('Anzahl Plätze U3', { exact: true }).press('Enter');
    await poll(() => page.getByTestId('facility-form').getByRole('status').textContent()).toBe('Gespeichert.');
    const id = await page.getByTestId('facility-row').filter({ hasText: first.name }).getAttribute('data-facility-id');
    expect((await call('facilities.get', { id })).attributes).toEqual({ 'Anzahl Plätze U3': 12 });
    await attributes.getByRole('button', { name: 'Merkmal hinzufügen' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'einrichtungen-shapefile-7-merkmale');
  });
});
