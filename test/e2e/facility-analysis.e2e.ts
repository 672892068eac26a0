import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../electron/core/db/open-database.ts';
import { toEqualArea } from '../../electron/core/geo/measure.ts';
import { planUnitImport, writeUnitPlan } from '../../electron/core/imports/import-units.ts';
import { saveFacility } from '../../electron/core/services/facilities.ts';
import { refreshAfterUnitsChanged } from '../../electron/core/services/facility-indicators.ts';
import { blobDirectoryFor } from '../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../electron/core/sync/ids.ts';
import { DEMO_DIR, readDemo, renderedFeatures, screenshot, useBrowserTests, waitForMapIdle, waitForRendered } from './support.ts';

/**
 * Issue 4 "Infrastrukturdatenbank", the analysis in the browser: facility counts and a supply
 * ratio as catalogue indicators on the Flensburg demo, and the 500 m coverage ("Erreichbarkeit")
 * on the Karte for a hand-made case whose answer is known by construction.
 */

/** Software WebGL and parallel builds make the page slow at times. */
const POLL = { timeout: 15_000 };

/** The playgrounds per Stadtteil as issue 4 states them (checked against the files below). */
const PLAYGROUNDS: Record<string, number> = {
  '01 Altstadt': 2,
  '02 Neustadt': 2,
  '03 Nordstadt': 7,
  '04 Westliche Höhe': 4,
  '05 Friesischer Berg': 6,
  '06 Weiche': 6,
  '07 Südstadt': 3,
  '08 Sandberg': 7,
  '09 Jürgensby': 5,
  '10 Fruerlund': 6,
  '11 Mürwik': 12,
  '12 Engelsby': 8,
  '13 Tarup': 8,
};

type Ring = Array<[number, number]>;
function insideRing([x, y]: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Playgrounds per Stadtteil, counted here from the demo files (point in polygon). */
function countPlaygrounds(): Record<string, number> {
  const points = readDemo('spielplaetze_flensburg.geojson').map((f) => f.geometry.coordinates as [number, number]);
  const counts: Record<string, number> = {};
  for (const unit of readDemo('flensburg_stadtteile.geojson')) {
    const polygons = (unit.geometry.type === 'Polygon' ? [unit.geometry.coordinates] : unit.geometry.coordinates) as Ring[][];
    const inside = (p: [number, number]) => polygons.some((rings) => insideRing(p, rings[0]!) && !rings.slice(1).some((hole) => insideRing(p, hole)));
    counts[String(unit.properties['AREA_NAME'])] = points.filter(inside).length;
  }
  return counts;
}

/** Children and young people under 18 in 2021, from the demo's age table. */
function childrenUnder18(stadtteil: string): number {
  const text = fs.readFileSync(path.join(DEMO_DIR, 'statistik', 'tab_5_einwohner_in_stadtteilen_2021_nach_altersgruppen.csv'), 'utf8');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  const row = rows.find((r) => r['stadtteil'] === stadtteil);
  if (!row?.['unter_18']) throw new Error(`tab_5: ${stadtteil} fehlt`);
  return Number(row['unter_18']);
}

async function openApp(page: Page, port: number, token: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`);
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name }).click();
}

/** The number in a unit's value cell (an outlier marker, if any, left off). */
async function valueOf(page: Page, unit: string): Promise<string> {
  const cell = page.getByTestId('unit-row').filter({ has: page.getByRole('rowheader', { name: unit, exact: true }) }).getByTestId('unit-value');
  return cell.evaluate((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());
}

describe('Kennzahlen aus Einrichtungen (Flensburg)', () => {
  const e2e = useBrowserTests();
  const open = (page: Page) => openApp(page, e2e.session.host.port, e2e.session.host.token);

  it('counts the playgrounds per Stadtteil through "Kennzahl aus Einrichtungen"', async () => {
    expect(countPlaygrounds()).toEqual(PLAYGROUNDS);
    const { page } = e2e.current;
    await open(page);
    await openView(page, 'Infrastruktur');
    await page.getByTestId('facility-row').first().waitFor(POLL);
    await screenshot(page, 'infrastruktur-analyse-knoepfe');
    await page.getByTestId('open-facility-indicator').click();
    const dialog = page.getByTestId('facility-indicator-dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('facility-measure-count').isChecked()).toBe(true);
    await dialog.getByTestId('analysis-category-spielplatz').check();
    await expect.poll(() => dialog.getByTestId('facility-indicator-code').inputValue()).toBe('anz_spielplatz');
    await dialog.getByTestId('facility-indicator-name').fill('Anzahl Spielplätze');
    await screenshot(page, 'einrichtungen-kennzahl-dialog');
    await dialog.getByTestId('facility-indicator-save').click();
    await dialog.waitFor({ state: 'detached' });

    // The new indicator's page opens, with its recipe; the Stadtteil table holds the counts.
    await expect.poll(() => page.getByTestId('indicator-title').textContent(), POLL).toBe('Anzahl Spielplätze');
    await page.getByTestId('indicator-level').selectOption({ label: 'Stadtteil' });
    for (const [unit, count] of Object.entries(PLAYGROUNDS)) {
      await expect.poll(() => valueOf(page, unit), POLL).toBe(String(count));
    }
    expect(await page.getByTestId('catalogue-list').textContent()).toContain('anz_spielplatz');
    await screenshot(page, 'einrichtungen-kennzahl-seite');
  });

  it('computes "Spielplätze pro 1.000 Kinder" and shows it on the map', async () => {
    const { page } = e2e.current;
    const counts = countPlaygrounds();
    const expected = (name: string, csvName: string) =>
      ((counts[name]! / childrenUnder18(csvName)) * 1000).toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const altstadt = expected('01 Altstadt', 'Altstadt');
    const muerwik = expected('11 Mürwik', 'Mürwik');

    await open(page);
    await openView(page, 'Indikatoren');
    await page.getByTestId('open-supply-ratio').click();
    const dialog = page.getByTestId('supply-ratio-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('analysis-category-spielplatz').check();
    const picker = page.getByRole('combobox', { name: 'Zielgruppe (Indikator)', exact: true });
    await picker.click();
    await picker.fill('Kinder und Jug');
    await page.getByRole('option', { name: /^Kinder und Jugendliche unter 18 Jahren/ }).click();
    expect(await dialog.getByTestId('supply-per-1000').isChecked()).toBe(true);
    await dialog.getByTestId('supply-ratio-name').fill('Spielplätze pro 1.000 Kinder');
    await screenshot(page, 'versorgungsquote-dialog');
    await dialog.getByTestId('supply-ratio-save').click();
    await dialog.waitFor({ state: 'detached' });

    await expect.poll(() => page.getByTestId('indicator-title').textContent(), POLL).toBe('Spielplätze pro 1.000 Kinder');
    await expect.poll(() => page.getByTestId('indicator-recipe').textContent(), POLL).toContain('Anzahl Spielplatz ÷ Kinder und Jugendliche unter 18 Jahren × 1.000');
    await expect.poll(() => valueOf(page, '01 Altstadt'), POLL).toBe(altstadt);
    await expect.poll(() => valueOf(page, '11 Mürwik'), POLL).toBe(muerwik);
    await screenshot(page, 'versorgungsquote-seite');

    // On the Karte like any other indicator: a legend over all 13 Stadtteile, every one coloured.
    await openView(page, 'Karte');
    await waitForRendered(page, 'units-fill', 13);
    const legend = page.getByTestId('choropleth-legend');
    await legend.getByRole('heading', { name: 'Spielplätze pro 1.000 Kinder' }).waitFor(POLL);
    await waitForMapIdle(page);
    const rows = await legend.getByTestId('legend-row').evaluateAll((els) =>
      els.map((r) => ({ kind: r.getAttribute('data-kind') ?? '', color: r.getAttribute('data-color'), count: Number(r.querySelector('[data-testid="legend-count"]')?.textContent) })),
    );
    const classes = rows.filter((r) => r.kind === 'class');
    expect(classes.length).toBeGreaterThanOrEqual(3);
    expect(classes.reduce((sum, r) => sum + r.count, 0)).toBe(13);
    const fills = await page.evaluate(() => {
      const result: Record<string, string | null> = {};
      for (const f of window.__quartiersatlasMap!.queryRenderedFeatures({ layers: ['units-fill'] })) {
        result[String(f.properties?.['name'])] = typeof f.state?.['fill'] === 'string' ? (f.state['fill'] as string) : null;
      }
      return result;
    });
    const colours = new Set(classes.map((r) => r.color));
    expect(Object.keys(fills)).toHaveLength(13);
    expect(Object.values(fills).every((c) => c !== null && colours.has(c)), JSON.stringify(fills)).toBe(true);
    await screenshot(page, 'versorgungsquote-karte');
  });
});

/**
 * Four 1 km squares in a row (EPSG:3035 metres, so the distances are exact): A | B | C | D.
 * One playground stands 300 m from A's western edge, one 300 m from D's eastern edge, both on the
 * middle line. B's nearest playground is 700 m away, so is C's: within 500 m only A and D are
 * reached, within 1,000 m all four. A Kita in B must not count for playgrounds.
 */
const ORIGIN = toEqualArea.forward([9.43, 54.78]) as [number, number];
const lonLat = (x: number, y: number) => toEqualArea.inverse([ORIGIN[0] + x, ORIGIN[1] + y]) as [number, number];
const SQUARES = ['Quadrat A', 'Quadrat B', 'Quadrat C', 'Quadrat D'];

function prepareSquares(db: OpenedDatabase): void {
  const features = SQUARES.map((name, i) => {
    const x0 = i * 1000;
    const ring = [[x0, 0], [x0 + 1000, 0], [x0 + 1000, 1000], [x0, 1000], [x0, 0]].map(([x, y]) => lonLat(x!, y!));
    return { feature: i + 1, geometry: { type: 'Polygon' as const, coordinates: [ring] }, properties: { code: `Q${i + 1}`, name } };
  });
  const plan = planUnitImport(db.sqlite, { file: 'quadrate.geojson', features, sourceCrs: 'CRS84', fields: ['code', 'name'], warnings: [] }, { level: 'Quartier', codeField: 'code', nameField: 'name' });
  writeUnitPlan(db.sqlite, plan);
  refreshAfterUnitsChanged(db.sqlite, [plan.levelId]);
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  const place = (category: string, name: string, x: number) => {
    const [lon, lat] = lonLat(x, 500);
    saveFacility(writer, db.sqlite, { facility: { categoryId: deterministicId.category(category), name, lon, lat } });
  };
  place('spielplatz', 'Spielplatz West', 300);
  place('spielplatz', 'Spielplatz Ost', 3700);
  place('kita', 'Kita Mitte', 1500);
}

describe('Erreichbarkeit auf der Karte (Testfall mit vier Quadraten)', () => {
  const e2e = useBrowserTests({ seedDemo: false, prepare: prepareSquares });
  const open = (page: Page) => openApp(page, e2e.session.host.port, e2e.session.host.token);

  it('draws the 500 m catchment of the playgrounds and lists exactly the squares out of reach', async () => {
    const { page } = e2e.current;
    await open(page);
    await waitForRendered(page, 'units-fill', 4);
    await page.getByTestId('open-coverage').click();
    const panel = page.getByTestId('coverage-panel');
    await panel.getByTestId('coverage-category').selectOption({ label: 'Spielplatz (2)' });
    await panel.getByTestId('coverage-distance-500').click();
    await panel.getByTestId('coverage-show').click();

    const uncovered = panel.getByTestId('coverage-uncovered-unit').locator('.coverage-unit-name');
    await expect.poll(() => uncovered.allTextContents(), POLL).toEqual(['Quadrat B', 'Quadrat C']);
    expect(await panel.getByTestId('coverage-uncovered').textContent()).toContain('(nächste 700 m)');
    await waitForMapIdle(page);
    expect((await renderedFeatures(page, 'coverage-catchment-fill')).length).toBeGreaterThan(0);
    // Per square: B and C none of their area in reach, A and D part of it.
    const shares = await panel.getByTestId('coverage-row').evaluateAll((rows) =>
      rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('[data-testid="coverage-share"]')?.textContent]),
    );
    expect(shares.map(([name]) => name)).toEqual(SQUARES);
    expect(shares[1]![1]).toBe('0 %');
    expect(shares[2]![1]).toBe('0 %');
    expect(Number.parseInt(shares[0]![1]!, 10)).toBeGreaterThan(40);
    expect(Number.parseInt(shares[3]![1]!, 10)).toBeGreaterThan(40);
    await screenshot(page, 'erreichbarkeit-500m');

    // A free distance: within 1,000 m every square has a playground.
    await panel.getByTestId('coverage-distance').fill('1000');
    await panel.getByTestId('coverage-show').click();
    await panel.getByTestId('coverage-all-covered').waitFor(POLL);

    // Removing it takes the layer off the map.
    await panel.getByTestId('coverage-clear').click();
    await expect.poll(() => page.evaluate(() => Boolean(window.__quartiersatlasMap!.getLayer('coverage-catchment-fill'))), POLL).toBe(false);
    expect(await panel.getByTestId('coverage-result').count()).toBe(0);
    await screenshot(page, 'erreichbarkeit-entfernt');
  });
});
