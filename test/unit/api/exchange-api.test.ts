import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../electron/core/app-core.ts';
import { canonicalDump } from '../../../electron/core/exchange/canonical-dump.ts';
import type { MethodOutput } from '../../../shared/contract.ts';

type Status = MethodOutput<'exchange.status'>;
type Exported = MethodOutput<'exchange.export'>;
type Summary = MethodOutput<'exchange.import'>;
type Conflicts = MethodOutput<'exchange.conflicts'>;
type Facility = MethodOutput<'facilities.get'>;

let dir: string;
const cores: Record<'anna' | 'ben' | 'cem', AppCore> = {} as never;

async function ok<T>(core: AppCore, method: string, input: unknown): Promise<T> {
  const result = await core.call(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

async function refused(core: AppCore, method: string, input: unknown): Promise<string> {
  const result = await core.call(method, input);
  if (result.ok) throw new Error(`${method} should have been refused`);
  return result.error.message;
}

/** Sender makes a file (for everyone or for one colleague), receiver previews and reads it. */
async function send(from: AppCore, to: AppCore, forReplica: string | null = null): Promise<{ file: Exported; preview: Summary; summary: Summary }> {
  const file = await ok<Exported>(from, 'exchange.export', { forReplica });
  const source = { name: file.fileName, data: file.data };
  const preview = await ok<Summary>(to, 'exchange.preview', { jobId: 'vorschau', file: source });
  const summary = await ok<Summary>(to, 'exchange.import', { jobId: 'einlesen', file: source });
  return { file, preview, summary };
}

async function replicaId(core: AppCore): Promise<string> {
  return (await ok<Status>(core, 'exchange.status', {})).replica.id;
}

/** Domain tables and ops, without this laptop's own identity and local bookkeeping. */
function dump(core: AppCore): string {
  return canonicalDump(core.database.sqlite);
}

let kitaCategory: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-exchange-api-'));
  for (const name of ['anna', 'ben', 'cem'] as const) {
    cores[name] = await createAppCore({ dbPath: path.join(dir, name, 'atlas.sqlite'), host: 'web', checkOutputs: true });
    await ok(cores[name], 'exchange.rename', { displayName: name[0]!.toUpperCase() + name.slice(1) });
  }
  kitaCategory = (await ok<MethodOutput<'categories.list'>>(cores.anna, 'categories.list', {})).find((c) => c.key === 'kita')!.id;
}, 60_000);

afterAll(() => {
  for (const core of Object.values(cores)) core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('Austausch behind the contract: two laptops, files both ways', () => {
  let kita: Facility;

  it('a file from Anna previews without writing, then brings her facility to Ben; the same file again is "nichts Neues"', async () => {
    kita = await ok<Facility>(cores.anna, 'facilities.save', { facility: { categoryId: kitaCategory, name: 'Kita Sonnenschein', lon: 9.43, lat: 54.78, capacity: 60 } });
    const file = await ok<Exported>(cores.anna, 'exchange.export', { forReplica: null });
    expect(file.fileName).toMatch(/^Quartiersatlas-Anna-\d{4}-\d{2}-\d{2}\.qatlas$/);
    expect(file.perTable.facilities).toBe(1);
    const source = { name: file.fileName, data: file.data };
    const preview = await ok<Summary>(cores.ben, 'exchange.preview', { jobId: 'p', file: source });
    expect(preview).toMatchObject({ nothingNew: false, sender: { displayName: 'Anna' }, snapshotId: null });
    expect(preview.tables.facilities).toEqual({ created: 1, changed: 0, deleted: 0, restored: 0 });
    expect((await refused(cores.ben, 'facilities.get', { id: kita.id }))).toMatch(/nicht/);

    const summary = await ok<Summary>(cores.ben, 'exchange.import', { jobId: 'i', file: source });
    expect(summary.tables.facilities?.created).toBe(1);
    expect(summary.snapshotId).not.toBeNull();
    expect(await ok<Facility>(cores.ben, 'facilities.get', { id: kita.id })).toMatchObject({ name: 'Kita Sonnenschein', capacity: 60 });
    const again = await ok<Summary>(cores.ben, 'exchange.import', { jobId: 'i2', file: source });
    expect(again.nothingNew).toBe(true);
    expect(again.snapshotId).toBeNull();

    const status = await ok<Status>(cores.ben, 'exchange.status', {});
    expect(status.peers).toEqual([expect.objectContaining({ displayName: 'Anna', replica: await replicaId(cores.anna) })]);
    const history = await ok<MethodOutput<'exchange.history'>>(cores.ben, 'exchange.history', {});
    expect(history.map((h) => [h.direction, h.peerName, h.nothingNew])).toEqual([
      ['import', 'Anna', true],
      ['import', 'Anna', false],
    ]);
    expect(history[1]).toMatchObject({ created: expect.any(Number), fileName: file.fileName });
    expect(history[1]!.created).toBeGreaterThanOrEqual(1);
  });

  it('both change the capacity: the conflict shows on both laptops with who, the values and the earlier one; keeping one closes it everywhere', async () => {
    await ok(cores.anna, 'facilities.save', { id: kita.id, facility: { categoryId: kitaCategory, name: 'Kita Sonnenschein', lon: 9.43, lat: 54.78, capacity: 72 } });
    await ok(cores.ben, 'facilities.save', { id: kita.id, facility: { categoryId: kitaCategory, name: 'Kita Sonnenschein', lon: 9.43, lat: 54.78, capacity: 65 } });
    const anna = await replicaId(cores.anna);
    const ben = await replicaId(cores.ben);
    // Ben knows Anna's state, so his file for her carries only what she lacks.
    const toAnna = await send(cores.ben, cores.anna, anna);
    expect(toAnna.file.everythingBecauseUnknown).toBe(false);
    // Ben's own 15 default categories (same ids as Anna's) travel too; they merge without conflict.
    expect(toAnna.file.perTable).toEqual({ facilities: 1, facility_categories: 15 });
    expect(toAnna.preview.conflictsOpened).toEqual([{ table: 'facilities', row: kita.id, field: 'capacity', kind: 'field', label: 'Kita Sonnenschein' }]);
    const toBen = await send(cores.anna, cores.ben, ben);
    expect(toBen.summary.conflictsOpened).toHaveLength(1);
    for (const core of [cores.anna, cores.ben]) {
      const conflicts = await ok<Conflicts>(core, 'exchange.conflicts', {});
      expect(conflicts).toHaveLength(1);
      expect(conflicts[0]).toMatchObject({ table: 'facilities', row: kita.id, field: 'capacity', kind: 'field', label: 'Kita Sonnenschein', ancestor: { value: 60 } });
      expect(conflicts[0]!.heads.map((h) => [h.displayName, h.value]).sort()).toEqual([
        ['Anna', 72],
        ['Ben', 65],
      ]);
      expect((await ok<Status>(core, 'exchange.status', {})).conflictRows).toEqual([{ table: 'facilities', row: kita.id }]);
    }
    const onBen = (await ok<Conflicts>(cores.ben, 'exchange.conflicts', {}))[0]!;
    const theirs = onBen.heads.find((h) => !h.local)!;
    expect(await refused(cores.ben, 'exchange.resolve', { table: 'facilities', row: kita.id, field: 'capacity', resolution: {} })).toBeTruthy();
    expect(await refused(cores.ben, 'exchange.resolve', { table: 'facilities', row: kita.id, field: 'capacity', resolution: { value: 'viele' } })).toBeTruthy();
    // While another connection holds the write lock (an import in a worker), the inbox answers at once from what is stored.
    const other = new Database(cores.ben.database.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      // (Waiting for the lock would end in "database is locked" after busy_timeout.)
      expect(await ok<Conflicts>(cores.ben, 'exchange.conflicts', {})).toHaveLength(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await ok(cores.ben, 'exchange.resolve', { table: 'facilities', row: kita.id, field: 'capacity', resolution: { keep: theirs.op } })).toEqual({ open: 0 });
    expect((await ok<Facility>(cores.ben, 'facilities.get', { id: kita.id })).capacity).toBe(72);
    await send(cores.ben, cores.anna, anna);
    expect(await ok<Conflicts>(cores.anna, 'exchange.conflicts', {})).toEqual([]);
    expect(dump(cores.anna)).toBe(dump(cores.ben));
  });

  it('deleted on one laptop, edited on the other: both see a delete conflict; "Wiederherstellen" on one brings it back on both', async () => {
    const anna = await replicaId(cores.anna);
    const ben = await replicaId(cores.ben);
    await ok(cores.anna, 'facilities.delete', { id: kita.id });
    await ok(cores.ben, 'facilities.save', { id: kita.id, facility: { categoryId: kitaCategory, name: 'Kita Sonnenschein (Neubau)', lon: 9.43, lat: 54.78, capacity: 72 } });
    await send(cores.anna, cores.ben, ben);
    await send(cores.ben, cores.anna, anna);
    for (const core of [cores.anna, cores.ben]) {
      const conflicts = await ok<Conflicts>(core, 'exchange.conflicts', {});
      expect(conflicts.map((c) => [c.kind, c.row])).toEqual([['delete', kita.id]]);
    }
    expect(await ok(cores.anna, 'exchange.resolveDelete', { table: 'facilities', row: kita.id, action: 'restore' })).toEqual({ open: 0 });
    await send(cores.anna, cores.ben, ben);
    expect(await ok<Conflicts>(cores.ben, 'exchange.conflicts', {})).toEqual([]);
    expect(await ok<Facility>(cores.ben, 'facilities.get', { id: kita.id })).toMatchObject({ name: 'Kita Sonnenschein (Neubau)' });
    expect(dump(cores.anna)).toBe(dump(cores.ben));
  });

  it('a file that is not an exchange file is refused with its reason and nothing changes', async () => {
    const before = dump(cores.ben);
    const message = await refused(cores.ben, 'exchange.import', { jobId: 'x', file: { name: 'urlaub.qatlas', data: new TextEncoder().encode('kein zip') } });
    expect(message).toMatch(/zip|Austauschdatei/i);
    expect(dump(cores.ben)).toBe(before);
  });
});

describe('safety: snapshots, backups, a new laptop from a colleague\'s file', () => {
  it('every real import left a snapshot; restoring one brings its state back under a new identity', async () => {
    const snapshots = await ok<MethodOutput<'safety.snapshots'>>(cores.ben, 'safety.snapshots', {});
    expect(snapshots.length).toBeGreaterThanOrEqual(3);
    expect(snapshots[0]!.reason).toMatch(/Vor dem Einlesen von „Quartiersatlas-Anna-/);
    const oldest = snapshots.at(-1)!;
    const identity = await replicaId(cores.ben);
    const restored = await ok<{ replicaId: string }>(cores.ben, 'safety.restoreSnapshot', { id: oldest.id });
    expect(restored.replicaId).not.toBe(identity);
    expect(await replicaId(cores.ben)).toBe(restored.replicaId);
    // The oldest snapshot was taken before Anna's first file: her facility is not there.
    expect(await refused(cores.ben, 'facilities.get', { id: (await ok<MethodOutput<'facilities.list'>>(cores.anna, 'facilities.list', {})).items[0]!.id })).toMatch(/nicht/);
    // ... and the state before the restore is itself a snapshot.
    expect((await ok<MethodOutput<'safety.snapshots'>>(cores.ben, 'safety.snapshots', {}))[0]!.reason).toMatch(/Zwischenstand/);
    // Files from colleagues bring everything back.
    await send(cores.anna, cores.ben);
    expect((await ok<MethodOutput<'facilities.list'>>(cores.ben, 'facilities.list', {})).total).toBe(1);
  });

  it('refuses to swap the database in while an import still runs on it', async () => {
    const file = await ok<Exported>(cores.anna, 'exchange.export', { forReplica: null });
    const snapshot = (await ok<MethodOutput<'safety.snapshots'>>(cores.ben, 'safety.snapshots', {}))[0]!;
    const importing = cores.ben.call('exchange.import', { jobId: 'lange', file: { name: file.fileName, data: file.data } });
    const swap = await cores.ben.call('safety.restoreSnapshot', { id: snapshot.id });
    expect(swap.ok ? null : swap.error.message).toMatch(/läuft noch ein Import/);
    expect((await importing).ok).toBe(true);
  });

  it('a backup restores to the same data under a new identity', async () => {
    const before = dump(cores.anna);
    const backup = await ok<MethodOutput<'safety.backup'>>(cores.anna, 'safety.backup', {});
    expect(backup.fileName).toMatch(/\.qsicherung$/);
    await ok(cores.anna, 'facilities.save', { facility: { categoryId: kitaCategory, name: 'Nach der Sicherung', lon: 9.44, lat: 54.79 } });
    const identity = await replicaId(cores.anna);
    const restored = await ok<{ replicaId: string }>(cores.anna, 'safety.restoreBackup', { file: { name: backup.fileName, data: backup.data } });
    expect(restored.replicaId).not.toBe(identity);
    expect(dump(cores.anna)).toBe(before);
    const damaged = new Uint8Array(backup.data);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    expect(await refused(cores.anna, 'safety.restoreBackup', { file: { name: 'kaputt.qsicherung', data: damaged } })).toBeTruthy();
    expect(dump(cores.anna)).toBe(before);
  });

  it('a new laptop starts from a colleague\'s full file with the whole data and its own identity; a partial file is refused', async () => {
    const cem = await replicaId(cores.cem);
    const peer = (await ok<Status>(cores.ben, 'exchange.status', {})).peers[0]!.replica;
    const partial = await ok<Exported>(cores.ben, 'exchange.export', { forReplica: peer });
    expect(await refused(cores.cem, 'exchange.startFrom', { jobId: 's', file: { name: partial.fileName, data: partial.data } })).toMatch(/für alle/);
    const full = await ok<Exported>(cores.ben, 'exchange.export', { forReplica: null });
    await ok(cores.cem, 'exchange.startFrom', { jobId: 's', file: { name: full.fileName, data: full.data } });
    const status = await ok<Status>(cores.cem, 'exchange.status', {});
    expect(status.replica.id).not.toBe(cem);
    expect(dump(cores.cem)).toBe(dump(cores.ben));
  });
});
