import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { GeoJSONSource } from 'maplibre-gl';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database.ts';
import { startWebHost, type WebHost } from '../../electron/web/host.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'e2e');
export const DEMO_DIR = path.join(ROOT, 'resources', 'demo', 'flensburg');

const CHROMIUM = process.env.QUARTIERSATLAS_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The users' German Windows: date inputs show tt.mm.jjjj, as on their machines.
  '--lang=de-DE',
  // Belt and braces: no name but 127.0.0.1 resolves, so a stray request cannot leave the machine.
  // (The request is still recorded and fails the test.)
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** One web host on a fresh demo database and one Chromium, shared by the tests of a file. */
export interface E2eSession {
  host: WebHost;
  browser: Browser;
  dir: string;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Load the Flensburg demo on first start (default), or start with an empty database. */
  seedDemo?: boolean;
  /**
   * Writes more into the database before the tests' host starts (after the demo, while no host
   * holds the file), e.g. the development values; runs once per file.
   */
  prepare?: (db: OpenedDatabase) => void;
}

export async function startSession(options: SessionOptions = {}): Promise<E2eSession> {
  if (!fs.existsSync(path.join(ROOT, 'build', 'renderer', 'index.html'))) {
    throw new Error('build/renderer/index.html fehlt: bitte über `npm run test:e2e` starten (baut die Oberfläche).');
  }
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qa-e2e-'));
  const dbPath = path.join(dir, 'quartiersatlas.sqlite');
  let host: WebHost;
  try {
    if (options.prepare) {
      await (await startWebHost({ dbPath, seedDemo: options.seedDemo ?? true })).close();
      const db = openDatabase(dbPath);
      try {
        options.prepare(db);
      } finally {
        db.close();
      }
    }
    host = await startWebHost({ dbPath, seedDemo: options.seedDemo ?? true, checkOutputs: true });
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    browser,
    dir,
    async close() {
      await browser.close().catch(() => {});
      await host.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh browser context (own sessionStorage) whose every request is recorded. */
export interface RecordedPage {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but http://127.0.0.1:PORT (data: and blob: are local). */
  foreignRequests: string[];
  /** Uncaught exceptions and CSP violations in the page. */
  pageErrors: string[];
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function openRecordedPage(session: E2eSession): Promise<RecordedPage> {
  const context = await session.browser.newContext({ viewport: { width: 1366, height: 850 }, locale: 'de-DE', deviceScaleFactor: 1 });
  const own = `127.0.0.1:${session.host.port}`;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const isForeign = (raw: string) => {
    const url = new URL(raw);
    if (url.protocol === 'data:' || url.protocol === 'blob:') return false;
    return !(url.protocol === 'http:' && url.host === own);
  };
  context.on('request', (request) => {
    if (isForeign(request.url())) foreignRequests.push(`${request.method()} ${request.url()}`);
  });
  // Never let such a request through, even if the resolver rule were ignored.
  await context.route(
    (url) => isForeign(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  page.on('websocket', (socket) => foreignRequests.push(`WebSocket ${socket.url()}`));
  page.on('pageerror', (error) => pageErrors.push(`Uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/Content.Security.Policy/i.test(text)) pageErrors.push(`CSP: ${text}`);
    else consoleErrors.push(text);
  });
  return {
    context,
    page,
    foreignRequests,
    pageErrors,
    consoleErrors,
    close: () => context.close(),
  };
}

export function screenshotPath(name: string): string {
  const file = name
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' })[c] ?? c)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return path.join(SCREENSHOT_DIR, `${file}.png`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}

/** Fits the map to every facility point and waits until `count` of them are drawn (returns them). */
export async function fitToFacilities(page: Page, count: number): ReturnType<typeof waitForRendered> {
  // The points arrive after the map: wait until the source holds them.
  await page.waitForFunction(
    async () => {
      const source = window.__quartiersatlasMap?.getSource('facilities') as GeoJSONSource | undefined;
      return ((await source?.getData()) as GeoJSON.FeatureCollection | undefined)?.features.length ?? 0;
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(async () => {
    const map = window.__quartiersatlasMap!;
    const data = (await (map.getSource('facilities') as GeoJSONSource).getData()) as GeoJSON.FeatureCollection<GeoJSON.Point>;
    const xs = data.features.map((f) => f.geometry.coordinates[0]!);
    const ys = data.features.map((f) => f.geometry.coordinates[1]!);
    map.fitBounds(
      [
        [Math.min(...xs), Math.min(...ys)],
        [Math.max(...xs), Math.max(...ys)],
      ],
      { padding: 80, duration: 0 },
    );
  });
  return waitForRendered(page, 'facilities-circle', count);
}

/** Waits for the map instance, then for one `idle` after a repaint (everything drawn, nothing loading). */
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean(window.__quartiersatlasMap?.isStyleLoaded()), undefined, { timeout: 30_000 });
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const map = window.__quartiersatlasMap;
        if (!map) return reject(new Error('Karte fehlt'));
        const timer = setTimeout(() => reject(new Error('Karte wird nicht ruhig (kein idle in 20 s)')), 20_000);
        map.once('idle', () => {
          clearTimeout(timer);
          resolve();
        });
        map.triggerRepaint();
      }),
  );
}

/** Distinct features the map has drawn in a layer (tiles split features, so dedupe by id). */
export async function renderedFeatures(page: Page, layer: string): Promise<Array<{ id: string; name: string; code: string }>> {
  return page.evaluate((layerId) => {
    const map = window.__quartiersatlasMap;
    if (!map || !map.getLayer(layerId)) return [];
    const byId = new Map<string, { id: string; name: string; code: string }>();
    for (const feature of map.queryRenderedFeatures({ layers: [layerId] })) {
      const props = feature.properties ?? {};
      const id = String(props['id'] ?? feature.id ?? '');
      byId.set(id, { id, name: String(props['name'] ?? ''), code: String(props['code'] ?? '') });
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  }, layer);
}

/** Waits until exactly `count` distinct features are drawn and the map is idle; returns them. */
export async function waitForRendered(page: Page, layer: string, count: number, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last: Awaited<ReturnType<typeof renderedFeatures>> = [];
  while (Date.now() < deadline) {
    last = await renderedFeatures(page, layer);
    if (last.length === count) {
      await waitForMapIdle(page);
      last = await renderedFeatures(page, layer);
      if (last.length === count) return last;
    }
    await page.waitForTimeout(250);
  }
  return last;
}

interface DemoFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

export function readDemo(file: string): DemoFeature[] {
  const collection = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, file), 'utf8')) as { features: DemoFeature[] };
  return collection.features;
}

type Ring = Array<[number, number]>;

function insideRing(point: [number, number], ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function distanceToSegment(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Points inside a (multi)polygon, deepest first (largest distance to any edge), in lon/lat. The
 * longitude is scaled by cos(latitude) for the distance so "deep" means deep on the map, too.
 */
export function interiorPoints(geometry: DemoFeature['geometry'], count = 40): Array<[number, number]> {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][];
  const all = polygons.flat(2);
  const xs = all.map((c) => c[0]);
  const ys = all.map((c) => c[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const scaled = (c: [number, number]): [number, number] => [c[0] * scale, c[1]];
  const candidates: Array<{ point: [number, number]; depth: number }> = [];
  const steps = 48;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const point: [number, number] = [minX + ((maxX - minX) * i) / steps, minY + ((maxY - minY) * j) / steps];
      const polygon = polygons.find((rings) => insideRing(point, rings[0]!) && !rings.slice(1).some((hole) => insideRing(point, hole)));
      if (!polygon) continue;
      let depth = Infinity;
      for (const ring of polygon) {
        for (let k = 0; k + 1 < ring.length; k++) depth = Math.min(depth, distanceToSegment(scaled(point), scaled(ring[k]!), scaled(ring[k + 1]!)));
      }
      candidates.push({ point, depth });
    }
  }
  return candidates
    .sort((a, b) => b.depth - a.depth)
    .slice(0, count)
    .map((c) => c.point);
}

/**
 * The hooks every browser test file uses: one web host and Chromium per file, a fresh recorded
 * page per test, a screenshot when a test fails, and a failure on any foreign request or page
 * error. Read `session` and `current` inside tests (they are set by the hooks).
 */
export function useBrowserTests(options: SessionOptions = {}): { readonly session: E2eSession; readonly current: RecordedPage } {
  const state = {} as { session: E2eSession; current: RecordedPage };
  beforeAll(async () => {
    state.session = await startSession(options);
  });
  afterAll(async () => {
    await state.session?.close();
  });
  beforeEach(async () => {
    state.current = await openRecordedPage(state.session);
  });
  afterEach(async (context) => {
    const current = state.current;
    const failed = context.task.result?.state === 'fail' || (context.task.result?.errors?.length ?? 0) > 0;
    if (failed) await screenshot(current.page, `${context.task.name} (fehlgeschlagen)`).catch(() => {});
    const { foreignRequests, pageErrors, consoleErrors } = current;
    await current.close();
    if (consoleErrors.length > 0) console.warn(`Konsolenfehler in „${context.task.name}“:\n  ${consoleErrors.join('\n  ')}`);
    expect(foreignRequests, 'Anfragen an andere Rechner als 127.0.0.1').toEqual([]);
    expect(pageErrors, 'Fehler in der Seite').toEqual([]);
  });
  return state;
}
