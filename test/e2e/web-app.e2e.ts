import type { GeoJSONSource } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fitToFacilities, interiorPoints, readDemo, renderedFeatures, screenshot, waitForMapIdle, waitForRendered, useBrowserTests } from './support.ts';

/**
 * A planner's first minutes with the web version: the Flensburg demo on a fresh database,
 * in headless Chromium against the real loopback host. No request may leave 127.0.0.1.
 */

const STADTTEILE = readDemo('flensburg_stadtteile.geojson');
const BEZIRKE = readDemo('flensburg_stadtbezirke.geojson');
const SPIELPLAETZE = readDemo('spielplaetze_flensburg.geojson');
const names = (features: typeof STADTTEILE) => features.map((f) => String(f.properties['AREA_NAME'])).sort((a, b) => a.localeCompare(b, 'de'));

const e2e = useBrowserTests();

async function openApp(page: Page, token = e2e.session.host.token): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(token)}`);
}

describe('Quartiersatlas im Browser', () => {
  it('loads the demo and the map draws the 13 Stadtteile', async () => {
    const { page } = e2e.current;
    await openApp(page);
    // The token leaves the visible address at once.
    await expect.poll(() => new URL(page.url()).search).toBe('');
    const levelSwitch = page.getByTestId('level-switch');
    await levelSwitch.getByText('Stadtteil', { exact: true }).waitFor();
    expect(await page.getByRole('radio', { name: /Stadtteil/ }).isChecked()).toBe(true);

    const drawn = await waitForRendered(page, 'units-fill', 13);
    expect(drawn.map((u) => u.name)).toEqual(names(STADTTEILE));
    // The page holds the event stream open (POST /api/events got through token and Origin checks).
    await expect.poll(() => e2e.session.host.eventStreamCount()).toBeGreaterThan(0);
    // Labels are drawn as well (symbol layer).
    expect((await renderedFeatures(page, 'units-label')).length).toBeGreaterThan(0);
    await screenshot(page, 'karte-13-stadtteile');
  });

  it('switching the level to "Statistischer Bezirk" shows the 41 districts', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    // The segmented control's radio lies over its label: that is what a click hits.
    const option = page.getByTestId('level-switch').getByRole('radio', { name: /Statistischer Bezirk/ });
    await option.click();
    expect(await option.isChecked()).toBe(true);

    const drawn = await waitForRendered(page, 'units-fill', 41);
    expect(drawn.map((u) => u.name)).toEqual(names(BEZIRKE));
    await screenshot(page, 'karte-41-bezirke');
  });

  it('shows all 76 playgrounds when zoomed to fit them', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    await page.getByTestId('category-legend').getByText('Spielplatz').waitFor();

    // The source holds every playground …
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const source = window.__quartiersatlasMap?.getSource('facilities') as GeoJSONSource | undefined;
          const data = (await source?.getData()) as GeoJSON.FeatureCollection | undefined;
          return data?.features.length ?? 0;
        }),
      )
      .toBe(SPIELPLAETZE.length);
    expect(SPIELPLAETZE.length).toBe(76);

    // … and with all of them in view, the map draws every one.
    const drawn = await fitToFacilities(page, 76);
    expect(drawn).toHaveLength(76);
    await screenshot(page, 'karte-76-spielplaetze');
  });

  it('clicking "03 Nordstadt" on the map opens its panel with name and code; Esc closes it', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    const nordstadt = STADTTEILE.find((f) => f.properties['AREA_NAME'] === '03 Nordstadt');
    expect(nordstadt).toBeDefined();

    // A pixel deep inside Nordstadt that hits no playground and no overlay (legend, controls).
    const target = await page.evaluate((candidates) => {
      const map = window.__quartiersatlasMap!;
      const rect = map.getCanvas().getBoundingClientRect();
      for (const lngLat of candidates) {
        const p = map.project(lngLat);
        if (p.x < 30 || p.y < 30 || p.x > rect.width - 30 || p.y > rect.height - 30) continue;
        const unit = map.queryRenderedFeatures(p, { layers: ['units-fill'] })[0];
        if (unit?.properties?.['name'] !== '03 Nordstadt') continue;
        const nearFacility = map.queryRenderedFeatures(
          [
            [p.x - 12, p.y - 12],
            [p.x + 12, p.y + 12],
          ],
          { layers: ['facilities-circle'] },
        );
        if (nearFacility.length > 0) continue;
        const x = rect.left + p.x;
        const y = rect.top + p.y;
        if (document.elementFromPoint(x, y) !== map.getCanvas()) continue;
        return { x, y };
      }
      return null;
    }, interiorPoints(nordstadt!.geometry));
    expect(target, 'ein freier Punkt in Nordstadt auf der Karte').not.toBeNull();

    await page.mouse.click(target!.x, target!.y);
    // Spec: data-testid="unit-panel"; the renderer's shared SidePanel is "side-panel".
    const panel = page.locator('[data-testid="unit-panel"], [data-testid="side-panel"]:has([data-testid="unit-name"])');
    await panel.waitFor({ state: 'visible' });
    await expect.poll(() => page.getByTestId('unit-name').textContent()).toBe('03 Nordstadt');
    expect(await page.getByTestId('unit-code').textContent()).toBe('STGT03');
    expect(await panel.textContent()).toContain('Stadtteil');
    await waitForMapIdle(page);
    await screenshot(page, 'panel-03-nordstadt');

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.getByTestId('unit-name').count()).toBe(0);
  });

  it('the about dialog names the CC0 licence of the demo data', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    await page.getByTestId('open-about').click();
    const dialog = page.getByTestId('about-dialog');
    await dialog.waitFor({ state: 'visible' });
    await expect.poll(() => dialog.textContent()).toContain('CC0');
    expect(await dialog.textContent()).toContain('Flensburg');
    await screenshot(page, 'ueber-dialog');
  });

  it('a wrong token gets "Sitzung ungültig" on the page', async () => {
    const { page } = e2e.current;
    await openApp(page, 'falsches-token');
    const banner = page.getByText(/Sitzung ungültig/);
    await banner.first().waitFor({ state: 'visible' });
    expect(await banner.first().textContent()).toContain('Adresse aus dem Terminal');
    // Nothing from the database reaches the page.
    expect(await renderedFeatures(page, 'units-fill')).toEqual([]);
    await screenshot(page, 'sitzung-ungueltig');
    // Chromium logs each refused call; here that is the expected outcome.
    const expected = /status of 401 \(Unauthorized\)/;
    e2e.current.consoleErrors.splice(0, Infinity, ...e2e.current.consoleErrors.filter((text) => !expected.test(text)));
  });
});
