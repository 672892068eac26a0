import fs from 'node:fs';
import path from 'node:path';
import type { GeoJSONSource } from 'maplibre-gl';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../shared/contract.ts';
import { deterministicId } from '../../electron/core/sync/ids.ts';
import { ROOT, SCREENSHOT_DIR, screenshot, useBrowserTests, waitForMapIdle, waitForRendered } from './support.ts';

/**
 * Issue 3's "done when", as a planner in Gelsenkirchen does it, on an empty database: import the
 * 18 Stadtteile, merge them into the 5 Stadtbezirke (official areas), import the schools table
 * written the German-Excel way and read map, legend, ranking and profile, sum it into the
 * Stadtbezirke, export it and import the export again, and finally import a newer boundary file
 * (Hassel gone, one broken feature) as a new Gebietsstand. The steps build on each other (one
 * database per file); screenshots of every step go to test-results/e2e/ (geometrie-*, planer-*).
 */

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'gelsenkirchen');
const STADTTEILE = 'Stadtteile_Gelsenkirchen_epsg3044.geojson';
const UPDATED = 'Stadtteile_Gelsenkirchen_updated_epsg3044.geojson';
const SCHOOLS_CSV = 'schulen_nach_stadtteilen_2024.csv';
/** Official areas of the Stadtbezirke in km² (Stadt Gelsenkirchen). */
const OFFICIAL_KM2: Record<string, number> = { Mitte: 28.101, Nord: 32.847, West: 12.709, Ost: 20.714, Süd: 10.533 };

const e2e = useBrowserTests({ seedDemo: false });
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

async function openApp(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
}

async function chooseFile(dialog: Locator, name: string): Promise<void> {
  await dialog.getByLabel('Dateien auswählen…').setInputFiles({ name, mimeType: 'application/geo+json', buffer: fs.readFileSync(path.join(FIXTURES, name)) });
  await poll(() => dialog.getByTestId('import-feature-count').textContent()).toBe('18');
}

/** "28,10 km²" → 28.1 */
function km2(text: string | null): number {
  const match = /([\d.]+,\d+)\s*km²/.exec(text ?? '');
  if (!match) throw new Error(`Keine Fläche in „${text}“`);
  return Number(match[1]!.replaceAll('.', '').replace(',', '.'));
}

async function showUnit(page: Page, label: string, name: string): Promise<void> {
  await page.getByTestId('unit-select').selectOption({ label });
  await poll(() => page.getByTestId('unit-name').textContent()).toBe(name);
  await poll(() => page.getByTestId('unit-area').textContent()).toMatch(/km²/);
}

/** Names in the map's unit source (what is drawn when in view), and then the map fitted to all of them. */
async function unitsOnMap(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const map = window.__quartiersatlasMap!;
    const data = (await (map.getSource('units') as GeoJSONSource).getData()) as GeoJSON.FeatureCollection;
    const coordinates = data.features.flatMap((f) => JSON.stringify((f.geometry as GeoJSON.Polygon).coordinates).match(/-?\d+\.?\d*,-?\d+\.?\d*/g) ?? []);
    const points = coordinates.map((pair) => pair.split(',').map(Number) as [number, number]);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    map.fitBounds(
      [
        [Math.min(...xs), Math.min(...ys)],
        [Math.max(...xs), Math.max(...ys)],
      ],
      { padding: 40, duration: 0 },
    );
    return data.features.map((f) => String(f.properties?.['name'])).sort();
  });
}

async function call<M extends 'units.get' | 'levels.list'>(method: M, input: unknown): Promise<MethodOutput<M>> {
  const result = await e2e.session.host.core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as MethodOutput<M>;
}

/** The CSV's rows as the file has them (Windows-1252, decimal comma), parsed by hand here. */
function schoolRows(): Array<{ name: string; schools: number; perKm2: number }> {
  const text = new TextDecoder('windows-1252').decode(fs.readFileSync(path.join(FIXTURES, SCHOOLS_CSV)));
  const lines = text.split('\r\n');
  const header = lines.findIndex((l) => l.startsWith('Stadtteil;'));
  const rows: Array<{ name: string; schools: number; perKm2: number }> = [];
  for (const line of lines.slice(header + 1)) {
    const [name, schools, perKm2] = line.split(';');
    if (!name || !schools) break;
    rows.push({ name, schools: Number(schools), perKm2: Number(perKm2!.replace(',', '.')) });
  }
  return rows;
}

interface SchoolColumn {
  column: string;
  code: string;
  name: string;
  unit: string;
  decimals: number;
  measure: 'absolute' | 'relative';
}
const COLUMNS: readonly SchoolColumn[] = [
  { column: 'Schulen_2024', code: 'schulen', name: 'Schulen', unit: 'Schulen', decimals: 0, measure: 'absolute' },
  { column: 'Schulen_je_km2_2024', code: 'schulen_km2', name: 'Schulen je km²', unit: 'je km²', decimals: 2, measure: 'relative' },
];

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name }).click();
}

/** Fill colour per drawn unit name (feature-state `fill`). */
async function drawnFills(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate(() => {
    const fills: Record<string, string | null> = {};
    for (const f of window.__quartiersatlasMap!.queryRenderedFeatures({ layers: ['units-fill'] })) {
      fills[String(f.properties?.['name'] ?? '')] = typeof f.state?.['fill'] === 'string' ? (f.state['fill'] as string) : null;
    }
    return fills;
  });
}

/** Walks the values wizard from file to result, by name onto the Stadtteile; returns the result counts. */
async function importSchools(page: Page, file: { name: string; buffer: Buffer }, columns: readonly SchoolColumn[]): Promise<{ values: string; created: string; unchanged: string }> {
  await openView(page, 'Indikatoren');
  await page.getByRole('button', { name: 'Werte importieren…' }).click();
  const dialog = page.getByTestId('values-wizard');
  const step = dialog.getByTestId('values-wizard-step');
  await dialog.getByLabel('Datei auswählen…').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await dialog.getByTestId('values-wizard-file-summary').waitFor();
  await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toBe('2 · Tabelle');
  await screenshot(page, `planer-werte-${file.name}-2-tabelle`);
  await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toBe('3 · Spalten');
  expect(await dialog.getByLabel('Gebietsspalte').inputValue()).toBe('Stadtteil');
  await dialog.getByLabel('Abgleich über').selectOption('name');
  for (const { column, code, name, unit, decimals, measure } of columns) {
    const combo = dialog.getByRole('combobox', { name: `Indikator für Spalte „${column}“` });
    await combo.click();
    await combo.fill(code);
    await combo.press('Enter');
    expect(await dialog.getByLabel(`Zeitraum für Spalte „${column}“`).inputValue()).toBe('2024');
    const create = dialog.getByTestId('values-wizard-columns').getByRole('row').filter({ hasText: column }).getByRole('button', { name: 'Jetzt hier anlegen…' });
    if ((await create.count()) === 0) continue;
    // First delivery: the indicator is new and is created right here.
    await create.click();
    const form = page.getByTestId('values-wizard-new-indicator');
    await form.waitFor();
    expect(await form.getByLabel('Code').inputValue()).toBe(code);
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Einheit').fill(unit);
    // Decimals as the file writes them ("1,89" → 2, counts → 0); schools are neither need nor asset.
    expect(await form.getByLabel('Nachkommastellen').inputValue()).toBe(String(decimals));
    expect(await form.getByLabel('Messgröße').inputValue()).toBe(measure);
    await form.getByRole('radio', { name: 'Ohne Wertung' }).check();
    await form.getByRole('button', { name: 'Anlegen' }).click();
    await form.waitFor({ state: 'detached' });
    await poll(() => combo.inputValue()).toBe(`${name} (${code})`);
  }
  await screenshot(page, `planer-werte-${file.name}-3-spalten`);
  await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toMatch(/^(4 · Gebiete|5 · Prüfen)$/);
  if ((await step.textContent()) === '4 · Gebiete') await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toBe('5 · Prüfen');
  await screenshot(page, `planer-werte-${file.name}-5-pruefen`);
  await dialog.getByTestId('values-wizard-next').click();
  const result = dialog.getByTestId('values-wizard-result');
  await result.waitFor({ state: 'visible', timeout: 20_000 });
  const count = async (name: string) => (await result.locator(`[data-count="${name}"]`).count()) > 0 ? ((await result.locator(`[data-count="${name}"]`).textContent()) ?? '') : '0';
  const counts = { values: await count('values'), created: await count('created'), unchanged: await count('unchanged') };
  await screenshot(page, `planer-werte-${file.name}-6-ergebnis`);
  await dialog.getByRole('button', { name: 'Fertig' }).click();
  await dialog.waitFor({ state: 'detached' });
  return counts;
}

/** Re-imports an exported values CSV: long format, keys, indicator codes as written by the export. */
async function importExport(page: Page, file: { name: string; buffer: Buffer }): Promise<{ values: string; created: string; unchanged: string }> {
  await openView(page, 'Indikatoren');
  await page.getByRole('button', { name: 'Werte importieren…' }).click();
  const dialog = page.getByTestId('values-wizard');
  const step = dialog.getByTestId('values-wizard-step');
  await dialog.getByLabel('Datei auswählen…').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await dialog.getByTestId('values-wizard-file-summary').waitFor();
  await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toBe('2 · Tabelle');
  await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toBe('3 · Spalten');
  await screenshot(page, 'planer-7-reimport-spalten');
  await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toMatch(/^(4 · Gebiete|5 · Prüfen)$/);
  await screenshot(page, 'planer-7-reimport-pruefen');
  if ((await step.textContent()) === '4 · Gebiete') await dialog.getByTestId('values-wizard-next').click();
  await poll(() => step.textContent()).toBe('5 · Prüfen');
  await dialog.getByTestId('values-wizard-next').click();
  const result = dialog.getByTestId('values-wizard-result');
  await result.waitFor({ state: 'visible', timeout: 20_000 });
  const count = async (name: string) => ((await result.locator(`[data-count="${name}"]`).textContent()) ?? '');
  const counts = { values: await count('values'), created: await count('created'), unchanged: await count('unchanged') };
  await screenshot(page, 'planer-7-reimport-ergebnis');
  await dialog.getByRole('button', { name: 'Fertig' }).click();
  return counts;
}

describe('Planerin in Gelsenkirchen: Gebiete, Bezirke, Schuldaten, Karte, Export, neuer Gebietsstand', () => {
  it('imports the 18 Stadtteile and dissolves them by bezirk_bez into the Stadtbezirk level', { timeout: 150_000 }, async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1000 });
    await openApp(page);

    // 1 · Stadtteile through the import dialog.
    await page.getByTestId('open-import').click();
    const importDialog = page.getByRole('dialog', { name: 'Gebiete importieren' });
    await chooseFile(importDialog, STADTTEILE);
    await importDialog.getByLabel('Schlüsselfeld').selectOption('id');
    await importDialog.getByLabel('Namensfeld').selectOption('stadttei00');
    await importDialog.getByLabel('Übergeordnete Einheit').selectOption('');
    await importDialog.getByLabel('Ebene', { exact: true }).fill('Stadtteil');
    // A new level: nothing to ask about boundary versions.
    expect(await importDialog.getByTestId('import-version').count()).toBe(0);
    await screenshot(page, 'geometrie-1-import-vorschau');
    await importDialog.getByRole('button', { name: 'Importieren', exact: true }).click();
    await poll(() => importDialog.getByTestId('import-result').textContent()).toContain(`Import aus „${STADTTEILE}“ abgeschlossen.`);
    await importDialog.getByRole('button', { name: 'Schließen' }).last().click();
    expect(await waitForRendered(page, 'units-fill', 18)).toHaveLength(18);

    // 2 · Dissolve by bezirk_bez into Stadtbezirk.
    await page.getByTestId('open-dissolve').click();
    const dissolve = page.getByRole('dialog', { name: 'Ebene durch Zusammenfassen bilden' });
    await dissolve.waitFor();
    expect(await dissolve.getByLabel('Ausgangsebene').evaluate((el) => el === document.activeElement)).toBe(true);
    const attributes = dissolve.getByTestId('dissolve-attributes');
    const bezirkBez = attributes.getByRole('radio', { name: /^bezirk_bez/ });
    await bezirkBez.waitFor();
    await screenshot(page, 'geometrie-2-zusammenfassen-start');
    expect(await bezirkBez.locator('xpath=ancestor::label').textContent()).toBe('bezirk_bez — 5 Werte: Mitte, Nord, West …');
    await poll(() => bezirkBez.isChecked()).toBe(true);
    expect(await dissolve.getByLabel('Name der neuen Ebene').inputValue()).toBe('Stadtbezirk');
    await poll(() => dissolve.getByTestId('dissolve-preview-summary').textContent()).toBe(
      '18 Gebiete werden zu 5 Gebieten der Ebene „Stadtbezirk“ zusammengefasst.',
    );
    const rows = await dissolve
      .getByRole('region', { name: 'Neue Gebiete und woraus sie bestehen' })
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 2).map((cell) => cell.textContent)));
    expect(rows).toEqual([
      ['Mitte', '7'],
      ['Nord', '3'],
      ['West', '2'],
      ['Ost', '3'],
      ['Süd', '3'],
    ]);
    await screenshot(page, 'geometrie-2-zusammenfassen-vorschau');
    // The numeric key with a name attribute, as the planner might try first.
    await attributes.getByRole('radio', { name: /^bezirk_id/ }).check();
    await poll(() => dissolve.getByLabel('Namen der neuen Gebiete aus').inputValue()).toBe('bezirk_bez');
    await poll(() => dissolve.locator('tbody tr').first().locator('th').textContent()).toBe('Mitte (1)');
    await screenshot(page, 'geometrie-2-zusammenfassen-nummer');
    await bezirkBez.check();
    await poll(() => dissolve.locator('tbody tr').first().locator('th').textContent()).toBe('Mitte');

    await dissolve.getByRole('button', { name: 'Ebene bilden' }).click();
    const result = dissolve.getByTestId('dissolve-result');
    await poll(() => result.textContent()).toContain('Ebene „Stadtbezirk“ gebildet: 5 Gebiete aus 18 Gebieten der Ebene „Stadtteil“.');
    expect(await result.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await result.textContent()).toContain('Die Karte zeigt jetzt die Ebene „Stadtbezirk“.');
    await screenshot(page, 'geometrie-2-zusammenfassen-ergebnis');
    await dissolve.getByRole('button', { name: 'Schließen' }).last().click();
    await dissolve.waitFor({ state: 'detached' });
    // The map shows the new level.
    expect(await page.getByTestId('level-switch').getByRole('radio', { name: /Stadtbezirk/ }).isChecked()).toBe(true);
    expect(await waitForRendered(page, 'units-fill', 5)).toHaveLength(5);
  });

  it('shows each Stadtbezirk with its official area (±0.5 %)', { timeout: 150_000 }, async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1000 });
    await openApp(page);
    await page.getByTestId('level-switch').getByRole('radio', { name: /Stadtbezirk/ }).click();
    const bezirke = await waitForRendered(page, 'units-fill', 5);
    expect(bezirke.map((b) => b.name).sort()).toEqual(Object.keys(OFFICIAL_KM2).sort());
    for (const [name, official] of Object.entries(OFFICIAL_KM2)) {
      await showUnit(page, `${name} (${name})`, name);
      const shown = km2(await page.getByTestId('unit-area').textContent());
      expect(Math.abs(shown / official - 1), `${name}: ${shown} km² statt ${official} km²`).toBeLessThan(0.005);
      if (name === 'Nord') {
        expect(await page.getByTestId('unit-children').textContent()).toBe('3');
        await waitForMapIdle(page);
        await screenshot(page, 'geometrie-3-stadtbezirk-nord');
      }
    }

  });

  it('imports the schools table written the German-Excel way; map, legend, ranking and profile follow the file', { timeout: 150_000 }, async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1000 });
    await openApp(page);
    await page.getByTestId('level-switch').getByRole('radio', { name: /Stadtteil/ }).click();
    await waitForRendered(page, 'units-fill', 18);
    // 3 The schools table: 18 rows × 2 columns, both indicators created on the way.
    const rows = schoolRows();
    expect(rows).toHaveLength(18);
    const first = await importSchools(page, { name: SCHOOLS_CSV, buffer: fs.readFileSync(path.join(FIXTURES, SCHOOLS_CSV)) }, COLUMNS);
    expect(first).toEqual({ values: '36', created: '36', unchanged: '0' });

    // 4 Karte: every Stadtteil coloured by its class, the legend counts all 18, none without data.
    await openView(page, 'Karte');
    await waitForRendered(page, 'units-fill', 18);
    const picker = page.getByTestId('indicator-picker');
    await picker.click();
    await picker.fill('Schulen je');
    await page.getByRole('option', { name: /^Schulen je km²/ }).click();
    const legend = page.getByTestId('choropleth-legend');
    await legend.getByRole('heading', { name: 'Schulen je km²' }).waitFor();
    await waitForMapIdle(page);
    const legendRows = await legend.getByTestId('legend-row').evaluateAll((els) =>
      els.map((r) => ({ kind: r.getAttribute('data-kind') ?? '', color: r.getAttribute('data-color'), count: Number(r.querySelector('[data-testid="legend-count"]')?.textContent) })),
    );
    const classes = legendRows.filter((r) => r.kind === 'class');
    expect(classes.length).toBeGreaterThanOrEqual(3);
    expect(classes.reduce((sum, r) => sum + r.count, 0)).toBe(18);
    expect(legendRows.filter((r) => r.kind !== 'class').every((r) => r.count === 0)).toBe(true);
    const fills = await drawnFills(page);
    expect(Object.keys(fills)).toHaveLength(18);
    const classColours = new Set(classes.map((r) => r.color));
    expect(Object.values(fills).every((c) => c !== null && classColours.has(c)), JSON.stringify(fills)).toBe(true);
    // The densest Stadtteil is in the top class, the sparsest in the bottom one.
    const byDensity = [...rows].sort((a, b) => b.perKm2 - a.perKm2);
    expect(fills[byDensity[0]!.name]).toBe(classes.at(-1)!.color);
    expect(fills[byDensity.at(-1)!.name]).toBe(classes[0]!.color);
    await screenshot(page, 'planer-4-karte-schulen-je-km2');

    // 5 Indikatoren: the ranking is the file's order.
    await openView(page, 'Indikatoren');
    await page.getByTestId('catalogue-list').getByRole('button', { name: /^Schulen je km²/ }).click();
    await poll(() => page.getByTestId('indicator-title').textContent()).toBe('Schulen je km²');
    await page.getByTestId('indicator-level').selectOption({ label: 'Stadtteil' });
    const ranking = page.getByTestId('ranking-row');
    await poll(() => ranking.count()).toBe(18);
    const ranked = (await ranking.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))).map((label) => /^Rang (\d+): (.+), ([\d,]+)/.exec(label));
    expect(ranked.map((m) => m?.[2])).toEqual(byDensity.map((r) => r.name));
    expect(ranked.map((m) => Number(m?.[3]?.replace(',', '.')))).toEqual(byDensity.map((r) => r.perKm2));
    await screenshot(page, 'planer-5-rangfolge');

    // 6 Profil of Buer: both indicators, the file's values, the rank among 18.
    await ranking.nth(byDensity.findIndex((r) => r.name === 'Buer')).click();
    await page.getByTestId('open-profile').click();
    await poll(() => page.getByTestId('profile-title').textContent()).toBe('Profil: Buer');
    const profileRows = page.getByTestId('profile-row');
    await poll(() => profileRows.count()).toBe(2);
    const schools = profileRows.filter({ hasText: /^Schulen(?! je)/ });
    expect(await schools.getByTestId('profile-value').textContent()).toContain('15');
    expect(await schools.getByTestId('profile-rank').textContent()).toBe('1 / 18');
    await screenshot(page, 'planer-6-profil-buer');

  });

  it('sums the school counts of the Stadtteile into their Stadtbezirke', { timeout: 150_000 }, async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1000 });
    await openApp(page);
    await openView(page, 'Indikatoren');
    await page.getByTestId('catalogue-list').getByRole('button', { name: /^Schulen\s*schulen ·/ }).click();
    await poll(() => page.getByTestId('indicator-title').textContent()).toBe('Schulen');
    await page.getByTestId('indicator-level').selectOption({ label: 'Stadtteil' });
    await page.getByTestId('open-aggregate').click();
    const dialog = page.getByTestId('aggregate-dialog');
    expect(await dialog.getByRole('heading').first().textContent()).toBe('Auf die Ebene Stadtbezirk aggregieren');
    // A count: summed.
    expect(await dialog.getByTestId('aggregate-method-sum').isChecked()).toBe(true);
    await screenshot(page, 'planer-aggregieren');
    await dialog.getByTestId('aggregate-submit').click();
    await dialog.getByTestId('aggregate-result').waitFor();
    await dialog.getByTestId('aggregate-close').click();
    await poll(() => page.getByTestId('indicator-level').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Stadtbezirk');
    // The file's counts, summed by the bezirk_bez of each Stadtteil in the boundary file.
    const bezirkOf = new Map(
      (JSON.parse(fs.readFileSync(path.join(FIXTURES, STADTTEILE), 'utf8')) as GeoJSON.FeatureCollection).features.map((f) => [String(f.properties!['stadttei00']), String(f.properties!['bezirk_bez'])]),
    );
    const expected = new Map<string, number>();
    for (const row of schoolRows()) expected.set(bezirkOf.get(row.name)!, (expected.get(bezirkOf.get(row.name)!) ?? 0) + row.schools);
    const ranking = page.getByTestId('ranking-row');
    await poll(() => ranking.count()).toBe(5);
    const shown = (await ranking.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? ''))).map((label) => /^Rang \d+: (.+), (\d+)/.exec(label)!);
    expect(Object.fromEntries(shown.map((m) => [m[1], Number(m[2])]))).toEqual(Object.fromEntries(expected));
    await screenshot(page, 'planer-stadtbezirke-schulen');
  });

  it('exports the values as CSV for Excel; importing the export changes nothing', { timeout: 150_000 }, async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1000 });
    await openApp(page);
    // 7 Export as CSV for Excel and import the export again: the same 18 values, nothing changes.
    await openView(page, 'Indikatoren');
    await page.getByTestId('catalogue-list').getByRole('button', { name: /^Schulen je km²/ }).click();
    await page.getByTestId('indicator-page').getByRole('button', { name: 'Exportieren…' }).click();
    const exportDialog = page.getByTestId('export-dialog');
    await exportDialog.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByRole('button', { name: 'Herunterladen' }).click()]);
    const exported = path.join(SCREENSHOT_DIR, download.suggestedFilename());
    await download.saveAs(exported);
    await exportDialog.getByRole('button', { name: 'Schließen' }).last().click();
    const again = await importExport(page, { name: download.suggestedFilename(), buffer: fs.readFileSync(exported) });
    expect(again).toEqual({ values: '18', created: '0', unchanged: '18' });
  });

  it('imports the updated file as a new Gebietsstand: Hassel leaves the map and stays in history', { timeout: 150_000 }, async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1000 });
    await openApp(page);
    // 3 · Hassel on the Stadtteil level, its panel open while the new version comes in.
    await page.getByTestId('level-switch').getByRole('radio', { name: /Stadtteil/ }).click();
    await waitForRendered(page, 'units-fill', 18);
    await showUnit(page, 'Hassel (ST22)', 'Hassel');
    expect(await page.getByTestId('unit-parent').textContent()).toContain('Nord');

    await page.getByTestId('open-import').click();
    const importDialog = page.getByRole('dialog', { name: 'Gebiete importieren' });
    await chooseFile(importDialog, UPDATED);
    await importDialog.getByLabel('Schlüsselfeld').selectOption('id');
    await importDialog.getByLabel('Namensfeld').selectOption('stadttei00');
    // The parents are the Stadtbezirke built above, whose keys are the bezirk_bez values.
    await importDialog.getByLabel('Übergeordnete Einheit').selectOption('bezirk_bez');
    await importDialog.getByLabel('Ebene', { exact: true }).fill('Stadtteil');
    const version = importDialog.getByTestId('import-version');
    await version.waitFor();
    expect(await version.getByRole('radio', { name: /Gebiete aktualisieren/ }).isChecked()).toBe(true);
    await version.getByRole('radio', { name: /Neuer Gebietsstand/ }).check();
    await version.getByLabel('Gültig ab').fill('2024-01-01');
    expect(await version.textContent()).toContain('Fehlende Gebiete gelten bis 31.12.2023.');
    await screenshot(page, 'geometrie-4-gebietsstand-formular');
    await importDialog.getByRole('button', { name: 'Importieren', exact: true }).click();

    // The feature without properties has no key: refused, then skipped on request.
    const failure = importDialog.getByTestId('import-failure');
    await poll(() => failure.textContent()).toContain('Objekt 18, Feld id: Der Schlüssel fehlt');
    expect(await failure.textContent()).toContain('Die Datenbank wurde nicht verändert.');
    const skip = failure.getByLabel(/Fehlerhafte Gebiete überspringen und den Rest importieren/);
    await skip.check();
    await screenshot(page, 'geometrie-4-gebietsstand-fehler');
    await failure.getByRole('button', { name: 'Ohne die fehlerhaften Gebiete importieren' }).click();
    const imported = importDialog.getByTestId('import-result');
    await poll(() => imported.textContent()).toContain('abgeschlossen');
    expect(await imported.getByTestId('import-ended').textContent()).toBe('1');
    expect(await imported.getByTestId('import-version-summary').textContent()).toBe(
      'Neuer Gebietsstand ab 01.01.2024: 0 Gebiete hinzugekommen, 1 Gebiet mit Enddatum 31.12.2023 beendet. Die bisherigen Grenzen bleiben als Geschichte erhalten.',
    );
    expect(await imported.getByTestId('import-warnings').textContent()).toContain('Das Objekt wurde übersprungen.');
    await screenshot(page, 'geometrie-4-gebietsstand-ergebnis');
    await importDialog.getByRole('button', { name: 'Schließen' }).last().click();
    await importDialog.waitFor({ state: 'detached' });

    // Hassel is gone from the map and the unit list, but its panel shows the end of its validity.
    await poll(() => unitsOnMap(page)).toHaveLength(17);
    expect(await unitsOnMap(page)).not.toContain('Hassel');
    const stadtteile = await waitForRendered(page, 'units-fill', 17);
    expect(stadtteile).toHaveLength(17);
    expect(stadtteile.map((u) => u.name)).not.toContain('Hassel');
    expect(await page.getByTestId('unit-select').locator('option', { hasText: 'Hassel' }).count()).toBe(0);
    await poll(() => page.getByTestId('side-panel').textContent()).toContain('Gültig bis');
    expect(await page.getByTestId('unit-name').textContent()).toBe('Hassel');
    expect(await page.getByTestId('side-panel').textContent()).toMatch(/Gültig bis\s*31\.12\.2023/);
    expect(await page.getByTestId('unit-ended').textContent()).toBe('Früherer Gebietsstand: gültig bis 31.12.2023, auf der Karte nicht mehr gezeigt.');
    await waitForMapIdle(page);
    await screenshot(page, 'geometrie-5-hassel-beendet');

    // History behind the contract: Hassel is kept with its end date and its Stadtbezirk.
    const hassel = await call('units.get', { id: deterministicId.unit('stadtteil', 'ST22') });
    expect(hassel).toMatchObject({ name: 'Hassel', validTo: '2023-12-31', parent: { name: 'Nord' } });
    const levels = await call('levels.list', {});
    expect(levels.map((l) => [l.name, l.unitCount])).toEqual([
      ['Stadtbezirk', 5],
      ['Stadtteil', 17],
    ]);
    // Nord now has two current Stadtteile.
    await page.getByTestId('unit-parent').getByRole('button').click();
    await poll(() => page.getByTestId('unit-name').textContent()).toBe('Nord');
    await poll(() => page.getByTestId('unit-children').textContent()).toBe('2');
  });
});
