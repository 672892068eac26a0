import type { MethodOutput } from '../../../shared/contract.ts';
import { columnsOf, parseFacilityMapping, type FacilityMappingInput, type FieldSource } from '../../../shared/facility-mapping.ts';

/**
 * What the planner has chosen so far in the facility import dialog, and how it becomes a
 * facility mapping (shared/facility-mapping.ts) for main's preview and import. Pure.
 */

export type FacilityPreview = MethodOutput<'imports.facilityPreview'>;

/** The fields the dialog maps, in the order it shows them. */
export const MAPPED_FIELDS = ['name', 'address', 'id', 'operator', 'operatorType', 'capacity', 'capacityUnit', 'targetGroups', 'validFrom', 'validTo', 'source'] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number];

/** A field comes from nowhere, one column, a template of columns ("{Straße}, {PLZ} {Ort}") or a fixed text. */
export interface FieldDraft {
  mode: 'none' | 'column' | 'template' | 'value';
  text: string;
}

export interface Draft {
  categoryMode: 'fixed' | 'column';
  categoryName: string;
  categoryColumn: string;
  /** Texts of the category column → an existing category ("Gymnasium" → "Weiterführende Schule"). */
  categoryValues: Record<string, string>;
  position: { type: 'lonlat' | 'xy'; lon: string; lat: string; x: string; y: string; crs: string };
  /** Coordinate system of a geometry file that names none. */
  fileCrs: string;
  fields: Record<MappedField, FieldDraft>;
  /** Columns kept as free attributes (e.g. Sozialindex). */
  attributes: string[];
  keepValidRowsOnly: boolean;
}

/** Common coordinate systems of German municipal data, offered beside free input. */
export const CRS_CHOICES = [
  { code: 'EPSG:25832', label: 'ETRS89 / UTM Zone 32N' },
  { code: 'EPSG:25833', label: 'ETRS89 / UTM Zone 33N' },
  { code: 'EPSG:4647', label: 'ETRS89 / UTM Zone 32N (mit Zonenzahl)' },
  { code: 'EPSG:3044', label: 'ETRS89 / ETRS-TM32' },
  { code: 'EPSG:31466', label: 'DHDN / Gauß-Krüger Zone 2' },
  { code: 'EPSG:31467', label: 'DHDN / Gauß-Krüger Zone 3' },
  { code: 'EPSG:31468', label: 'DHDN / Gauß-Krüger Zone 4' },
  { code: 'EPSG:3857', label: 'WGS 84 / Pseudo-Mercator' },
] as const;

const NONE: FieldDraft = { mode: 'none', text: '' };

/** Column names that suggest a field main does not guess itself. */
const HINTS: Partial<Record<MappedField, RegExp>> = {
  id: /^(id|kennung|schulnummer|einrichtungsnummer|objekt_?id|nummer)$/i,
  operator: /^(träger|traeger|betreiber|operator|trägername)$/i,
  operatorType: /^(trägerart|traegerart|art des trägers|rechtsstatus|operator_?type)$/i,
  capacity: /^(kapazität|kapazitaet|plätze|plaetze|anzahl|schülerzahl|schueler|capacity)$/i,
  capacityUnit: /^(einheit|kapazitätseinheit|capacity_?unit)$/i,
  targetGroups: /^(zielgruppen?|target_?groups?)$/i,
  validFrom: /^(gültig ab|gueltig_?ab|eröffnung|eroeffnung|valid_?from|seit)$/i,
  validTo: /^(gültig bis|gueltig_?bis|schließung|schliessung|valid_?to)$/i,
  source: /^(quelle|source)$/i,
};

function fieldDraft(source: unknown): FieldDraft {
  if (typeof source === 'string') return { mode: 'column', text: source };
  if (source && typeof source === 'object') {
    if ('template' in source && typeof source.template === 'string') return { mode: 'template', text: source.template };
    if ('value' in source && typeof source.value === 'string') return { mode: 'value', text: source.value };
  }
  return NONE;
}

/** "Bezeichnung 1" + "Bezeichnung 2" → one name; street + postcode + town → one address. */
function betterTemplates(fields: readonly string[], draft: Draft): void {
  const name = draft.fields.name;
  const numbered = name.mode === 'column' ? /^(.*\S)\s*1$/.exec(name.text) : null;
  if (numbered && fields.includes(`${numbered[1]} 2`)) draft.fields.name = { mode: 'template', text: `{${name.text}} {${numbered[1]} 2}` };
  const find = (pattern: RegExp) => fields.find((f) => pattern.test(f.trim()));
  const street = draft.fields.address.mode === 'column' ? draft.fields.address.text : find(/^(straße|strasse|straße und hausnummer|strasse und hausnummer|anschrift)$/i);
  const postcode = find(/^(plz|postleitzahl)$/i);
  const town = find(/^(ort|stadt|gemeinde)$/i);
  if (street && postcode && town) draft.fields.address = { mode: 'template', text: `{${street}}, {${postcode}} {${town}}` };
}

/** The starting point: main's guesses (position, name, address) plus the dialog's own. */
export function draftFromPreview(preview: FacilityPreview): Draft {
  const parsed = parseFacilityMapping(preview.mapping);
  const mapping = parsed.ok ? parsed.mapping : null;
  const fields = preview.fields;
  const drafts = Object.fromEntries(MAPPED_FIELDS.map((f) => [f, fieldDraft(mapping?.fields[f])])) as Record<MappedField, FieldDraft>;
  for (const [field, pattern] of Object.entries(HINTS) as Array<[MappedField, RegExp]>) {
    if (drafts[field].mode !== 'none') continue;
    const column = fields.find((f) => pattern.test(f.trim()));
    if (column) drafts[field] = { mode: 'column', text: column };
  }
  const position = mapping?.position;
  const draft: Draft = {
    categoryMode: 'fixed',
    categoryName: '',
    categoryColumn: '',
    categoryValues: {},
    position: {
      type: position?.type ?? 'lonlat',
      lon: position?.type === 'lonlat' ? position.lon : '',
      lat: position?.type === 'lonlat' ? position.lat : '',
      x: position?.type === 'xy' ? position.x : '',
      y: position?.type === 'xy' ? position.y : '',
      crs: position?.type === 'xy' ? position.crs : '',
    },
    fileCrs: '',
    fields: drafts,
    attributes: [],
    keepValidRowsOnly: false,
  };
  betterTemplates(fields, draft);
  // Every column the mapping does not use stays as a free attribute unless the planner unticks it.
  const used = usedColumns(draft, preview.kind);
  draft.attributes = fields.filter((f) => !used.has(f));
  return draft;
}

function sourceOf(field: FieldDraft): FieldSource | undefined {
  const text = field.text;
  if (field.mode === 'column' && text.trim()) return text;
  if (field.mode === 'template' && text.trim()) return { template: text };
  if (field.mode === 'value' && text.trim()) return { value: text };
  return undefined;
}

/** Columns the draft reads for fields, position and category. */
export function usedColumns(draft: Draft, kind: FacilityPreview['kind']): Set<string> {
  const used = new Set<string>();
  for (const field of MAPPED_FIELDS) for (const column of columnsOf(sourceOf(draft.fields[field]))) used.add(column);
  if (kind === 'table') {
    const p = draft.position;
    for (const column of p.type === 'lonlat' ? [p.lon, p.lat] : [p.x, p.y]) if (column) used.add(column);
  }
  if (draft.categoryMode === 'column' && draft.categoryColumn) used.add(draft.categoryColumn);
  return used;
}

/** The saved-mapping form of the draft, as main reads it. */
export function toMapping(draft: Draft, kind: FacilityPreview['kind']): FacilityMappingInput {
  const fields: FacilityMappingInput['fields'] = {};
  for (const field of MAPPED_FIELDS) {
    const source = sourceOf(draft.fields[field]);
    if (source !== undefined) fields[field] = source;
  }
  const p = draft.position;
  const used = usedColumns(draft, kind);
  const attributes = draft.attributes.filter((column) => !used.has(column));
  const values = Object.fromEntries(Object.entries(draft.categoryValues).filter(([from, to]) => from && to.trim()));
  const category = draft.categoryMode === 'column' ? (draft.categoryColumn ? { column: draft.categoryColumn, values } : undefined) : draft.categoryName.trim() || undefined;
  return {
    ...(category ? { category } : {}),
    ...(kind === 'table'
      ? { position: p.type === 'lonlat' ? { type: 'lonlat' as const, lon: p.lon, lat: p.lat } : { type: 'xy' as const, x: p.x, y: p.y, crs: p.crs.trim() } }
      : {}),
    fields,
    attributes: attributes.length > 0 ? attributes : 'none',
    keepValidRowsOnly: draft.keepValidRowsOnly,
  };
}

/** Something the draft lacks: a key under facilityImport.missing, or a field whose text is empty. */
export type Missing = 'categoryName' | 'categoryColumn' | 'lonlat' | 'xy' | 'crs' | `field.${MappedField}`;

/** What is still missing before main can check the draft. */
export function missingIn(draft: Draft, kind: FacilityPreview['kind'], step: 'category' | 'fields'): Missing[] {
  const missing: Missing[] = [];
  if (draft.categoryMode === 'fixed' && !draft.categoryName.trim()) missing.push('categoryName');
  if (draft.categoryMode === 'column' && !draft.categoryColumn) missing.push('categoryColumn');
  if (step === 'category') return missing;
  const p = draft.position;
  if (kind === 'table') {
    if (p.type === 'lonlat' && (!p.lon || !p.lat)) missing.push('lonlat');
    if (p.type === 'xy' && (!p.x || !p.y)) missing.push('xy');
    if (p.type === 'xy' && !p.crs.trim()) missing.push('crs');
  }
  for (const field of MAPPED_FIELDS) {
    const f = draft.fields[field];
    if (f.mode !== 'none' && !f.text.trim()) missing.push(`field.${field}`);
  }
  return missing;
}

/** The distinct texts of a column in the preview's sample rows (for the category step). */
export function sampleValues(preview: FacilityPreview, column: string): string[] {
  const values = preview.table
    ? preview.table.sample.map((row) => row.cells[preview.table!.header.indexOf(column)] ?? '')
    : preview.sampleProperties.map((properties) => (properties[column] === null || properties[column] === undefined ? '' : String(properties[column])));
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

/** The text of a column in the file's first row (for the template example). */
export function firstRowCell(preview: FacilityPreview): (column: string) => string {
  if (preview.table) {
    const cells = preview.table.sample[0]?.cells ?? [];
    return (column) => cells[preview.table!.header.indexOf(column)] ?? '';
  }
  const properties = preview.sampleProperties[0] ?? {};
  return (column) => (properties[column] === null || properties[column] === undefined ? '' : String(properties[column]));
}

/** A capacity without a unit in the file takes the unit of the chosen category (Kita → Plätze). */
export function suggestedCapacityUnit(draft: Draft, categories: ReadonlyArray<{ name: string; capacityUnit: string | null }>): string | null {
  if (draft.fields.capacity.mode === 'none' || draft.fields.capacityUnit.mode !== 'none' || draft.categoryMode !== 'fixed') return null;
  const name = draft.categoryName.trim().toLocaleLowerCase('de');
  return categories.find((c) => c.name.toLocaleLowerCase('de') === name)?.capacityUnit ?? null;
}
