import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NO_DATA_COLOR } from '../../renderer/indicators/ramps.ts';
import { screenshot, SCREENSHOT_DIR, waitForMapIdle, waitForRendered, useBrowserTests } from './support.ts';

/**
 * Index-Baukasten and exports end to end, on the Flensburg demo (13 Stadtteile with SGB II share,
 * employment rate, inhabitants …): build and save a two-indicator index, export values as CSV,
 * save the map as PNG. Downloads go through the browser's real download path.
 */

const SGB2 = 'Anteil der Regelleistungsberechtigten nach SGB II';
const BESCHAEFTIGUNG = 'Beschäftigungsquote';
const EINWOHNER = 'Einwohner*innen insgesamt';
const INDEX_NAME = 'Index Arbeit und Transfer';

const e2e = useBrowserTests();

async function openApp(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name, exact: true }).click();
}

/** Fill colour (feature-state) and hatch per drawn unit of the map on screen. */
async function drawnUnits(page: Page): Promise<Record<string, { fill: string | null; hatch: boolean }>> {
  return page.evaluate(() => {
    const map = window.__quartiersatlasMap!;
    const units: Record<string, { fill: string | null; hatch: boolean }> = {};
    for (const f of map.queryRenderedFeatures({ layers: ['units-fill'] })) {
      units[String(f.properties?.['name'] ?? '')] = {
        fill: typeof f.state?.['fill'] === 'string' ? (f.state['fill'] as string) : null,
        hatch: f.state?.['hatch'] === true,
      };
    }
    return units;
  });
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('Index-Baukasten und Export im Browser', () => {
  it('builds a two-indicator index, the preview colours the 13 Stadtteile, saved it is in the catalogue', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    await openView(page, 'Indizes');
    const builder = page.getByTestId('indizes-view');
    await builder.getByTestId('index-dimensions').waitFor();
    await expect.poll(() => builder.getByTestId('index-level').locator('option:checked').textContent()).toBe('Stadtteil');
    expect(await builder.getByTestId('index-period').inputValue()).toBe('2021');

    // One dimension, two indicators; the polarity comes from the catalogue.
    await builder.getByLabel('Name der Dimension').fill('Arbeit und Transfer');
    const add = builder.getByLabel('Indikator zu „Arbeit und Transfer“ hinzufügen');
    await add.selectOption({ label: SGB2 });
    await add.selectOption({ label: BESCHAEFTIGUNG });
    expect(await builder.getByLabel(`Richtung von „${SGB2}“`).inputValue()).toBe('1');
    expect(await builder.getByLabel(`Richtung von „${BESCHAEFTIGUNG}“`).inputValue()).toBe('-1');
    // Inhabitants: small areas (under 300) are left out by default.
    await builder.getByLabel('Einwohnerzahl aus').selectOption({ label: EINWOHNER });
    expect(await builder.getByTestId('index-exclude-small').isChecked()).toBe(true);
    expect(await builder.getByLabel('Mindestzahl Einwohner').inputValue()).toBe('300');
    // Geometric mean only with Rang-Min-Max.
    expect(await builder.getByLabel('Zusammenfassen').locator('option', { hasText: 'geometrisches Mittel' }).isDisabled()).toBe(true);

    const status = builder.getByTestId('index-preview-status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('13 von 13 Gebieten im Index');
    await expect.poll(async () => Object.keys(await drawnUnits(page)).length, { timeout: 20_000 }).toBe(13);
    await waitForMapIdle(page);
    const drawn = await drawnUnits(page);
    const legendColors = await builder.getByTestId('index-legend-row').evaluateAll((rows) =>
      rows.filter((r) => r.getAttribute('data-kind') === 'class').map((r) => r.getAttribute('data-color')),
    );
    for (const [name, unit] of Object.entries(drawn)) {
      expect(unit.fill, name).not.toBeNull();
      expect(unit.fill, name).not.toBe(NO_DATA_COLOR);
      expect(legendColors, name).toContain(unit.fill);
      expect(unit.hatch, name).toBe(false);
    }
    expect(new Set(Object.values(drawn).map((u) => u.fill)).size).toBeGreaterThanOrEqual(3);
    // The table: 13 rows with the sub-index and the total, highest total first.
    const rows = builder.getByTestId('preview-row');
    expect(await rows.count()).toBe(13);
    const totals = (await builder.getByTestId('preview-total').allTextContents()).map((t) => Number(t.replace('−', '-').replace(',', '.')));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    await screenshot(page, 'index-baukasten-vorschau');

    // A higher minimum leaves small Stadtteile out: hatched on the map, with the reason.
    await builder.getByLabel('Mindestzahl Einwohner').fill('5000');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^\d+ von 13 Gebieten im Index$/);
    const included = Number((await status.textContent())!.split(' ')[0]);
    expect(included).toBeLessThan(13);
    await expect.poll(async () => Object.values(await drawnUnits(page)).filter((u) => u.hatch).length, { timeout: 15_000 }).toBe(13 - included);
    expect(await builder.getByTestId('preview-message').first().textContent()).toBe('nicht im Index: weniger als 5.000 Einwohner');
    await waitForMapIdle(page);
    await screenshot(page, 'index-baukasten-ausschluss');
    await builder.getByLabel('Mindestzahl Einwohner').fill('300');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe('13 von 13 Gebieten im Index');

    // Save as an indicator.
    await builder.getByTestId('open-save-index').click();
    const dialog = page.getByTestId('save-index-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Schlüssel').fill('arbeit_transfer');
    await dialog.getByLabel('Name').fill(INDEX_NAME);
    await dialog.getByLabel('Definition').fill('SGB-II-Anteil (+) und Beschäftigungsquote (−) als z-Werte, gemittelt.');
    await screenshot(page, 'index-speichern-dialog');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => builder.getByTestId('index-saved').textContent()).toContain(`„${INDEX_NAME}“ ist gespeichert`);

    await builder.getByTestId('open-saved-index').click();
    await expect.poll(() => page.getByTestId('indicator-title').textContent(), { timeout: 15_000 }).toBe(INDEX_NAME);
    const catalogue = page.getByTestId('catalogue-list');
    await catalogue.getByRole('button', { name: new RegExp(`^${INDEX_NAME}\\s*arbeit_transfer ·`) }).waitFor();
    // Its sub-index is in the catalogue as well.
    await catalogue.getByRole('button', { name: new RegExp(`^${INDEX_NAME}: Arbeit und Transfer\\s*arbeit_transfer\\.`) }).waitFor();
    expect(await page.getByTestId('indicator-meta').textContent()).toContain('arbeit_transfer');
    await expect.poll(() => page.getByTestId('unit-row').count(), { timeout: 15_000 }).toBe(13);
    await screenshot(page, 'index-im-katalog');

    // Back in the builder, the saved index can be opened again.
    await openView(page, 'Indizes');
    const start = page.getByTestId('index-start');
    await expect.poll(() => start.locator('option', { hasText: INDEX_NAME }).count()).toBe(1);
  });

  it('exports the values of an indicator as CSV for Excel', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    await openView(page, 'Indikatoren');
    await page.getByTestId('catalogue-list').getByRole('button', { name: new RegExp(`^${SGB2}`) }).click();
    await expect.poll(() => page.getByTestId('indicator-title').textContent()).toBe(SGB2);
    await page.getByTestId('indicator-page').getByRole('button', { name: 'Exportieren…' }).click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.getByTestId('export-level').locator('option:checked').textContent()).toBe('Stadtteil');
    expect(await dialog.getByLabel('CSV für Excel').isChecked()).toBe(true);
    expect(await dialog.getByLabel('Kleine Fallzahlen geheim halten unter').inputValue()).toBe('3');
    await screenshot(page, 'export-dialog');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Herunterladen' }).click()]);
    expect(download.suggestedFilename()).toBe('quartiersatlas_stadtteil_sgb2-anteil.csv');
    const file = path.join(SCREENSHOT_DIR, download.suggestedFilename());
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    const [firstLine, secondLine] = text.split('\r\n');
    expect(firstLine).toBe('\uFEFFSchlüssel;Gebiet;Zeitraum;Indikator;Bezeichnung;Einheit;Wert;Kennzeichen');
    expect(secondLine).toMatch(/^STGT\d+;[^;]+;\d{4};sgb2_anteil;/);
    const lines = text.trim().split('\r\n').length - 1;
    await expect.poll(() => dialog.getByTestId('export-result').textContent()).toBe(
      `${lines} Werte, davon 0 geheim gehalten – quartiersatlas_stadtteil_sgb2-anteil.csv`,
    );
    await screenshot(page, 'export-fertig');
  });

  it('saves the map with legend and source line as PNG', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    const picker = page.getByTestId('indicator-picker');
    await picker.click();
    await picker.fill('Regelleistung');
    await page.getByRole('option', { name: new RegExp(`^${SGB2}`) }).click();
    await page.getByTestId('choropleth-legend').getByRole('heading', { name: SGB2 }).waitFor();
    await waitForMapIdle(page);
    // Both on the map's toolbars: export (values or geodata) and the picture.
    expect(await page.getByRole('toolbar', { name: 'Kartenwerkzeuge' }).getByRole('button', { name: 'Exportieren…' }).count()).toBe(1);
    await screenshot(page, 'karte-vor-bildexport');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByRole('button', { name: 'Karte als Bild speichern…' }).click()]);
    expect(download.suggestedFilename()).toBe('karte_sgb2_anteil_2021.png');
    const file = path.join(SCREENSHOT_DIR, download.suggestedFilename());
    await download.saveAs(file);
    const size = pngSize(file);
    // 2× the map's size on screen plus margins, title, legend and source line.
    const map = await page.evaluate(() => {
      const c = window.__quartiersatlasMap!.getContainer();
      return { width: c.clientWidth, height: c.clientHeight, pixelRatio: window.__quartiersatlasMap!.getPixelRatio() };
    });
    expect(size.width).toBeGreaterThan(map.width * 2);
    expect(size.height).toBeGreaterThan(map.height * 2);
    // The map on screen is back at its own pixel ratio.
    expect(map.pixelRatio).toBe(1);
    console.log(`Kartenbild: ${size.width} × ${size.height} px (Karte ${map.width} × ${map.height})`);
  });
});
