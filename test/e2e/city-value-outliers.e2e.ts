import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { mssDynamicRecipe, mssStatusRecipe } from '../../shared/stats/composite-presets.ts';
import { screenshot, useBrowserTests, waitForMapIdle, waitForRendered } from './support.ts';

/**
 * On the Flensburg demo: the profile's Stadtwert (sum of the Stadtteile for counts, weighted by the
 * inhabitants for shares), outliers marked in the indicator page's table, and classes on the map
 * computed without them.
 */

const EINWOHNER = 'Einwohner*innen insgesamt';
const SGB2 = 'Anteil der Regelleistungsberechtigten nach SGB II';

const e2e = useBrowserTests();

async function openApp(page: Page): Promise<void> {
  await page.goto(`http://127.0.0.1:${e2e.session.host.port}/?token=${encodeURIComponent(e2e.session.host.token)}`);
  await waitForRendered(page, 'units-fill', 13);
}

/** A contract call from inside the page (same origin, the session token), as the app makes it. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = await page.evaluate(
    async ([m, body, token]) => {
      const response = await fetch(`/api/call/${m}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    [method, input, e2e.session.host.token] as const,
  );
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name, exact: true }).click();
}

describe('Stadtwert und Ausreißer im Browser', () => {
  it('the profile sums counts and weights shares by inhabitants, and says so', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await page.getByTestId('unit-select').selectOption({ label: '03 Nordstadt (STGT03)' });
    await page.getByTestId('open-profile').click();
    const rows = page.getByTestId('profile-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
    const reference = (name: string) => rows.filter({ has: page.getByRole('button', { name, exact: true }) }).getByTestId('profile-reference');
    // 13 Stadtteile, 2021: 97.877 inhabitants; SGB II 13,8 % weighted (the plain mean would be 13,7 %).
    expect(await reference(EINWOHNER).textContent()).toBe('97.877');
    expect(await reference(EINWOHNER).getAttribute('data-method')).toBe('sum');
    expect(await reference(SGB2).textContent()).toBe('13,8');
    expect(await reference(SGB2).getAttribute('data-method')).toBe('weighted-mean');
    const footnote = page.getByTestId('profile-footnote');
    expect(await footnote.textContent()).toContain('Mit „Einwohner*innen insgesamt“ gewichtetes Mittel');
    // Nordstadt is among the two big Stadtteile: an outlier by inhabitants, marked in the spine chart.
    const einwohner = rows.filter({ has: page.getByRole('button', { name: EINWOHNER, exact: true }) });
    expect(await einwohner.getByTestId('spine-point').first().getAttribute('data-outlier')).toBe('true');
    await screenshot(page, 'profil-stadtwert-nordstadt');
    await footnote.scrollIntoViewIfNeeded();
    await screenshot(page, 'profil-stadtwert-fussnote');
  });

  it('marks outliers in the unit table and leaves them out of the class breaks on the map', async () => {
    const { page } = e2e.current;
    await openApp(page);
    await openView(page, 'Indikatoren');
    await page.getByTestId('catalogue-list').getByRole('button', { name: new RegExp(EINWOHNER.replace(/[*]/g, '\\*')) }).first().click();
    await expect.poll(() => page.getByTestId('indicator-title').textContent()).toBe(EINWOHNER);
    await page.getByTestId('indicator-level').selectOption({ label: 'Stadtteil' });
    await page.getByTestId('indicator-period-select').selectOption('2021');
    await expect.poll(() => page.getByTestId('unit-row').count()).toBe(13);
    // Q1 5.596, Q3 8.015 → upper fence 11.643,5: Nordstadt (12.525) and Mürwik (15.301).
    const marked = page.getByTestId('unit-row').filter({ has: page.getByTestId('outlier-mark') });
    await expect.poll(() => marked.count()).toBe(2);
    expect((await marked.getByRole('rowheader').allTextContents()).sort()).toEqual(['03 Nordstadt', '11 Mürwik']);
    expect(await marked.first().getByTestId('outlier-mark').getAttribute('title')).toBe('Ausreißer nach IQR-Regel (außerhalb Q1 − 1,5·IQR … Q3 + 1,5·IQR)');
    await page.getByTestId('unit-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'indikatorseite-einwohner-ausreisser');

    // The shared indicator is on the map; the option sits in the legend's classification panel.
    await openView(page, 'Karte');
    const legend = page.getByTestId('choropleth-legend');
    await legend.getByRole('heading', { name: EINWOHNER }).waitFor();
    await waitForMapIdle(page);
    const ranges = () => legend.locator('.legend-range').allTextContents();
    const counts = async () => (await legend.getByTestId('legend-count').allTextContents()).map(Number);
    const before = await ranges();
    await legend.getByLabel('Ausreißer bei der Klasseneinteilung nicht berücksichtigen').check();
    await expect.poll(ranges).not.toEqual(before);
    expect((await counts()).reduce((a, b) => a + b, 0)).toBe(13);
    expect(await legend.getByTestId('outliers-note').textContent()).toContain('2 Ausreißer liegen in den äußeren Klassen.');
    // The last class reaches up to Mürwik.
    expect((await ranges()).filter((r) => /\d/.test(r)).at(-1)).toMatch(/15\.301 Personen$/);
    await waitForMapIdle(page);
    await screenshot(page, 'karte-klassen-ohne-ausreisser');
  });

  it('MSS Dynamik: the preset takes the change indicators; status and dynamics crossed into groups', async () => {
    const { page } = e2e.current;
    await openApp(page);
    const levels = await call<Array<{ id: string; name: string }>>(page, 'levels.list', {});
    const stadtteil = levels.find((l) => l.name === 'Stadtteil')!.id;
    const catalogue = await call<Array<{ id: string; code: string }>>(page, 'indicators.list', {});
    const id = (code: string) => catalogue.find((i) => i.code === code)!.id;
    // What a planner does under Indikatoren › Berechnen: the change in percentage points 2019 → 2021.
    const change = await call<{ id: string; kind: string }>(page, 'indicators.derive', {
      code: 'sgb2_veraenderung',
      name: 'SGB-II-Anteil: Veränderung 2019–2021',
      unit: 'Prozentpunkte',
      decimals: 1,
      recipe: { type: 'derived', operation: 'change', a: id('sgb2_anteil'), b: null, levelId: stadtteil, from: '2019', to: '2021' },
    });
    expect(change.kind).toBe('dynamic');

    await openView(page, 'Indizes');
    const builder = page.getByTestId('indizes-view');
    await builder.getByTestId('index-dimensions').waitFor();
    await expect.poll(() => builder.getByTestId('index-period').inputValue()).toBe('2021');
    await builder.getByTestId('index-start').selectOption({ label: 'MSS Dynamik (Berlin)' });
    await builder.getByTestId('apply-start').click();
    await expect.poll(() => builder.getByTestId('index-indicator').count()).toBe(1);
    expect(await builder.getByTestId('index-indicator').getAttribute('data-indicator-id')).toBe(change.id);
    expect(await builder.getByTestId('class-label').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['positiv', 'stabil', 'negativ']);
    await expect.poll(() => page.getByTestId('index-preview-status').textContent(), { timeout: 15_000 }).toMatch(/13 von 13 Gebieten/);

    // Both indices saved (status from the SGB II share, dynamics from its change): 12 groups.
    const stored = (recipe: ReturnType<typeof mssStatusRecipe>) => ({ type: 'composite-index', recipe, levelId: stadtteil, period: '2021', populationIndicatorId: id('bev_gesamt') });
    await call(page, 'indices.save', { code: 'mss_status', name: 'Statusindex (MSS)', stored: stored(mssStatusRecipe([id('sgb2_anteil')])) });
    await call(page, 'indices.save', { code: 'mss_dynamik', name: 'Dynamikindex (MSS)', stored: stored(mssDynamicRecipe([change.id])) });
    const panel = page.getByTestId('mss-groups');
    await expect.poll(() => panel.getByTestId('mss-group-row').count(), { timeout: 15_000 }).toBe(13);
    const groups = await panel.getByTestId('mss-group-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group')));
    expect(groups.every((g) => /^[1-4]\.[1-3]$/.test(g ?? ''))).toBe(true);
    const counts = (await panel.getByTestId('mss-count').allTextContents()).map((t) => Number(t.split(' ').at(-1)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(13);
    // Neustadt has the highest SGB II share: status "sehr niedrig" (group 4.x).
    expect(await panel.getByTestId('mss-group-row').filter({ hasText: '02 Neustadt' }).getAttribute('data-group')).toMatch(/^4\./);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'indizes-mss-gruppen');
  });
});
