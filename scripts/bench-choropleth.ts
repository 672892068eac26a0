// Choropleth repaint in Chromium (issue 3): switching the period or the indicator repaints the map.
// The renderer records each repaint as performance measures: `choropleth-update` from the user's
// choice (period select, indicator option) until the map has drawn the new colours (idle), and
// `choropleth-repaint` for the map's own part (feature-state → idle). The bench also times each
// choice until its frame is committed (see measure). Measured on the Flensburg demo (13
// Stadtteile) and on a synthetic level of 542 units over Flensburg, both written through the
// ordinary import code (worker jobs: GeoJSON units, a long CSV of values with a catalogue).
// Runnable alone: node scripts/bench-choropleth.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { seedDemo } from '../electron/core/demo/seed-demo.ts';
import { runJob } from '../electron/core/jobs/run-job.ts';
import { valueSeries, valuesForMap } from '../electron/core/services/indicator-values.ts';
import { startWebHost } from '../electron/web/host.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SAMPLES = 20;

/** The synthetic level: a grid of cells over Flensburg's Stadtteile, jagged like real boundaries. */
export const GRID = { level: 'Baublock (synthetisch)', units: 542, columns: 24, rows: 23, segments: 16 } as const;
const GRID_INDICATORS = [
  { code: 'bench_quote_a', name: 'Bench-Quote A (synthetisch)', unit: '%', decimals: 1, polarity: 'need' as const },
  { code: 'bench_quote_b', name: 'Bench-Quote B (synthetisch)', unit: '%', decimals: 1, polarity: 'better' as const },
];
const GRID_PERIODS = ['2014', '2015', '2016', '2017', '2018', '2019', '2020', '2021'];

export interface RepaintSeries {
  samples: number;
  medianMs: number;
  maxMs: number;
}

export interface RepaintResult {
  /** Demo, 13 Stadtteile: period switches (click → drawn). */
  demo: RepaintSeries & { units: number; committed: RepaintSeries };
  /** 542 units: period switches and indicator switches (click → drawn, the latter fetches the series). */
  grid: {
    units: number;
    vertices: number;
    period: RepaintSeries;
    indicator: RepaintSeries;
    /** The map's own part (feature-state → idle), period and indicator switches. */
    mapOnly: RepaintSeries;
    /** Choice → frame committed (see measure), period and indicator switches. */
    periodCommitted: RepaintSeries;
    indicatorCommitted: RepaintSeries;
  };
  /** Read models behind it on the 542-unit level, median of 20: values.map and values.series. */
  queries: { mapMs: number; seriesMs: number };
}

export async function benchChoropleth(): Promise<RepaintResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-map-'));
  try {
    const dbPath = path.join(dir, 'bench.sqlite');
    const prepared = await prepareDatabase(dbPath);
    const host = await startWebHost({ dbPath, seedDemo: false });
    const browser = await chromium.launch({ executablePath: process.env.QUARTIERSATLAS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
      await page.goto(host.url);
      const levelRadio = (name: string) => page.getByTestId('level-switch').getByRole('radio', { name: new RegExp(name.replace(/[()*]/g, '\\$&')) });
      await levelRadio('Stadtteil').waitFor();

      // The demo: 13 Stadtteile, population, period switches.
      await levelRadio('Stadtteil').check();
      await chooseIndicator(page, 'Einwohner*innen insgesamt');
      const demo = await measure(page, () => nextPeriod(page));

      // 542 units: period switches, then indicator switches (A ↔ B).
      await levelRadio(GRID.level).check();
      await chooseIndicator(page, GRID_INDICATORS[0]!.name);
      // Waits for indicator A's own colours: the level switch already paints 542 units (the previous
      // indicator has no data there), and A's late measure would otherwise count as a period switch.
      await page.waitForFunction(
        ({ units, code }) =>
          performance.getEntriesByName('choropleth-update').some((e) => (e as PerformanceMeasure).detail?.units === units && (e as PerformanceMeasure).detail?.indicator === code),
        { units: GRID.units, code: GRID_INDICATORS[0]!.code },
        { timeout: 30_000 },
      );
      const period = await measure(page, () => nextPeriod(page));
      const indicator = await measure(page, (i) => chooseIndicator(page, GRID_INDICATORS[(i + 1) % 2]!.name, false));
      for (const series of [demo, period, indicator]) {
        if (series.samples < SAMPLES || series.committed.length < SAMPLES) throw new Error(`Nur ${series.samples} von ${SAMPLES} Messungen (Zeitüberschreitung beim Neuzeichnen)`);
      }
      if (period.units.some((n) => n !== GRID.units) || indicator.units.some((n) => n !== GRID.units)) throw new Error('Gemessen wurde nicht die 542er-Ebene');
      return {
        demo: { ...stats(demo.updates), units: demo.units[0] ?? 0, committed: stats(demo.committed) },
        grid: {
          units: GRID.units,
          vertices: prepared.vertices,
          period: stats(period.updates),
          indicator: stats(indicator.updates),
          mapOnly: stats([...period.repaints, ...indicator.repaints]),
          periodCommitted: stats(period.committed),
          indicatorCommitted: stats(indicator.committed),
        },
        queries: prepared.queries,
      };
    } finally {
      await browser.close();
      await host.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Picks an indicator in the map's picker (by the start of its name) and waits for its legend. */
async function chooseIndicator(page: Page, name: string, waitForLegend = true): Promise<void> {
  const picker = page.getByTestId('indicator-picker');
  await picker.click();
  await picker.fill(name.slice(0, 12));
  await page.getByRole('option', { name: new RegExp(`^${name.replace(/[()*]/g, '\\$&')}`) }).first().click();
  if (waitForLegend) await page.getByTestId('choropleth-legend').waitFor();
}

/** Selects the period after the shown one (the first after the last). */
async function nextPeriod(page: Page): Promise<void> {
  const select = page.getByTestId('map-period-select');
  const next = await select.evaluate((element) => {
    const options = [...(element as HTMLSelectElement).options].map((o) => o.value);
    return options[(options.indexOf((element as HTMLSelectElement).value) + 1) % options.length]!;
  });
  await select.selectOption(next);
}

interface Measured {
  updates: number[];
  repaints: number[];
  /** Choice → the frame after the map's idle has been committed (two animation frames later). */
  committed: number[];
  units: number[];
  samples: number;
}

/**
 * SAMPLES user choices, each waited for until the map has drawn it; the measures they produced.
 * The map's `idle` comes when MapLibre has issued a frame's GL commands; with SwiftShader the
 * GPU process executes them later, and the compositor's read-back of the canvas blocks the page
 * until then. So each choice is also timed until two animation frames after its measure: the
 * frame is on screen by then (`committed`).
 */
async function measure(page: Page, choose: (i: number) => Promise<unknown>): Promise<Measured> {
  await page.evaluate(() => {
    performance.clearMeasures('choropleth-update');
    performance.clearMeasures('choropleth-repaint');
    const w = window as unknown as { __benchCommitted?: number[]; __benchObserver?: PerformanceObserver };
    w.__benchCommitted = [];
    w.__benchObserver?.disconnect();
    w.__benchObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntriesByName('choropleth-update')) {
        requestAnimationFrame(() => requestAnimationFrame(() => w.__benchCommitted!.push(performance.now() - entry.startTime)));
      }
    });
    w.__benchObserver.observe({ type: 'measure' });
  });
  for (let i = 0; i < SAMPLES; i++) {
    const before = await page.evaluate(() => (window as unknown as { __benchCommitted: number[] }).__benchCommitted.length);
    await choose(i);
    await page.waitForFunction((n) => (window as unknown as { __benchCommitted: number[] }).__benchCommitted.length > n, before, { timeout: 10_000 }).catch(() => {});
  }
  const read = (name: string) =>
    page.evaluate((entry) => performance.getEntriesByName(entry).map((e) => ({ duration: e.duration, units: (e as PerformanceMeasure).detail?.units as number })), name);
  const updates = await read('choropleth-update');
  const repaints = await read('choropleth-repaint');
  const committed = await page.evaluate(() => (window as unknown as { __benchCommitted: number[] }).__benchCommitted);
  return { updates: updates.map((e) => e.duration), repaints: repaints.map((e) => e.duration), committed, units: updates.map((e) => e.units), samples: updates.length };
}

function stats(durations: number[]): RepaintSeries {
  const sorted = [...durations].sort((a, b) => a - b);
  return { samples: sorted.length, medianMs: sorted[Math.floor(sorted.length / 2)] ?? NaN, maxMs: sorted.at(-1) ?? NaN };
}

/** The demo as on first start, plus the 542-unit level and its values, all through worker jobs. */
async function prepareDatabase(dbPath: string): Promise<{ vertices: number; queries: RepaintResult['queries'] }> {
  const db = openDatabase(dbPath);
  try {
    await seedDemo((job) => runJob(db.path, job));
    const grid = gridUnits();
    await runJob(db.path, {
      kind: 'import-units',
      files: [{ name: 'baubloecke.geojson', data: new TextEncoder().encode(JSON.stringify(grid.collection)) }],
      options: { level: GRID.level, codeField: 'code', nameField: 'name' },
    });
    const lines = ['Schlüssel;Jahr;Indikator;Wert'];
    for (const [k, indicator] of GRID_INDICATORS.entries()) {
      for (const [p, period] of GRID_PERIODS.entries()) {
        for (const cell of grid.cells) {
          // Smooth patterns that move with the period, so every switch recolours most units.
          const value = 50 + 35 * Math.sin(cell.column / (3 + k) + p * 0.7) * Math.cos(cell.row / (4 - k) - p * 0.4) + ((cell.column * 7 + cell.row * 13 + p) % 10);
          lines.push(`${cell.code};${period};${indicator.code};${value.toFixed(1).replace('.', ',')}`);
        }
      }
    }
    await runJob(db.path, {
      kind: 'import-values',
      file: { name: 'baubloecke_werte.csv', data: new TextEncoder().encode(lines.join('\r\n')) },
      options: {
        mapping: { version: 1, name: 'Bench Baublöcke', format: 'long', units: { column: 'Schlüssel', match: 'key', level: GRID.level }, period: { column: 'Jahr' }, indicator: { column: 'Indikator' }, value: { column: 'Wert' } },
        catalogue: { version: 1, indicators: GRID_INDICATORS },
      },
    });
    const level = db.sqlite.prepare('SELECT id FROM spatial_levels WHERE name = ?').get(GRID.level) as { id: string };
    const indicatorId = (db.sqlite.prepare('SELECT id FROM indicators WHERE code = ?').get(GRID_INDICATORS[0]!.code) as { id: string }).id;
    const units = (db.sqlite.prepare('SELECT count(*) AS n FROM spatial_units WHERE level_id = ? AND deleted = 0').get(level.id) as { n: number }).n;
    if (units !== GRID.units) throw new Error(`${units} statt ${GRID.units} Einheiten importiert`);
    const median = (fn: (i: number) => unknown) => {
      const samples: number[] = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        fn(i);
        samples.push(performance.now() - start);
      }
      return samples.sort((a, b) => a - b)[10]!;
    };
    const queries = {
      mapMs: median((i) => valuesForMap(db.sqlite, indicatorId, GRID_PERIODS[i % GRID_PERIODS.length]!, level.id)),
      seriesMs: median(() => valueSeries(db.sqlite, indicatorId, level.id)),
    };
    return { vertices: grid.vertices, queries };
  } finally {
    db.close();
  }
}

/**
 * GRID.units cells of a columns × rows grid over the demo's Stadtteile. Every cell edge runs
 * through GRID.segments points of a shared, slightly jittered lattice: neighbours share their
 * boundary exactly (no gaps, no overlaps) and each polygon has 4 × segments vertices.
 */
export function gridUnits(): {
  collection: { type: 'FeatureCollection'; features: unknown[] };
  cells: Array<{ code: string; column: number; row: number }>;
  vertices: number;
} {
  const [west, south, east, north] = demoBbox();
  const { columns, rows, segments } = GRID;
  const nx = columns * segments;
  const ny = rows * segments;
  const dx = (east - west) / nx;
  const dy = (north - south) / ny;
  let seed = 7;
  const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.5;
  // Lattice points; those on the outer border stay on it.
  const lattice: Array<Array<[number, number]>> = [];
  for (let j = 0; j <= ny; j++) {
    const row: Array<[number, number]> = [];
    for (let i = 0; i <= nx; i++) {
      const inner = i > 0 && i < nx && j > 0 && j < ny;
      const x = west + (i + (inner ? jitter() : 0)) * dx;
      const y = south + (j + (inner ? jitter() : 0)) * dy;
      row.push([Number(x.toFixed(7)), Number(y.toFixed(7))]);
    }
    lattice.push(row);
  }
  const features: unknown[] = [];
  const cells: Array<{ code: string; column: number; row: number }> = [];
  let vertices = 0;
  for (let r = 0; r < rows && cells.length < GRID.units; r++) {
    for (let c = 0; c < columns && cells.length < GRID.units; c++) {
      const i0 = c * segments;
      const j0 = r * segments;
      const ring: Array<[number, number]> = [];
      for (let s = 0; s < segments; s++) ring.push(lattice[j0]![i0 + s]!); // south edge, west → east
      for (let s = 0; s < segments; s++) ring.push(lattice[j0 + s]![i0 + segments]!); // east edge, south → north
      for (let s = 0; s < segments; s++) ring.push(lattice[j0 + segments]![i0 + segments - s]!); // north edge, east → west
      for (let s = 0; s < segments; s++) ring.push(lattice[j0 + segments - s]![i0]!); // west edge, north → south
      ring.push(ring[0]!);
      vertices += ring.length - 1;
      const code = `BB${String(cells.length + 1).padStart(4, '0')}`;
      cells.push({ code, column: c, row: r });
      features.push({ type: 'Feature', properties: { code, name: `Baublock ${cells.length}` }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return { collection: { type: 'FeatureCollection', features }, cells, vertices };
}

function demoBbox(): [number, number, number, number] {
  const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources/demo/flensburg/flensburg_stadtteile.geojson'), 'utf8')) as {
    features: Array<{ geometry: { coordinates: unknown } }>;
  };
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0]);
      box[1] = Math.min(box[1], c[1] as number);
      box[2] = Math.max(box[2], c[0]);
      box[3] = Math.max(box[3], c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  for (const feature of file.features) walk(feature.geometry.coordinates);
  return box;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchChoropleth(), null, 2));
