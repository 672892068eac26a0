import type { ImportIssue } from '../../../shared/import-issue.ts';
import { columnsOf, fieldText, type FacilityField, type FacilityMapping, type FieldSource, type PositionMapping } from '../../../shared/facility-mapping.ts';
import { findCrs, parseCrsName, toWgs84For } from '../geo/crs.ts';
import { resolveSourceCrs } from '../geo/source-crs.ts';
import { deterministicId, slugKey } from '../sync/ids.ts';
import { decideDecimal, parseNumber, type DecimalSeparator } from '../tables/parse-number.ts';
import type { FacilitySource, SourceRow } from './facility-source.ts';
import { suggestFields } from './suggest-fields.ts';

/** The facility fields an import writes; optional ones only when the mapping provides them. */
export interface PlannedValues {
  name: string;
  lon: number;
  lat: number;
  attributes: Record<string, unknown>;
  kind: 'facility' | 'resource';
  address?: string | null;
  operator?: string | null;
  operator_type?: string | null;
  capacity?: number | null;
  capacity_unit?: string | null;
  target_groups?: string[];
  accessibility?: 'full' | 'partial' | 'none' | null;
  contact?: Record<string, string>;
  opening_hours?: string | null;
  source?: string | null;
  notes?: string | null;
  resource_description?: string | null;
  valid_from?: string | null;
  valid_to?: string | null;
}

export interface PlannedFacility {
  /** "line:12" or "feature:3": how the preview and duplicate decisions name the row. */
  ref: string;
  line?: number;
  feature?: number;
  id: string;
  categoryKey: string;
  categoryName: string;
  values: PlannedValues;
}

export interface FacilityPlan {
  file: string;
  sourceCrs: string;
  facilities: PlannedFacility[];
  /** Problems by line/feature and field; errors make the file unimportable unless keepValidRowsOnly. */
  issues: ImportIssue[];
  stats: { rows: number; valid: number; invalid: number; skipped: number };
  /** The mapping as used, with the guessed parts filled in (the wizard starts from it). */
  mapping: FacilityMapping;
}

export interface PlanOptions {
  /** A fixed category name; overrides the mapping's. */
  category?: string;
  /** CRS of x/y columns or of a geometry file without one; overrides the mapping's. */
  crs?: string;
}

const LON = /^(lon|lng|long|longitude|laenge|länge|geo_?lon|x_?wgs\s?84|wgs84_?x)$/i;
const LAT = /^(lat|latitude|breite|geo_?lat|y_?wgs\s?84|wgs84_?y)$/i;
const X = /^(x|rechtswert|ostwert|easting|x_?koord\w*|x_?coord\w*|rw|ost)$/i;
const Y = /^(y|hochwert|nordwert|northing|y_?koord\w*|y_?coord\w*|hw|nord)$/i;
const ADDRESS_FIELDS = ['address', 'adresse', 'anschrift', 'strasse', 'straße', 'straße und hausnummer', 'strasse und hausnummer'];

/** Columns guessed from their names: coordinates, name, address, an id. */
export function suggestFacilityMapping(fields: string[], base: FacilityMapping, crs?: string): FacilityMapping {
  const find = (pattern: RegExp) => fields.find((f) => pattern.test(f.trim()));
  let position = base.position;
  if (!position) {
    const lon = find(LON);
    const lat = find(LAT);
    const x = find(X);
    const y = find(Y);
    if (lon && lat) position = { type: 'lonlat', lon, lat };
    else if (x && y) position = { type: 'xy', x, y, crs: crs ?? '' };
  }
  const fieldsMapping = { ...base.fields };
  if (!fieldsMapping.name) {
    const name = suggestFields(fields).nameField ?? fields.find((f) => /bezeichnung|einrichtung|^name/i.test(f));
    if (name) fieldsMapping.name = name;
  }
  if (!fieldsMapping.address) {
    const address = fields.find((f) => ADDRESS_FIELDS.includes(f.trim().toLowerCase()));
    if (address) fieldsMapping.address = address;
  }
  return { ...base, ...(position ? { position } : {}), fields: fieldsMapping };
}

/**
 * Applies a mapping to the rows of a facility file: positions (lon/lat, or x/y reprojected from
 * the named CRS), fields, free attributes, category and deterministic id per row. Checks
 * everything and reports by line (tables) or feature (geometry files) and column. Writes nothing.
 */
export function planFacilities(source: FacilitySource, mappingIn: FacilityMapping, options: PlanOptions = {}): FacilityPlan {
  const mapping = suggestFacilityMapping(source.fields, mappingIn, options.crs);
  const file = source.file;
  const issues: ImportIssue[] = [];
  const fileError = (message: string, field?: string) => issues.push({ severity: 'error', file, ...(field ? { field } : {}), message });

  const categorySpec = options.category?.trim() || mapping.category;
  if (!categorySpec) fileError('Bitte eine Kategorie angeben (Kommandozeile: --category NAME) oder in der Zuordnung eine Spalte dafür wählen.');
  const referenced = new Set<string>([
    ...Object.values(mapping.fields).flatMap((s) => columnsOf(s)),
    ...(typeof categorySpec === 'object' ? [categorySpec.column] : []),
    ...(source.kind === 'table' && mapping.position ? positionColumns(mapping.position) : []),
  ]);
  for (const column of referenced) {
    if (!source.fields.includes(column)) fileError(`Die Spalte „${column}“ gibt es in der Datei nicht. Vorhanden: ${source.fields.join(', ')}.`, column);
  }
  if (source.kind === 'table' && !mapping.position) {
    fileError(
      'Keine Koordinatenspalten erkannt. Bitte Längen- und Breitengrad (z. B. „longitude“, „latitude“) oder Rechts- und Hochwert mit Koordinatensystem zuordnen.',
    );
  }
  if (source.rows.length === 0) fileError(source.kind === 'table' ? 'Die Tabelle enthält keine Zeilen.' : 'Die Datei enthält keine Punkte.');
  if (issues.length > 0) return { file, sourceCrs: source.sourceCrs, facilities: [], issues, stats: { rows: source.rows.length, valid: 0, invalid: source.rows.length, skipped: 0 }, mapping };

  const numbers = new NumberReader(source, mapping.decimal);
  let sourceCrs = source.sourceCrs;
  let toWgs84: ((x: number, y: number) => [number, number]) | null = null;
  if (source.kind === 'table' && mapping.position!.type === 'xy') {
    const crsName = options.crs || mapping.position!.crs;
    const lookup = crsName ? parseCrsName(crsName) : null;
    if (!lookup) fileError('Für Rechts- und Hochwerte bitte das Koordinatensystem angeben (z. B. EPSG:25832; Kommandozeile: --crs EPSG:25832).');
    else if (!lookup.ok) fileError(lookup.message);
    else {
      const { x, y } = mapping.position as Extract<PositionMapping, { type: 'xy' }>;
      const positions = source.rows.flatMap((row) => {
        const px = numbers.read(row, x);
        const py = numbers.read(row, y);
        return typeof px === 'number' && typeof py === 'number' ? [[px, py]] : [];
      });
      const resolved = resolveSourceCrs({ kind: 'name', name: lookup.crs.code }, undefined, positions, file);
      issues.push(...resolved.issues);
      if (resolved.crs) {
        const crs = resolved.crs;
        sourceCrs = crs.label;
        toWgs84 = (px, py) => (crs.swapAxes ? crs.toWgs84(py, px) : crs.toWgs84(px, py));
      }
    }
    if (issues.some((i) => i.severity === 'error')) return { file, sourceCrs, facilities: [], issues, stats: { rows: source.rows.length, valid: 0, invalid: source.rows.length, skipped: 0 }, mapping };
  } else if (source.kind === 'table') {
    sourceCrs = findCrs('EPSG:4326')!.code;
    toWgs84 = toWgs84For(findCrs('EPSG:4326')!);
  }

  const attributeColumns = attributeColumnsOf(mapping, source.fields, referenced);
  const numericAttributes = source.kind === 'table' ? numbers.numericColumns(attributeColumns) : new Set<string>();
  const seen = new Map<string, string>();
  const facilities: PlannedFacility[] = [];
  let invalid = 0;
  let skipped = 0;
  for (const row of source.rows) {
    const at = row.line !== undefined ? { line: row.line } : { feature: row.feature! };
    const ref = row.line !== undefined ? `line:${row.line}` : `feature:${row.feature}`;
    const rowIssues: ImportIssue[] = [];
    const problem = (message: string, field?: string) => rowIssues.push({ severity: 'error', file, ...at, ...(field ? { field } : {}), message });
    const text = (column: string) => cellText(row.values[column]);
    const field = (name: FacilityField) => fieldText(mapping.fields[name], text);

    // Position.
    let lon = NaN;
    let lat = NaN;
    if (row.point) [lon, lat] = row.point;
    else {
      const position = mapping.position!;
      const [cx, cy] = positionColumns(position);
      const px = numbers.read(row, cx!);
      const py = numbers.read(row, cy!);
      for (const [value, column] of [[px, cx], [py, cy]] as const) {
        if (value === null) problem('Die Koordinate fehlt.', column);
        else if (typeof value === 'string') problem(value, column);
      }
      if (typeof px === 'number' && typeof py === 'number') {
        if (position.type === 'lonlat') {
          if (Math.abs(px) > 180) problem(`${px} ist kein Längengrad (−180 bis 180).`, cx);
          else if (Math.abs(py) > 90) problem(`${py} ist kein Breitengrad (−90 bis 90).`, cy);
          else [lon, lat] = [px, py];
        } else if (toWgs84) {
          [lon, lat] = toWgs84(px, py);
          if (!Number.isFinite(lon) || !Number.isFinite(lat)) problem(`Die Koordinaten (${px}, ${py}) lassen sich nicht nach WGS 84 umrechnen.`, cx);
        }
      }
    }

    // Category.
    let categoryName = '';
    if (typeof categorySpec === 'string') categoryName = categorySpec;
    else if (categorySpec) {
      const raw = text(categorySpec.column).trim();
      categoryName = (categorySpec.values[raw] ?? raw).trim();
      if (!categoryName) problem('Die Kategorie fehlt.', categorySpec.column);
    }
    const categoryKey = slugKey(categoryName);
    if (categoryName && !categoryKey) problem(`„${categoryName}“ taugt nicht als Kategoriename.`, typeof categorySpec === 'object' ? categorySpec.column : undefined);

    // Fields.
    const values: PlannedValues = { name: '', lon, lat, attributes: {}, kind: mapping.facilityKind };
    const optionalText = (name: FacilityField, max: number) => {
      const value = field(name);
      if (value.length > max) problem(`Der Text ist zu lang (höchstens ${max} Zeichen).`, columnLabel(mapping.fields[name]));
      return value || null;
    };
    const has = (name: FacilityField) => mapping.fields[name] !== undefined;
    const rawName = optionalText('name', 300) ?? '';
    values.name = rawName || `${categoryName || 'Einrichtung'} ${row.line ?? row.feature}`;
    if (has('address')) values.address = optionalText('address', 500);
    if (has('operator')) values.operator = optionalText('operator', 300);
    if (has('operatorType')) values.operator_type = optionalText('operatorType', 100);
    if (has('capacityUnit')) values.capacity_unit = optionalText('capacityUnit', 50);
    if (has('openingHours')) values.opening_hours = optionalText('openingHours', 1000);
    if (has('source')) values.source = optionalText('source', 1000);
    if (has('notes')) values.notes = optionalText('notes', 5000);
    if (has('resourceDescription')) values.resource_description = optionalText('resourceDescription', 5000);
    if (has('capacity')) {
      const source = mapping.fields.capacity!;
      const value = typeof source === 'string' ? numbers.read(row, source) : numbers.parse(field('capacity'), null);
      if (typeof value === 'string') problem(value, columnLabel(source));
      else if (value !== null && value < 0) problem('Die Kapazität kann nicht negativ sein.', columnLabel(source));
      else values.capacity = value;
    }
    if (has('targetGroups')) {
      values.target_groups = [...new Set(field('targetGroups').split(/[;,|]/).map((t) => t.trim()).filter(Boolean))].slice(0, 30);
    }
    if (has('accessibility')) {
      const raw = field('accessibility');
      const parsed = accessibilityOf(raw);
      if (parsed === undefined) {
        rowIssues.push({ severity: 'warning', file, ...at, field: columnLabel(mapping.fields.accessibility), message: `„${raw}“ ist als Barrierefreiheit nicht lesbar (ja, teilweise, nein); leer gelassen.` });
        values.accessibility = null;
      } else values.accessibility = parsed;
    }
    const contact: Record<string, string> = {};
    for (const [name, key] of [['contactPerson', 'person'], ['phone', 'phone'], ['email', 'email'], ['website', 'website']] as const) {
      const value = field(name);
      if (value) contact[key] = value.slice(0, key === 'website' ? 500 : 200);
    }
    if (has('contactPerson') || has('phone') || has('email') || has('website')) values.contact = contact;
    for (const [name, column, end] of [['validFrom', 'valid_from', false], ['validTo', 'valid_to', true]] as const) {
      if (!has(name)) continue;
      const raw = field(name);
      const date = raw ? dateOf(raw, end) : null;
      if (date === undefined) problem(`„${raw}“ ist kein Datum (TT.MM.JJJJ, JJJJ-MM-TT oder JJJJ).`, columnLabel(mapping.fields[name]));
      else values[column] = date;
    }
    if (values.valid_from && values.valid_to && values.valid_from > values.valid_to) problem('Das Ende liegt vor dem Beginn.', columnLabel(mapping.fields.validTo));
    values.attributes = attributesOf(row, attributeColumns, numericAttributes, numbers);

    const sourceId = field('id');
    if (has('id') && !sourceId) problem('Die Kennung fehlt.', columnLabel(mapping.fields.id));

    if (rowIssues.some((i) => i.severity === 'error')) {
      invalid += 1;
      issues.push(...(mapping.keepValidRowsOnly ? rowIssues.map((i) => ({ ...i, severity: 'warning' as const, message: `${i.message} Die Zeile wurde übersprungen.` })) : rowIssues));
      continue;
    }
    issues.push(...rowIssues);
    // The same key as before schema 3, so re-importing a file finds its rows again.
    const sourceKey = sourceId || `${rawName}|${lon.toFixed(6)}|${lat.toFixed(6)}`;
    const earlier = seen.get(`${categoryKey}|${sourceKey.toLowerCase()}`);
    if (earlier !== undefined) {
      issues.push({ severity: 'warning', file, ...at, message: `Gleicher Eintrag wie ${earlier}; übersprungen.` });
      skipped += 1;
      continue;
    }
    seen.set(`${categoryKey}|${sourceKey.toLowerCase()}`, row.line !== undefined ? `Zeile ${row.line}` : `Objekt ${row.feature}`);
    facilities.push({ ref, ...at, id: deterministicId.facility(categoryKey, sourceKey), categoryKey, categoryName, values });
  }
  return { file, sourceCrs, facilities, issues, stats: { rows: source.rows.length, valid: facilities.length, invalid, skipped }, mapping };
}

function positionColumns(position: PositionMapping): string[] {
  return position.type === 'lonlat' ? [position.lon, position.lat] : [position.x, position.y];
}

function columnLabel(source: FieldSource | undefined): string | undefined {
  return columnsOf(source)[0];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function attributeColumnsOf(mapping: FacilityMapping, fields: string[], referenced: Set<string>): string[] {
  if (Array.isArray(mapping.attributes)) return mapping.attributes.filter((c) => fields.includes(c));
  if (mapping.attributes === 'none') return [];
  if (mapping.attributes === 'unmapped') return fields.filter((f) => !referenced.has(f));
  return fields;
}

function attributesOf(row: SourceRow, columns: string[], numeric: Set<string>, numbers: NumberReader): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row.values[column];
    if (value === null || value === undefined || value === '') continue;
    if (row.point !== undefined) attributes[column] = value;
    else if (numeric.has(column)) {
      const parsed = numbers.read(row, column);
      attributes[column] = typeof parsed === 'number' ? parsed : value;
    } else attributes[column] = value;
  }
  return attributes;
}

/** Numbers in a facility file: per column decimal separator (as for statistics tables). */
class NumberReader {
  readonly #decimals = new Map<string, DecimalSeparator>();
  readonly #source: FacilitySource;
  readonly #setting: 'auto' | DecimalSeparator;

  constructor(source: FacilitySource, setting: 'auto' | DecimalSeparator) {
    this.#source = source;
    this.#setting = setting;
  }

  #decimal(column: string): DecimalSeparator {
    if (this.#setting !== 'auto') return this.#setting;
    let decided = this.#decimals.get(column);
    if (!decided) {
      const texts = this.#source.rows.flatMap((row) => (typeof row.values[column] === 'string' && !row.numeric?.has(column) ? [row.values[column] as string] : []));
      decided = decideDecimal(texts) ?? ',';
      this.#decimals.set(column, decided);
    }
    return decided;
  }

  /** A number, null for an empty cell or a missing-value token, or a message. */
  read(row: SourceRow, column: string): number | null | string {
    const value = row.values[column];
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (value === null || value === undefined) return null;
    const text = String(value);
    if (text.trim() === '') return null;
    return this.parse(text, row.numeric?.has(column) ? 'plain' : this.#decimal(column));
  }

  parse(text: string, decimal: DecimalSeparator | 'plain' | null): number | null | string {
    if (text.trim() === '') return null;
    const parsed = parseNumber(text, { decimal: decimal ?? ',' });
    if (!parsed.ok) return parsed.message;
    return parsed.value;
  }

  /** Columns whose every non-empty cell is a number without a leading zero (stored as numbers). */
  numericColumns(columns: string[]): Set<string> {
    const result = new Set<string>();
    for (const column of columns) {
      let any = false;
      let all = true;
      for (const row of this.#source.rows) {
        const value = row.values[column];
        if (value === null || value === undefined || value === '') continue;
        const text = String(value).trim();
        if (/^[+-]?0\d/.test(text)) {
          all = false;
          break;
        }
        const parsed = this.read(row, column);
        if (typeof parsed !== 'number') {
          all = false;
          break;
        }
        any = true;
      }
      if (any && all) result.add(column);
    }
    return result;
  }
}

function accessibilityOf(text: string): 'full' | 'partial' | 'none' | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (['ja', 'j', 'yes', 'y', 'true', '1', 'x', 'barrierefrei', 'voll', 'vollständig', 'full'].includes(t)) return 'full';
  if (['teilweise', 'teils', 'eingeschränkt', 'bedingt', 'partial', 'partly'].includes(t)) return 'partial';
  if (['nein', 'n', 'no', 'false', '0', 'nicht barrierefrei', 'none'].includes(t)) return 'none';
  return undefined;
}

/** "31.07.2024", "2024-07-31" or a year (start: 1 January, end: 31 December). */
export function dateOf(text: string, end: boolean): string | undefined {
  const t = text.trim();
  let match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(t);
  if (match) return validDate(match[1]!, match[2]!, match[3]!);
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (match) return validDate(match[3]!, match[2]!.padStart(2, '0'), match[1]!.padStart(2, '0'));
  if (/^\d{4}$/.test(t)) return end ? `${t}-12-31` : `${t}-01-01`;
  return undefined;
}

function validDate(year: string, month: string, day: string): string | undefined {
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}
