import type { FieldSpec } from '../../../shared/sync/tables.ts';

/** A field's value as SQLite stores it: JSON fields as text, null for a missing value. */
export function toColumn(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return spec.kind === 'json' ? JSON.stringify(value) : value;
}

/** The value of a field read back from its column (the inverse of toColumn). */
export function fromColumn(spec: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return spec.kind === 'json' ? JSON.parse(String(value)) : value;
}
