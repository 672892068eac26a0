import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { gunzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readBulkBlob, writeBulkBlob, writeBulkBlobColumns } from '../../../electron/core/sync/bulk-blob.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId, valueId } from '../../../electron/core/sync/ids.ts';
import { SYNC_TABLES } from '../../../shared/sync/tables.ts';
import type { OpRow } from '../../../electron/core/db/schema-types.ts';
import { tempDatabase, tempDir } from '../../helpers/temp-db.ts';

const FC_SEED = Number(process.env.FC_SEED ?? 20261125);
const square = JSON.stringify({ type: 'Polygon', coordinates: [[[9, 54], [9.01, 54], [9.01, 54.01], [9, 54.01], [9, 54]]] });

/** A database with three units and one indicator; the same delivery as rows and as columns. */
function setup() {
  const db = tempDatabase();
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  const levelId = deterministicId.level('stadtteil');
  const units = ['01', '02', '03'].map((code) => deterministicId.unit('stadtteil', code));
  const indicatorId = deterministicId.indicator('sgb2_anteil');
  writer.transaction((tx) => {
    tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 });
    units.forEach((id, i) => tx.upsert('spatial_units', id, { level_id: levelId, code: `0${i + 1}`, name: `T${i}`, parent_id: null, geometry: square, valid_from: null, valid_to: null, attributes: {} }));
    tx.upsert('indicators', indicatorId, {
      code: 'sgb2_anteil', name: 'Anteil SGB II', short_name: null, topic_id: null, unit: '%', decimals: 1, polarity: 'need', kind: 'status', measure: 'relative',
      definition: null, formula: null, source: null, licence: null, attribution: null, update_interval: null, reference_date_note: null, notes: null, tags: [], archived: 0, recipe: null,
    });
  });
  const values = (years: string[], shift = 0) =>
    years.flatMap((period) => units.map((unitId, i) => ({ indicator_id: indicatorId, unit_id: unitId, period, value: i === 1 && period === '2021' ? null : 10 + i + shift, flag: i === 1 && period === '2021' ? 'missing' : null })));
  const rows = (years: string[], shift = 0) => values(years, shift).map((v) => ({ id: valueId(v.indicator_id, v.unit_id, v.period), values: v }));
  const columns = (years: string[], shift = 0) => {
    const list = values(years, shift);
    return {
      indicator_id: list.map((v) => v.indicator_id),
      unit_id: list.map((v) => v.unit_id),
      period: list.map((v) => v.period),
      value: list.map((v) => v.value),
      flag: list.map((v) => v.flag),
    };
  };
  const ops = () => db.sqlite.prepare('SELECT replica, seq, tbl, row_id, field, value, pred FROM ops ORDER BY seq').all() as OpRow[];
  const table = () => db.sqlite.prepare('SELECT * FROM indicator_values ORDER BY id').all();
  return { db, writer, rows, columns, ops, table, indicatorId, units };
}

/** An op without its replica: what differs between two databases. */
const opShape = (op: OpRow) => ({ tbl: op.tbl, field: op.field, value: JSON.parse(op.value) as unknown, pred: op.pred });
const blobText = (db: { path: string }, op: OpRow) =>
  strFromU8(gunzipSync(fs.readFileSync(path.join(blobDirectoryFor(db.path), (JSON.parse(op.value) as { blob: string }).blob))));

describe('bulk deliveries given column-wise', () => {
  it('write the same rows, ops and blob (by name) as the same delivery given row-wise', () => {
    const byRows = setup();
    const byColumns = setup();
    const before = [byRows.ops().length, byColumns.ops().length];
    expect(byRows.writer.transaction((tx) => tx.bulkInsert('indicator_values', byRows.rows(['2020', '2021'])))).toEqual({ created: 6, updated: 0, unchanged: 0, restored: 0 });
    expect(byColumns.writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', byColumns.columns(['2020', '2021'])))).toEqual({
      created: 6,
      updated: 0,
      unchanged: 0,
      restored: 0,
    });
    const replicaOf = (db: ReturnType<typeof setup>) => db.ops()[0]!.replica;
    const normalise = (db: ReturnType<typeof setup>) =>
      (db.table() as Array<Record<string, unknown>>).map((row) => ({ ...row, created_by: String(row.created_by).replace(replicaOf(db), 'R') }));
    expect(normalise(byColumns)).toEqual(normalise(byRows));
    const [rowsOps, columnsOps] = [byRows.ops().slice(before[0]), byColumns.ops().slice(before[1])];
    expect(columnsOps.map(opShape)).toEqual(rowsOps.map(opShape));
    expect(columnsOps).toHaveLength(1);
    expect(blobText(byColumns.db, columnsOps[0]!)).toBe(blobText(byRows.db, rowsOps[0]!));
    const { blob } = JSON.parse(columnsOps[0]!.value) as { blob: string };
    const content = readBulkBlob(blobDirectoryFor(byColumns.db.path), blob, SYNC_TABLES.indicator_values.bulk.idOf);
    expect(content.rows.map((r) => r[0]).sort()).toEqual((byRows.table() as Array<{ id: string }>).map((r) => r.id));
    const createdBy = new Set((byColumns.table() as Array<{ created_by: string }>).map((r) => r.created_by));
    expect(createdBy).toEqual(new Set([`${columnsOps[0]!.replica}:${columnsOps[0]!.seq}`]));
  });

  it('log only the real changes of a re-delivery, with the bulk op as predecessor', () => {
    const { writer, columns, ops } = setup();
    writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', columns(['2021'])));
    const count = ops().length;
    expect(writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', columns(['2021'])))).toEqual({ created: 0, updated: 0, unchanged: 3, restored: 0 });
    expect(ops()).toHaveLength(count);
    const corrected = columns(['2021', '2022']);
    corrected.value[0] = 99;
    expect(writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', corrected))).toEqual({ created: 3, updated: 1, unchanged: 2, restored: 0 });
    const [bulk, edit] = ops().slice(count);
    expect(bulk!.field).toBe('*bulk');
    expect(edit!.field).toBe('value');
    const firstBulk = ops().find((o) => o.field === '*bulk')!;
    expect(JSON.parse(edit!.pred)).toEqual([`${firstBulk.replica}:${firstBulk.seq}`]);
  });

  it('reject an invalid value anywhere, also after many valid ones, before anything is written', () => {
    const { db, writer, columns, ops, units, indicatorId } = setup();
    const before = ops().length;
    const valid = columns(Array.from({ length: 400 }, (_, i) => String(1600 + i)));
    const cases: Array<[keyof typeof valid, unknown, RegExp]> = [
      ['period', '21', /indicator_values\.period/],
      ['value', Number.NaN, /indicator_values\.value/],
      ['value', '12', /indicator_values\.value/],
      ['flag', 'geheim', /indicator_values\.flag/],
      ['unit_id', 'kein-uuid', /indicator_values\.unit_id/],
      ['indicator_id', 42, /indicator_values\.indicator_id/],
    ];
    for (const [field, bad, message] of cases) {
      const delivery = { ...valid, [field]: [...valid[field]] } as Record<string, unknown[]>;
      delivery[field]![1000] = bad;
      expect(() => writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', delivery))).toThrow(message);
    }
    // The message names the row by its id, as the row-wise delivery does.
    const delivery = { ...valid, period: [...valid.period] };
    delivery.period[4] = '21';
    expect(() => writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', delivery))).toThrow(valueId(indicatorId, units[1]!, '21'));
    expect(ops()).toHaveLength(before);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM indicator_values').get() as { n: number }).n).toBe(0);
  });

  it('accept exactly the rows the row check accepts', () => {
    const { writer, columns } = setup();
    const good = columns(['2019', '2020', '2021']);
    const cell = fc.oneof(fc.constant(null), fc.double(), fc.string(), fc.constantFrom('2021', '21', 'missing', 'geheim'), fc.integer());
    fc.assert(
      fc.property(fc.constantFrom(...(Object.keys(good) as Array<keyof typeof good>)), fc.nat({ max: 8 }), cell, (field, at, value) => {
        const delivery = { ...good, [field]: [...good[field]] } as Record<string, unknown[]>;
        delivery[field]![at] = value;
        const row = Object.fromEntries(Object.keys(delivery).map((f) => [f, delivery[f]![at]]));
        const accepted = SYNC_TABLES.indicator_values.bulk.check(row) === null;
        let written = true;
        try {
          // Rolled back either way: each case starts from an empty table.
          writer.transaction((tx) => {
            tx.bulkInsertColumns('indicator_values', delivery);
            throw new Error('rollback');
          });
        } catch (error) {
          written = (error as Error).message === 'rollback';
        }
        expect(written).toBe(accepted);
      }),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('refuse columns that do not fit the table', () => {
    const { writer, columns } = setup();
    const { flag, ...withoutFlag } = columns(['2021']);
    expect(() => writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', withoutFlag))).toThrow(/flag fehlt/);
    expect(() => writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', { ...withoutFlag, flag, extra: [1, 2, 3] }))).toThrow(/Unbekanntes Feld/);
    expect(() => writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', { ...withoutFlag, flag: [null] }))).toThrow(/Länge/);
    expect(() => writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', { ...withoutFlag, flag: [null, undefined, null] }))).toThrow(/undefined/);
    expect(() => writer.transaction((tx) => tx.bulkInsertColumns('facilities', {}))).toThrow(/keine Sammellieferungen/);
  });
});

describe('bulk blobs from columns', () => {
  it('hold exactly the text of the blob of the same rows', () => {
    const dir = tempDir();
    const text = (id: string) => strFromU8(gunzipSync(fs.readFileSync(path.join(dir, id))));
    const cell = fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.constantFrom('a', 'b', 'c'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), cell, cell), { maxLength: 80 }), (rows) => {
        const columns = [rows.map((r) => r[1]), rows.map((r) => r[2])];
        expect(text(writeBulkBlobColumns(dir, 't', ['x', 'y'], rows.map((r) => r[0]), columns, rows.length))).toBe(text(writeBulkBlob(dir, 't', ['x', 'y'], rows)));
        const idOf = (v: Record<string, unknown>) => `${String(v.x)}/${String(v.y)}`;
        const derivedRows = rows.map(([, x, y]) => [idOf({ x, y }), x, y]);
        const derived = text(writeBulkBlobColumns(dir, 't', ['x', 'y'], null, columns, rows.length));
        expect(derived).toBe(text(writeBulkBlob(dir, 't', ['x', 'y'], derivedRows, idOf)));
        expect(derived.slice(0, derived.indexOf('\n'))).toContain('"ids":"derived"');
        // Content-addressed: the same content is the same file (no time stamp in the gzip header).
        expect(writeBulkBlobColumns(dir, 't', ['x', 'y'], null, columns, rows.length)).toBe(writeBulkBlob(dir, 't', ['x', 'y'], derivedRows, idOf));
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });
});
