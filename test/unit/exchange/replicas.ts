import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../../electron/core/db/open-database.ts';
import { canonicalDump } from '../../../electron/core/exchange/canonical-dump.ts';
import { refreshConflicts } from '../../../electron/core/exchange/conflicts.ts';
import { exportExchange } from '../../../electron/core/exchange/export-exchange.ts';
import { importExchange } from '../../../electron/core/exchange/import-exchange.ts';
import type { ImportSummary } from '../../../electron/core/exchange/apply-exchange.ts';
import { blobDirectoryFor } from '../../../electron/core/sync/blob-store.ts';
import { ChangeWriter } from '../../../electron/core/sync/change-writer.ts';
import { newReplicaId } from '../../../electron/core/sync/replica.ts';
import { formatHlc } from '../../../shared/sync/hlc.ts';

/** One laptop in a test: a real database file opened like the app opens it. */
export interface Replica {
  name: string;
  db: OpenedDatabase;
  writer: ChangeWriter;
  blobs: string;
  id: string;
}

/** A scratch folder with replicas and files; `close()` removes everything. */
export class Office {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-exchange-'));
  readonly replicas: Replica[] = [];
  #files = 0;

  add(name = `laptop${this.replicas.length}`): Replica {
    const file = path.join(this.dir, `${name}.sqlite`);
    // A copy of one migrated, seeded file with a fresh identity: as fast as a property needs.
    fs.copyFileSync(templateFile(), file);
    const db = openDatabase(file, { lock: false });
    const fresh = newReplicaId();
    db.sqlite
      .prepare('UPDATE local_replica SET replica_id = ?, display_name = ?, last_hlc = ?, last_seq = 0')
      .run(fresh, name, formatHlc({ millis: 0, counter: 0, replica: fresh }));
    const blobs = blobDirectoryFor(file);
    const id = (db.sqlite.prepare('SELECT replica_id FROM local_replica').get() as { replica_id: string }).replica_id;
    const replica = { name, db, writer: new ChangeWriter(db.sqlite, { blobDirectory: blobs }), blobs, id };
    this.replicas.push(replica);
    return replica;
  }

  /** Writes an exchange file from `from` (everything, or only what `forReplica` lacks). */
  send(from: Replica, forReplica?: Replica): string {
    const out = path.join(this.dir, `file${this.#files++}.qatlas`);
    exportExchange(from.db.sqlite, { out, blobDirectory: from.blobs, forReplica: forReplica?.id ?? null });
    return out;
  }

  receive(to: Replica, file: string): ImportSummary {
    return importExchange(to.db.sqlite, file, { blobDirectory: to.blobs });
  }

  /**
   * Afterwards every replica knows every op: all send everything to the first, which relays
   * everything to all (2(n−1) imports instead of n²; relaying is what the office does anyway).
   */
  fullExchange(): void {
    const [hub, ...others] = this.replicas;
    for (const from of others) this.receive(hub!, this.send(from));
    const all = this.send(hub!);
    for (const to of others) this.receive(to, all);
  }

  dump(replica: Replica): string {
    refreshConflicts(replica.db.sqlite, replica.blobs);
    return canonicalDump(replica.db.sqlite);
  }

  close(): void {
    for (const replica of this.replicas) replica.db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

let template: string | null = null;

/** One database opened like the app opens it (migrated, default categories seeded), then closed. */
function templateFile(): string {
  if (template && fs.existsSync(template)) return template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-template-'));
  template = path.join(dir, 'template.sqlite');
  const db = openDatabase(template, { lock: false });
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return template;
}

export function fileHash(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
