// Where the time of a large value import goes: the import's phases in this thread, one after
// another, next to the bare insert loop of the same rows on a copy of the same database.
// A development aid, not part of `npm run bench`: node scripts/bench-values-phases.ts [valueCount]
// (add --cpu-prof to profile it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, openWorkerConnection } from '../electron/core/db/open-database.ts';
import { importValues } from '../electron/core/imports/import-values.ts';
import { blobDirectoryFor } from '../electron/core/sync/blob-store.ts';
import { bareLoop } from './bench-values-bare.ts';
import { seedBenchDatabase } from './bench-values.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-phases-'));
try {
  const file = path.join(work, 'bench.sqlite');
  const db = openDatabase(file);
  const seed = seedBenchDatabase(db, 500, Math.max(1, Math.round(count / 500 / 20)), 20);
  db.close();
  const bare = bareLoop({ ...seed, file, rawFile: path.join(work, 'raw.sqlite') });
  const sqlite = openWorkerConnection(file);
  const marks: Array<[string, number]> = [];
  let last = performance.now();
  const start = last;
  const cpuStart = process.threadCpuUsage();
  const mapping = { version: 1, name: 'Bench', format: 'long', units: { column: 'Schlüssel', match: 'key', level: 'Stadtteil' }, period: { column: 'Jahr' }, indicator: { column: 'Indikator' }, value: { column: 'Wert' } };
  await importValues(sqlite, blobDirectoryFor(file), { name: 'lieferung.csv', data: bare.csv }, { mapping }, (phase) => {
    const now = performance.now();
    marks.push([phase, now - last]);
    last = now;
  });
  const importMs = performance.now() - start;
  const cpu = process.threadCpuUsage(cpuStart);
  const importCpuMs = (cpu.user + cpu.system) / 1000;
  sqlite.close();
  console.log({ values: bare.values, bareMs: Math.round(bare.bareMs), importMs: Math.round(importMs), ratio: +(importMs / bare.bareMs).toFixed(3) });
  // Thread CPU time: what a busy machine does not blur.
  console.log({ bareCpuMs: Math.round(bare.bareCpuMs), importCpuMs: Math.round(importCpuMs), cpuRatio: +(importCpuMs / bare.bareCpuMs).toFixed(3) });
  console.log('time before each progress report:', marks.map(([phase, ms]) => `${phase} ${Math.round(ms)}`).join(', '));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
