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
    },
  },
  attachments: {
    fields: {
      name: text(z.string().max(300)),
      mime: text(z.string().max(100)),
      size: { kind: 'integer', schema: z.number().int().nonnegative() },
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
