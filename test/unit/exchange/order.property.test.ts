import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open-database.ts';
import { canonicalDump } from '../../../electron/core/exchange/canonical-dump.ts';
import { listConflicts, refreshConflicts } from '../../../electron/core/exchange/conflicts.ts';
import { importExchange } from '../../../electron/core/exchange/import-exchange.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import { NAMES, propertyOptions, resolveAll } from './model.ts';
import { Office } from './replicas.ts';

/** Concurrent work on a shared base: renames, rank changes, deletes and restores of the same rows. */
const edit = fc.record({ row: fc.nat({ max: 2 }), action: fc.constantFrom('rename', 'rank', 'delete', 'restore'), name: fc.nat({ max: NAMES.length - 1 }), rank: fc.nat({ max: 3 }) });
const keys = ['a', 'b', 'c'];

function shareBase(office: Office): string[] {
  const [first] = office.replicas;
  const ids = keys.map((key) => deterministicId.level(key));
  first!.writer.transaction((tx) => ids.forEach((id, i) => tx.upsert('spatial_levels', id, { key: keys[i]!, name: 'Basis', rank: 0 })));
  office.fullExchange();
  return ids;
}

function applyEdits(office: Office, replicaIndex: number, ids: string[], edits: Array<{ row: number; action: string; name: number; rank: number }>): void {
  const replica = office.replicas[replicaIndex]!;
  for (const e of edits) {
    const id = ids[e.row]!;
    const { deleted } = replica.db.sqlite.prepare('SELECT deleted FROM spatial_levels WHERE id = ?').get(id) as { deleted: number };
    replica.writer.transaction((tx) => {
      if (e.action === 'delete' && !deleted) tx.remove('spatial_levels', id);
      else if (e.action === 'restore' && deleted) tx.restore('spatial_levels', id);
      else if (!deleted && e.action === 'rename') tx.update('spatial_levels', id, { name: NAMES[e.name]! });
      else if (!deleted && e.action === 'rank') tx.update('spatial_levels', id, { rank: e.rank });
    });
  }
}

describe('exchange properties: order and repetition', () => {
  it('is order independent and idempotent: files read in any order, any number of times, give the same database', () => {
    const scenario = fc.record({
      edits: fc.array(fc.array(edit, { maxLength: 6 }), { minLength: 2, maxLength: 3 }),
      order: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(scenario, ({ edits, order }) => {
        const office = new Office();
        try {
          const writers = edits.map((_, i) => office.add(`laptop${i}`));
          const reader = office.add('leser');
          const ids = shareBase(office);
          edits.forEach((list, i) => applyEdits(office, i, ids, list));
          const files = writers.map((w) => office.send(w));
          // A copy of the reader (same identity, nothing local since): reads the files in another order.
          reader.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
          const twinFile = path.join(office.dir, 'zwilling.sqlite');
          fs.copyFileSync(reader.db.path, twinFile);
          const twin = openDatabase(twinFile, { lock: false });
          try {
            for (const file of files) office.receive(reader, file);
            const permuted = [...files.keys()].sort((a, b) => (order[a % order.length]! - order[b % order.length]!) || b - a);
            // Every file at least once, some several times, in a random order.
            const schedule = [...permuted.map((i) => files[i]!), ...order.map((o) => files[o % files.length]!)];
            for (const file of schedule) importExchange(twin.sqlite, file, { blobDirectory: reader.blobs });
            refreshConflicts(twin.sqlite, reader.blobs);
            expect(canonicalDump(twin.sqlite)).toEqual(office.dump(reader));
            const again = office.receive(reader, files[0]!);
            expect(again.nothingNew).toBe(true);
            expect(canonicalDump(twin.sqlite)).toEqual(office.dump(reader));
          } finally {
            twin.close();
          }
        } finally {
          office.close();
        }
      }),
      propertyOptions(30),
    );
  });

  it('a delete concurrent with edits gives the same restore-or-confirm conflict on every laptop, and one decision closes it everywhere', () => {
    const scenario = fc.record({
      laptops: fc.integer({ min: 2, max: 4 }),
      editors: fc.array(fc.record({ laptop: fc.nat(), name: fc.nat({ max: NAMES.length - 1 }) }), { minLength: 1, maxLength: 4 }),
      decider: fc.nat(),
      choice: fc.nat({ max: 2 }),
    });
    fc.assert(
      fc.property(scenario, ({ laptops, editors, decider, choice }) => {
        const office = new Office();
        try {
          for (let i = 0; i < laptops; i++) office.add(`laptop${i}`);
          const [id] = shareBase(office);
          office.replicas[0]!.writer.transaction((tx) => tx.remove('spatial_levels', id!));
          for (const { laptop, name } of editors) {
            const replica = office.replicas[1 + (laptop % (laptops - 1))]!;
            replica.writer.transaction((tx) => tx.update('spatial_levels', id!, { name: `${NAMES[name]!} ${replica.name}` }));
          }
          office.fullExchange();
          const inboxes = office.replicas.map((r) => listConflicts(r.db.sqlite, r.blobs).filter((c) => c.kind === 'delete').map((c) => ({ row: c.row, heads: c.heads.map((h) => h.op) })));
          for (const inbox of inboxes) {
            expect(inbox).toEqual(inboxes[0]);
            expect(inbox).toHaveLength(1);
          }
          resolveAll(office.replicas[decider % laptops]!, choice);
          office.fullExchange();
          const dumps = office.replicas.map((r) => office.dump(r));
          for (const replica of office.replicas) expect(listConflicts(replica.db.sqlite, replica.blobs)).toEqual([]);
          for (const dump of dumps) expect(dump).toEqual(dumps[0]);
        } finally {
          office.close();
        }
      }),
      propertyOptions(30),
    );
  });
});
