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
import { fromColumn, toColumn } from './column-value.ts';
import { writeBulkBlobColumns } from './bulk-blob.ts';
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
    const { spec, fields } = bulkTable(table, this.#writer.blobDirectory);
    const list = Array.isArray(rows) ? (rows as Array<{ id: string; values: FieldValues }>) : [...rows];
    const count = list.length;
    const ids = new Array<string>(count);
    const columns = fields.map(() => new Array<unknown>(count));
    for (let r = 0; r < count; r++) {
      const row = list[r]!;
      const problem = spec.bulk.check(row.values);
      if (problem !== null) throw invalidBulkRow(table, problem, row.id);
      ids[r] = row.id;
      for (let c = 0; c < fields.length; c++) {
        const value = row.values[fields[c]!];
        columns[c]![r] = value === undefined ? null : value;
      }
    }
    return this.#bulkWrite(table, spec, fields, columns, count, ids, (r) => list[r]!.values);
  }

  /**
   * The same as bulkInsert for rows given column-wise (`columns[field][i]` is row i's value; every
   * field present, null rather than undefined) whose ids follow from their fields (the table's
   * `idOf`). A million values then cost no object per row; rows, ids, ops and blob are the same.
   */
  bulkInsertColumns(table: SyncTableName, columns: Record<string, unknown[]>): BulkOutcome {
    const { spec, fields } = bulkTable(table, this.#writer.blobDirectory);
    if (!spec.bulk.idOf) throw new Error(`${table}: Kennungen folgen nicht aus den Feldern; bitte bulkInsert mit Kennungen verwenden`);
    for (const name of Object.keys(columns)) if (!fields.includes(name)) throw new Error(`Unbekanntes Feld ${table}.${name}`);
    const list = fields.map((field) => {
      const column = columns[field];
      if (!column) throw new Error(`Pflichtfeld ${table}.${field} fehlt`);
      return column;
    });
    const count = list[0]?.length ?? 0;
    if (list.some((column) => column.length !== count)) throw new Error(`${table}: Spalten verschiedener Länge`);
    return this.#bulkWrite(table, spec, fields, list, count, null, (r) => Object.fromEntries(fields.map((field, c) => [field, list[c]![r]])));
  }

  /**
   * The one loop behind both: per row (with `ids` null) fill one reused object, check it, derive
   * its id; then insert with one prepared statement and one reused parameter array.
   */
  #bulkWrite(
    table: SyncTableName,
    spec: BulkTableSpec,
    fields: string[],
    columns: unknown[][],
    count: number,
    ids: string[] | null,
    valuesOf: (row: number) => FieldValues,
  ): BulkOutcome {
    const { check, idOf } = spec.bulk;
    const width = fields.length;
    const creator = `${this.#replica}:${this.#writer.peekSeq()}`;
    const insert = this.#writer.statement(
      `INSERT INTO ${table} (id, ${fields.join(', ')}, created_by) VALUES (${['id', ...fields, 'created_by'].map(() => '?').join(', ')}) ON CONFLICT (id) DO NOTHING`,
    );
    const params = new Array<unknown>(width + 2).fill(null);
    params[width + 1] = creator;
    // One object for every row: check and idOf see the row's fields, nothing else.
    const values: FieldValues = Object.fromEntries(fields.map((field) => [field, null]));
    const checks = new ColumnChecks(fields, check);
    // Row ids are left out of the blob when every created row's id follows from its fields.
    let idsDerived = idOf !== undefined;
    const existing: number[] = [];
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < width; c++) {
        const value = columns[c]![r];
        if (ids === null && value === undefined) throw new Error(`${table}.${fields[c]!}: null statt undefined angeben`);
        values[fields[c]!] = value;
        params[c + 1] = value;
      }
      let id: string;
      if (ids === null) {
        if (!checks.valid(params, 1)) {
          const problem = check(values);
          if (problem !== null) throw invalidBulkRow(table, problem, idOf!(values));
          checks.learn(values);
        }
        id = idOf!(values);
      } else id = ids[r]!;
      params[0] = id;
      if (insert.run(params).changes === 1) {
        if (idsDerived && ids !== null && idOf!(values) !== id) idsDerived = false;
      } else existing.push(r);
    }
    const created = count - existing.length;
    if (created > 0) {
      const keep = existing.length === 0 ? null : createdMask(count, existing);
      const pick = (column: unknown[]) => (keep === null ? column : column.filter((_, r) => keep[r] === 1));
      const blob = writeBulkBlobColumns(this.#writer.blobDirectory!, table, fields, idsDerived ? null : pick(ids!), columns.map(pick), created);
      const opId = this.#appendOp(table, `bulk:${blob}`, BULK_FIELD, { blob, rows: created, fields }, [], null);
      if (opId !== creator) throw new Error(`Interner Fehler: Sammel-Op ${opId} statt ${creator}`);
    }
    const outcome: BulkOutcome = { created, updated: 0, unchanged: 0, restored: 0 };
    for (const r of existing) {
      const id = ids === null ? idOf!(valuesOf(r)) : ids[r]!;
      const result = this.upsert(table, id, valuesOf(r));
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

  /**
   * Resolves a conflict of one field: writes `value` even when the row already shows it, naming
   * every current head as predecessor, so the conflict closes wherever this op arrives.
   */
  resolveField(table: SyncTableName, id: string, field: string, value: unknown): void {
    const spec = tableSpec(table);
    const clean = validateFields(table, spec.fields, { [field]: value }, false);
    if (!this.#readRow(table, id)) throw new UserFacingError('not-found', `Der Datensatz ${id} (${table}) existiert nicht.`);
    const stamp = this.#appendOp(table, id, field, clean[field], this.#heads(table, id, field), null);
    this.#setHeads(table, id, field, [stamp]);
    const derived = deriveColumns(table, clean);
    const assignments = [field, ...Object.keys(derived)].map((c) => `${c} = ?`).join(', ');
    this.#writer.statement(`UPDATE ${table} SET ${assignments} WHERE id = ?`).run(toColumn(spec.fields[field]!, clean[field]), ...Object.values(derived), id);
  }

  /**
   * Resolves a delete/edit conflict: restore (false) or confirm the delete (true), written even
   * when the row already shows that state; a confirmation names every head it saw.
   */
  resolveDeleted(table: SyncTableName, id: string, deleted: boolean): void {
    tableSpec(table);
    if (!this.#readRow(table, id)) throw new UserFacingError('not-found', `Der Datensatz ${id} (${table}) existiert nicht.`);
    const seen = deleted ? this.#allHeads(table, id) : null;
    const stamp = this.#appendOp(table, id, DELETED_FIELD, deleted, this.#heads(table, id, DELETED_FIELD), seen);
    this.#setHeads(table, id, DELETED_FIELD, [stamp]);
    this.#writer.statement(`UPDATE ${table} SET deleted = ? WHERE id = ?`).run(deleted ? 1 : 0, id);
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

type BulkTableSpec = TableSpec & { bulk: NonNullable<TableSpec['bulk']> };

function bulkTable(table: SyncTableName, blobDirectory: string | null): { spec: BulkTableSpec; fields: string[] } {
  const spec = tableSpec(table);
  if (!spec.bulk) throw new Error(`${table} nimmt keine Sammellieferungen an`);
  if (!blobDirectory) throw new Error('ChangeWriter ohne Blob-Verzeichnis: Sammellieferungen brauchen eines');
  return { spec: spec as BulkTableSpec, fields: Object.keys(spec.fields) };
}

function invalidBulkRow(table: string, field: string, id: string): UserFacingError {
  return new UserFacingError('invalid-value', `Ungültiger Wert für ${table}.${field} in Datensatz ${id}`);
}

/**
 * The bulk check of rows given column-wise, each distinct value once. A table's bulk check accepts
 * exactly what its field schemas accept (shared/sync/tables.ts; a property test holds them equal)
 * and each schema judges one field, so a row is valid when each of its values is valid for its
 * field. A value not seen before is checked in a row known to be valid (the probe) with only that
 * value put in; valid values are remembered (a million values have a few hundred distinct ids and
 * periods). Whatever this cannot vouch for goes through the full check of the row.
 */
const UNSEEN = Object.freeze({});

class ColumnChecks {
  /** Distinct values remembered per column; beyond that, new values are checked every time. */
  private static readonly LIMIT = 1 << 16;
  readonly #fields: string[];
  readonly #check: (values: FieldValues) => string | null;
  readonly #known: Array<Set<unknown>>;
  /** Per column the last value known valid (a unique marker until there is one). */
  readonly #last: unknown[];
  #probe: FieldValues | null = null;

  constructor(fields: string[], check: (values: FieldValues) => string | null) {
    this.#fields = fields;
    this.#check = check;
    this.#known = fields.map(() => new Set());
    this.#last = fields.map(() => UNSEEN);
  }

  /**
   * True when every value of the row (`cells[from + c]` for field c) is known or shown to be
   * valid; false means: check the row.
   */
  valid(cells: unknown[], from: number): boolean {
    const probe = this.#probe;
    if (probe === null) return false;
    const last = this.#last;
    for (let c = 0; c < last.length; c++) {
      const value = cells[from + c];
      // Sorted deliveries repeat the previous row's indicator and period.
      if (value === last[c] || this.#known[c]!.has(value)) continue;
      const field = this.#fields[c]!;
      const kept = probe[field];
      probe[field] = value;
      const problem = this.#check(probe);
      probe[field] = kept;
      if (problem !== null) return false;
      const known = this.#known[c]!;
      if (known.size < ColumnChecks.LIMIT) known.add(value);
      last[c] = value;
    }
    return true;
  }

  /** A row that passed the full check: the first becomes the probe, and its values are known. */
  learn(values: FieldValues): void {
    this.#probe ??= { ...values };
    for (let c = 0; c < this.#fields.length; c++) {
      const value = values[this.#fields[c]!];
      const known = this.#known[c]!;
      if (known.size < ColumnChecks.LIMIT) known.add(value);
      this.#last[c] = value;
    }
  }
}

/** 1 for the rows a bulk write created, 0 for those that already existed. */
function createdMask(count: number, existing: number[]): Uint8Array {
  const mask = new Uint8Array(count).fill(1);
  for (const r of existing) mask[r] = 0;
  return mask;
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
        // A field with a default (added in a later schema) takes it; a nullable one is null.
        const fallback = fields[field]!.schema.safeParse(undefined);
        if (fallback.success && fallback.data !== undefined) {
          clean[field] = fallback.data;
          continue;
        }
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

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
