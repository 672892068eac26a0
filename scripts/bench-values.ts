// Bulk value import vs a bare better-sqlite3 insert loop of the same rows (issue 3 speed bar).
// Used by scripts/bench.ts; runnable alone: node scripts/bench-values.ts [valueCount] [--json]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { openDatabase, type OpenedDatabase } from '../electron/core/db/open-database.ts';
import { valuesForMap } from '../electron/core/services/indicator-values.ts';
import { saveIndicator } from '../electron/core/services/indicators.ts';
import { blobDirectoryFor } from '../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../electron/core/sync/change-writer.ts';
import { deterministicId } from '../electron/core/sync/ids.ts';
import type { BareLoopInput, BareLoopOutput } from './bench-values-bare.ts';
import type { WatchedImport } from './bench-values-main.ts';
import { fileURLToPath } from 'node:url';

export interface ValueBenchResult {
  values: number;
  csvBytes: number;
  bareMs: number;
  importMs: number;
  ratio: number;
  /** The same comparison in the process's CPU time (all threads): what a busy machine blurs least. */
  bareCpuMs: number;
  importCpuMs: number;
  maxStallMs: number;
  /** The most CPU time the main thread itself spent within one stall (its own work, not waiting for a core). */
  maxBusyStallMs: number;
  /** When that was, in ms after the import started (to find what it was). */
  maxBusyStallAtMs: number;
  queryMs: number;
  blobBytes: number;
  zippedCsvBytes: number;
}

export async function benchValues(units = 500, indicators = 100, years = 20): Promise<ValueBenchResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-values-'));
  try {
    const db = openDatabase(path.join(work, 'bench.sqlite'));
    const { levelId, unitCodes, codes, periods } = seedBenchDatabase(db, units, indicators, years);

    // The rows, their long CSV and the bare insert loop of the same rows: in a worker thread (see
    // bench-values-bare.ts), which hands back the CSV's bytes and the loop's time.
    const bare = await inWorker<BareLoopOutput>(new URL('./bench-values-bare.ts', import.meta.url), {
      bareLoop: true,
      unitCodes,
      codes,
      periods,
      file: db.path,
      rawFile: path.join(work, 'raw.sqlite'),
    } satisfies BareLoopInput & { bareLoop: true });
    const { bareMs, csv, zippedCsvBytes } = bare;
    const valueCount = bare.values;
    const csvBytes = csv.byteLength;
    // The real import: parse, map, check, write and log, in a worker, started from a fresh process
    // that stands for the app's main process (bench-values-main.ts) and watches its event loop.
    const csvPath = path.join(work, 'lieferung.csv');
    fs.writeFileSync(csvPath, csv);
    db.close();
    const watched = watchedImport(db.path, csvPath);
    const { importMs, maxStallMs, maxBusyStallMs, maxBusyStallAtMs } = watched;
    const summary = { created: watched.created };
    if (summary.created !== valueCount) throw new Error(`expected ${valueCount} values, got ${summary.created}`);

    const reopened = openDatabase(db.path);
    const firstIndicator = deterministicId.indicator(codes[0]!);
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      valuesForMap(reopened.sqlite, firstIndicator, periods[i % periods.length]!, levelId);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const blobDir = blobDirectoryFor(db.path);
    const blobBytes = fs.readdirSync(blobDir).reduce((sum, f) => sum + fs.statSync(path.join(blobDir, f)).size, 0);
    reopened.close();
    return {
      values: valueCount,
      csvBytes,
      bareMs,
      importMs,
      ratio: importMs / bareMs,
      bareCpuMs: bare.bareCpuMs,
      importCpuMs: watched.importCpuMs,
      maxStallMs,
      maxBusyStallMs,
      maxBusyStallAtMs,
      queryMs: samples[10]!,
      blobBytes,
      zippedCsvBytes,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Units of one level and indicators, as the app would have them before the delivery. */
export function seedBenchDatabase(db: OpenedDatabase, units: number, indicators: number, years: number) {
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  const levelId = deterministicId.level('stadtteil');
  const unitCodes = Array.from({ length: units }, (_, i) => `ST${String(i + 1).padStart(4, '0')}`);
  writer.transaction((tx) => {
    tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 });
    unitCodes.forEach((code, i) => {
      const x = 7 + (i % 25) * 0.01;
      const y = 51 + Math.floor(i / 25) * 0.01;
      const geometry = JSON.stringify({ type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] });
      tx.upsert('spatial_units', deterministicId.unit('stadtteil', code), { level_id: levelId, code, name: `Gebiet ${code}`, parent_id: null, geometry, valid_from: null, valid_to: null, attributes: {} });
    });
  });
  const codes = Array.from({ length: indicators }, (_, i) => `ind_${i + 1}`);
  for (const code of codes) saveIndicator(writer, db.sqlite, { indicator: { code, name: `Indikator ${code}`, polarity: 'need' } });
  const periods = Array.from({ length: years }, (_, i) => String(2005 + i));
  return { levelId, unitCodes, codes, periods };
}

/** The import as the app's main process runs it, in a child process (see bench-values-main.ts). */
function watchedImport(dbPath: string, csvPath: string): WatchedImport {
  const output = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./bench-values-main.ts', import.meta.url)), dbPath, csvPath], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as WatchedImport;
}

/** Runs a worker module to its one answer and waits until the thread (and its heap) is gone. */
function inWorker<T>(module: URL, data: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(module, { workerData: data });
    let answer: { message: T } | undefined;
    worker.once('message', (message: T) => {
      answer = { message };
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (answer ? resolve(answer.message) : reject(new Error(`Worker beendet (Code ${code})`))));
  });
}

/**
 * A full garbage collection now that also hands the freed pages back to the system (the
 * benchmark's own garbage is not the app's). A plain gc() keeps them pooled, and V8's memory
 * reducer then releases them about 8 s later on the main thread: a stall of several hundred
 * milliseconds in the middle of the watched import that the app's small main heap never has.
 */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as (options: object) => void)({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

// Alone: node scripts/bench-values.ts [valueCount] [--json]
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const count = Number(args.find((arg) => !arg.startsWith('--')) ?? 1_000_000);
  const result = await benchValues(500, Math.max(1, Math.round(count / 500 / 20)), 20);
  console.log(args.includes('--json') ? JSON.stringify(result) : result);
}
