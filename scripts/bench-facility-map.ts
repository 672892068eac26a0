// The facility map with 50,000 points in Chromium (issue 4): the app against a bare MapLibre page
// showing the same GeoJSON, measured in the same run and the same browser, alternately.
// Both pages record a performance measure `facilities-drawn` from handing the points to MapLibre
// (setData) until the map is idle; its end, counted from navigation start, is "page opened →
// map with all points idle". The bare page fetches the GeoJSON the app's `facilities.features`
// returns, draws one circle layer with the same camera and map size, and nothing else.
// The database: the Flensburg demo (76 playgrounds) plus synthetic facilities in the default
// categories, written through the write path, 50,000 in all.
// Runnable alone: node scripts/bench-facility-map.ts
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEFAULT_CATEGORIES } from '../shared/facilities.ts';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { seedDemo } from '../electron/core/demo/seed-demo.ts';
import { runJob } from '../electron/core/jobs/run-job.ts';
import { facilityFeatures } from '../electron/core/services/facilities.ts';
import { ChangeWriter } from '../electron/core/sync/change-writer.ts';
import { deterministicId } from '../electron/core/sync/ids.ts';
import { startWebHost } from '../electron/web/host.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1366, height: 850 };
export const FACILITY_MAP_POINTS = 50_000;
/** Page loads per side (app, bare), alternating; the medians are reported. */
const RUNS = 5;

export interface DrawTimes {
  /** Navigation start → map idle with all points drawn (median). */
  pageMs: number;
  /** setData → idle, the map's own part (median). */
  mapMs: number;
  samples: number;
}

export interface FacilityMapBench {
  points: number;
  app: DrawTimes;
  bare: DrawTimes;
  /** app / bare, page opened → idle (the target: ≤ 1.3). */
  pageRatio: number;
  /** app / bare, setData → idle. */
  mapRatio: number;
  /** The camera both maps showed. */
  zoom: number;
}

interface Drawn {
  startMs: number;
  durationMs: number;
  features: number;
}

export async function benchFacilityMap(runs = RUNS): Promise<FacilityMapBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-facility-map-'));
  try {
    const dbPath = path.join(dir, 'bench.sqlite');
    const geojson = await prepareDatabase(dbPath);
    const host = await startWebHost({ dbPath, seedDemo: false });
    const bare = await startBareServer(geojson);
    const browser = await chromium.launch({ executablePath: process.env.QUARTIERSATLAS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      // One app load first: it gives the camera and map size the bare page copies (and warms the disk cache of both servers' files).
      const camera = await loadApp(browser, host.url);
      const app: Drawn[] = [];
      const barePage: Drawn[] = [];
      for (let i = 0; i < runs; i++) {
        app.push((await loadApp(browser, host.url)).drawn);
        barePage.push(await loadBare(browser, `${bare.url}?${new URLSearchParams({ lon: String(camera.center[0]), lat: String(camera.center[1]), zoom: String(camera.zoom), w: String(camera.width), h: String(camera.height) })}`));
      }
      const times = (drawn: Drawn[]): DrawTimes => ({ pageMs: median(drawn.map((d) => d.startMs + d.durationMs)), mapMs: median(drawn.map((d) => d.durationMs)), samples: drawn.length });
      const appTimes = times(app);
      const bareTimes = times(barePage);
      return {
        points: camera.drawn.features,
        app: appTimes,
        bare: bareTimes,
        pageRatio: appTimes.pageMs / bareTimes.pageMs,
        mapRatio: appTimes.mapMs / bareTimes.mapMs,
        zoom: camera.zoom,
      };
    } finally {
      await browser.close();
      await bare.close();
      await host.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens the app (the Karte is the first view) in a fresh context and waits for all points. */
async function loadApp(browser: Browser, url: string): Promise<{ drawn: Drawn; center: [number, number]; zoom: number; width: number; height: number }> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'de-DE' });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('app:', error.message));
    page.on('console', (message) => message.type() === 'error' && console.error('app:', message.text()));
    await page.goto(url);
    const drawn = await waitForDrawn(page);
    const camera = await page.evaluate(() => {
      const map = window.__quartiersatlasMap!;
      const c = map.getCenter();
      return { center: [c.lng, c.lat] as [number, number], zoom: map.getZoom(), width: map.getContainer().clientWidth, height: map.getContainer().clientHeight };
    });
    return { drawn, ...camera };
  } finally {
    await context.close();
  }
}

async function loadBare(browser: Browser, url: string): Promise<Drawn> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await waitForDrawn(page);
  } finally {
    await context.close();
  }
}

async function waitForDrawn(page: import('playwright-core').Page): Promise<Drawn> {
  const handle = await page.waitForFunction(
    (points) => {
      const entry = performance.getEntriesByName('facilities-drawn').find((e) => (e as PerformanceMeasure).detail?.features === points);
      return entry ? { startMs: entry.startTime, durationMs: entry.duration, features: points } : null;
    },
    FACILITY_MAP_POINTS,
    { timeout: Number(process.env.BENCH_TIMEOUT_MS ?? 180_000), polling: 50 },
  );
  return (await handle.jsonValue()) as Drawn;
}

/** The demo plus synthetic facilities up to FACILITY_MAP_POINTS; returns what facilities.features serves. */
export async function prepareDatabase(dbPath: string): Promise<string> {
  const db = openDatabase(dbPath);
  try {
    await seedDemo((job) => runJob(db.path, job));
    const existing = (db.sqlite.prepare('SELECT count(*) AS n FROM facilities WHERE deleted = 0').get() as { n: number }).n;
    const [west, south, east, north] = demoExtent(db.sqlite);
    const writer = new ChangeWriter(db.sqlite);
    writer.transaction((tx) => {
      for (let i = 0; i < FACILITY_MAP_POINTS - existing; i++) {
        const category = DEFAULT_CATEGORIES[i % DEFAULT_CATEGORIES.length]!;
        // Denser towards the centre, as in a real town: the mean of two uniform numbers.
        const lon = west + ((noise(1, i) + noise(2, i)) / 2) * (east - west);
        const lat = south + ((noise(3, i) + noise(4, i)) / 2) * (north - south);
        tx.upsert('facilities', deterministicId.facility(`bench-${category.key}`, String(i)), {
          category_id: deterministicId.category(category.key),
          name: `${category.name} ${i}`,
          address: null,
          lon,
          lat,
          valid_from: null,
          valid_to: null,
          attributes: {},
        });
      }
    });
    const features = facilityFeatures(db.sqlite);
    if (features.features.length !== FACILITY_MAP_POINTS) throw new Error(`${features.features.length} statt ${FACILITY_MAP_POINTS} Einrichtungen`);
    return JSON.stringify(features);
  } finally {
    db.close();
  }
}

function demoExtent(sqlite: import('better-sqlite3').Database): [number, number, number, number] {
  const box = sqlite.prepare('SELECT min(lon) AS w, min(lat) AS s, max(lon) AS e, max(lat) AS n FROM facilities WHERE deleted = 0').get() as { w: number; s: number; e: number; n: number };
  return [box.w, box.s, box.e, box.n];
}

/** A deterministic pseudo-random number in [0, 1). */
function noise(...values: number[]): number {
  let h = 2166136261;
  for (const v of values) h = Math.imul(h ^ (v + 0x9e3779b9), 16777619) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
  return (h >>> 8) / 16777216;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/**
 * The bare page: MapLibre from node_modules, one GeoJSON source, one circle layer, the app's
 * camera and map size. Served on loopback next to the app's host.
 */
async function startBareServer(geojson: string): Promise<{ url: string; close: () => Promise<void> }> {
  const dist = path.join(ROOT, 'node_modules', 'maplibre-gl', 'dist');
  const types: Record<string, string> = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(BARE_PAGE);
    } else if (url.pathname === '/facilities.geojson') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(geojson);
    } else if (url.pathname.startsWith('/dist/') && /^[\w.-]+$/.test(url.pathname.slice(6))) {
      const file = path.join(dist, url.pathname.slice(6));
      if (!fs.existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      res.end(fs.readFileSync(file));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const BARE_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/dist/maplibre-gl.css">
<style>html, body { margin: 0 } #map { position: absolute; top: 0; left: 0 }</style></head>
<body><div id="map"></div>
<script type="module">
import * as maplibregl from '/dist/maplibre-gl.mjs';
const q = new URLSearchParams(location.search);
const container = document.getElementById('map');
container.style.width = q.get('w') + 'px';
container.style.height = q.get('h') + 'px';
maplibregl.setWorkerUrl('/dist/maplibre-gl-worker.mjs');
const data = fetch('/facilities.geojson').then((r) => r.json());
const empty = { type: 'FeatureCollection', features: [] };
const map = new maplibregl.Map({
  container,
  center: [Number(q.get('lon')), Number(q.get('lat'))],
  zoom: Number(q.get('zoom')),
  fadeDuration: 0,
  style: {
    version: 8,
    sources: { facilities: { type: 'geojson', data: empty } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eceff1' } },
      { id: 'facilities', type: 'circle', source: 'facilities', paint: { 'circle-color': ['get', 'color'], 'circle-radius': 4, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } },
    ],
  },
});
map.on('load', async () => {
  const collection = await data;
  const start = performance.now();
  map.getSource('facilities').setData(collection);
  map.once('idle', () => performance.measure('facilities-drawn', { start, end: performance.now(), detail: { features: collection.features.length } }));
});
</script></body></html>`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ensureRendererBuilt } = (await import(path.join(ROOT, 'scripts', 'web.mjs'))) as { ensureRendererBuilt: () => void };
  ensureRendererBuilt();
  console.log(JSON.stringify(await benchFacilityMap(Number(process.argv[2] ?? RUNS)), null, 2));
}
