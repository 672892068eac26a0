import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listConflicts } from '../../../electron/core/exchange/conflicts.ts';
import { readExchangeFile } from '../../../electron/core/exchange/read-exchange-file.ts';
import { importExchange } from '../../../electron/core/exchange/import-exchange.ts';
import { writeBlob } from '../../../electron/core/sync/blob-store.ts';
import { deterministicId, valueId } from '../../../electron/core/sync/ids.ts';
import { parseHlc } from '../../../shared/sync/hlc.ts';
import { Office, type Replica } from './replicas.ts';

let office: Office;
afterEach(() => office?.close());

const square = JSON.stringify({ type: 'Polygon', coordinates: [[[9.4, 54.7], [9.41, 54.7], [9.41, 54.71], [9.4, 54.71], [9.4, 54.7]]] });
const levelId = deterministicId.level('stadtteil');
const indicatorId = deterministicId.indicator('sgb2_anteil');
const unitIds = ['01', '02', '03'].map((code) => deterministicId.unit('stadtteil', code));

/** Level, three units and one indicator: what a value delivery refers to. */
function catalogue(replica: Replica): void {
  replica.writer.transaction((tx) => {
    tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 });
    unitIds.forEach((id, i) =>
      tx.upsert('spatial_units', id, { level_id: levelId, code: `0${i + 1}`, name: `Teil ${i + 1}`, parent_id: null, geometry: square, valid_from: null, valid_to: null, attributes: {} }),
    );
    tx.upsert('indicators', indicatorId, {
      code: 'sgb2_anteil', name: 'SGB-II-Anteil', short_name: null, topic_id: null, unit: '%', decimals: 1, polarity: 'need', kind: 'status', measure: 'relative',
      definition: null, formula: null, source: null, licence: null, attribution: null, update_interval: null, reference_date_note: null, notes: null, tags: [], archived: 0, recipe: null,
    });
  });
}

function deliver(replica: Replica, offset = 0): void {
  const columns = { indicator_id: [] as string[], unit_id: [] as string[], period: [] as string[], value: [] as number[], flag: [] as null[] };
  for (const period of ['2019', '2020', '2021']) {
    unitIds.forEach((unit, i) => {
      columns.indicator_id.push(indicatorId);
      columns.unit_id.push(unit);
      columns.period.push(period);
      columns.value.push(10 + i + Number(period) - 2019 + offset);
      columns.flag.push(null);
    });
  }
  replica.writer.transaction((tx) => tx.bulkInsertColumns('indicator_values', columns));
}

const values = (replica: Replica) => replica.db.sqlite.prepare('SELECT id, value, deleted FROM indicator_values ORDER BY id').all();

describe('what an exchange file carries', () => {
  it('carries a bulk delivery as one content-addressed blob, and a later edit of one value conflicts with its ancestor', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    catalogue(anna);
    deliver(anna);
    const file = office.send(anna);
    const bundle = readExchangeFile(file);
    expect(bundle.ops.filter((op) => op.field === '*bulk')).toHaveLength(1);
    expect(bundle.blobs.size).toBe(1);
    const summary = office.receive(ben, file);
    expect(summary.tables.indicator_values?.created).toBe(9);
    expect(values(ben)).toEqual(values(anna));
    const one = valueId(indicatorId, unitIds[0]!, '2021');
    anna.writer.transaction((tx) => tx.update('indicator_values', one, { value: 99 }));
    ben.writer.transaction((tx) => tx.update('indicator_values', one, { value: 98 }));
    office.fullExchange();
    const [conflict] = listConflicts(ben.db.sqlite, ben.blobs);
    expect(conflict).toMatchObject({ table: 'indicator_values', row: one, field: 'value', ancestor: { value: 12 } });
    expect(office.dump(anna)).toEqual(office.dump(ben));
  });

  it('merges the same statistics delivered on two laptops without conflicts, and different values with one', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    catalogue(anna);
    catalogue(ben);
    deliver(anna);
    deliver(ben);
    office.fullExchange();
    expect(listConflicts(anna.db.sqlite, anna.blobs)).toEqual([]);
    expect(office.dump(anna)).toEqual(office.dump(ben));
    const carla = office.add('Carla');
    catalogue(carla);
    deliver(carla, 1);
    office.fullExchange();
    expect(listConflicts(carla.db.sqlite, carla.blobs)).toHaveLength(9);
    const dumps = office.replicas.map((r) => office.dump(r));
    expect(dumps[1]).toEqual(dumps[0]);
    expect(dumps[2]).toEqual(dumps[0]);
  });

  it('carries photos as verified blobs', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    const photo = crypto.randomBytes(5000);
    const id = crypto.createHash('sha256').update(photo).digest('hex');
    writeBlob(anna.blobs, id, photo);
    anna.writer.transaction((tx) => tx.upsert('attachments', id, { name: 'spielplatz.jpg', mime: 'image/jpeg', size: photo.length }));
    const summary = office.receive(ben, office.send(anna));
    expect(summary.newPhotos).toBe(1);
    expect(fs.readFileSync(path.join(ben.blobs, id))).toEqual(photo);
  });

  it('reports a sender clock far ahead without blocking, and the local clock never goes back', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    const ahead = Date.now() + 3 * 24 * 3600 * 1000;
    const realNow = Date.now;
    Date.now = () => ahead;
    let file: string;
    try {
      anna.writer.transaction((tx) => tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 }));
      file = office.send(anna);
    } finally {
      Date.now = realNow;
    }
    const clock = () => parseHlc((ben.db.sqlite.prepare('SELECT last_hlc FROM local_replica').get() as { last_hlc: string }).last_hlc).millis;
    const summary = importExchange(ben.db.sqlite, file, { blobDirectory: ben.blobs });
    expect(summary.warnings.join(' ')).toMatch(/ging beim Erstellen der Datei etwa 3 Tage vor/);
    expect(summary.newOps).toBeGreaterThan(0);
    expect(clock()).toBeGreaterThanOrEqual(ahead);
    ben.writer.transaction((tx) => tx.update('spatial_levels', levelId, { name: 'Quartier' }));
    expect(clock()).toBeGreaterThanOrEqual(ahead);
    // Ben's later edit wins over Anna's earlier one although his wall clock is behind hers.
    office.fullExchange();
    expect(anna.db.sqlite.prepare('SELECT name FROM spatial_levels').get()).toEqual({ name: 'Quartier' });
  });

  it('sends only what a colleague lacks, relayed through a third laptop', () => {
    office = new Office();
    const [anna, ben, carla] = [office.add('Anna'), office.add('Ben'), office.add('Carla')];
    anna.writer.transaction((tx) => tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 }));
    office.receive(ben, office.send(anna));
    office.receive(ben, office.send(carla));
    ben.writer.transaction((tx) => tx.update('spatial_levels', levelId, { rank: 1 }));
    // Ben knows Carla has nothing of Anna's: his file for her carries Anna's creation too.
    const forCarla = readExchangeFile(office.send(ben, carla));
    expect(forCarla.ops.some((op) => op.replica === anna.id)).toBe(true);
    expect(forCarla.ops.some((op) => op.replica === carla.id)).toBe(false);
    expect(forCarla.manifest.forReplica).toBe(carla.id);
  });

  it('refuses, changing nothing, a file whose records refer to ones this laptop lacks (a file meant for someone else)', () => {
    office = new Office();
    const [anna, ben, carla] = [office.add('Anna'), office.add('Ben'), office.add('Carla')];
    anna.writer.transaction((tx) => tx.upsert('spatial_levels', levelId, { key: 'stadtteil', name: 'Stadtteil', rank: 0 }));
    office.receive(ben, office.send(anna));
    office.receive(anna, office.send(ben));
    ben.writer.transaction((tx) =>
      tx.upsert('spatial_units', unitIds[0]!, { level_id: levelId, code: '01', name: 'Teil 1', parent_id: null, geometry: square, valid_from: null, valid_to: null, attributes: {} }),
    );
    const forAnna = office.send(ben, anna);
    const before = office.dump(carla);
    expect(() => office.receive(carla, forAnna)).toThrow(/auf diesem Laptop noch fehlen/);
    expect(office.dump(carla)).toEqual(before);
    // With the earlier file first, the same file goes in.
    office.receive(carla, office.send(anna));
    expect(office.receive(carla, forAnna).tables.spatial_units?.created).toBe(1);
  });

  it('brings facilities with their derived unit assignment up to date', () => {
    office = new Office();
    const [anna, ben] = [office.add('Anna'), office.add('Ben')];
    catalogue(anna);
    const facility = deterministicId.facility('kita', 'sonnenschein');
    anna.writer.transaction((tx) =>
      tx.upsert('facilities', facility, {
        category_id: deterministicId.category('kita'), name: 'Kita Sonnenschein', address: null, lon: 9.405, lat: 54.705, valid_from: null, valid_to: null, attributes: {},
      }),
    );
    const summary = office.receive(ben, office.send(anna));
    expect(summary.tables.facilities?.created).toBe(1);
    expect(ben.db.sqlite.prepare('SELECT unit_id FROM facility_units WHERE facility_id = ?').all(facility).length).toBeGreaterThan(0);
    expect(office.dump(ben)).toEqual(office.dump(anna));
  });
});
