import { z } from 'zod';
import { BULK_FIELD, CREATE_FIELD, DELETED_FIELD, SYNC_TABLES, isSyncTable, type SyncTableName } from '../sync/tables.ts';
import { REPLICA_PATTERN, SHA256_PATTERN } from './manifest.ts';

/** One line of ops.jsonl: a field write (or a creation, a delete/restore, a bulk delivery). */
export interface ExchangeOp {
  replica: string;
  seq: number;
  hlc: string;
  table: SyncTableName;
  row: string;
  field: string;
  value: unknown;
  pred: string[];
  seen: string[] | null;
}

const OP_ID = /^[0-9a-z]{1,64}:[1-9]\d{0,14}$/;
const HLC_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-z]{4}-([0-9a-z]{1,64})$/;
// Row ids: UUIDs, SHA-256 (attachments), "<uuid>|<uuid>|<period>" (values), "bulk:<sha256>".
const ROW_ID = /^[0-9A-Za-z:|._-]{1,200}$/;

const opLineSchema = z.strictObject({
  replica: z.string().regex(REPLICA_PATTERN),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  hlc: z.string().regex(HLC_TEXT),
  table: z.string().max(64),
  row: z.string().regex(ROW_ID),
  field: z.string().max(64),
  value: z.unknown(),
  pred: z.array(z.string().regex(OP_ID)).max(1000),
  seen: z.array(z.string().regex(OP_ID)).max(10_000).nullable(),
});

export const bulkValueSchema = z.strictObject({
  blob: z.string().regex(SHA256_PATTERN),
  rows: z.number().int().positive(),
  fields: z.array(z.string()),
});
export type BulkValue = z.infer<typeof bulkValueSchema>;

/**
 * Checks one op against the allow-list (table, field) and the field's value schema. Returns the
 * op or a German reason; nothing of a rejected op is ever used, and table and field names of an
 * accepted op are the allow-list's own strings.
 */
export function parseExchangeOp(raw: unknown): { op: ExchangeOp } | { problem: string } {
  const line = opLineSchema.safeParse(raw);
  if (!line.success) return { problem: `Aufbau ungültig (${line.error.issues[0]?.path.join('.') || 'Zeile'})` };
  const { replica, hlc, table, field, value, row } = line.data;
  if (HLC_TEXT.exec(hlc)![1] !== replica) return { problem: 'Zeitstempel gehört zu einer anderen Installation' };
  if (!isSyncTable(table)) return { problem: `unbekannte Tabelle „${table.slice(0, 40)}“` };
  const spec = SYNC_TABLES[table];
  const fields: Record<string, { schema: z.ZodType }> = spec.fields;
  if (field === CREATE_FIELD) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: `${table}: Anlage ohne Feldwerte` };
    for (const [name, fieldValue] of Object.entries(value)) {
      if (!Object.hasOwn(fields, name)) return { problem: `unbekanntes Feld ${table}.${name.slice(0, 40)}` };
      if (!fields[name]!.schema.safeParse(fieldValue).success) return { problem: `ungültiger Wert für ${table}.${name}` };
    }
    for (const name of Object.keys(fields)) {
      if (!(name in value) && !fields[name]!.schema.safeParse(undefined).success && !fields[name]!.schema.safeParse(null).success) {
        return { problem: `Pflichtfeld ${table}.${name} fehlt` };
      }
    }
  } else if (field === DELETED_FIELD) {
    if (typeof value !== 'boolean') return { problem: `${table}: Löschvermerk ist kein Wahrheitswert` };
  } else if (field === BULK_FIELD) {
    if (!('bulk' in spec)) return { problem: `${table} nimmt keine Sammellieferungen an` };
    const bulk = bulkValueSchema.safeParse(value);
    if (!bulk.success) return { problem: `${table}: Sammellieferung ungültig` };
    if (bulk.data.fields.join('|') !== Object.keys(fields).join('|')) return { problem: `${table}: Sammellieferung mit fremden Feldern` };
    if (row !== `bulk:${bulk.data.blob}`) return { problem: `${table}: Sammellieferung mit falscher Kennung` };
  } else {
    if (!Object.hasOwn(fields, field)) return { problem: `unbekanntes Feld ${table}.${field.slice(0, 40)}` };
    if (!fields[field]!.schema.safeParse(value).success) return { problem: `ungültiger Wert für ${table}.${field}` };
  }
  if (field !== DELETED_FIELD && line.data.seen !== null) return { problem: 'nur Löschungen dürfen „gesehen“ tragen' };
  // The allow-list's own strings from here on: nothing from the file becomes an identifier.
  const allowedTable = Object.keys(SYNC_TABLES).find((name) => name === table) as SyncTableName;
  return { op: { ...line.data, table: allowedTable } };
}
