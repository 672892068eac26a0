import fc from 'fast-check';
import { listConflicts, resolveDeleteConflict, resolveFieldConflict } from '../../../electron/core/exchange/conflicts.ts';
import { storeAttachment } from '../../../electron/core/services/attachments.ts';
import { deterministicId } from '../../../electron/core/sync/ids.ts';
import type { Office, Replica } from './replicas.ts';

/**
 * Random work of a few laptops, as data (so fast-check can shrink and print it): edits of spatial
 * levels and facility categories (shared deterministic ids and private random ones), photos, files sent
 * to the pool (everything, or only what a colleague lacks), and files read from it in any order,
 * twice, by anyone (relays).
 */
export type Step =
  | { kind: 'create'; replica: number; shared: number | null; name: number }
  | { kind: 'update'; replica: number; pick: number; name: number; rank: number }
  | { kind: 'delete'; replica: number; pick: number }
  | { kind: 'restore'; replica: number; pick: number }
  /** A photo: a few contents, so two laptops often attach the same bytes (same id) under other names. */
  | { kind: 'attach'; replica: number; photo: number; name: number }
  | { kind: 'send'; replica: number; forReplica: number | null }
  | { kind: 'read'; replica: number; file: number; twice: boolean };

export const NAMES = ['Nord', 'Süd', 'Mitte', 'Altstadt'];
const SHARED_KEYS = ['stadtteil', 'bezirk'];

export function stepArbitrary(replicas: number): fc.Arbitrary<Step> {
  const replica = fc.nat({ max: replicas - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('create' as const), replica, shared: fc.option(fc.nat({ max: SHARED_KEYS.length - 1 })), name: fc.nat({ max: NAMES.length - 1 }) }),
    fc.record({ kind: fc.constant('update' as const), replica, pick: fc.nat(), name: fc.nat({ max: NAMES.length - 1 }), rank: fc.nat({ max: 2 }) }),
    fc.record({ kind: fc.constant('delete' as const), replica, pick: fc.nat() }),
    fc.record({ kind: fc.constant('restore' as const), replica, pick: fc.nat() }),
    fc.record({ kind: fc.constant('attach' as const), replica, photo: fc.nat({ max: 2 }), name: fc.nat({ max: NAMES.length - 1 }) }),
    fc.record({ kind: fc.constant('send' as const), replica, forReplica: fc.option(fc.nat({ max: replicas - 1 })) }),
    fc.record({ kind: fc.constant('read' as const), replica, file: fc.nat(), twice: fc.boolean() }),
  );
}

interface Row {
  table: 'spatial_levels' | 'facility_categories' | 'attachments';
  id: string;
  deleted: number;
}

/** The rows a replica shows, in a stable order (ids), for picking by index. */
function rows(replica: Replica): Row[] {
  const levels = replica.db.sqlite.prepare("SELECT 'spatial_levels' AS \"table\", id, deleted FROM spatial_levels ORDER BY id").all() as Row[];
  // Three of the seeded categories are enough to meet each other often.
  const categories = replica.db.sqlite.prepare("SELECT 'facility_categories' AS \"table\", id, deleted FROM facility_categories ORDER BY id LIMIT 3").all() as Row[];
  const photos = replica.db.sqlite.prepare("SELECT 'attachments' AS \"table\", id, deleted FROM attachments ORDER BY id").all() as Row[];
  return [...levels, ...categories, ...photos];
}

export interface RunState {
  files: string[];
  /** Checks made along the way (clock never back, re-reading changes nothing). */
  check(replica: Replica): void;
}

export function runStep(office: Office, step: Step, state: RunState): void {
  const replica = office.replicas[step.replica]!;
  const { writer } = replica;
  const visible = rows(replica).filter((r) => r.deleted === 0);
  switch (step.kind) {
    case 'create': {
      const key = step.shared === null ? `privat-${office.replicas.indexOf(replica)}-${state.files.length}-${visible.length}` : SHARED_KEYS[step.shared]!;
      const id = step.shared === null ? crypto.randomUUID() : deterministicId.level(key);
      writer.transaction((tx) => tx.upsert('spatial_levels', id, { key, name: NAMES[step.name]!, rank: 0 }));
      break;
    }
    case 'update': {
      const row = visible[step.pick % Math.max(visible.length, 1)];
      if (!row) break;
      const values = row.table === 'spatial_levels' ? { name: NAMES[step.name]!, rank: step.rank } : { name: NAMES[step.name]! };
      writer.transaction((tx) => tx.update(row.table, row.id, values));
      break;
    }
    case 'delete': {
      const row = visible[step.pick % Math.max(visible.length, 1)];
      if (row) writer.transaction((tx) => tx.remove(row.table, row.id));
      break;
    }
    case 'restore': {
      const deleted = rows(replica).filter((r) => r.deleted === 1);
      const row = deleted[step.pick % Math.max(deleted.length, 1)];
      if (row) writer.transaction((tx) => tx.restore(row.table, row.id));
      break;
    }
    case 'attach': {
      storeAttachment(replica.db.sqlite, replica.db.path, { name: `${NAMES[step.name]}.jpg`, mime: 'image/jpeg', data: new TextEncoder().encode(`Foto ${step.photo}`) });
      break;
    }
    case 'send': {
      const target = step.forReplica === null ? undefined : office.replicas[step.forReplica];
      state.files.push(office.send(replica, target === replica ? undefined : target));
      break;
    }
    case 'read': {
      if (state.files.length === 0) break;
      const file = state.files[step.file % state.files.length]!;
      office.receive(replica, file);
      if (step.twice) {
        const before = office.dump(replica);
        const again = office.receive(replica, file);
        if (!again.nothingNew || office.dump(replica) !== before) throw new Error('Zweites Einlesen derselben Datei hat etwas verändert');
      }
      break;
    }
  }
  state.check(replica);
}

/** Settles every open conflict on one replica: keeps a head, writes a merged value, restores or confirms. */
export function resolveAll(replica: Replica, choice: number): number {
  let settled = 0;
  // One at a time: confirming a delete also settles the field conflicts of that record.
  for (let conflict = listConflicts(replica.db.sqlite, replica.blobs)[0]; conflict; conflict = listConflicts(replica.db.sqlite, replica.blobs)[0]) {
    const pick = (choice + settled) % 3;
    if (conflict.kind === 'delete') {
      resolveDeleteConflict(replica.db.sqlite, replica.writer, conflict, pick === 0 ? 'confirm-delete' : 'restore');
    } else if (conflict.field === '_deleted' || pick < 2) {
      resolveFieldConflict(replica.db.sqlite, replica.writer, conflict, { keep: conflict.heads[pick % conflict.heads.length]!.op });
    } else {
      const [a, b] = conflict.heads.map((h) => h.value);
      const merged = typeof a === 'number' ? a + Number(b) : `${String(a)} / ${String(b)}`;
      resolveFieldConflict(replica.db.sqlite, replica.writer, conflict, { value: merged });
    }
    settled += 1;
    if (settled > 100) throw new Error('Konflikte schließen sich nicht');
  }
  return settled;
}

/** Runs fast-check with a seed that is printed, so a failure can be replayed (FC_SEED=…). */
export function propertyOptions(numRuns: number): fc.Parameters<unknown> {
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);
  // Shrinking a database scenario is slow: stop it after a minute with the smallest case so far.
  return { seed, numRuns, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false };
}
