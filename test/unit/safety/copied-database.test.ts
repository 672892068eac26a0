import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { readLocalReplica, reidentifyReplica } from '../../../electron/core/sync/replica.ts';
import { parseHlc } from '../../../shared/sync/hlc.ts';
import { tempDir } from '../../helpers/temp-db.ts';

const MARKER_A = 'a'.repeat(32);
const MARKER_B = 'b'.repeat(32);

function ops(db: import('better-sqlite3').Database, replica: string): unknown[] {
  return db.prepare('SELECT * FROM ops WHERE replica = ? ORDER BY seq').all(replica);
}

describe('a database file copied to another laptop', () => {
  it('gets a new replica id on the other laptop; the original keeps its own', () => {
    const dir = tempDir();
    const original = path.join(dir, 'anna.sqlite');
    const a = openDatabase(original, { installationMarker: MARKER_A });
    expect(a.reidentified).toBe(false);
    const writer = new ChangeWriter(a.sqlite);
    writer.transaction((tx) => tx.upsert('spatial_levels', deterministicId.level('stadtteil'), { key: 'stadtteil', name: 'Stadtteil', rank: 0 }));
    const before = readLocalReplica(a.sqlite)!;
    const history = ops(a.sqlite, before.replicaId);
    expect(history.length).toBeGreaterThan(0);
    a.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    a.close();

    const copy = path.join(dir, 'kopie.sqlite');
    fs.copyFileSync(original, copy);
    const b = openDatabase(copy, { installationMarker: MARKER_B });
    try {
      expect(b.reidentified).toBe(true);
      const now = readLocalReplica(b.sqlite)!;
      expect(now.replicaId).not.toBe(before.replicaId);
      expect(now.replicaId).toMatch(/^[0-9a-z]{16}$/);
      expect(now.lastSeq).toBe(0);
      const clock = parseHlc(now.lastHlc);
      expect(clock.replica).toBe(now.replicaId);
      expect({ millis: clock.millis, counter: clock.counter }).toEqual({ millis: parseHlc(before.lastHlc).millis, counter: parseHlc(before.lastHlc).counter });
      // The old id's ops are that replica's history: untouched.
      expect(ops(b.sqlite, before.replicaId)).toEqual(history);
      expect(b.sqlite.prepare('SELECT display_name FROM exchange_replicas WHERE replica = ?').get(before.replicaId)).toEqual({ display_name: before.displayName });
      // New writes use the new id from seq 1, after the copied clock.
      new ChangeWriter(b.sqlite).transaction((tx) => tx.update('spatial_levels', deterministicId.level('stadtteil'), { name: 'Quartier' }));
      const mine = ops(b.sqlite, now.replicaId) as Array<{ seq: number; hlc: string }>;
      expect(mine.map((op) => op.seq)).toEqual([1]);
      expect(parseHlc(mine[0]!.hlc).millis).toBeGreaterThanOrEqual(clock.millis);
    } finally {
      b.close();
    }
    // Opened again where it was copied to: stays the new id.
    const again = openDatabase(copy, { installationMarker: MARKER_B });
    expect(again.reidentified).toBe(false);
    again.close();

    const back = openDatabase(original, { installationMarker: MARKER_A });
    try {
      expect(back.reidentified).toBe(false);
      expect(readLocalReplica(back.sqlite)!.replicaId).toBe(before.replicaId);
    } finally {
      back.close();
    }
  });

  it('stores the marker it was created with', () => {
    const file = path.join(tempDir(), 'neu.sqlite');
    const db = openDatabase(file, { installationMarker: MARKER_B });
    const id = readLocalReplica(db.sqlite)!.replicaId;
    db.close();
    const again = openDatabase(file, { installationMarker: MARKER_B });
    expect(again.reidentified).toBe(false);
    expect(readLocalReplica(again.sqlite)!.replicaId).toBe(id);
    again.close();
  });

  it('reidentifies in one step and never reuses an id', () => {
    const db = openDatabase(path.join(tempDir(), 'x.sqlite'), { installationMarker: MARKER_A });
    try {
      const seen = new Set([readLocalReplica(db.sqlite)!.replicaId]);
      for (let i = 0; i < 5; i++) seen.add(reidentifyReplica(db.sqlite, MARKER_A).replicaId);
      expect(seen.size).toBe(6);
      expect(db.sqlite.prepare('SELECT installation_marker FROM local_replica').get()).toEqual({ installation_marker: MARKER_A });
    } finally {
      db.close();
    }
  });
});
