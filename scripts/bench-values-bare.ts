// Worker thread of scripts/bench-values.ts: generates the benchmark's rows and their long CSV,
// and times the bare better-sqlite3 insert loop of those rows (the physical limit). It runs in its
// own thread so the million generated rows never live on the main thread, whose event loop the
// benchmark watches during the import: the app's main process holds only the file's bytes, and
// collecting (and returning to the system) a heap of benchmark rows would count as a stall.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { gzipSync } from 'fflate';
import { configureConnection } from '../electron/core/db/open-database.ts';
import { deterministicId, valueId } from '../electron/core/sync/ids.ts';

export interface BareLoopInput {
  unitCodes: string[];
  codes: string[];
  periods: string[];
  /** The seeded benchmark database (units and indicators, no values yet). */
  file: string;
  /** The bare loop's copy of it (created here, deleted when timed). */
  rawFile: string;
}

export interface BareLoopOutput {
  bareMs: number;
  /** The process's CPU time (user + system, all threads) during the loop: less blurred by other work on the machine. */
  bareCpuMs: number;
  values: number;
  /** The long CSV (transferred to the caller). */
  csv: Uint8Array;
  zippedCsvBytes: number;
}

export function bareLoop({ unitCodes, codes, periods, file, rawFile }: BareLoopInput): BareLoopOutput {
  // The long CSV a statistics office would deliver (German number format).
  const lines = ['Schlüssel;Jahr;Indikator;Wert'];
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1000;
  const rows: Array<[string, string, string, number]> = [];
  for (const code of codes) for (const period of periods) for (const unit of unitCodes) {
    const value = Math.round(random() * 10) / 10;
    rows.push([unit, period, code, value]);
    lines.push(`${unit};${period};${code};${String(value).replace('.', ',')}`);
  }
  const csv = new TextEncoder().encode(lines.join('\r\n'));
  const zippedCsvBytes = gzipSync(csv, { level: 6 }).byteLength;

  // The physical limit: the same rows inserted by a bare prepared statement in one transaction,
  // into a copy of the very database the import writes to: the same table with its foreign keys,
  // check and indexes, the same parent rows, the same connection settings, and every column the
  // import fills (created_by names the bulk op).
  const source = new Database(file, { readonly: true });
  source.prepare('VACUUM INTO ?').run(rawFile);
  source.close();
  const raw = new Database(rawFile);
  configureConnection(raw);
  const insert = raw.prepare('INSERT INTO indicator_values (id, indicator_id, unit_id, period, value, flag, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const indicatorIds = new Map(codes.map((c) => [c, deterministicId.indicator(c)]));
  const unitIds = new Map(unitCodes.map((c) => [c, deterministicId.unit('stadtteil', c)]));
  const createdBy = 'bench-replica:1';
  const cpuStart = process.cpuUsage();
  const bareStart = performance.now();
  raw.transaction(() => {
    for (const [unit, period, code, value] of rows) {
      const indicatorId = indicatorIds.get(code)!;
      const unitId = unitIds.get(unit)!;
      insert.run(valueId(indicatorId, unitId, period), indicatorId, unitId, period, value, null, createdBy);
    }
  }).immediate();
  const bareMs = performance.now() - bareStart;
  const cpu = process.cpuUsage(cpuStart);
  raw.close();
  // Deleted at once, so the system does not write its pages back while the import is timed.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(rawFile + suffix, { force: true });
  return { bareMs, bareCpuMs: (cpu.user + cpu.system) / 1000, values: rows.length, csv, zippedCsvBytes };
}

if (parentPort && (workerData as { bareLoop?: boolean } | null)?.bareLoop) {
  const output = bareLoop(workerData as BareLoopInput);
  parentPort.postMessage(output, [output.csv.buffer as ArrayBuffer]);
}
