// Choropleth repaint in Chromium (issue 3): switching the period repaints the map; the renderer
// records each repaint as a `choropleth-repaint` performance measure (paint → map idle).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startWebHost } from '../electron/web/host.ts';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface RepaintResult {
  samples: number;
  medianMs: number;
  maxMs: number;
  units: number;
}

export async function benchChoropleth(level = 'Stadtteil', indicatorName = 'Einwohner*innen insgesamt'): Promise<RepaintResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-map-'));
  const host = await startWebHost({ dbPath: path.join(dir, 'bench.sqlite'), seedDemo: true });
  const browser = await chromium.launch({ executablePath: process.env.QUARTIERSATLAS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
    await page.goto(host.url);
    await page.getByTestId('level-switch').getByRole('radio', { name: /Stadtteil/ }).waitFor();
    if (level !== 'Stadtteil') await page.getByTestId('level-switch').getByRole('radio', { name: new RegExp(level) }).click();
    const picker = page.getByTestId('indicator-picker');
    await picker.click();
    await picker.fill(indicatorName.slice(0, 12));
    await page.getByRole('option', { name: new RegExp(`^${indicatorName.replace(/[()*]/g, '\\$&')}`) }).first().click();
    await page.getByTestId('choropleth-legend').waitFor();
    const periods = await page.getByTestId('map-period-select').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    await page.evaluate(() => performance.clearMeasures('choropleth-repaint'));
    for (let i = 0; i < 20; i++) {
      const before = await page.evaluate(() => performance.getEntriesByName('choropleth-repaint').length);
      await page.getByTestId('map-period-select').selectOption(periods[(i + 1) % periods.length]!);
      await page.waitForFunction((n) => performance.getEntriesByName('choropleth-repaint').length > n, before, { timeout: 10_000 }).catch(() => {});
    }
    const entries = await page.evaluate(() =>
      performance.getEntriesByName('choropleth-repaint').map((e) => ({ duration: e.duration, units: (e as PerformanceMeasure).detail?.units as number })),
    );
    const durations = entries.map((e) => e.duration).sort((a, b) => a - b);
    return { samples: durations.length, medianMs: durations[Math.floor(durations.length / 2)] ?? NaN, maxMs: durations.at(-1) ?? NaN, units: entries[0]?.units ?? 0 };
  } finally {
    await browser.close();
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchChoropleth());
