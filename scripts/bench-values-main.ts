// The watched value import in a process of its own that holds what the app's main process holds
// (the open database and the file's bytes, as IPC hands them over) and nothing of the benchmark's
// data generation, so its event-loop stalls are the app's. Called by bench-values.ts:
//   node scripts/bench-values-main.ts DB CSV  → one JSON line on stdout
import fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { runJob } from '../electron/core/jobs/run-job.ts';
import { watchMainThreadWork } from './bench-main-thread.ts';

export interface WatchedImport {
  created: number;
  importMs: number;
  importCpuMs: number;
  maxStallMs: number;
  maxBusyStallMs: number;
  maxBusyStallAtMs: number;
}

const [dbPath, csvPath] = process.argv.slice(2);
const db = openDatabase(dbPath!);
const csv = new Uint8Array(fs.readFileSync(csvPath!));
const mapping = { version: 1, name: 'Bench', format: 'long', units: { column: 'Schlüssel', match: 'key', level: 'Stadtteil' }, period: { column: 'Jahr' }, indicator: { column: 'Indikator' }, value: { column: 'Wert' } };
const stall = monitorEventLoopDelay({ resolution: 10 });
stall.enable();
const busy = watchMainThreadWork();
const start = performance.now();
const cpuStart = process.cpuUsage();
// runJob moves the file's bytes to the worker, as the app does.
const summary = (await runJob(db.path, { kind: 'import-values', file: { name: 'lieferung.csv', data: csv }, options: { mapping } })) as { created: number };
const importMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
stall.disable();
const { maxMs, atMs } = busy.stop();
db.close();
const result: WatchedImport = {
  created: summary.created,
  importMs,
  importCpuMs: (cpu.user + cpu.system) / 1000,
  maxStallMs: stall.max / 1e6,
  maxBusyStallMs: maxMs,
  maxBusyStallAtMs: atMs - start,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
