import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../../shared/contract.ts';
import type { SourceFile } from '../geo/types.ts';
import type { ImportPhase } from '../imports/types.ts';
import { createSnapshot, deleteSnapshot, pruneSnapshots } from '../safety/snapshots.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import { applyExchange } from './apply-exchange.ts';
import { summaryForView } from './exchange-service.ts';
import { readExchangeFile } from './read-exchange-file.ts';
import { rejected } from './rejection.ts';

export interface ExchangeJobOptions {
  /** Work out the summary only ("Datei einlesen", step 1). */
  dryRun: boolean;
  /** Snapshot the database first (every real import from the view and the CLI). */
  snapshot: boolean;
  /** First setup from a colleague's file: only a file made "for everyone" carries everything. */
  requireFull?: boolean;
  /** Where attachments go when they must not go beside dbPath (a database about to replace another). */
  blobDirectory?: string;
}

export type ExchangeJobResult = MethodOutput<'exchange.import'>;

/** Reading and merging an exchange file, in a worker thread (a big file takes seconds). */
export function runExchangeJob(
  db: Database,
  dbPath: string,
  file: SourceFile,
  options: ExchangeJobOptions,
  progress: (phase: ImportPhase, done: number, total: number) => void,
): ExchangeJobResult {
  progress('lesen', 0, 3);
  const bytes = Buffer.from(file.data.buffer, file.data.byteOffset, file.data.byteLength);
  const bundle = readExchangeFile(bytes);
  if (options.requireFull && bundle.manifest.forReplica !== null) {
    throw rejected(
      'not-full',
      `„${file.name}“ enthält nur, was einem bestimmten Laptop fehlte. Für den Start bitte eine Datei „für alle“ erstellen lassen.`,
    );
  }
  progress('pruefen', 1, 3);
  const blobDirectory = options.blobDirectory ?? blobDirectoryFor(dbPath);
  if (options.dryRun) {
    const summary = applyExchange(db, bundle, { blobDirectory, dryRun: true, fileName: file.name });
    return summaryForView(db, summary, file.name, null);
  }
  const snapshot = options.snapshot ? createSnapshot(db, dbPath, `Vor dem Einlesen von „${file.name}“`) : null;
  progress('schreiben', 2, 3);
  const summary = applyExchange(db, bundle, { blobDirectory, dryRun: false, fileName: file.name });
  let snapshotId = snapshot?.id ?? null;
  if (snapshot && summary.nothingNew) {
    // Nothing changed: the snapshot would only crowd the list.
    deleteSnapshot(dbPath, snapshot.id);
    snapshotId = null;
  }
  if (snapshot) pruneSnapshots(dbPath);
  progress('fertig', 3, 3);
  return summaryForView(db, summary, file.name, snapshotId);
}
