import { describe, expect, it } from 'vitest';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import type { OpRow } from '../../../electron/core/db/schema-types.ts';
import { tempDatabase } from '../../helpers/temp-db.ts';

const square = (x: number) =>
  JSON.stringify({ type: 'Polygon', coordinates: [[[x, 54], [x + 0.01, 54], [x + 0.01, 54.01], [x, 54.01], [x, 54]]] });

function setup() {
  const db = tempDatabase();
  const writer = new ChangeWriter(db.sqlite);
  const levelId = deterministicId.level('stadtteil');
  writer.transaction((tx) => tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 }));
  const ops = () => db.sqlite.prepare('SELECT * FROM ops ORDER BY seq').all() as OpRow[];
  const unit = (code: string, extra: Record<string, unknown> = {}) => ({
    level_id: levelId, code, name: `Teil ${code}`, parent_id: null, geometry: square(9.4), valid_from: null, valid_to: null, attributes: {}, ...extra,
  });
  return { db, writer, levelId, ops, unit };
}

describe('the write path', () => {
  it('writes the row and one creation op in the same transaction, with derived area and bbox', () => {
    const { db, writer, ops, unit } = setup();
    const id = deterministicId.unit('stadtteil', '01');
    writer.transaction((tx) => tx.upsert('spatial_units', id, unit('01')));
    const row = db.sqlite.prepare('SELECT * FROM spatial_units WHERE id = ?').get(id) as Record<string, number>;
    expect(row.area_km2).toBeGreaterThan(0.7);
    expect(row.area_km2).toBeLessThan(0.8);
    expect(row.min_lon).toBeCloseTo(9.4);
    const created = ops().filter((op) => op.row_id === id);
    expect(created).toHaveLength(1);
    expect(created[0]!.field).toBe('*');
    expect(JSON.parse(created[0]!.pred)).toEqual([]);
    expect(JSON.parse(created[0]!.value)).toMatchObject({ code: '01', name: 'Teil 01' });
  });

  it('records one op per changed field whose predecessor is the previous head', () => {
    const { db, writer, ops, unit } = setup();
    const id = deterministicId.unit('stadtteil', '01');
    writer.transaction((tx) => tx.upsert('spatial_units', id, unit('01')));
    const createOp = ops().at(-1)!;
    writer.transaction((tx) => tx.update('spatial_units', id, { name: 'Altstadt', code: '01' }));
    const rename = ops().at(-1)!;
    expect(rename.field).toBe('name');
    expect(JSON.parse(rename.pred)).toEqual([`${createOp.replica}:${createOp.seq}`]);
    writer.transaction((tx) => tx.update('spatial_units', id, { name: 'Altstadt-Nord' }));
    const second = ops().at(-1)!;
    expect(JSON.parse(second.pred)).toEqual([`${rename.replica}:${rename.seq}`]);
    expect((db.sqlite.prepare('SELECT name FROM spatial_units WHERE id = ?').get(id) as { name: string }).name).toBe('Altstadt-Nord');
    const heads = db.sqlite.prepare("SELECT * FROM heads WHERE row_id = ? AND field = 'name'").all(id);
    expect(heads).toHaveLength(1);
  });

  it('writes nothing when a deterministic row is imported again unchanged', () => {
    const { writer, ops, unit } = setup();
    const id = deterministicId.unit('stadtteil', '01');
    writer.transaction((tx) => tx.upsert('spatial_units', id, unit('01')));
    const count = ops().length;
    const outcome = writer.transaction((tx) => tx.upsert('spatial_units', id, unit('01')));
    expect(outcome).toBe('unchanged');
    expect(ops()).toHaveLength(count);
  });

  it('deletes by tombstone: the row stays, the delete op lists every head it saw', () => {
    const { db, writer, ops, unit } = setup();
    const id = deterministicId.unit('stadtteil', '01');
    writer.transaction((tx) => tx.upsert('spatial_units', id, unit('01')));
    writer.transaction((tx) => tx.update('spatial_units', id, { name: 'X' }));
    writer.transaction((tx) => tx.remove('spatial_units', id));
    const deletion = ops().at(-1)!;
    expect(deletion.field).toBe('_deleted');
    expect(JSON.parse(deletion.value)).toBe(true);
    expect(JSON.parse(deletion.seen!)).toHaveLength(2);
    expect((db.sqlite.prepare('SELECT deleted FROM spatial_units WHERE id = ?').get(id) as { deleted: number }).deleted).toBe(1);
    expect(writer.transaction((tx) => tx.upsert('spatial_units', id, unit('01', { name: 'X' })))).toBe('restored');
    expect(JSON.parse(ops().at(-1)!.value)).toBe(false);
  });

  it('rolls back table and log together when anything in the transaction fails', () => {
    const { db, writer, ops, unit } = setup();
    const before = ops().length;
    const state = db.sqlite.prepare('SELECT last_hlc, last_seq FROM local_replica').get();
    expect(() =>
      writer.transaction((tx) => {
        tx.upsert('spatial_units', deterministicId.unit('stadtteil', '01'), unit('01'));
        tx.upsert('spatial_units', deterministicId.unit('stadtteil', '02'), unit('02', { level_id: deterministicId.level('gibt-es-nicht') }));
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(ops()).toHaveLength(before);
    expect((db.sqlite.prepare('SELECT count(*) AS n FROM spatial_units').get() as { n: number }).n).toBe(0);
    expect(db.sqlite.prepare('SELECT last_hlc, last_seq FROM local_replica').get()).toEqual(state);
  });

  it('refuses tables and fields outside the allow-list before any SQL runs', () => {
    const { writer, ops } = setup();
    const before = ops().length;
    expect(() => writer.transaction((tx) => tx.upsert('sqlite_master' as never, 'x', {}))).toThrow(/Unbekannte Tabelle/);
    expect(() =>
      writer.transaction((tx) => tx.update('spatial_levels', deterministicId.level('stadtteil'), { 'name = 1; DROP TABLE ops; --': 'x' })),
    ).toThrow(/Unbekanntes Feld/);
    expect(() => writer.transaction((tx) => tx.update('spatial_levels', deterministicId.level('stadtteil'), { rank: 'eins' }))).toThrow(/Ungültiger Wert/);
    expect(ops()).toHaveLength(before);
  });

  it('numbers ops without gaps and stamps them with strictly increasing clock values, also across reopen', () => {
    const { writer, ops, unit } = setup();
    writer.transaction((tx) => {
      for (let i = 0; i < 20; i++) tx.upsert('spatial_units', deterministicId.unit('stadtteil', String(i)), unit(String(i)));
    });
    const all = ops();
    expect(all.map((o) => o.seq)).toEqual(all.map((_, i) => i + 1));
    for (let i = 1; i < all.length; i++) expect(all[i]!.hlc > all[i - 1]!.hlc).toBe(true);
  });
});
