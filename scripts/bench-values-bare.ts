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
import { deterministicId, valueId } from '../electron/core/sync/ids.ts';

export interface BareLoopInput {
  unitCodes: string[];
  codes: string[];
  periods: string[];
  /** The bare loop's database file (created here, deleted when timed). */
  file: string;
}

export interface BareLoopOutput {
  bareMs: number;
  values: number;
  /** The long CSV (transferred to the caller). */
  csv: Uint8Array;
  zippedCsvBytes: number;
}

function bareLoop({ unitCodes, codes, periods, file }: BareLoopInput): BareLoopOutput {
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

  // The physical limit: the same rows inserted by a bare prepared statement in one transaction.
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(`CREATE TABLE indicator_values (id TEXT PRIMARY KEY, indicator_id TEXT NOT NULL, unit_id TEXT NOT NULL, period TEXT NOT NULL,
      value REAL, flag TEXT, deleted INTEGER NOT NULL DEFAULT 0, created_by TEXT) WITHOUT ROWID;
      CREATE INDEX a ON indicator_values (indicator_id, period); CREATE INDEX b ON indicator_values (unit_id);`);
  const insert = raw.prepare('INSERT INTO indicator_values (id, indicator_id, unit_id, period, value, flag) VALUES (?, ?, ?, ?, ?, ?)');
  const indicatorIds = new Map(codes.map((c) => [c, deterministicId.indicator(c)]));
  const unitIds = new Map(unitCodes.map((c) => [c, deterministicId.unit('stadtteil', c)]));
  const bareStart = performance.now();
  raw.transaction(() => {
    for (const [unit, period, code, value] of rows) {
      const indicatorId = indicatorIds.get(code)!;
      const unitId = unitIds.get(unit)!;
      insert.run(valueId(indicatorId, unitId, period), indicatorId, unitId, period, value, null);
    }
  })();
  const bareMs = performance.now() - bareStart;
  raw.close();
  // Deleted at once, so the system does not write its pages back while the import is timed.
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  return { bareMs, values: rows.length, csv, zippedCsvBytes };
}

if (parentPort) {
  const output = bareLoop(workerData as BareLoopInput);
  parentPort.postMessage(output, [output.csv.buffer as ArrayBuffer]);
}
