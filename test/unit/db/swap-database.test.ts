import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { recoverInterruptedSwap, swapDatabaseFile, swappedOutPath } from '../../../electron/core/db/swap-database.ts';
import { readLocalReplica } from '../../../electron/core/sync/replica.ts';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function database(name: string): { file: string; replica: string } {
  const file = path.join(dir, name);
  const db = openDatabase(file);
  const replica = readLocalReplica(db.sqlite)!.replicaId;
  db.close();
  return { file, replica };
}

function replicaOf(file: string): string {
  const db = openDatabase(file);
  try {
    return readLocalReplica(db.sqlite)!.replicaId;
  } finally {
    db.close();
  }
}

describe('swapping a checked database in under the open path', () => {
  it('moves the prepared file in; commit drops the old one, rollback brings it back', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-swap-'));
    const open = database('atlas.sqlite');
    const prepared = database('neu.sqlite');
    const swap = swapDatabaseFile(open.file, prepared.file);
    expect(fs.existsSync(prepared.file)).toBe(false);
    swap.rollback();
    expect(replicaOf(open.file)).toBe(open.replica);

    const again = database('neu2.sqlite');
    swapDatabaseFile(open.file, again.file).commit();
    expect(replicaOf(open.file)).toBe(again.replica);
    expect(fs.existsSync(swappedOutPath(open.file))).toBe(false);
  });

  it('refuses while another connection keeps a WAL of the open file', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-swap-'));
    const open = database('atlas.sqlite');
    const prepared = database('neu.sqlite');
    fs.writeFileSync(`${open.file}-wal`, 'x');
    expect(() => swapDatabaseFile(open.file, prepared.file)).toThrow(/noch benutzt/);
    expect(fs.existsSync(prepared.file)).toBe(true);
    fs.rmSync(`${open.file}-wal`);
    expect(replicaOf(open.file)).toBe(open.replica);
  });

  it('after a crash between the two moves the next open finds the user\'s database, not a new empty one', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-swap-'));
    const open = database('atlas.sqlite');
    fs.renameSync(open.file, swappedOutPath(open.file));
    expect(replicaOf(open.file)).toBe(open.replica);
    expect(fs.existsSync(swappedOutPath(open.file))).toBe(false);
  });

  it('a stale old copy beside a complete swap is removed', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-swap-'));
    const open = database('atlas.sqlite');
    fs.copyFileSync(open.file, swappedOutPath(open.file));
    recoverInterruptedSwap(open.file);
    expect(fs.existsSync(swappedOutPath(open.file))).toBe(false);
    expect(replicaOf(open.file)).toBe(open.replica);
  });
});
