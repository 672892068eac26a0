import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, SCREENSHOT_DIR, screenshot, useBrowserTests, waitForMapIdle, waitForRendered } from './support.ts';

/**
 * Issue 3's "done when", as a planner in Gelsenkirchen would do it, on an empty database: import
 * the 18 Stadtteile, build the 5 Stadtbezirke, import the schools table the statistics office
 * sends as a German-Excel CSV, then read map, legend, ranking and profile, export the values and
 * import the export again.
 */

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'gelsenkirchen');
const STADTTEILE = 'Stadtteile_Gelsenkirchen_epsg3044.geojson';
const SCHOOLS_CSV = 'schulen_nach_stadtteilen_2024.csv';

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

const e2e = useBrowserTests({ seedDemo: false });
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

async function openApp(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
}

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

describe('Planerin in Gelsenkirchen: Gebiete, Bezirke, Schuldaten, Karte und Export', () => {
  it('walks the whole analysis flow on an empty database', async () => {
    const { page } = e2e.current;
    await page.setViewportSize({ width: 1366, height: 1000 });
    await openApp(page);

    // 1 Stadtteile
    await page.getByTestId('open-import').click();
    const importDialog = page.getByRole('dialog', { name: 'Gebiete importieren' });
    await importDialog.getByLabel('Dateien auswählen…').setInputFiles({
      name: STADTTEILE,
      mimeType: 'application/geo+json',
      buffer: fs.readFileSync(path.join(FIXTURES, STADTTEILE)),
    });
    await poll(() => importDialog.getByTestId('import-feature-count').textContent()).toBe('18');
    await importDialog.getByLabel('Schlüsselfeld').selectOption('id');
    await importDialog.getByLabel('Namensfeld').selectOption('stadttei00');
    await importDialog.getByLabel('Ebene').fill('Stadtteil');
    await screenshot(page, 'planer-1-stadtteile-vorschau');
    await importDialog.getByRole('button', { name: 'Importieren' }).click();
    await poll(() => importDialog.textContent()).toContain(`Import aus „${STADTTEILE}“ abgeschlossen.`);
    await importDialog.getByText('Schließen', { exact: true }).click();
    expect(await waitForRendered(page, 'units-fill', 18)).toHaveLength(18);
    await screenshot(page, 'planer-1-stadtteile-karte');

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
});
