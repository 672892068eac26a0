import type { Database } from 'better-sqlite3';
import type { MethodName, MethodOutput } from '../../../shared/contract.ts';
import { SYNC_TABLES, isSyncTable } from '../../../shared/sync/tables.ts';
import { resolveDeleteConflict, resolveFieldConflict } from '../exchange/conflicts.ts';
import type { ExchangeJobOptions, ExchangeJobResult } from '../exchange/exchange-job.ts';
import {
  conflictsForView,
  exchangeStatus,
  assertKnownPeer,
  historyForView,
  openConflictCount,
  renameReplica,
} from '../exchange/exchange-service.ts';
import { openDatabase } from '../db/open-database.ts';
import { removeDatabaseFiles } from '../db/swap-database.ts';
import { UserFacingError } from '../errors.ts';
import type { SourceFile } from '../geo/types.ts';
import type { JobProgress } from '../jobs/run-job.ts';
import type { Job, JobResult } from '../jobs/job-types.ts';
import { listSnapshots, prepareSnapshotRestore } from '../safety/snapshots.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import type { ChangeWriter } from '../sync/change-writer.ts';
import type { CallContext, Handlers } from './dispatch.ts';

type ExchangeMethods = Extract<MethodName, `exchange.${string}` | `safety.${string}`>;

export interface ExchangeHandlerDeps {
  db: Database;
  databasePath: string;
  writer: ChangeWriter;
  /** Runs a job in a worker on the given database file. */
  runJobAt: (dbPath: string, job: Job, progress: JobProgress) => Promise<JobResult>;
  /** Swaps a checked database file in for the open one (the open one is snapshotted first). */
  replaceDatabase: (preparedFile: string, reason: string) => Promise<{ replicaId: string }>;
}

/** Every table a merge may touch: views refresh all of them. */
const ALL_TABLES = Object.keys(SYNC_TABLES);

function syncTable(table: string) {
  if (!isSyncTable(table)) throw new UserFacingError('invalid-value', `Unbekannte Tabelle „${table}“.`);
  return table;
}

/** A new file beside the open database, for a database that is checked before it replaces the open one. */
function preparedPath(databasePath: string, what: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${databasePath}.${what}-${stamp}.sqlite`;
}

export function createExchangeHandlers(deps: ExchangeHandlerDeps): Pick<Handlers, ExchangeMethods> {
  const { db, databasePath, writer } = deps;
  const blobDirectory = blobDirectoryFor(databasePath);

  async function exchangeJob(file: SourceFile, jobId: string, options: ExchangeJobOptions, context: CallContext, dbPath = databasePath) {
    return (await deps.runJobAt(dbPath, { kind: 'exchange', file, options }, (phase, done, total) =>
      context.emit('job.progress', { jobId, phase, done, total }),
    )) as ExchangeJobResult;
  }

  return {
    'exchange.status': () => exchangeStatus(db),
    'exchange.rename': ({ displayName }) => {
      renameReplica(db, displayName);
      return exchangeStatus(db);
    },
    'exchange.export': async ({ forReplica }) => {
      // The peer check answers at once; the file itself is written in a worker.
      assertKnownPeer(db, forReplica);
      return (await deps.runJobAt(databasePath, { kind: 'exchange-export', forReplica }, () => {})) as MethodOutput<'exchange.export'>;
    },
    'exchange.preview': ({ jobId, file }, context) => exchangeJob(file, jobId, { dryRun: true, snapshot: false }, context),
    'exchange.import': async ({ jobId, file }, context) => {
      const summary = await exchangeJob(file, jobId, { dryRun: false, snapshot: true }, context);
      if (!summary.nothingNew) context.emit('data.changed', { tables: ALL_TABLES });
      return summary;
    },
    'exchange.conflicts': () => conflictsForView(db, blobDirectory),
    'exchange.resolve': ({ table, row, field, resolution }, context) => {
      resolveFieldConflict(db, writer, { table: syncTable(table), row, field }, resolution as { keep: string } | { value: unknown });
      context.emit('data.changed', { tables: [table] });
      return { open: openConflictCount(db) };
    },
    'exchange.resolveDelete': ({ table, row, action }, context) => {
      resolveDeleteConflict(db, writer, { table: syncTable(table), row }, action);
      context.emit('data.changed', { tables: [table] });
      return { open: openConflictCount(db) };
    },
    'exchange.history': () => historyForView(db),
    'exchange.startFrom': async ({ jobId, file }, context) => {
      const target = preparedPath(databasePath, 'start');
      try {
        openDatabase(target, { lock: false, seedDefaults: false }).close();
        // Attachments go straight beside the open database: content-addressed, they never clash.
        const summary = await exchangeJob(file, jobId, { dryRun: false, snapshot: false, requireFull: true, blobDirectory }, context, target);
        await deps.replaceDatabase(target, `Vor dem Start mit der Datei „${file.name}“`);
        return summary;
      } finally {
        removeDatabaseFiles(target);
      }
    },
    'safety.snapshots': () => listSnapshots(databasePath).map(({ id, createdAt, reason, bytes }) => ({ id, createdAt, reason, bytes })),
    'safety.restoreSnapshot': async ({ id }) => {
      const target = prepareSnapshotRestore(databasePath, id, preparedPath(databasePath, 'wiederherstellung'));
      try {
        return await deps.replaceDatabase(target, 'Vor dem Zurückholen eines Zwischenstands');
      } finally {
        removeDatabaseFiles(target);
      }
    },
    'safety.backup': async () => (await deps.runJobAt(databasePath, { kind: 'backup' }, () => {})) as MethodOutput<'safety.backup'>,
    'safety.restoreBackup': async ({ file }) => {
      const target = preparedPath(databasePath, 'sicherung');
      try {
        const { attachments } = (await deps.runJobAt(databasePath, { kind: 'restore-backup', file, target, blobDirectory }, () => {})) as { attachments: number };
        const { replicaId } = await deps.replaceDatabase(target, `Vor dem Wiederherstellen der Sicherung „${file.name}“`);
        return { replicaId, attachments };
      } finally {
        removeDatabaseFiles(target);
      }
    },
  };
}
