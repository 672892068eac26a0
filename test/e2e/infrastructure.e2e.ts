import type { GeoJSONSource } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fitToFacilities, interiorPoints, readDemo, screenshot, waitForMapIdle, waitForRendered, useBrowserTests } from './support.ts';

/**
 * Issue 4 "Infrastrukturdatenbank" in the browser on the Flensburg demo (76 playgrounds):
 * the facility table with its side panel, and on the Karte opening, placing and moving facilities.
 */

const STADTTEILE = readDemo('flensburg_stadtteile.geojson');
const e2e = useBrowserTests();

async function openApp(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
}

async function openKarte(page: Page): Promise<void> {
  await openApp(page);
  await waitForRendered(page, 'units-fill', 13);
  await page.getByTestId('category-legend').getByText('Spielplatz').waitFor();
}

/** Page pixel of a lon/lat on the map canvas. */
async function pixelOf(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = window.__quartiersatlasMap!;
    const rect = map.getCanvas().getBoundingClientRect();
    const p = map.project(ll);
    return { x: rect.left + p.x, y: rect.top + p.y };
  }, lngLat);
}

/** A free pixel inside a Stadtteil (no playground near, nothing over the canvas). */
async function freePixelIn(page: Page, name: string): Promise<{ x: number; y: number; lngLat: [number, number] } | null> {
  const feature = STADTTEILE.find((f) => f.properties['AREA_NAME'] === name)!;
  return page.evaluate(
    ({ candidates, unitName }) => {
      const map = window.__quartiersatlasMap!;
      const rect = map.getCanvas().getBoundingClientRect();
      for (const lngLat of candidates) {
        const p = map.project(lngLat);
        if (p.x < 40 || p.y < 40 || p.x > rect.width - 400 || p.y > rect.height - 40) continue;
        const unit = map.queryRenderedFeatures(p, { layers: ['units-fill'] })[0];
        if (unit?.properties?.['name'] !== unitName) continue;
        const near = map.queryRenderedFeatures(
          [
            [p.x - 14, p.y - 14],
            [p.x + 14, p.y + 14],
          ],
          { layers: ['facilities-circle'] },
        );
        if (near.length > 0) continue;
        const x = rect.left + p.x;
        const y = rect.top + p.y;
        if (document.elementFromPoint(x, y) !== map.getCanvas()) continue;
        return { x, y, lngLat };
      }
      return null;
    },
    { candidates: interiorPoints(feature.geometry, 80), unitName: name },
  );
}

describe('Infrastruktur', () => {
  it('the Infrastruktur view lists the 76 playgrounds, searches, sorts and edits one in its panel', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await page.getByRole('button', { name: 'Infrastruktur' }).click();
    await expect.poll(() => page.getByTestId('facility-count').textContent()).toBe('76 Einrichtungen (angezeigt 1–76)');
    expect(await page.getByTestId('facility-row').count()).toBe(76);
    // Only the categories in use would appear in the map legend; the filter lists all with counts.
    expect(await page.getByTestId('facility-filter-category').locator('option', { hasText: 'Spielplatz (76)' }).count()).toBe(1);
    await screenshot(page, 'infrastruktur-tabelle');

    await page.getByTestId('facility-sort-name').click();
    await expect.poll(() => page.getByTestId('facility-sort-name').locator('xpath=..').getAttribute('aria-sort')).toBe('descending');

    const first = page.getByTestId('facility-row').first();
    const name = (await first.locator('th button').textContent())!;
    await page.getByLabel('Suche').fill(name);
    await expect.poll(() => page.getByTestId('facility-row').count()).toBeLessThan(76);
    await page.getByTestId('facility-row').first().locator('th button').click();
    const panel = page.getByTestId('side-panel');
    await panel.waitFor();
    await expect.poll(() => page.getByTestId('facility-name').textContent()).toBe(name);
    expect(await page.getByTestId('facility-units').textContent()).toContain('Stadtteil');

    await panel.getByLabel('Kapazität', { exact: true }).fill('25');
    await panel.getByLabel('Zielgruppen').fill('Kinder 6–10; Familien');
    await panel.getByLabel('Ressource/Potenzial (z. B. ungenutzter Raum, Ehrenamt)').check();
    await panel.getByLabel('Beschreibung der Ressource').fill('Bolzfläche nachmittags frei');
    await panel.getByRole('button', { name: 'Speichern' }).click();
    await panel.getByText('Gespeichert.').waitFor();
    await expect.poll(() => page.getByTestId('facility-row').first().textContent()).toContain('25');
    expect(await page.getByTestId('facility-row').first().textContent()).toContain('Ressource');
    await screenshot(page, 'infrastruktur-bearbeiten');

    // A photo from the walk: stored beside the database, shown as a thumbnail, opened larger.
    await panel.getByTestId('facility-photo-file').setInputFiles({ name: 'eingang.png', mimeType: 'image/png', buffer: solidPng(120, 80, [46, 139, 87]) });
    const thumbnail = panel.getByTestId('facility-photo').locator('img');
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(120);
    await panel.getByTestId('facility-photo').click();
    await page.getByTestId('facility-photo-dialog').getByRole('img', { name: 'eingang.png' }).waitFor();
    await screenshot(page, 'infrastruktur-foto');
    await page.keyboard.press('Escape');
  });

  it('on the Karte the legend lists only categories in use; clicking a playground opens its panel', async () => {
    const { page } = e2e.current;
    await openKarte(page);
    expect(await page.getByTestId('category-legend').locator('li').count()).toBe(1);
    // The playground marked as a resource in the test before is drawn as a ring; the legend says so.
    await expect.poll(() => page.getByTestId('resource-key').textContent()).toBe('Ring: Ressource/Potenzial (1)');
    await fitToFacilities(page, 76);
    const target = await page.evaluate(() => {
      const map = window.__quartiersatlasMap!;
      const rect = map.getCanvas().getBoundingClientRect();
      for (const f of map.queryRenderedFeatures({ layers: ['facilities-circle'] })) {
        const [lon, lat] = (f.geometry as GeoJSON.Point).coordinates as [number, number];
        const p = map.project([lon, lat]);
        if (p.x < 60 || p.y < 60 || p.x > rect.width - 420 || p.y > rect.height - 60) continue;
        const x = rect.left + p.x;
        const y = rect.top + p.y;
        if (document.elementFromPoint(x, y) !== map.getCanvas()) continue;
        return { x, y, name: String(f.properties['name']) };
      }
      return null;
    });
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    await page.getByTestId('facility-form').waitFor();
    expect(await page.getByTestId('facility-units').textContent()).toContain('Stadtteil');
    await waitForMapIdle(page);
    await screenshot(page, 'karte-einrichtung-panel');
  });

  it('"Einrichtung hier anlegen" places a new facility in the clicked Stadtteil', async () => {
    const { page } = e2e.current;
    await openKarte(page);
    await fitToFacilities(page, 76);
    const spot = await freePixelIn(page, '03 Nordstadt');
    expect(spot, 'freier Punkt in Nordstadt').not.toBeNull();
    await page.getByTestId('place-facility').click();
    await page.getByTestId('place-hint').waitFor();
    await page.mouse.click(spot!.x, spot!.y);
    const panel = page.getByTestId('side-panel');
    await expect.poll(() => page.getByTestId('facility-name').textContent()).toBe('Neue Einrichtung');
    await panel.getByLabel('Name', { exact: true }).fill('Bolzplatz am Test');
    await panel.getByLabel('Kategorie').selectOption({ label: 'Spielplatz' });
    await screenshot(page, 'karte-einrichtung-anlegen');
    await panel.getByRole('button', { name: 'Anlegen' }).click();
    await expect.poll(() => page.getByTestId('facility-name').textContent()).toBe('Bolzplatz am Test');
    await expect.poll(() => page.getByTestId('facility-unit-Stadtteil').textContent()).toBe('03 Nordstadt');
    await expect.poll(() => page.getByTestId('category-legend').textContent()).toContain('77');
  });

  it('dragging the selected playground into another Stadtteil moves it there', async () => {
    const { page } = e2e.current;
    await openKarte(page);
    await fitToFacilities(page, 76);
    // A playground in view, and a free spot in a Stadtteil other than its own.
    const facility = await page.evaluate(() => {
      const map = window.__quartiersatlasMap!;
      const rect = map.getCanvas().getBoundingClientRect();
      for (const f of map.queryRenderedFeatures({ layers: ['facilities-circle'] })) {
        const coords = (f.geometry as GeoJSON.Point).coordinates as [number, number];
        const p = map.project(coords);
        if (p.x < 60 || p.y < 60 || p.x > rect.width - 420 || p.y > rect.height - 60) continue;
        const near = map.queryRenderedFeatures(
          [
            [p.x - 10, p.y - 10],
            [p.x + 10, p.y + 10],
          ],
          { layers: ['facilities-circle'] },
        );
        if (near.length > 1) continue;
        return { id: String(f.properties['id']), coords };
      }
      return null;
    });
    expect(facility).not.toBeNull();
    const from = await pixelOf(page, facility!.coords);
    await page.mouse.click(from.x, from.y);
    await page.getByTestId('facility-form').waitFor();
    const before = (await page.getByTestId('facility-unit-Stadtteil').textContent())!;
    const targetName = before === '03 Nordstadt' ? '11 Mürwik' : '03 Nordstadt';
    const to = await freePixelIn(page, targetName);
    expect(to, `freier Punkt in ${targetName}`).not.toBeNull();

    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to!.x) / 2, (from.y + to!.y) / 2, { steps: 5 });
    await page.mouse.move(to!.x, to!.y, { steps: 5 });
    await page.mouse.up();

    await expect.poll(() => page.getByTestId('facility-unit-Stadtteil').textContent(), { timeout: 15_000 }).toBe(targetName);
    // The panel still shows the same facility, and the source holds its new position.
    const stored = await page.evaluate(async (id) => {
      const data = (await (window.__quartiersatlasMap!.getSource('facilities') as GeoJSONSource).getData()) as GeoJSON.FeatureCollection<GeoJSON.Point>;
      return data.features.find((f) => f.properties?.['id'] === id)?.geometry.coordinates ?? null;
    }, facility!.id);
    expect(stored).not.toBeNull();
    expect(Math.abs(stored![0]! - to!.lngLat[0])).toBeLessThan(0.003);
    expect(Math.abs(stored![1]! - to!.lngLat[1])).toBeLessThan(0.003);
    await waitForMapIdle(page);
    await screenshot(page, 'karte-einrichtung-verschoben');
  });
});

/** A PNG of one colour (8-bit RGB), made here so the test needs no image file. */
function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}
