import type { Database, Statement } from 'better-sqlite3';
import { BULK_FIELD, CREATE_FIELD, DELETED_FIELD, SYNC_TABLES, type FieldSpec, type SyncTableName } from '../../../shared/sync/tables.ts';
import { fromColumn, toColumn } from '../sync/column-value.ts';
import { DERIVED_COLUMNS } from '../sync/derived-columns.ts';
import { splitOpId } from '../sync/change-writer.ts';
import { equalCreations, rowConflicts, type ConflictRecord, type Candidate } from './row-conflicts.ts';

/** Rows of a bulk delivery by row id, or null when the blob is nowhere to be found. */
export type BulkSource = (table: SyncTableName, blob: string) => Map<string, Record<string, unknown>> | null;

export type RowOutcome = 'created' | 'updated' | 'deleted' | 'restored' | 'unchanged' | 'pending';

export interface RowResult {
  outcome: RowOutcome;
  opened: ConflictRecord[];
  closed: number;
}

/** One op of the row, its JSON already parsed. */
export interface RowOp {
  replica: string;
  seq: number;
  hlc: string;
  field: string;
  value: unknown;
  pred: string[];
  seen: string[] | null;
}

interface Creator {
  id: string;
  hlc: string;
  values: Record<string, unknown>;
  bulk: boolean;
}

/**
 * Recomputes one row from every op known for it: per field the heads (ops no known op names as
 * predecessor), the value of the newest head, the open conflicts; then writes row, heads and
 * conflicts where they differ. A pure function of the op set, so every laptop that knows the
 * same ops shows the same row, whatever order they arrived in.
 */
export class Materialiser {
  readonly #db: Database;
  readonly #bulkSource: BulkSource;
  readonly #statements = new Map<string, Statement>();
  readonly #now: () => string;

  constructor(db: Database, bulkSource: BulkSource, now: () => string = () => new Date().toISOString()) {
    this.#db = db;
    this.#bulkSource = bulkSource;
    this.#now = now;
  }

  /**
   * `newRow`: the caller knows this row has nothing in the database yet — no row, no op before
   * the ones given (already in `ops` too), so no heads, conflicts or extra creators — and passes
   * its ops as parsed from the file: nothing is read back. Not for bulk tables. The result is the
   * same as recomputing from the database (the same code below decides).
   */
  recompute(table: SyncTableName, rowId: string, newRow?: readonly RowOp[]): RowResult {
    const spec = SYNC_TABLES[table];
    const fieldSpecs: Record<string, FieldSpec> = spec.fields;
    const fields = Object.keys(fieldSpecs);
    const isBulk = 'bulk' in spec;
    if (newRow && isBulk) throw new Error(`${table}: Sammeltabellen werden aus der Datenbank neu berechnet`);
    const ops: readonly RowOp[] = newRow ?? this.#storedOps(table, rowId);
    const existing = newRow ? undefined : (this.#statement(`SELECT * FROM ${table} WHERE id = ?`).get(rowId) as Record<string, unknown> | undefined);
    const creators: Creator[] = ops
      .filter((op) => op.field === CREATE_FIELD)
      .map((op) => ({ id: `${op.replica}:${op.seq}`, hlc: op.hlc, values: withDefaults(fieldSpecs, op.value as Record<string, unknown>), bulk: false }));
    const bulkCreators = isBulk ? this.#bulkCreators(table, rowId, existing) : [];
    creators.push(...bulkCreators);
    if (creators.length === 0) {
      if (!existing) return { outcome: 'pending', opened: [], closed: 0 };
      // A row from before the change log (written by a migration): its columns are its creation.
      creators.push({ id: '', hlc: '', values: Object.fromEntries(fields.map((f) => [f, fromColumn(fieldSpecs[f]!, existing[f])])), bulk: false });
    }
    const byField = new Map<string, Candidate[]>();
    for (const op of ops) {
      if (op.field === CREATE_FIELD || op.field === BULK_FIELD) continue;
      const list = byField.get(op.field) ?? [];
      list.push({ id: `${op.replica}:${op.seq}`, replica: op.replica, hlc: op.hlc, value: op.value, pred: op.pred, seen: op.seen, creator: false });
      byField.set(op.field, list);
    }
    const heads = new Map<string, Candidate[]>();
    const candidatesOf = new Map<string, Candidate[]>();
    for (const field of [...fields, DELETED_FIELD]) {
      const own = byField.get(field) ?? [];
      const candidates: Candidate[] = [
        ...creators.map((c) => ({ id: c.id, replica: splitOpId(c.id)[0], hlc: c.hlc, value: field === DELETED_FIELD ? false : c.values[field], pred: [], seen: null, creator: true })),
        ...own,
      ];
      // Creations of one row on two laptops with the same value (an official key imported on both)
      // are one write: an edit made after either supersedes both.
      const superseded = new Set(own.flatMap((op) => op.pred).flatMap((id) => equalCreations(candidates, id)));
      let fieldHeads = candidates.filter((c) => !superseded.has(c.id)).sort(newestFirst);
      // Only a forged cycle of predecessors leaves no head: fall back to the newest op.
      if (fieldHeads.length === 0) fieldHeads = [...candidates].sort(newestFirst).slice(0, 1);
      heads.set(field, fieldHeads);
      candidatesOf.set(field, candidates);
    }
    const found = rowConflicts(table, rowId, fields, heads, candidatesOf);
    const deleteConflict = found.some((c) => c.kind === 'delete');
    const values = Object.fromEntries(fields.map((f) => [f, heads.get(f)![0]!.value]));
    const deleted = deleteConflict ? false : heads.get(DELETED_FIELD)![0]!.value === true;
    // A deleted record's field conflicts wait: nobody should have to decide about what is gone.
    // Restoring it brings them back (they follow from the ops).
    const conflicts = deleted ? found.filter((c) => c.field === DELETED_FIELD) : found;

    bulkCreators.sort(newestFirst).reverse();
    const createdBy = bulkCreators[0]?.id ?? null;
    const outcome = this.#writeRow(table, rowId, fieldSpecs, values, deleted, existing, isBulk, createdBy);
    if (isBulk) this.#writeExtraCreators(table, rowId, bulkCreators.slice(1).map((c) => c.id));
    const fallback = new Set([...creators.filter((c) => !c.bulk && c.id !== '').map((c) => c.id), ...(createdBy ? [createdBy] : [])]);
    this.#writeHeads(table, rowId, heads, fallback, newRow !== undefined);
    const { opened, closed } = this.#writeConflicts(table, rowId, conflicts, newRow !== undefined);
    return { outcome, opened, closed };
  }

  #storedOps(table: SyncTableName, rowId: string): RowOp[] {
    const rows = this.#statement('SELECT replica, seq, hlc, field, value, pred, seen FROM ops WHERE tbl = ? AND row_id = ?').all(table, rowId) as Array<{
      replica: string;
      seq: number;
      hlc: string;
      field: string;
      value: string;
      pred: string;
      seen: string | null;
    }>;
    // A bulk op's value is read where it is needed (#bulkCreators); it never heads a field.
    return rows.map((op) => ({
      ...op,
      value: op.field === BULK_FIELD ? null : (JSON.parse(op.value) as unknown),
      pred: JSON.parse(op.pred) as string[],
      seen: op.seen === null ? null : (JSON.parse(op.seen) as string[]),
    }));
  }

  /** Bulk ops that created this row: the one in created_by and any listed in row_creators. */
  #bulkCreators(table: SyncTableName, rowId: string, existing: Record<string, unknown> | undefined): Creator[] {
    const ids = (this.#statement('SELECT replica, seq FROM row_creators WHERE tbl = ? AND row_id = ?').all(table, rowId) as Array<{ replica: string; seq: number }>).map(
      (r) => `${r.replica}:${r.seq}`,
    );
    if (typeof existing?.created_by === 'string') ids.push(existing.created_by);
    const creators: Creator[] = [];
    for (const id of new Set(ids)) {
      const [replica, seq] = splitOpId(id);
      const op = this.#statement('SELECT hlc, value FROM ops WHERE replica = ? AND seq = ?').get(replica, seq) as { hlc: string; value: string } | undefined;
      if (!op) continue;
      const blob = (JSON.parse(op.value) as { blob: string }).blob;
      const values = this.#bulkSource(table, blob)?.get(rowId);
      if (!values) throw new Error(`Sammellieferung ${blob.slice(0, 12)}… fehlt oder enthält ${rowId} nicht`);
      creators.push({ id, hlc: op.hlc, values, bulk: true });
    }
    return creators;
  }

  #writeRow(
    table: SyncTableName,
    rowId: string,
    specs: Record<string, FieldSpec>,
    values: Record<string, unknown>,
    deleted: boolean,
    existing: Record<string, unknown> | undefined,
    isBulk: boolean,
    createdBy: string | null,
  ): RowOutcome {
    const fields = Object.keys(specs);
    const columns = Object.fromEntries(fields.map((f) => [f, toColumn(specs[f]!, values[f])]));
    const derivations = DERIVED_COLUMNS[table] ?? {};
    if (!existing) {
      const derived = Object.assign({}, ...Object.entries(derivations).map(([f, derive]) => derive(values[f]))) as Record<string, unknown>;
      const names = ['id', ...fields, 'deleted', ...(isBulk ? ['created_by'] : []), ...Object.keys(derived)];
      const params = [rowId, ...fields.map((f) => columns[f]), deleted ? 1 : 0, ...(isBulk ? [createdBy] : []), ...Object.values(derived)];
      this.#statement(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...params);
      return 'created';
    }
    const changed = fields.filter((f) => existing[f] !== columns[f]);
    const set: Record<string, unknown> = Object.fromEntries(changed.map((f) => [f, columns[f]]));
    for (const f of changed) if (derivations[f]) Object.assign(set, derivations[f](values[f]));
    const wasDeleted = existing.deleted === 1;
    if (wasDeleted !== deleted) set.deleted = deleted ? 1 : 0;
    if (isBulk && existing.created_by !== createdBy) set.created_by = createdBy;
    const names = Object.keys(set);
    if (names.length > 0) {
      this.#statement(`UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...Object.values(set), rowId);
    }
    if (!wasDeleted && deleted) return 'deleted';
    if (wasDeleted && !deleted) return 'restored';
    return changed.length > 0 ? 'updated' : 'unchanged';
  }

  #writeExtraCreators(table: string, rowId: string, ids: string[]): void {
    this.#statement('DELETE FROM row_creators WHERE tbl = ? AND row_id = ?').run(table, rowId);
    for (const id of ids) this.#statement('INSERT INTO row_creators (tbl, row_id, replica, seq) VALUES (?, ?, ?, ?)').run(table, rowId, ...splitOpId(id));
  }

  /**
   * Heads are stored where they differ from the row's creators (the ChangeWriter falls back to
   * those), so a local edit after a merge names exactly the heads it saw as predecessors.
   */
  #writeHeads(table: string, rowId: string, heads: Map<string, Candidate[]>, fallback: Set<string>, newRow: boolean): void {
    const current = newRow
      ? []
      : (this.#statement('SELECT field, replica, seq FROM heads WHERE tbl = ? AND row_id = ?').all(table, rowId) as Array<{ field: string; replica: string; seq: number }>);
    for (const [field, list] of heads) {
      const ids = list.map((h) => h.id).filter((id) => id !== '');
      const desired = ids.length === fallback.size && ids.every((id) => fallback.has(id)) ? [] : [...ids].sort();
      const stored = current.filter((h) => h.field === field).map((h) => `${h.replica}:${h.seq}`).sort();
      if (stored.join(',') === desired.join(',')) continue;
      this.#statement('DELETE FROM heads WHERE tbl = ? AND row_id = ? AND field = ?').run(table, rowId, field);
      for (const id of desired) this.#statement('INSERT INTO heads (tbl, row_id, field, replica, seq) VALUES (?, ?, ?, ?, ?)').run(table, rowId, field, ...splitOpId(id));
    }
  }

  #writeConflicts(table: string, rowId: string, conflicts: ConflictRecord[], newRow: boolean): { opened: ConflictRecord[]; closed: number } {
    const stored = newRow
      ? []
      : (this.#statement('SELECT field, kind, heads, ancestor FROM conflicts WHERE tbl = ? AND row_id = ?').all(table, rowId) as Array<{
          field: string;
          kind: string;
          heads: string;
          ancestor: string | null;
        }>);
    const key = (field: string, kind: string) => `${kind}\u0000${field}`;
    const wanted = new Map(conflicts.map((c) => [key(c.field, c.kind), c]));
    let closed = 0;
    for (const row of stored) {
      if (wanted.has(key(row.field, row.kind))) continue;
      this.#statement('DELETE FROM conflicts WHERE tbl = ? AND row_id = ? AND field = ? AND kind = ?').run(table, rowId, row.field, row.kind);
      closed += 1;
    }
    const opened: ConflictRecord[] = [];
    for (const conflict of conflicts) {
      const before = stored.find((s) => s.field === conflict.field && s.kind === conflict.kind);
      const heads = JSON.stringify(conflict.heads);
      const ancestor = conflict.ancestor === null ? null : JSON.stringify(conflict.ancestor);
      if (before && before.heads === heads && before.ancestor === ancestor) continue;
      if (!before) opened.push(conflict);
      this.#statement(
        `INSERT INTO conflicts (tbl, row_id, field, kind, heads, ancestor, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tbl, row_id, field, kind) DO UPDATE SET heads = excluded.heads, ancestor = excluded.ancestor`,
      ).run(table, rowId, conflict.field, conflict.kind, heads, ancestor, this.#now());
    }
    return { opened, closed };
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

/** Newest first by HLC (unique per op: it ends in the replica id); ties only between equal ops. */
export function newestFirst(a: { hlc: string; id: string }, b: { hlc: string; id: string }): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A creation may leave out fields added in later schemas: they take their default, else null. */
function withDefaults(specs: Record<string, FieldSpec>, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(specs)) {
    if (Object.hasOwn(values, field)) out[field] = values[field];
    else {
      const fallback = spec.schema.safeParse(undefined);
      out[field] = fallback.success && fallback.data !== undefined ? fallback.data : null;
    }
  }
  return out;
}
