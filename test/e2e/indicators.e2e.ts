import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { NO_DATA_COLOR } from '../../renderer/indicators/ramps.ts';
import { seedDevValues } from '../../scripts/dev-seed-values.ts';
import { screenshot, useBrowserTests, waitForMapIdle, waitForRendered } from './support.ts';

/**
 * Indicators end to end: the Flensburg demo plus the development values (scripts/dev-seed-values.ts,
 * written in-process before the host starts), the built renderer in headless Chromium.
 * A choropleth on the map, the indicator page's ranking and a district profile.
 */

const SGB2 = 'SGB-II-Quote (Testdaten)';
const KINDERARMUT = 'Kinderarmut (Testdaten)';

interface Expected {
  /** SGB II 2021 on the Stadtteil level, highest first. */
  sgb2: Array<{ name: string; value: number }>;
  /** Kinderarmut 2021 on the Bezirk level: suppressed units. */
  suppressedBezirke: number;
}

let expected: Expected;

const e2e = useBrowserTests({
  // The development values go in after the demo, before the tests' host starts.
  prepare: (db) => {
    const { indicators } = seedDevValues(db.sqlite, db.path);
    const id = (code: string) => indicators.find((i) => i.code === code)!.id;
    const byLevel = (code: string, level: string) =>
      db.sqlite
        .prepare(
          `SELECT u.name, v.value, v.flag FROM indicator_values v JOIN spatial_units u ON u.id = v.unit_id
           JOIN spatial_levels l ON l.id = u.level_id WHERE v.indicator_id = ? AND v.period = '2021' AND l.name = ?`,
        )
        .all(id(code), level) as Array<{ name: string; value: number | null; flag: string | null }>;
    expected = {
      sgb2: byLevel('SGB2_QUOTE', 'Stadtteil')
        .filter((r) => r.value !== null)
        .map((r) => ({ name: r.name, value: r.value! }))
        .sort((a, b) => b.value - a.value),
      suppressedBezirke: byLevel('KINDERARMUT', 'Statistischer Bezirk').filter((r) => r.flag === 'suppressed').length,
    };
  },
});

async function openApp(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
}

async function chooseIndicator(page: Page, name: string): Promise<void> {
  const picker = page.getByTestId('indicator-picker');
  await picker.click();
  await picker.fill(name.slice(0, 12));
  await page.getByRole('option', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) }).click();
  await page.getByTestId('choropleth-legend').getByRole('heading', { name }).waitFor();
}

/** Fill colour per drawn unit: feature-state `fill` as queryRenderedFeatures reports it. */
async function drawnFills(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate(() => {
    const map = window.__quartiersatlasMap!;
    const fills: Record<string, string | null> = {};
    for (const f of map.queryRenderedFeatures({ layers: ['units-fill'] })) {
      const name = String(f.properties?.['name'] ?? '');
      fills[name] = typeof f.state?.['fill'] === 'string' ? (f.state['fill'] as string) : null;
    }
    return fills;
  });
}

async function legendCounts(page: Page): Promise<Array<{ kind: string; count: number; color: string | null }>> {
  return page
    .getByTestId('choropleth-legend')
    .getByTestId('legend-row')
    .evaluateAll((rows) =>
      rows.map((r) => ({
        kind: r.getAttribute('data-kind') ?? '',
        count: Number(r.querySelector('[data-testid="legend-count"]')?.textContent),
        color: r.getAttribute('data-color'),
      })),
    );
}

async function repaintTimes(page: Page): Promise<Array<{ name: string; ms: number; detail: unknown }>> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('measure')
      .filter((m) => m.name.startsWith('choropleth-'))
      .map((m) => ({ name: m.name, ms: Math.round(m.duration * 10) / 10, detail: (m as PerformanceMeasure).detail })),
  );
}

describe('Indikatoren im Browser', () => {
  it('choosing an indicator colours the 13 Stadtteile by class; the legend counts sum to 13', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    const before = await drawnFills(page);
    expect(Object.values(before).every((c) => c === null), 'ohne Indikator keine Klassenfarben').toBe(true);

    // Count source rebuilds from here on: indicator and period changes must not need one.
    await page.evaluate(() => {
      const source = window.__quartiersatlasMap!.getSource('units') as unknown as { setData: (...a: unknown[]) => unknown; __calls?: number };
      const original = source.setData.bind(source);
      source.__calls = 0;
      source.setData = (...args: unknown[]) => {
        source.__calls! += 1;
        return original(...args);
      };
    });

    await chooseIndicator(page, SGB2);
    await waitForMapIdle(page);
    const fills = await drawnFills(page);
    expect(Object.keys(fills)).toHaveLength(13);
    expect(Object.values(fills).every((c) => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)), JSON.stringify(fills)).toBe(true);
    expect(new Set(Object.values(fills)).size, 'verschiedene Klassenfarben').toBeGreaterThanOrEqual(4);
    // The paint property reads the colour from the feature-state.
    expect(JSON.stringify(await page.evaluate(() => window.__quartiersatlasMap!.getPaintProperty('units-fill', 'fill-color')))).toContain('feature-state');

    const rows = await legendCounts(page);
    const range2021 = await page.getByTestId('choropleth-legend').locator('.legend-range').allTextContents();
    expect(rows.map((r) => r.kind)).toEqual(['class', 'class', 'class', 'class', 'class', 'no-data', 'suppressed']);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(13);
    // Every drawn colour is a legend colour; the highest value has the darkest (last) class colour.
    const classColors = rows.filter((r) => r.kind === 'class').map((r) => r.color);
    for (const color of Object.values(fills)) expect(classColors).toContain(color);
    expect(fills[expected.sgb2[0]!.name]).toBe(classColors.at(-1));
    expect(fills[expected.sgb2.at(-1)!.name]).toBe(classColors[0]);
    await screenshot(page, 'indikator-karte-sgb2-2021');

    // Another period: other colours, same source.
    const slider = page.getByTestId('map-period-slider');
    await slider.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('choropleth-legend').textContent()).toContain('2017');
    await waitForMapIdle(page);
    const fills2017 = await drawnFills(page);
    expect(Object.keys(fills2017)).toHaveLength(13);
    // Quantiles per year: the breaks move with the year's values (the ranks hardly change).
    const ranges = () => page.getByTestId('choropleth-legend').locator('.legend-range').allTextContents();
    expect(await ranges()).not.toEqual(range2021);
    // Engelsby has no value in 2018: "keine Daten".
    await page.getByTestId('map-period-select').selectOption('2018');
    await expect.poll(async () => (await legendCounts(page)).find((r) => r.kind === 'no-data')?.count).toBe(1);
    await waitForMapIdle(page);
    const fills2018 = await drawnFills(page);
    expect(fills2018['12 Engelsby']).toBe(NO_DATA_COLOR);
    expect(fills2018).not.toEqual(fills2017);
    // "über alle Jahre": one set of breaks for 2017–2021.
    const perYear = await ranges();
    await page.getByLabel('über alle Jahre klassifizieren').check();
    await expect.poll(ranges).not.toEqual(perYear);
    expect(await page.evaluate(() => (window.__quartiersatlasMap!.getSource('units') as unknown as { __calls: number }).__calls)).toBe(0);

    const times = await repaintTimes(page);
    console.log(`Choropleth-Zeiten (ms): ${times.map((t) => `${t.name} ${t.ms}`).join(', ')}`);
    expect(times.filter((t) => t.name === 'choropleth-repaint').length).toBeGreaterThanOrEqual(2);
  });

  it('on the 41 Bezirke, suppressed values are hatched and counted separately', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    await page.getByTestId('level-switch').getByRole('radio', { name: /Statistischer Bezirk/ }).click();
    await waitForRendered(page, 'units-fill', 41);
    await chooseIndicator(page, KINDERARMUT);
    await waitForMapIdle(page);
    const rows = await legendCounts(page);
    expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(41);
    expect(rows.find((r) => r.kind === 'suppressed')?.count).toBe(expected.suppressedBezirke);
    const hatched = await page.evaluate(() => {
      const map = window.__quartiersatlasMap!;
      const names = new Set<string>();
      for (const f of map.queryRenderedFeatures({ layers: ['units-fill'] })) if (f.state?.['hatch'] === true) names.add(String(f.properties?.['name']));
      return [...names];
    });
    expect(hatched).toHaveLength(expected.suppressedBezirke);
    await screenshot(page, 'indikator-karte-kinderarmut-bezirke');
  });

  it('the indicator page ranks the Stadtteil with the highest value first', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: 'Indikatoren' }).click();
    await page.getByTestId('catalogue-list').getByRole('button', { name: new RegExp(SGB2.replace(/[()]/g, '\\$&')) }).click();
    await expect.poll(() => page.getByTestId('indicator-title').textContent()).toBe(SGB2);
    await page.getByTestId('indicator-level').selectOption({ label: 'Stadtteil' });
    await page.getByTestId('indicator-period-select').selectOption('2021');
    const ranking = page.getByTestId('ranking-row');
    await expect.poll(() => ranking.count()).toBe(13);
    const first = await ranking.first().getAttribute('aria-label');
    const top = expected.sgb2[0]!;
    expect(first).toBe(`Rang 1: ${top.name}, ${top.value.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
    // The table, sorted by rank, agrees.
    const firstRow = page.getByTestId('unit-row').first();
    expect(await firstRow.getByRole('rowheader').textContent()).toBe(top.name);
    expect(await firstRow.getByTestId('unit-rank').textContent()).toBe('1');
    expect(await page.getByTestId('indicator-polarity').textContent()).toBe('höherer Wert = mehr Bedarf');

    // Clicking a bar selects the unit; the time series highlights it.
    await ranking.first().click();
    await expect.poll(() => page.getByTestId('series-selected').count()).toBe(1);
    await page.getByTestId('indicator-page').evaluate((el) => el.closest('.indikatoren-main')?.scrollTo(0, 0));
    await screenshot(page, 'indikatorseite-sgb2');
  });

  it('a unit selected on the map opens its profile with every indicator of its level', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await waitForRendered(page, 'units-fill', 13);
    await page.getByTestId('unit-select').selectOption({ label: '03 Nordstadt (STGT03)' });
    await page.getByTestId('open-profile').click();
    await expect.poll(() => page.getByTestId('profile-title').textContent(), { timeout: 15_000 }).toBe('Profil: 03 Nordstadt');
    const rows = page.getByTestId('profile-row');
    const started = Date.now();
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);
    console.log(`Profil: ${await rows.count()} Indikatorzeilen nach ${Date.now() - started} ms`);
    const sgb2 = rows.filter({ hasText: SGB2 });
    const nordstadt = expected.sgb2.find((r) => r.name === '03 Nordstadt')!;
    expect(await sgb2.getByTestId('profile-value').textContent()).toContain(nordstadt.value.toLocaleString('de-DE', { minimumFractionDigits: 1 }));
    const rank = expected.sgb2.findIndex((r) => r.name === '03 Nordstadt') + 1;
    expect(await sgb2.getByTestId('profile-rank').textContent()).toBe(`${rank} / 13`);
    expect(await sgb2.getByTestId('trend-arrow').getAttribute('aria-label')).toMatch(/gegenüber 2020/);
    // A high need value sits in the left half of the spine (worse).
    const position = Number(await sgb2.getByTestId('spine-point').getAttribute('data-position'));
    expect(position).toBeLessThan(0.5);

    await page.getByTestId('profile-compare').selectOption({ label: '13 Tarup' });
    await expect.poll(() => page.getByTestId('profile-title').textContent(), { timeout: 10_000 }).toBe('Profil: 03 Nordstadt · 13 Tarup');
    await screenshot(page, 'profil-nordstadt-tarup');
  });
});
