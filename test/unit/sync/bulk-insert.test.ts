import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readBulkBlob } from '../../../electron/core/sync/bulk-blob.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { SYNC_TABLES } from '../../../shared/sync/tables.ts';
import type { OpRow } from '../../../electron/core/db/schema-types.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const FC_SEED = Number(process.env.FC_SEED ?? 20261125);
const square = JSON.stringify({ type: 'Polygon', coordinates: [[[9, 54], [9.01, 54], [9.01, 54.01], [9, 54.01], [9, 54]]] });

function setup() {
  const db = tempDatabase();
  const writer = new ChangeWriter(db.sqlite, { blobDirectory: blobDirectoryFor(db.path) });
  const levelId = deterministicId.level('stadtteil');
  const units = ['01', '02', '03'].map((code) => deterministicId.unit('stadtteil', code));
  const indicatorId = deterministicId.level('test-indicator'); // any v5 uuid will do
  writer.transaction((tx) => {
    tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 });
    units.forEach((id, i) => tx.upsert('spatial_units', id, { level_id: levelId, code: `0${i + 1}`, name: `T${i}`, parent_id: null, geometry: square, valid_from: null, valid_to: null, attributes: {} }));
    tx.upsert('indicators', indicatorId, {
      code: 'sgb2_anteil', name: 'Anteil SGB II', short_name: null, topic_id: null, unit: '%', decimals: 1, polarity: 'need', kind: 'status', measure: 'relative',
      definition: null, formula: null, source: null, licence: null, attribution: null, update_interval: null, reference_date_note: null, notes: null, tags: [], archived: 0, recipe: null,
    });
  });
  const rows = (years: string[], shift = 0) =>
    years.flatMap((period) => units.map((unitId, i) => ({ id: `${indicatorId}|${unitId}|${period}`, values: { indicator_id: indicatorId, unit_id: unitId, period, value: 10 + i + shift, flag: null } })));
  const ops = () => db.sqlite.prepare('SELECT * FROM ops ORDER BY seq').all() as OpRow[];
  return { db, writer, rows, ops, indicatorId, units };
}

describe('bulk deliveries in the change log', () => {
  it('logs a whole delivery as one op whose blob holds exactly the new rows', () => {
    const { db, writer, rows, ops } = setup();
    const before = ops().length;
    const outcome = writer.transaction((tx) => tx.bulkInsert('indicator_values', rows(['2020', '2021'])));
    expect(outcome).toEqual({ created: 6, updated: 0, unchanged: 0, restored: 0 });
    const logged = ops().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.field).toBe('*bulk');
    const { blob } = JSON.parse(logged[0]!.value) as { blob: string };
    const content = readBulkBlob(blobDirectoryFor(db.path), blob, SYNC_TABLES.indicator_values.bulk.idOf);
    expect(content.table).toBe('indicator_values');
    expect(content.rows).toHaveLength(6);
    // The blob holds exactly the rows as written: ids and every field.
    const written = db.sqlite.prepare('SELECT id, indicator_id, unit_id, period, value, flag FROM indicator_values ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(content.rows.map((r) => Object.fromEntries(['id', ...content.fields].map((f, i) => [f, r[i]]))).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(written);
    const stored = db.sqlite.prepare('SELECT created_by FROM indicator_values').all() as Array<{ created_by: string }>;
    expect(new Set(stored.map((r) => r.created_by))).toEqual(new Set([`${logged[0]!.replica}:${logged[0]!.seq}`]));
  });

  it('writes nothing for the same delivery again, and only the real changes for a corrected one', () => {
    const { writer, rows, ops } = setup();
    writer.transaction((tx) => tx.bulkInsert('indicator_values', rows(['2021'])));
    const count = ops().length;
    expect(writer.transaction((tx) => tx.bulkInsert('indicator_values', rows(['2021'])))).toEqual({ created: 0, updated: 0, unchanged: 3, restored: 0 });
    expect(ops()).toHaveLength(count);
    const corrected = rows(['2021']);
    corrected[1]!.values.value = 99;
    expect(writer.transaction((tx) => tx.bulkInsert('indicator_values', [...corrected, ...rows(['2022'])]))).toEqual({ created: 3, updated: 1, unchanged: 2, restored: 0 });
    const [bulk, edit] = ops().slice(count);
    expect(bulk!.field).toBe('*bulk');
    expect(edit!.field).toBe('value');
    // The correction's predecessor is the bulk op that created the row.
    const firstBulk = ops().find((o) => o.field === '*bulk')!;
    expect(JSON.parse(edit!.pred)).toEqual([`${firstBulk.replica}:${firstBulk.seq}`]);
  });

  it('numbers ops without gaps, also when a delivery creates nothing new', () => {
    const { writer, rows, ops } = setup();
    writer.transaction((tx) => tx.bulkInsert('indicator_values', rows(['2021'])));
    writer.transaction((tx) => tx.bulkInsert('indicator_values', rows(['2021'], 1)));
    const seqs = ops().map((o) => o.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('rejects an invalid row before anything is written', () => {
    const { db, writer, rows, ops } = setup();
    const before = ops().length;
    const bad = rows(['2021']);
    bad[2]!.values.period = '21';
    expect(() => writer.transaction((tx) => tx.bulkInsert('indicator_values', bad))).toThrow(/period/);
    expect(ops()).toHaveLength(before);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM indicator_values').get() as { n: number }).n).toBe(0);
  });

  it('the fast check accepts exactly what the field schemas accept', () => {
    const fields = SYNC_TABLES.indicator_values.fields;
    const schema = z.object(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.schema]))).strict();
    const anything = fc.oneof(fc.constant(null), fc.double(), fc.integer(), fc.string(), fc.constant(undefined), fc.boolean());
    const row = fc.record({
      indicator_id: fc.oneof(fc.uuid({ version: [4, 5] }), fc.string()),
      unit_id: fc.oneof(fc.uuid({ version: [4, 5] }), fc.string(), fc.constant(null)),
      period: fc.oneof(fc.constantFrom('2021', '2021-12-31', '21', '2021-1-1', ''), fc.stringMatching(/^\d{4}(-\d{2}-\d{2})?$/)),
      value: fc.oneof(fc.double(), fc.constant(null), fc.constant(Number.NaN), fc.string()),
      flag: fc.oneof(fc.constantFrom(null, 'missing', 'suppressed', 'estimated', 'provisional', 'geheim'), anything),
    }, { requiredKeys: ['indicator_id', 'unit_id', 'period', 'value', 'flag'] });
    fc.assert(
      fc.property(row, fc.option(fc.constantFrom('extra', 'deleted')), (values, extraKey) => {
        const candidate: Record<string, unknown> = extraKey ? { ...values, [extraKey]: 1 } : values;
        expect(SYNC_TABLES.indicator_values.bulk.check(candidate) === null).toBe(schema.safeParse(candidate).success);
      }),
      { seed: FC_SEED, numRuns: 2000 },
    );
  });
});

describe('bulk blobs', () => {
  it('round-trip any rows, with ids stored or derived', async () => {
    const { writeBulkBlob } = await import('../../../electron/core/sync/bulk-blob.ts');
    const dir = (await import('../../helpers/temp-db.ts')).tempDir();
    const cell = fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.constantFrom('a', 'b', 'c'));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), cell, cell), { maxLength: 80 }), (rows) => {
        const stored = writeBulkBlob(dir, 't', ['x', 'y'], rows);
        expect(readBulkBlob(dir, stored).rows).toEqual(rows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v))));
        const derivedRows = rows.map(([, x, y]) => [`${String(x)}/${String(y)}`, x, y]);
        const idOf = (v: Record<string, unknown>) => `${String(v.x)}/${String(v.y)}`;
        const derived = writeBulkBlob(dir, 't', ['x', 'y'], derivedRows, idOf);
        expect(readBulkBlob(dir, derived, idOf).rows).toEqual(derivedRows.map((r) => r.map((v) => (Object.is(v, -0) ? 0 : v))));
      }),
      { seed: FC_SEED, numRuns: 200 },
    );
  });
});
