import { afterEach, describe, expect, it } from 'vitest';
import { listConflicts, resolveDeleteConflict, resolveFieldConflict } from '../../../electron/core/exchange/conflicts.ts';
import { exchangeHistory } from '../../../electron/core/exchange/history.ts';
import { previewExchange } from '../../../electron/core/exchange/import-exchange.ts';
import { readExchangeFile } from '../../../electron/core/exchange/read-exchange-file.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { Office } from './replicas.ts';

let office: Office;
afterEach(() => office?.close());

const level = (key: string, name: string, rank = 0) => ({ key, name, rank });

describe('exchange between two laptops', () => {
  it('carries new records, reports "nichts Neues" the second time, and records the history', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    const id = deterministicId.level('stadtteil');
    anna.writer.transaction((tx) => tx.upsert('spatial_levels', id, level('stadtteil', 'Stadtteil')));
    const file = office.send(anna, ben);
    const manifest = readExchangeFile(file).manifest;
    expect(manifest).toMatchObject({ format: 'quartiersatlas-austausch', formatVersion: 1, sender: { displayName: 'Anna' }, forReplica: null });
    const preview = previewExchange(ben.db.sqlite, file, { blobDirectory: ben.blobs });
    expect(preview.tables.spatial_levels).toEqual({ created: 1, changed: 0, deleted: 0, restored: 0 });
    expect(ben.db.sqlite.prepare('SELECT count(*) AS n FROM spatial_levels').get()).toEqual({ n: 0 });
    const first = office.receive(ben, file);
    expect(first.tables.spatial_levels?.created).toBe(1);
    expect(first.nothingNew).toBe(false);
    expect(ben.db.sqlite.prepare('SELECT name FROM spatial_levels WHERE id = ?').get(id)).toEqual({ name: 'Stadtteil' });
    const again = office.receive(ben, file);
    expect(again.nothingNew).toBe(true);
    expect(again.newOps).toBe(0);
    expect(exchangeHistory(ben.db.sqlite).map((h) => h.direction)).toEqual(['import', 'import']);
    // Anna now only sends what Ben lacks according to his file.
    office.receive(anna, office.send(ben));
    anna.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Stadtteile' }));
    const delta = readExchangeFile(office.send(anna, ben));
    expect(delta.ops.map((op) => op.field)).toEqual(['name']);
    expect(office.dump(anna)).not.toEqual(office.dump(ben));
    office.fullExchange();
    expect(office.dump(anna)).toEqual(office.dump(ben));
  });

  it('opens a conflict with both values and the common ancestor, and a resolution closes it on both', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    const id = deterministicId.level('stadtteil');
    anna.writer.transaction((tx) => tx.upsert('spatial_levels', id, level('stadtteil', 'Stadtteil')));
    office.fullExchange();
    anna.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Quartier' }));
    ben.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Sozialraum', rank: 2 }));
    office.fullExchange();
    expect(office.dump(anna)).toEqual(office.dump(ben));
    const conflicts = listConflicts(ben.db.sqlite, ben.blobs);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ table: 'spatial_levels', row: id, field: 'name', kind: 'field', ancestor: { value: 'Stadtteil' } });
    expect(conflicts[0]!.heads.map((h) => [h.displayName, h.value]).sort()).toEqual([['Anna', 'Quartier'], ['Ben', 'Sozialraum']]);
    const mine = conflicts[0]!.heads.find((h) => h.local)!;
    resolveFieldConflict(ben.db.sqlite, ben.writer, { table: 'spatial_levels', row: id, field: 'name' }, { keep: mine.op });
    expect(listConflicts(ben.db.sqlite, ben.blobs)).toEqual([]);
    office.fullExchange();
    expect(listConflicts(anna.db.sqlite, anna.blobs)).toEqual([]);
    expect(anna.db.sqlite.prepare('SELECT name, rank FROM spatial_levels WHERE id = ?').get(id)).toEqual({ name: 'Sozialraum', rank: 2 });
    expect(office.dump(anna)).toEqual(office.dump(ben));
  });

  it('does not call equal concurrent values a conflict', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    const id = deterministicId.level('stadtteil');
    anna.writer.transaction((tx) => tx.upsert('spatial_levels', id, level('stadtteil', 'Stadtteil')));
    ben.writer.transaction((tx) => tx.upsert('spatial_levels', id, level('stadtteil', 'Stadtteil')));
    office.fullExchange();
    anna.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Quartier' }));
    ben.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Quartier' }));
    office.fullExchange();
    expect(listConflicts(anna.db.sqlite, anna.blobs)).toEqual([]);
    expect(office.dump(anna)).toEqual(office.dump(ben));
  });

  it('turns a delete concurrent with an edit into a restore-or-confirm conflict on both laptops', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    const id = deterministicId.level('stadtteil');
    anna.writer.transaction((tx) => tx.upsert('spatial_levels', id, level('stadtteil', 'Stadtteil')));
    office.fullExchange();
    anna.writer.transaction((tx) => tx.remove('spatial_levels', id));
    ben.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Quartier' }));
    const summary = office.receive(ben, office.send(anna));
    expect(summary.conflictsOpened.map((c) => c.kind)).toEqual(['delete']);
    office.fullExchange();
    for (const replica of [anna, ben]) {
      expect(listConflicts(replica.db.sqlite, replica.blobs).map((c) => [c.kind, c.heads.map((h) => h.field)])).toEqual([['delete', ['_deleted', 'name']]]);
      // Nothing disappears silently: the record stays visible until someone decides.
      expect(replica.db.sqlite.prepare('SELECT deleted, name FROM spatial_levels WHERE id = ?').get(id)).toEqual({ deleted: 0, name: 'Quartier' });
    }
    resolveDeleteConflict(anna.db.sqlite, anna.writer, { table: 'spatial_levels', row: id }, 'confirm-delete');
    office.fullExchange();
    for (const replica of [anna, ben]) {
      expect(listConflicts(replica.db.sqlite, replica.blobs)).toEqual([]);
      expect(replica.db.sqlite.prepare('SELECT deleted FROM spatial_levels WHERE id = ?').get(id)).toEqual({ deleted: 1 });
    }
    expect(office.dump(anna)).toEqual(office.dump(ben));
  });

  it('a record both laptops created alike (an official key imported on both) is one record: an edit on one is no conflict, edits on both show the common value', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    const id = deterministicId.level('stadtteil');
    for (const replica of [anna, ben]) replica.writer.transaction((tx) => tx.upsert('spatial_levels', id, level('stadtteil', 'Stadtteil')));
    anna.writer.transaction((tx) => tx.update('spatial_levels', id, { name: 'Stadtteile' }));
    office.fullExchange();
    for (const replica of [anna, ben]) {
      expect(listConflicts(replica.db.sqlite, replica.blobs)).toEqual([]);
      expect(replica.db.sqlite.prepare('SELECT name FROM spatial_levels WHERE id = ?').get(id)).toEqual({ name: 'Stadtteile' });
    }
    anna.writer.transaction((tx) => tx.update('spatial_levels', id, { rank: 1 }));
    ben.writer.transaction((tx) => tx.update('spatial_levels', id, { rank: 2 }));
    office.fullExchange();
    for (const replica of [anna, ben]) {
      const conflicts = listConflicts(replica.db.sqlite, replica.blobs);
      expect(conflicts.map((c) => [c.field, c.ancestor])).toEqual([['rank', { value: 0 }]]);
    }
    expect(office.dump(anna)).toEqual(office.dump(ben));
  });
});
