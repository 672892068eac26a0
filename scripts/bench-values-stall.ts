// When the main thread stalls during a large value import run as a job (the app's way): every
// timer delay over 20 ms with the job's phase at that moment, up to the worker's exit.
// A development aid, not part of `npm run bench`: node scripts/bench-values-stall.ts [valueCount]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { runJob } from '../electron/core/jobs/run-job.ts';
import { bareLoop } from './bench-values-bare.ts';
import { collectGarbage, seedBenchDatabase } from './bench-values.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-stall-'));
try {
  const db = openDatabase(path.join(work, 'bench.sqlite'));
  const seed = seedBenchDatabase(db, 500, Math.max(1, Math.round(count / 500 / 20)), 20);
  const { csv } = bareLoop({ ...seed, file: db.path, rawFile: path.join(work, 'raw.sqlite') });
  collectGarbage();
  const start = performance.now();
  let phase = 'start';
  const stalls: string[] = [];
  // The main thread's own CPU time within a stall tells its work from waiting for a core.
  let last = performance.now();
  let lastCpu = process.threadCpuUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.threadCpuUsage();
    const busy = (cpu.user + cpu.system - lastCpu.user - lastCpu.system) / 1000;
    if (now - last > 25) stalls.push(`${Math.round(now - last - 5)} ms (main thread busy ${Math.round(busy)} ms) at ${Math.round(last - start)} (${phase})`);
    last = now;
    lastCpu = cpu;
  }, 5);
  const mapping = { version: 1, name: 'Bench', format: 'long', units: { column: 'Schlüssel', match: 'key', level: 'Stadtteil' }, period: { column: 'Jahr' }, indicator: { column: 'Indikator' }, value: { column: 'Wert' } };
  await runJob(db.path, { kind: 'import-values', file: { name: 'lieferung.csv', data: csv }, options: { mapping } }, (p) => {
    phase = p;
  });
  phase = 'after done';
  await new Promise((resolve) => setTimeout(resolve, 2000));
  clearInterval(timer);
  console.log(`import ${Math.round(performance.now() - start - 2000)} ms; stalls over 20 ms:`);
  for (const stall of stalls) console.log(stall);
  db.close();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
