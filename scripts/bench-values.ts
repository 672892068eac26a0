// Bulk value import vs a bare better-sqlite3 insert loop of the same rows (issue 3 speed bar).
// Used by scripts/bench.ts; runnable alone: node scripts/bench-values.ts [valueCount]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { runJob } from '../electron/core/jobs/run-job.ts';
import { valuesForMap } from '../electron/core/services/indicator-values.ts';
import { saveIndicator } from '../electron/core/services/indicators.ts';
import { blobDirectoryFor } from '../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../electron/core/sync/change-writer.ts';
import { deterministicId, valueId } from '../electron/core/sync/ids.ts';

export interface ValueBenchResult {
  values: number;
  csvBytes: number;
  bareMs: number;
  importMs: number;
  ratio: number;
  maxStallMs: number;
  queryMs: number;
  blobBytes: number;
  zippedCsvBytes: number;
}

export async function benchValues(units = 500, indicators = 100, years = 20): Promise<ValueBenchResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-values-'));
  try {
    const db = openDatabase(path.join(work, 'bench.sqlite'));
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
    const { gzipSync } = await import('fflate');
    const zippedCsvBytes = gzipSync(csv, { level: 6 }).byteLength;

    // The physical limit: the same rows inserted by a bare prepared statement in one transaction.
    const raw = new Database(path.join(work, 'raw.sqlite'));
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

    // The real import: parse, map, check, write and log, in a worker; the main loop is watched.
    const mapping = { version: 1, name: 'Bench', format: 'long', units: { column: 'Schlüssel', match: 'key', level: 'Stadtteil' }, period: { column: 'Jahr' }, indicator: { column: 'Indikator' }, value: { column: 'Wert' } };
    const stall = monitorEventLoopDelay({ resolution: 10 });
    stall.enable();
    const importStart = performance.now();
    const summary = (await runJob(db.path, { kind: 'import-values', file: { name: 'lieferung.csv', data: csv }, options: { mapping } })) as { created: number };
    const importMs = performance.now() - importStart;
    stall.disable();
    if (summary.created !== rows.length) throw new Error(`expected ${rows.length} values, got ${summary.created}`);

    const firstIndicator = indicatorIds.get(codes[0]!)!;
    const samples: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      valuesForMap(db.sqlite, firstIndicator, periods[i % periods.length]!, levelId);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const blobDir = blobDirectoryFor(db.path);
    const blobBytes = fs.readdirSync(blobDir).reduce((sum, f) => sum + fs.statSync(path.join(blobDir, f)).size, 0);
    db.close();
    return {
      values: rows.length,
      csvBytes: csv.byteLength,
      bareMs,
      importMs,
      ratio: importMs / bareMs,
      maxStallMs: stall.max / 1e6,
      queryMs: samples[10]!,
      blobBytes,
      zippedCsvBytes,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const result = await benchValues(500, Math.max(1, Math.round(count / 500 / 20)), 20);
  console.log(result);
}
