// Benchmarks: `npm run bench`. Writes docs/benchmarks.md with the machine and date.
// Each measurement is compared against the physical limit in the same run where one exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { seedDemo } from '../electron/core/demo/seed-demo.ts';
import { readFeatures } from '../electron/core/geo/read-features.ts';
import { runJob } from '../electron/core/jobs/run-job.ts';
import { unitFeatures, listLevels } from '../electron/core/services/spatial-units.ts';
import { ChangeWriter } from '../electron/core/sync/change-writer.ts';
import { deterministicId } from '../electron/core/sync/ids.ts';
import { benchChoropleth } from './bench-choropleth.ts';
import { benchExchange } from './bench-exchange.ts';
import { benchAssignment } from './bench-facilities.ts';
import { benchFacilityMap } from './bench-facility-map.ts';
import { benchValues } from './bench-values.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-'));
const rows: Array<[string, string, string]> = [];
const record = (what: string, value: string, note = '') => {
  rows.push([what, value, note]);
  console.log(`${what}: ${value} ${note}`);
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
// BENCH_ONLY=values,choropleth runs only those parts (names: writer, geometry, demo, values,
// choropleth, facilities, facility-map, exchange) and leaves docs/benchmarks.md alone: a partial run is no report.
const selected = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
const only = (part: string) => !selected || selected.includes(part);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => void, repeat = 5): number {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

// 1. The write path against a bare insert loop of the same rows.
const N = only('writer') ? 50_000 : 0;
const facilities = Array.from({ length: N }, (_, i) => ({
  id: deterministicId.facility('bench', String(i)),
  values: { name: `Einrichtung ${i}`, address: `Straße ${i}`, lon: 9 + (i % 1000) / 1e4, lat: 54 + i / 1e6, valid_from: null, valid_to: null, attributes: { nr: i } },
}));
if (only('writer')) {
  // The physical limit is a plain INSERT into the app's own schema (same indexes, foreign keys
  // and full-text triggers), so the ratio is the cost of the change log alone.
  const bare = openDatabase(path.join(work, 'raw.sqlite'));
  const bareCategory = deterministicId.category('bench');
  new ChangeWriter(bare.sqlite).transaction((tx) => tx.upsert('facility_categories', bareCategory, { key: 'bench', name: 'Bench', color: '#000000', icon: null }));
  const raw = bare.sqlite;
  const insert = raw.prepare('INSERT INTO facilities (id, category_id, name, address, lon, lat, valid_from, valid_to, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const start = performance.now();
  raw.transaction(() => {
    for (const f of facilities) insert.run(f.id, bareCategory, f.values.name, f.values.address, f.values.lon, f.values.lat, null, null, JSON.stringify(f.values.attributes));
  })();
  const rawMs = performance.now() - start;
  bare.close();

  const db = openDatabase(path.join(work, 'writer.sqlite'));
  const categoryId = deterministicId.category('bench');
  const writer = new ChangeWriter(db.sqlite);
  writer.transaction((tx) => tx.upsert('facility_categories', categoryId, { key: 'bench', name: 'Bench', color: '#000000', icon: null }));
  const startWriter = performance.now();
  writer.transaction((tx) => {
    for (const f of facilities) tx.upsert('facilities', f.id, { ...f.values, category_id: categoryId });
  });
  const writerMs = performance.now() - startWriter;
  const startNoop = performance.now();
  writer.transaction((tx) => {
    for (const f of facilities) tx.upsert('facilities', f.id, { ...f.values, category_id: categoryId });
  });
  const noopMs = performance.now() - startNoop;
  db.close();
  record(`Bare better-sqlite3 insert loop into the same schema, ${N.toLocaleString('en')} rows (physical limit)`, ms(rawMs));
  record(`Write path (row + creation op, one transaction), ${N.toLocaleString('en')} new facilities`, ms(writerMs), `${(writerMs / rawMs).toFixed(2)}× the bare loop`);
  record(`Write path, same ${N.toLocaleString('en')} rows again (no change, no ops)`, ms(noopMs), `${(noopMs / rawMs).toFixed(2)}× the bare loop`);
}

// 2. Reading geometry files.
if (only('geometry')) {
  const bezirke = { name: 'flensburg_stadtbezirke.geojson', data: new Uint8Array(fs.readFileSync(path.join(ROOT, 'resources/demo/flensburg/flensburg_stadtbezirke.geojson'))) };
  const shp = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((ext) => ({ name: `Stadtteile.${ext}`, data: new Uint8Array(fs.readFileSync(path.join(ROOT, `test/fixtures/flensburg-shp/Stadtteile.${ext}`))) }));
  const ge = { name: 'ge.geojson', data: new Uint8Array(fs.readFileSync(path.join(ROOT, 'test/fixtures/gelsenkirchen/Stadtteile_Gelsenkirchen_epsg3044.geojson'))) };
  const sample = async (fn: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await fn();
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  record('Read + validate 41 Flensburg districts (GeoJSON, CRS84, 0.7 MB)', ms(await sample(() => readFeatures([bezirke], { expect: 'polygon' }))));
  record('Read + reproject 13 Flensburg Stadtteile (Shapefile, EPSG:25832)', ms(await sample(() => readFeatures(shp, { expect: 'polygon' }))));
  record('Read + reproject 18 Gelsenkirchen Stadtteile (GeoJSON, EPSG:3044)', ms(await sample(() => readFeatures([ge], { expect: 'polygon' }))));
}

// 3. Demo on first start, through worker threads, and the main loop's responsiveness meanwhile.
if (only('demo')) {
  const db = openDatabase(path.join(work, 'demo.sqlite'));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  await seedDemo((job) => runJob(db.path, job));
  const demoMs = performance.now() - start;
  delay.disable();
  record('First start: Flensburg demo (3 geometry files + 7 statistics tables, one worker thread)', ms(demoMs));
  record('Longest main event-loop stall during the demo import', ms(delay.max / 1e6), 'target < 50 ms');
  const levels = listLevels(db.sqlite);
  const lower = levels.find((l) => l.unitCount === 41)!;
  record('Query the 41 district polygons for the map (units.features)', ms(time(() => unitFeatures(db.sqlite, lower.id), 20)), 'median of 20');
  db.close();
}

fs.rmSync(work, { recursive: true, force: true });

// 4. Issue 3: a million values from a long CSV, against a bare insert loop of the same rows.
if (only('values')) {
  const result = await benchValues(500, 100, 20);
  record(`Bare better-sqlite3 insert loop, ${result.values.toLocaleString('en')} values (physical limit)`, ms(result.bareMs));
  record(
    `Import ${result.values.toLocaleString('en')} values from a long CSV (${(result.csvBytes / 2 ** 20).toFixed(1)} MB): read, map, check, write, log`,
    ms(result.importMs),
    `${result.ratio.toFixed(2)}× the bare loop (target ≤ 1.5×); CPU time ${(result.importCpuMs / result.bareCpuMs).toFixed(2)}× (${(result.importCpuMs / 1000).toFixed(1)} s vs ${(result.bareCpuMs / 1000).toFixed(1)} s)`,
  );
  record('Longest main event-loop stall during that import', ms(result.maxStallMs), `target < 50 ms; the main thread's own work within one stall at most ${ms(result.maxBusyStallMs)}`);
  record('Change-log blob of that import vs the gzip\'d source CSV', `${(result.blobBytes / 2 ** 20).toFixed(2)} MB vs ${(result.zippedCsvBytes / 2 ** 20).toFixed(2)} MB`);
  record(`One indicator and period across 500 units of that ${result.values.toLocaleString('en')}-value table (values.map query)`, ms(result.queryMs), 'median of 20; the 542-unit query is below');
}

// 5. Issue 3: repainting the choropleth in Chromium when the period or the indicator changes,
// from the user's choice until the map has drawn it (performance measure `choropleth-update`).
if (only('choropleth')) {
  const result = await benchChoropleth();
  const series = (r: { samples: number; medianMs: number; maxMs: number }) => `median of ${r.samples}, max ${r.maxMs.toFixed(0)} ms; target < 100 ms`;
  record(`Choropleth after a period switch, ${result.demo.units} Flensburg Stadtteile, Chromium (SwiftShader): choice → drawn`, ms(result.demo.medianMs), series(result.demo));
  const grid = `${result.grid.units} units (synthetic level over Flensburg, ${result.grid.vertices.toLocaleString('en')} vertices)`;
  record(`Choropleth after a period switch, ${grid}: choice → drawn`, ms(result.grid.period.medianMs), series(result.grid.period));
  record(`Choropleth after an indicator switch, ${result.grid.units} units (fetches the series): choice → drawn`, ms(result.grid.indicator.medianMs), series(result.grid.indicator));
  record(`… of which the map's own repaint (feature-state → idle), ${result.grid.units} units`, ms(result.grid.mapOnly.medianMs), `median of ${result.grid.mapOnly.samples}, max ${result.grid.mapOnly.maxMs.toFixed(0)} ms`);
  const committed = (r: { samples: number; medianMs: number; maxMs: number }) => `median of ${r.samples}, max ${r.maxMs.toFixed(0)} ms; SwiftShader rasterises the WebGL frame after idle`;
  record(`Same switches until the frame is committed (two animation frames after the measure): period, ${result.demo.units} units`, ms(result.demo.committed.medianMs), committed(result.demo.committed));
  record(`… period, ${result.grid.units} units`, ms(result.grid.periodCommitted.medianMs), committed(result.grid.periodCommitted));
  record(`… indicator, ${result.grid.units} units`, ms(result.grid.indicatorCommitted.medianMs), committed(result.grid.indicatorCommitted));
  record(`One indicator and period across ${result.grid.units} units (values.map query)`, ms(result.queries.mapMs), 'median of 20; target < 5 ms');
  record(`All periods of one indicator across ${result.grid.units} units (values.series, what the map loads)`, ms(result.queries.seriesMs), 'median of 20');
}

// 6. Issue 4: assigning facilities to the units containing them (bbox grid + banded point-in-polygon).
if (only('facilities')) {
  const result = await benchAssignment();
  record(
    `Assign ${result.points.toLocaleString('en')} facilities to ${result.polygons} polygons on ${result.levels} levels (${result.vertices.toLocaleString('en')} vertices), from scratch: read, index, test, write ${result.rows.toLocaleString('en')} rows`,
    ms(result.medianMs),
    `median of 3; target < 2000 ms`,
  );
}

// 7. Issue 4: the map with 50,000 facilities against a bare MapLibre page with the same GeoJSON,
// page loads alternating in the same Chromium (see scripts/bench-facility-map.ts).
if (only('facility-map')) {
  const result = await benchFacilityMap();
  const note = `median of ${result.app.samples} page loads each, zoom ${result.zoom.toFixed(1)}`;
  record(`Bare MapLibre page, ${result.points.toLocaleString('en')} points (one GeoJSON source, one circle layer): page opened → idle`, ms(result.bare.pageMs), note);
  record(`Karte with ${result.points.toLocaleString('en')} facilities (clustered) and the Stadtteile: page opened → idle`, ms(result.app.pageMs), `${result.pageRatio.toFixed(2)}× the bare page (target ≤ 1.3×)`);
  record(`… the map's own part (setData → idle): app vs bare page`, `${ms(result.app.mapMs)} vs ${ms(result.bare.mapMs)}`, `${result.mapRatio.toFixed(2)}×`);
}

// 8. Issue 5: exchange files. 100,000 single-row changes exported on laptop A and read into a
// fresh database on laptop B, against a bare insert loop of the rows the import writes (see
// scripts/bench-exchange.ts); and the size of a file carrying a 1,000,000-value delivery.
if (only('exchange')) {
  const result = await benchExchange();
  const changes = `${(result.created + result.edited).toLocaleString('en')} single-row changes (${result.created.toLocaleString('en')} facilities created, ${result.edited.toLocaleString('en')} edits)`;
  record(`Export an exchange file of ${changes}`, ms(result.exportMs), `${(result.fileBytes / 2 ** 20).toFixed(2)} MB, ${result.ops.toLocaleString('en')} ops`);
  record(
    `Bare better-sqlite3 insert loop of what that import writes: ${result.bareRows.ops.toLocaleString('en')} op rows, ${result.bareRows.rows.toLocaleString('en')} facility rows, ${result.bareRows.heads.toLocaleString('en')} heads (physical limit)`,
    ms(result.bareMs),
  );
  record(
    'Import that file into a fresh database: check the whole file, merge, write, record',
    ms(result.importMs),
    `${result.ratio.toFixed(2)}× the bare loop (target ≤ 3×); CPU time ${(result.importCpuMs / result.bareCpuMs).toFixed(2)}× (${(result.importCpuMs / 1000).toFixed(1)} s vs ${(result.bareCpuMs / 1000).toFixed(1)} s); reading and checking the file alone ${ms(result.readMs)}`,
  );
  record('Import the same file again (nothing new)', ms(result.reimportMs), `${(result.reimportMs / result.bareMs).toFixed(2)}× the bare loop`);
  if (result.bulk) {
    const bulk = result.bulk;
    record(
      `Exchange file carrying a ${bulk.values.toLocaleString('en')}-value delivery vs the gzip'd source CSV (${(bulk.csvBytes / 2 ** 20).toFixed(1)} MB)`,
      `${(bulk.fileBytes / 2 ** 20).toFixed(2)} MB vs ${(bulk.zippedCsvBytes / 2 ** 20).toFixed(2)} MB`,
      `export ${ms(bulk.exportMs)}, import into a fresh database ${ms(bulk.importMs)}`,
    );
  }
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const report = `# Benchmarks

Run with \`npm run bench\` (writes this file; \`BENCH_ONLY=values,choropleth npm run bench\` runs only those parts and writes nothing). Latest run: ${new Date().toISOString().slice(0, 10)},
${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}.
Times are single runs unless a median is stated; compare ratios, not absolute numbers, across machines.

| Measurement | Result | Note |
| --- | --- | --- |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`;
if (!selected) {
  fs.writeFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), report);
  console.log('\nWritten to docs/benchmarks.md');
}
