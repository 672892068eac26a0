import { z } from 'zod';
import { fileOptionsSchema } from './value-mapping.ts';

/**
 * How a file of facilities becomes facility records: a saved, reusable mapping from columns (of
 * a CSV/XLSX table) or properties (of a GeoJSON, Shapefile, GeoPackage or KML) to the fields of a
 * facility. The import wizard builds it, `quartiersatlas import … --kind facilities --mapping`
 * reads it. Pure (no Node, no DOM).
 *
 * A field is taken from one column ("Schulnummer"), from a template of columns
 * ({ template: "{Straße und Hausnummer}, {Postleitzahl} {Ort}" }) or is a fixed value
 * ({ value: "Schüler:innen" }).
 */

export const FACILITY_MAPPING_VERSION = 1;

const columnSchema = z.string().trim().min(1, { error: 'Spaltenname fehlt.' });

export const fieldSourceSchema = z.union([
  columnSchema,
  z.strictObject({ template: z.string().min(1).max(500) }),
  z.strictObject({ value: z.string().max(1000) }),
]);
export type FieldSource = z.output<typeof fieldSourceSchema>;

export const positionSchema = z.discriminatedUnion('type', [
  /** WGS 84 longitude and latitude in two columns. */
  z.strictObject({ type: z.literal('lonlat'), lon: columnSchema, lat: columnSchema }),
  /** Easting and northing in a named CRS, e.g. "EPSG:25832". */
  z.strictObject({ type: z.literal('xy'), x: columnSchema, y: columnSchema, crs: z.string().min(1).max(100) }),
]);
export type PositionMapping = z.output<typeof positionSchema>;

export const FACILITY_FIELDS = [
  'id',
  'name',
  'address',
  'operator',
  'operatorType',
  'capacity',
  'capacityUnit',
  'targetGroups',
  'accessibility',
  'openingHours',
  'contactPerson',
  'phone',
  'email',
  'website',
  'source',
  'notes',
  'resourceDescription',
  'validFrom',
  'validTo',
] as const;
export type FacilityField = (typeof FACILITY_FIELDS)[number];

export const facilityMappingSchema = z.strictObject({
  version: z.literal(FACILITY_MAPPING_VERSION).default(FACILITY_MAPPING_VERSION),
  kind: z.literal('facilities').default('facilities'),
  name: z.string().trim().min(1).max(200).optional(),
  /** Where the table sits in a CSV/XLSX (as for statistics tables); ignored for geometry files. */
  file: fileOptionsSchema.default({}),
  /**
   * The category: a fixed name, or a column whose texts name it, optionally translated
   * ({ "Gymnasium": "Weiterführende Schule" }). The command line's --category sets a fixed name.
   */
  category: z
    .union([z.string().trim().min(1).max(200), z.strictObject({ column: columnSchema, values: z.record(z.string(), z.string().min(1).max(200)).default({}) })])
    .optional(),
  /** Facilities or resources/potentials. */
  facilityKind: z.enum(['facility', 'resource']).default('facility'),
  /** Required for tables; geometry files bring their points. */
  position: positionSchema.optional(),
  fields: z.partialRecord(z.enum(FACILITY_FIELDS), fieldSourceSchema).default({}),
  /** Which columns go into the free attributes: all (default), those not mapped, none, or a list. */
  attributes: z.union([z.enum(['all', 'unmapped', 'none']), z.array(columnSchema)]).default('all'),
  /** Decimal separator of number columns (capacity, coordinates, attributes); auto decides per column. */
  decimal: z.enum(['auto', ',', '.']).default('auto'),
  /** false: one faulty row stops the import; true: import the valid rows, report the rest. */
  keepValidRowsOnly: z.boolean().default(false),
});

export type FacilityMapping = z.output<typeof facilityMappingSchema>;
export type FacilityMappingInput = z.input<typeof facilityMappingSchema>;

export type ParsedFacilityMapping = { ok: true; mapping: FacilityMapping } | { ok: false; errors: string[] };

/** Validates a stored mapping; messages are German and name the offending field. */
export function parseFacilityMapping(input: unknown): ParsedFacilityMapping {
  const result = facilityMappingSchema.safeParse(input ?? {}, { error: z.locales.de().localeError });
  if (result.success) return { ok: true, mapping: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)),
  };
}

/** The columns a field source reads. */
export function columnsOf(source: FieldSource | undefined): string[] {
  if (source === undefined) return [];
  if (typeof source === 'string') return [source];
  if ('template' in source) return [...source.template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  return [];
}

/**
 * The text a field source gives for one row: the column's text, the filled template (empty
 * parts and their separators dropped), or the fixed value. Empty → ''.
 */
export function fieldText(source: FieldSource | undefined, cell: (column: string) => string): string {
  if (source === undefined) return '';
  if (typeof source === 'string') return cell(source).trim();
  if ('value' in source) return source.value.trim();
  const filled = source.template.replace(/\{([^{}]+)\}/g, (_, column: string) => cell(column).trim());
  return filled
    .replace(/\s+/g, ' ')
    .replace(/(?:\s*[,;/-]\s*)+$/, '')
    .replace(/^(?:\s*[,;/-]\s*)+/, '')
    .replace(/\s*,(?:\s*,)+/g, ',')
    .trim();
}
