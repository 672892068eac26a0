import type { Database, Statement } from 'better-sqlite3';
import { formatHlc, parseHlc, tickHlc, type Hlc } from '../../../shared/sync/hlc.ts';
import {
  BULK_FIELD,
  CREATE_FIELD,
  DELETED_FIELD,
  SYNC_TABLES,
  type FieldSpec,
  type SyncTableName,
  type TableSpec,
} from '../../../shared/sync/tables.ts';
import { UserFacingError } from '../errors.ts';
import { writeBulkBlob } from './bulk-blob.ts';
import { DERIVED_COLUMNS } from './derived-columns.ts';

export type FieldValues = Record<string, unknown>;
export interface BulkOutcome {
  created: number;
  updated: number;
  unchanged: number;
  restored: number;
}
export type WriteOutcome = 'created' | 'updated' | 'restored' | 'unchanged';

/**
 * The one write path of the app: every change to a synced table goes through a ChangeWriter
 * transaction, which updates the table and appends the operations (with their predecessors)
 * in the same SQLite transaction. Nothing else may INSERT/UPDATE/DELETE synced tables.
 */
export interface ChangeWriterOptions {
  /** Where content-addressed blobs live (bulk deliveries, attachments): beside the database. */
  blobDirectory?: string;
}

export class ChangeWriter {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();
  readonly blobDirectory: string | null;
  #clock: Hlc | null = null;
  #seq = 0;

  constructor(db: Database, options: ChangeWriterOptions = {}) {
    this.#db = db;
    this.blobDirectory = options.blobDirectory ?? null;
  }

  /** Runs `work` in one IMMEDIATE transaction; all its writes commit together or not at all. */
  transaction<T>(work: (tx: WriteTransaction) => T): T {
    const run = this.#db.transaction(() => {
      const state = this.#statement('SELECT replica_id, last_hlc, last_seq FROM local_replica WHERE singleton = 1')
        .get() as { replica_id: string; last_hlc: string; last_seq: number };
      this.#clock = parseHlc(state.last_hlc);
      this.#seq = state.last_seq;
      const tx = new WriteTransaction(this, state.replica_id);
      const result = work(tx);
      this.#statement('UPDATE local_replica SET last_hlc = ?, last_seq = ? WHERE singleton = 1').run(
        formatHlc(this.#clock),
        this.#seq,
      );
      return result;
    });
    return run.immediate();
  }

  /** @internal the sequence number the next op will get (bulk rows are stamped before their op). */
  peekSeq(): number {
    return this.#seq + 1;
  }

  /** @internal used by WriteTransaction */
  nextStamp(): { hlc: string; seq: number } {
    this.#clock = tickHlc(this.#clock!, Date.now());
    this.#seq += 1;
    return { hlc: formatHlc(this.#clock), seq: this.#seq };
  }

  /** @internal prepared statements are cached per SQL text; SQL text is built from the allow-list only. */
  statement(sql: string): Statement {
    return this.#statement(sql);
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

export class WriteTransaction {
  readonly #writer: ChangeWriter;
  readonly #replica: string;
  readonly counts = { ops: 0 };

  constructor(writer: ChangeWriter, replica: string) {
    this.#writer = writer;
    this.#replica = replica;
  }

  /**
   * Creates a row, or — for a deterministic id that already exists — brings it to these values
   * (restoring it if it was deleted). Re-importing the same file therefore writes nothing.
   */
  upsert(table: SyncTableName, id: string, values: FieldValues): WriteOutcome {
    const spec = tableSpec(table);
    const clean = validateFields(table, spec.fields, values, true);
    const columns = Object.keys(spec.fields);
    const derived = deriveColumns(table, clean);
    const allColumns = ['id', ...columns, ...Object.keys(derived)];
    // Insert first: for new rows (the bulk case) this saves a lookup; a conflict means "exists".
    const inserted = this.#writer
      .statement(`INSERT INTO ${table} (${allColumns.join(', ')}) VALUES (${allColumns.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`)
      .run(id, ...columns.map((c) => toColumn(spec.fields[c]!, clean[c])), ...Object.values(derived));
    if (inserted.changes === 1) {
      // No head row for the creation: a row's creation ops are always its '*' heads (see #heads).
      this.#appendOp(table, id, CREATE_FIELD, clean, [], null);
      return 'created';
    }
    const existing = this.#readRow(table, id)!;
    const restored = existing.deleted === 1 ? this.#writeDeleted(table, id, false) : false;
    const updated = this.update(table, id, clean);
    return restored ? 'restored' : updated;
  }

  /**
   * A delivery of many rows (a year of statistics): new rows are inserted directly and logged
   * together as ONE op whose value names a content-addressed blob holding exactly those rows;
   * rows that already exist take the ordinary per-field path (so only real changes are logged).
   */
  bulkInsert(table: SyncTableName, rows: Iterable<{ id: string; values: FieldValues }>): BulkOutcome {
    const spec = tableSpec(table);
    if (!spec.bulk) throw new Error(`${table} nimmt keine Sammellieferungen an`);
    const blobDirectory = this.#writer.blobDirectory;
    if (!blobDirectory) throw new Error('ChangeWriter ohne Blob-Verzeichnis: Sammellieferungen brauchen eines');
    const fields = Object.keys(spec.fields);
    const creator = `${this.#replica}:${this.#writer.peekSeq()}`;
    const columns = ['id', ...fields, 'created_by'];
    const insert = this.#writer.statement(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
    );
    const created: unknown[][] = [];
    const existing: Array<{ id: string; values: FieldValues }> = [];
    for (const row of rows) {
      const problem = spec.bulk.check(row.values);
      if (problem !== null) {
        throw new UserFacingError('invalid-value', `Ungültiger Wert für ${table}.${problem} in Datensatz ${row.id}`);
      }
      const cells = fields.map((f) => (row.values[f] === undefined ? null : row.values[f]));
      if (insert.run(row.id, ...cells, creator).changes === 1) created.push([row.id, ...cells]);
      else existing.push(row);
    }
    if (created.length > 0) {
      const blob = writeBulkBlob(blobDirectory, table, fields, created, spec.bulk.idOf);
      const opId = this.#appendOp(table, `bulk:${blob}`, BULK_FIELD, { blob, rows: created.length, fields }, [], null);
      if (opId !== creator) throw new Error(`Interner Fehler: Sammel-Op ${opId} statt ${creator}`);
    }
    const outcome: BulkOutcome = { created: created.length, updated: 0, unchanged: 0, restored: 0 };
    for (const row of existing) {
      const result = this.upsert(table, row.id, row.values);
      if (result === 'updated') outcome.updated += 1;
      else if (result === 'restored') outcome.restored += 1;
      else outcome.unchanged += 1;
    }
    return outcome;
  }

  /** Writes the fields whose values differ; one op per changed field, with the current heads as predecessors. */
  update(table: SyncTableName, id: string, values: FieldValues): WriteOutcome {
    const spec = tableSpec(table);
    const clean = validateFields(table, spec.fields, values, false);
    const existing = this.#readRow(table, id);
    if (!existing) throw new UserFacingError('not-found', `Der Datensatz ${id} (${table}) existiert nicht.`);
    const changed: FieldValues = {};
    for (const [field, value] of Object.entries(clean)) {
      const fieldSpec = spec.fields[field]!;
      if (sameValue(fromColumn(fieldSpec, existing[field]), value)) continue;
      changed[field] = value;
      const stamp = this.#appendOp(table, id, field, value, this.#heads(table, id, field), null);
      this.#setHeads(table, id, field, [stamp]);
    }
    const fields = Object.keys(changed);
    if (fields.length === 0) return 'unchanged';
    const derived = deriveColumns(table, changed);
    const assignments = [...fields, ...Object.keys(derived)].map((c) => `${c} = ?`).join(', ');
    this.#writer
      .statement(`UPDATE ${table} SET ${assignments} WHERE id = ?`)
      .run(...fields.map((f) => toColumn(spec.fields[f]!, changed[f])), ...Object.values(derived), id);
    return 'updated';
  }

  /** Marks a row deleted (rows are never removed, so a colleague's later edit can still meet it). */
  remove(table: SyncTableName, id: string): boolean {
    tableSpec(table);
    if (!this.#readRow(table, id)) throw new UserFacingError('not-found', `Der Datensatz ${id} (${table}) existiert nicht.`);
    return this.#writeDeleted(table, id, true);
  }

  restore(table: SyncTableName, id: string): boolean {
    tableSpec(table);
    if (!this.#readRow(table, id)) throw new UserFacingError('not-found', `Der Datensatz ${id} (${table}) existiert nicht.`);
    return this.#writeDeleted(table, id, false);
  }

  #writeDeleted(table: SyncTableName, id: string, deleted: boolean): boolean {
    const row = this.#readRow(table, id)!;
    if ((row.deleted === 1) === deleted) return false;
    // `seen` records every field head this writer knew, so a concurrent edit is recognisable.
    const seen = deleted ? this.#allHeads(table, id) : null;
    const stamp = this.#appendOp(table, id, DELETED_FIELD, deleted, this.#heads(table, id, DELETED_FIELD), seen);
    this.#setHeads(table, id, DELETED_FIELD, [stamp]);
    this.#writer.statement(`UPDATE ${table} SET deleted = ? WHERE id = ?`).run(deleted ? 1 : 0, id);
    return true;
  }

  #appendOp(table: string, rowId: string, field: string, value: unknown, pred: string[], seen: string[] | null): string {
    const { hlc, seq } = this.#writer.nextStamp();
    this.#writer
      .statement('INSERT INTO ops (replica, seq, hlc, tbl, row_id, field, value, pred, seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(this.#replica, seq, hlc, table, rowId, field, JSON.stringify(value), JSON.stringify(pred), seen && JSON.stringify(seen));
    this.counts.ops += 1;
    return `${this.#replica}:${seq}`;
  }

  /**
   * Heads of one field. A field not written since creation is headed by the row's creation
   * op(s): nothing can supersede a creation as a whole, so they are read from the log itself.
   */
  #heads(table: string, rowId: string, field: string): string[] {
    let rows = this.#writer
      .statement('SELECT replica, seq FROM heads WHERE tbl = ? AND row_id = ? AND field = ?')
      .all(table, rowId, field) as Array<{ replica: string; seq: number }>;
    if (rows.length === 0) rows = this.#creationOps(table, rowId);
    return rows.map((r) => `${r.replica}:${r.seq}`);
  }

  #creationOps(table: string, rowId: string): Array<{ replica: string; seq: number }> {
    const ops = this.#writer
      .statement(`SELECT replica, seq FROM ops WHERE tbl = ? AND row_id = ? AND field = '${CREATE_FIELD}'`)
      .all(table, rowId) as Array<{ replica: string; seq: number }>;
    if (tableSpec(table).bulk) {
      const row = this.#writer.statement(`SELECT created_by FROM ${table} WHERE id = ?`).get(rowId) as { created_by: string | null } | undefined;
      if (row?.created_by) {
        const [replica, seq] = splitOpId(row.created_by);
        ops.push({ replica, seq });
      }
    }
    return ops;
  }

  #allHeads(table: string, rowId: string): string[] {
    const rows = this.#writer
      .statement('SELECT replica, seq FROM heads WHERE tbl = ? AND row_id = ?')
      .all(table, rowId) as Array<{ replica: string; seq: number }>;
    const ids = [...rows, ...this.#creationOps(table, rowId)].map((r) => `${r.replica}:${r.seq}`);
    return [...new Set(ids)].sort();
  }

  #setHeads(table: string, rowId: string, field: string, opIds: string[]): void {
    this.#writer.statement('DELETE FROM heads WHERE tbl = ? AND row_id = ? AND field = ?').run(table, rowId, field);
    const insert = this.#writer.statement('INSERT INTO heads (tbl, row_id, field, replica, seq) VALUES (?, ?, ?, ?, ?)');
    for (const opId of opIds) {
      const [replica, seq] = splitOpId(opId);
      insert.run(table, rowId, field, replica, seq);
    }
  }

  #readRow(table: SyncTableName, id: string): Record<string, unknown> | undefined {
    return this.#writer.statement(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
  }
}

export function splitOpId(opId: string): [string, number] {
  const colon = opId.lastIndexOf(':');
  return [opId.slice(0, colon), Number(opId.slice(colon + 1))];
}

function tableSpec(table: string): TableSpec {
  if (!Object.hasOwn(SYNC_TABLES, table)) throw new Error(`Unbekannte Tabelle: ${table}`);
  return SYNC_TABLES[table as SyncTableName];
}

function validateFields(
  table: string,
  fields: Record<string, FieldSpec>,
  values: FieldValues,
  complete: boolean,
): FieldValues {
  const clean: FieldValues = {};
  for (const [field, value] of Object.entries(values)) {
    const spec = fields[field];
    if (!spec) throw new Error(`Unbekanntes Feld ${table}.${field}`);
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) {
      throw new UserFacingError('invalid-value', `Ungültiger Wert für ${table}.${field}: ${parsed.error.issues[0]?.message ?? ''}`);
    }
    clean[field] = parsed.data;
  }
  if (complete) {
    for (const field of Object.keys(fields)) {
      if (!(field in clean)) {
        const nullable = fields[field]!.schema.safeParse(null).success;
        if (!nullable) throw new Error(`Pflichtfeld ${table}.${field} fehlt`);
        clean[field] = null;
      }
    }
  }
  return clean;
}

function deriveColumns(table: string, values: FieldValues): Record<string, unknown> {
  const derivations = DERIVED_COLUMNS[table];
  if (!derivations) return {};
  let derived: Record<string, unknown> = {};
  for (const [field, derive] of Object.entries(derivations)) {
    if (field in values) derived = { ...derived, ...derive(values[field]) };
  }
  return derived;
}

function toColumn(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return spec.kind === 'json' ? JSON.stringify(value) : value;
}

function fromColumn(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return spec.kind === 'json' ? JSON.parse(String(value)) : value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
