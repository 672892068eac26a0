import { z } from 'zod';

/**
 * The allow-list of everything that is written through the change log and travels between
 * laptops: tables, their fields and each field's value schema. SQL identifiers in the write
 * path come only from here, never from data.
 */
export type FieldKind = 'text' | 'integer' | 'real' | 'json' | 'ref';

export interface FieldSpec {
  kind: FieldKind;
  schema: z.ZodType;
}

export interface TableSpec {
  fields: Record<string, FieldSpec>;
  /**
   * Tables that receive bulk deliveries (a million values): rows may be created by one op for a
   * whole batch (see ChangeWriter.bulkInsert). `check` must accept exactly what the field schemas
   * accept — it replaces per-field zod parsing on that hot path (a property test holds them equal).
   */
  bulk?: {
    check(values: Record<string, unknown>): string | null;
    /** Where a row's id follows from its fields, bulk blobs need not carry it. */
    idOf?(values: Record<string, unknown>): string;
  };
}

const text = (schema: z.ZodType = z.string()): FieldSpec => ({ kind: 'text', schema });
const optionalText: FieldSpec = { kind: 'text', schema: z.string().nullable() };
const isoDate: FieldSpec = {
  kind: 'text',
  schema: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
};
const ref = (nullable = false): FieldSpec => ({
  kind: 'ref',
  schema: nullable ? z.uuid().nullable() : z.uuid(),
});
const real: FieldSpec = { kind: 'real', schema: z.number().finite() };
const jsonObject: FieldSpec = { kind: 'json', schema: z.record(z.string(), z.unknown()) };
const integer = (schema: z.ZodType = z.number().int()): FieldSpec => ({ kind: 'integer', schema });

export const VALUE_FLAGS = ['missing', 'suppressed', 'estimated', 'provisional'] as const;
/** A facility proper, or a resource/potential of the neighbourhood (rooms, volunteers, a network). */
export const FACILITY_KINDS = ['facility', 'resource'] as const;
/** Step-free access: fully, partly, not. */
export const ACCESSIBILITY = ['full', 'partial', 'none'] as const;
const contactSchema = z.strictObject({
  person: z.string().max(200).optional(),
  phone: z.string().max(100).optional(),
  email: z.string().max(200).optional(),
  website: z.string().max(500).optional(),
});
export const POLARITIES = ['need', 'better', 'neutral'] as const;
/** A year ("2021") or a reference date ("2021-12-31"). */
export const PERIOD_PATTERN = /^\d{4}(-\d{2}-\d{2})?$/;
// The same pattern z.uuid() uses, so the fast check and the schema agree.
const UUID_PATTERN = z.regexes.uuid();
const FLAG_SET = new Set<unknown>([...VALUE_FLAGS, null]);

/** A value is identified by what it is about: equal on every laptop, readable in the log. */
export function indicatorValueId(indicatorId: string, unitId: string, period: string): string {
  return `${indicatorId}|${unitId}|${period}`;
}

function checkIndicatorValue(values: Record<string, unknown>): string | null {
  const { indicator_id, unit_id, period, value, flag } = values;
  if (typeof indicator_id !== 'string' || !UUID_PATTERN.test(indicator_id)) return 'indicator_id';
  if (typeof unit_id !== 'string' || !UUID_PATTERN.test(unit_id)) return 'unit_id';
  if (typeof period !== 'string' || !PERIOD_PATTERN.test(period)) return 'period';
  if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) return 'value';
  if (!FLAG_SET.has(flag)) return 'flag';
  for (const key of Object.keys(values)) if (!(key in SYNC_TABLES.indicator_values.fields)) return key;
  return null;
}

export const SYNC_TABLES = {
  spatial_levels: {
    fields: {
      key: text(z.string().min(1).max(64)),
      name: text(z.string().min(1).max(200)),
      rank: { kind: 'integer', schema: z.number().int() },
    },
  },
  spatial_units: {
    fields: {
      level_id: ref(),
      code: text(z.string().min(1).max(100)),
      name: text(z.string().max(300)),
      parent_id: ref(true),
      /** GeoJSON Polygon or MultiPolygon in WGS84, as a JSON string. */
      geometry: text(z.string().min(10)),
      valid_from: isoDate,
      valid_to: isoDate,
      attributes: jsonObject,
    },
  },
  facility_categories: {
    fields: {
      key: text(z.string().min(1).max(64)),
      name: text(z.string().min(1).max(200)),
      color: text(z.string().regex(/^#[0-9a-fA-F]{6}$/)),
      icon: optionalText,
      /** Since schema 3: the group a category is listed under ("Bildung und Betreuung"). */
      group_name: { kind: 'text', schema: z.string().max(200).nullable() },
      /** Since schema 3: the usual unit of its facilities' capacity ("Plätze", "Schüler:innen"). */
      capacity_unit: { kind: 'text', schema: z.string().max(50).nullable() },
    },
  },
  facilities: {
    fields: {
      category_id: ref(),
      name: text(z.string().max(300)),
      address: optionalText,
      lon: real,
      lat: real,
      valid_from: isoDate,
      valid_to: isoDate,
      attributes: jsonObject,
      // Since schema 3. Fields with a default may be left out (older replicas do not know them).
      kind: text(z.enum(FACILITY_KINDS).default('facility')),
      /** What a resource or potential offers (rooms, volunteers, a network). */
      resource_description: { kind: 'text', schema: z.string().max(5000).nullable() },
      /** The Träger by name ("AWO Gelsenkirchen") and by type ("freie Wohlfahrtspflege"). */
      operator: { kind: 'text', schema: z.string().max(300).nullable() },
      operator_type: { kind: 'text', schema: z.string().max(100).nullable() },
      capacity: { kind: 'real', schema: z.number().finite().nonnegative().nullable() },
      capacity_unit: { kind: 'text', schema: z.string().max(50).nullable() },
      target_groups: { kind: 'json', schema: z.array(z.string().min(1).max(100)).max(30).default([]) },
      accessibility: text(z.enum(ACCESSIBILITY).nullable()),
      contact: { kind: 'json', schema: contactSchema.default({}) },
      opening_hours: { kind: 'text', schema: z.string().max(1000).nullable() },
      source: { kind: 'text', schema: z.string().max(1000).nullable() },
      notes: { kind: 'text', schema: z.string().max(5000).nullable() },
      /** Attachment ids (SHA-256) of photos, in display order. */
      photos: { kind: 'json', schema: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(50).default([]) },
      archived: integer(z.union([z.literal(0), z.literal(1)]).default(0)),
    },
  },
  attachments: {
    fields: {
      name: text(z.string().max(300)),
      mime: text(z.string().max(100)),
      size: { kind: 'integer', schema: z.number().int().nonnegative() },
    },
  },
  indicator_topics: {
    fields: {
      key: text(z.string().min(1).max(64)),
      name: text(z.string().min(1).max(200)),
      parent_id: ref(true),
      rank: integer(),
    },
  },
  indicators: {
    fields: {
      code: text(z.string().min(1).max(64)),
      name: text(z.string().min(1).max(300)),
      short_name: optionalText,
      topic_id: ref(true),
      unit: optionalText,
      decimals: integer(z.number().int().min(0).max(6)),
      polarity: text(z.enum(POLARITIES)),
      kind: text(z.enum(['status', 'dynamic'])),
      measure: text(z.enum(['absolute', 'relative', 'standardised'])),
      definition: optionalText,
      formula: optionalText,
      source: optionalText,
      licence: optionalText,
      attribution: optionalText,
      update_interval: optionalText,
      reference_date_note: optionalText,
      notes: optionalText,
      tags: { kind: 'json', schema: z.array(z.string().max(100)).max(50) },
      archived: integer(z.union([z.literal(0), z.literal(1)])),
      recipe: { kind: 'json', schema: z.record(z.string(), z.unknown()).nullable() },
    },
  },
  indicator_values: {
    fields: {
      indicator_id: ref(),
      unit_id: ref(),
      period: text(z.string().regex(PERIOD_PATTERN)),
      value: { kind: 'real', schema: z.number().finite().nullable() },
      flag: text(z.enum(VALUE_FLAGS).nullable()),
    },
    bulk: { check: checkIndicatorValue, idOf: (v) => indicatorValueId(String(v.indicator_id), String(v.unit_id), String(v.period)) },
  },
  value_mappings: {
    fields: {
      name: text(z.string().min(1).max(200)),
      mapping: jsonObject,
    },
  },
} as const satisfies Record<string, TableSpec>;

export type SyncTableName = keyof typeof SYNC_TABLES;

export function isSyncTable(name: string): name is SyncTableName {
  return Object.hasOwn(SYNC_TABLES, name);
}

/** Reserved field of every synced row: a delete writes true, a restore false. */
export const DELETED_FIELD = '_deleted';
/** Field name of the op that creates a row with all its initial fields at once. */
export const CREATE_FIELD = '*';
/** Field name of the op that creates many rows at once from a content-addressed blob. */
export const BULK_FIELD = '*bulk';
