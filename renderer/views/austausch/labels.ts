import type { TFunction } from 'i18next';
import { DELETED_FIELD, SYNC_TABLES, isSyncTable } from '../../../shared/sync/tables.ts';
import { localeOf } from '../../i18n/index.ts';

/** The exchanged tables in the order a planner thinks of them (kinds in the UI). */
export const KIND_ORDER = [
  'spatial_levels',
  'spatial_units',
  'facility_categories',
  'facilities',
  'attachments',
  'indicator_topics',
  'indicators',
  'indicator_values',
  'value_mappings',
] as const;

/** „Einrichtungen“ (plural) or „Einrichtung“ (singular); unknown tables keep their name. */
export function kindLabel(t: TFunction, table: string, singular = false): string {
  if (!isSyncTable(table)) return table;
  return t(`exchange.kinds.${singular ? 'one' : 'many'}.${table}`);
}

/** Tables of a per-table record, known ones first in KIND_ORDER, the rest after. */
export function orderedKinds<T>(record: Record<string, T>): [string, T][] {
  const known = KIND_ORDER.filter((k) => Object.hasOwn(record, k)).map((k): [string, T] => [k, record[k] as T]);
  const rest = Object.entries(record).filter(([k]) => !(KIND_ORDER as readonly string[]).includes(k));
  return [...known, ...rest];
}

/** German label of a field („Kapazität“); a field without one is shown by its name. */
export function fieldLabel(t: TFunction, field: string): string {
  const key = `exchange.fields.${field === DELETED_FIELD ? 'deleted' : field}`;
  const text = t(key, { defaultValue: '' });
  return text === '' ? field : text;
}

/** Where the value of a field is a geometry (a map shape), nothing can be merged by typing. */
export function isGeometryField(field: string): boolean {
  return field === 'geometry';
}

export type FieldEditor = 'number' | 'integer' | 'text' | 'list' | null;

/** How a merged value is typed: numbers, text, a list of words; null: no merge (geometry, objects, deletion). */
export function fieldEditor(table: string, field: string, sample: unknown): FieldEditor {
  if (field === DELETED_FIELD || isGeometryField(field)) return null;
  const spec = isSyncTable(table) ? (SYNC_TABLES[table].fields as Record<string, { kind: string }>)[field] : undefined;
  const kind = spec?.kind ?? (typeof sample === 'number' ? 'real' : typeof sample === 'string' ? 'text' : 'json');
  if (kind === 'real') return 'number';
  if (kind === 'integer') return 'integer';
  if (kind === 'text') return 'text';
  if (kind === 'json' && Array.isArray(sample) && sample.every((v) => typeof v === 'string')) return 'list';
  return null;
}

/** The text an input starts with for a merge. */
export function editorText(editor: FieldEditor, value: unknown, language: string): string {
  if (value === null || value === undefined) return '';
  if (editor === 'list' && Array.isArray(value)) return value.join('; ');
  if ((editor === 'number' || editor === 'integer') && typeof value === 'number') return String(value).replace('.', language === 'en' ? '.' : ',');
  if (typeof value === 'string') return value;
  return String(value);
}

/** Typed text → the value sent, or null when it does not fit the field. */
export function parseEditorText(table: string, field: string, editor: FieldEditor, text: string): { value: unknown } | null {
  const trimmed = text.trim();
  let value: unknown;
  if (editor === 'number' || editor === 'integer') {
    if (trimmed === '') value = null;
    else {
      const normalised = trimmed.replace(/\s/g, '').replace('−', '-').replace(',', '.');
      if (!/^-?\d+(\.\d+)?$/.test(normalised)) return null;
      value = Number(normalised);
      if (editor === 'integer' && !Number.isInteger(value)) return null;
    }
  } else if (editor === 'list') {
    value = trimmed
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean);
  } else {
    value = text;
  }
  const spec = isSyncTable(table) ? (SYNC_TABLES[table].fields as Record<string, { schema: { safeParse(v: unknown): { success: boolean } } }>)[field] : undefined;
  if (!spec) return { value };
  if (spec.schema.safeParse(value).success) return { value };
  // An emptied text field means "no value" where the field allows it.
  if (editor === 'text' && trimmed === '' && spec.schema.safeParse(null).success) return { value: null };
  return null;
}

/** A value as a planner reads it: „leer“, ja/nein, German numbers, „Geometrie (geändert)“, „gelöscht“. */
export function displayValue(t: TFunction, field: string, value: unknown, language: string): string {
  if (field === DELETED_FIELD) return value === true ? t('exchange.value.deleted') : t('exchange.value.present');
  if (value === null || value === undefined || value === '') return t('exchange.value.empty');
  if (typeof value === 'boolean') return value ? t('exchange.value.yes') : t('exchange.value.no');
  if (typeof value === 'number') return new Intl.NumberFormat(localeOf(language), { maximumFractionDigits: 6 }).format(value);
  if (isGeometryField(field)) return t('exchange.value.geometry');
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return t('exchange.value.empty');
    if (value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join('; ');
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return t('exchange.value.empty');
    if ('type' in (value as object) && ('coordinates' in (value as object) || 'geometries' in (value as object))) return t('exchange.value.geometry');
    if (entries.every(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
      return entries.map(([k, v]) => `${k}: ${displayValue(t, '', v, language)}`).join('; ');
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/** Date and time in the UI language: „25.11.2026, 14:03“. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Who made a change: the colleague's name, or „dieser Laptop“. */
export function whoLabel(t: TFunction, head: { local: boolean; displayName: string }): string {
  return head.local ? t('exchange.thisLaptop') : head.displayName;
}

export function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toLocaleUpperCase('de-DE') + text.slice(1);
}
