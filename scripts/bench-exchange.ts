// Issue 5: exchange files between laptops. A database with 100,000 single-row changes (facilities
// created one by one through the ChangeWriter, some edited afterwards) is exported on laptop A and
// read into a fresh database on laptop B, then the same file again (nothing new); in the same run
// the physical limit: a bare better-sqlite3 insert loop of the rows that import has to write.
// Separately, a file carrying a 1,000,000-value statistics delivery against the zipped source CSV.
// Used by scripts/bench.ts; runnable alone: node scripts/bench-exchange.ts [changes] [--no-bulk]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'fflate';
import { openDatabase } from '../electron/core/db/open-database.ts';
import { exportExchange } from '../electron/core/exchange/export-exchange.ts';
import { importExchange } from '../electron/core/exchange/import-exchange.ts';
import { readExchangeFile } from '../electron/core/exchange/read-exchange-file.ts';
import { blobDirectoryFor } from '../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../electron/core/sync/change-writer.ts';
import { deterministicId, valueId } from '../electron/core/sync/ids.ts';
import { seedBenchDatabase } from './bench-values.ts';

export interface ExchangeBenchResult {
  /** Ops in the file (the changes plus the 15 default categories' creations of laptop A). */
  ops: number;
  created: number;
  edited: number;
  exportMs: number;
  fileBytes: number;
  /** Of the import: opening and checking the file alone (zip, hashes, every op). */
  readMs: number;
  importMs: number;
  reimportMs: number;
  /** Rows the bare loop inserts: ops, facility rows, heads. */
  bareRows: { ops: number; rows: number; heads: number };
  bareMs: number;
  ratio: number;
  /** The same comparison in the process's CPU time (user + system): what a busy machine blurs least. */
  importCpuMs: number;
  bareCpuMs: number;
  bulk: BulkExchangeResult | null;
}

export interface BulkExchangeResult {
  values: number;
  fileBytes: number;
  zippedCsvBytes: number;
  csvBytes: number;
  exportMs: number;
  importMs: number;
}

export async function benchExchange(changes = 100_000, withBulk = true): Promise<ExchangeBenchResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-bench-exchange-'));
  try {
    const single = benchSingleRowChanges(work, changes);
    const bulk = withBulk ? benchBulkDelivery(work) : null;
    return { ...single, bulk };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function benchSingleRowChanges(work: string, changes: number): Omit<ExchangeBenchResult, 'bulk'> {
  // Laptop A: facilities created one by one (transactions of 100, as a day of editing or a few
  // small imports would write them), then every tenth one edited in one field.
  const a = openDatabase(path.join(work, 'a.sqlite'));
  const aBlobs = blobDirectoryFor(a.path);
  const writer = new ChangeWriter(a.sqlite, { blobDirectory: aBlobs });
  const edited = Math.round(changes / 10);
  const created = changes - edited;
  const categories = ['kita', 'grundschule', 'spielplatz', 'jugendzentrum', 'seniorentreff'].map((key) => deterministicId.category(key));
  const existing = new Set((a.sqlite.prepare('SELECT id FROM facility_categories').all() as Array<{ id: string }>).map((r) => r.id));
  const categoryIds = categories.filter((id) => existing.has(id));
  if (categoryIds.length === 0) throw new Error('no default categories seeded');
  const ids = Array.from({ length: created }, (_, i) => deterministicId.facility('bench', String(i)));
  for (let start = 0; start < created; start += 100) {
    writer.transaction((tx) => {
      for (let i = start; i < Math.min(created, start + 100); i++) {
        tx.upsert('facilities', ids[i]!, {
          category_id: categoryIds[i % categoryIds.length]!,
          name: `Einrichtung ${i}`,
          address: `Musterstraße ${i % 500}, 24937 Flensburg`,
          lon: 9.35 + (i % 1000) / 1e4,
          lat: 54.75 + Math.floor(i / 1000) / 1e4,
          valid_from: null,
          valid_to: null,
          attributes: { nr: i },
          capacity: i % 3 === 0 ? 40 + (i % 60) : null,
          capacity_unit: i % 3 === 0 ? 'Plätze' : null,
          operator: i % 4 === 0 ? 'AWO' : null,
          target_groups: i % 2 === 0 ? ['Kinder'] : [],
        });
      }
    });
  }
  for (let start = 0; start < edited; start += 100) {
    writer.transaction((tx) => {
      for (let e = start; e < Math.min(edited, start + 100); e++) {
        const i = (e * 9) % created;
        if (e % 2 === 0) tx.update('facilities', ids[i]!, { name: `Einrichtung ${i} (neu)` });
        else tx.update('facilities', ids[i]!, { capacity: 100 + (e % 50) });
      }
    });
  }

  const file = path.join(work, 'a-to-b.qatlas');
  const exportStart = performance.now();
  const exported = exportExchange(a.sqlite, { out: file, blobDirectory: aBlobs });
  const exportMs = performance.now() - exportStart;

  // Laptop B: a fresh database, opened as the app opens it (default categories seeded).
  const b = openDatabase(path.join(work, 'b.sqlite'));
  const bBlobs = blobDirectoryFor(b.path);
  const readStart = performance.now();
  readExchangeFile(file);
  const readMs = performance.now() - readStart;
  const importStart = performance.now();
  const importCpu = process.cpuUsage();
  const summary = importExchange(b.sqlite, file, { blobDirectory: bBlobs });
  const importMs = performance.now() - importStart;
  const importCpuMs = cpuMs(process.cpuUsage(importCpu));
  if (summary.newOps !== exported.ops || summary.tables.facilities?.created !== created) {
    throw new Error(`import: ${summary.newOps} new ops, ${summary.tables.facilities?.created} facilities (expected ${exported.ops}, ${created})`);
  }
  const reimportStart = performance.now();
  const again = importExchange(b.sqlite, file, { blobDirectory: bBlobs });
  const reimportMs = performance.now() - reimportStart;
  if (!again.nothingNew) throw new Error('re-import brought something new');
  // B shows what A shows.
  const sameRows = `SELECT ${['id', 'category_id', 'name', 'address', 'lon', 'lat', 'capacity', 'capacity_unit', 'operator', 'target_groups', 'deleted'].join(', ')} FROM facilities ORDER BY id`;
  if (JSON.stringify(a.sqlite.prepare(sameRows).all()) !== JSON.stringify(b.sqlite.prepare(sameRows).all())) throw new Error('B differs from A after the import');
  b.close();

  // The physical limit: what the import must leave in B, inserted by bare prepared statements in
  // one transaction into a fresh database of the same schema (same indexes, foreign keys and
  // full-text triggers, default categories seeded): every op row of the file, the final
  // facility rows (all columns, derived ones included) and the field heads of the edited rows.
  const sourceOps = a.sqlite.prepare('SELECT replica, seq, hlc, tbl, row_id, field, value, pred, seen FROM ops').raw().all() as unknown[][];
  const facilityColumns = (a.sqlite.prepare('SELECT name FROM pragma_table_info(\'facilities\')').all() as Array<{ name: string }>).map((c) => c.name);
  const facilityRows = a.sqlite.prepare(`SELECT ${facilityColumns.join(', ')} FROM facilities`).raw().all() as unknown[][];
  const headRows = a.sqlite.prepare('SELECT tbl, row_id, field, replica, seq FROM heads WHERE tbl = \'facilities\'').raw().all() as unknown[][];
  a.close();
  const c = openDatabase(path.join(work, 'bare.sqlite'));
  const raw = c.sqlite;
  const insertOp = raw.prepare('INSERT INTO ops (replica, seq, hlc, tbl, row_id, field, value, pred, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertRow = raw.prepare(`INSERT INTO facilities (${facilityColumns.join(', ')}) VALUES (${facilityColumns.map(() => '?').join(', ')})`);
  const insertHead = raw.prepare('INSERT INTO heads (tbl, row_id, field, replica, seq) VALUES (?, ?, ?, ?, ?)');
  const bareStart = performance.now();
  const bareCpu = process.cpuUsage();
  raw.transaction(() => {
    for (const op of sourceOps) insertOp.run(...op);
    for (const row of facilityRows) insertRow.run(...row);
    for (const head of headRows) insertHead.run(...head);
  }).immediate();
  const bareMs = performance.now() - bareStart;
  const bareCpuMs = cpuMs(process.cpuUsage(bareCpu));
  c.close();

  return {
    ops: exported.ops,
    created,
    edited,
    exportMs,
    fileBytes: exported.bytes,
    readMs,
    importMs,
    reimportMs,
    bareRows: { ops: sourceOps.length, rows: facilityRows.length, heads: headRows.length },
    bareMs,
    ratio: importMs / bareMs,
    importCpuMs,
    bareCpuMs,
  };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** 500 units × 100 indicators × 20 years, delivered as one bulk op, as scripts/bench-values.ts generates them. */
function benchBulkDelivery(work: string): BulkExchangeResult {
  const d = openDatabase(path.join(work, 'bulk.sqlite'));
  const blobs = blobDirectoryFor(d.path);
  const { unitCodes, codes, periods } = seedBenchDatabase(d, 500, 100, 20);
  const lines = ['Schlüssel;Jahr;Indikator;Wert'];
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 1000;
  const count = codes.length * periods.length * unitCodes.length;
  const columns = { indicator_id: new Array<unknown>(count), unit_id: new Array<unknown>(count), period: new Array<unknown>(count), value: new Array<unknown>(count), flag: new Array<unknown>(count) };
  const unitIds = unitCodes.map((code) => deterministicId.unit('stadtteil', code));
  let r = 0;
  for (const code of codes) {
    const indicatorId = deterministicId.indicator(code);
    for (const period of periods) {
      unitCodes.forEach((unit, u) => {
        const value = Math.round(random() * 10) / 10;
        lines.push(`${unit};${period};${code};${String(value).replace('.', ',')}`);
        columns.indicator_id[r] = indicatorId;
        columns.unit_id[r] = unitIds[u];
        columns.period[r] = period;
        columns.value[r] = value;
        columns.flag[r] = null;
        r++;
      });
    }
  }
  const csv = new TextEncoder().encode(lines.join('\r\n'));
  const zippedCsvBytes = gzipSync(csv, { level: 6 }).byteLength;
  new ChangeWriter(d.sqlite, { blobDirectory: blobs }).transaction((tx) => tx.bulkInsertColumns('indicator_values', columns));
  const file = path.join(work, 'bulk.qatlas');
  const exportStart = performance.now();
  const exported = exportExchange(d.sqlite, { out: file, blobDirectory: blobs });
  const exportMs = performance.now() - exportStart;
  const sample = d.sqlite.prepare('SELECT value FROM indicator_values WHERE id = ?');
  const someId = valueId(String(columns.indicator_id[count - 1]), String(columns.unit_id[count - 1]), String(columns.period[count - 1]));
  const expected = sample.get(someId);
  d.close();

  const e = openDatabase(path.join(work, 'bulk-b.sqlite'));
  const importStart = performance.now();
  const summary = importExchange(e.sqlite, file, { blobDirectory: blobDirectoryFor(e.path) });
  const importMs = performance.now() - importStart;
  if (summary.tables.indicator_values?.created !== count) throw new Error(`bulk import: ${summary.tables.indicator_values?.created} values, expected ${count}`);
  if (JSON.stringify(e.sqlite.prepare('SELECT value FROM indicator_values WHERE id = ?').get(someId)) !== JSON.stringify(expected)) throw new Error('bulk value differs');
  e.close();
  return { values: count, fileBytes: exported.bytes, zippedCsvBytes, csvBytes: csv.byteLength, exportMs, importMs };
}

// Alone: node scripts/bench-exchange.ts [changes] [--no-bulk]
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const changes = Number(args.find((arg) => !arg.startsWith('--')) ?? 100_000);
  console.log(await benchExchange(changes, !args.includes('--no-bulk')));
}
