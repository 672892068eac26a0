import { z } from 'zod';

/**
 * Contract schemas of the infrastructure database (facilities, categories, their import,
 * indicators and coverage). Kept beside shared/contract.ts, which lists the methods.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Datum bitte als JJJJ-MM-TT angeben.' });
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'Farbe bitte als #RRGGBB angeben.' });
export const facilityKindSchema = z.enum(['facility', 'resource']);
export const accessibilitySchema = z.enum(['full', 'partial', 'none']);
const issue = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().optional(),
  feature: z.number().int().optional(),
  field: z.string().optional(),
  message: z.string(),
});

export const facilityCategorySchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  color: z.string(),
  facilityCount: z.number().int(),
  /** Since schema 3. */
  group: z.string().nullable(),
  /** An icon name of shared/facilities.ts (FACILITY_ICONS). */
  icon: z.string().nullable(),
  capacityUnit: z.string().nullable(),
  /** Of facilityCount, how many are resources/potentials. */
  resourceCount: z.number().int(),
});

export const categoryInputSchema = z.object({
  id: z.string().optional(),
  name: z.string().trim().min(1).max(200),
  group: z.string().max(200).nullable().optional(),
  color: hexColour,
  icon: z.string().max(50).nullable().optional(),
  capacityUnit: z.string().max(50).nullable().optional(),
});

export const contactSchema = z.object({
  person: z.string().max(200).optional(),
  phone: z.string().max(100).optional(),
  email: z.string().max(200).optional(),
  website: z.string().max(500).optional(),
});

const unitRef = z.object({ levelId: z.string(), levelName: z.string(), unitId: z.string(), code: z.string(), name: z.string() });

export const facilitySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: facilityKindSchema,
  category: z.object({ id: z.string(), name: z.string(), color: z.string(), icon: z.string().nullable() }),
  address: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
  operator: z.string().nullable(),
  operatorType: z.string().nullable(),
  capacity: z.number().nullable(),
  capacityUnit: z.string().nullable(),
  targetGroups: z.array(z.string()),
  accessibility: accessibilitySchema.nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** Open on the day asked for (validAt, default today). */
  current: z.boolean(),
  archived: z.boolean(),
  /** The current unit on each level containing it, top level first (none: outside all units). */
  units: z.array(unitRef),
});

export const facilityDetailSchema = facilitySummarySchema.extend({
  contact: contactSchema,
  openingHours: z.string().nullable(),
  source: z.string().nullable(),
  notes: z.string().nullable(),
  resourceDescription: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  photos: z.array(z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number().int() })),
});

/** What a planner edits; on an edit, fields left out keep their value. */
export const facilityInputSchema = z
  .object({
    categoryId: z.string(),
    name: z.string().trim().min(1).max(300),
    kind: facilityKindSchema.optional(),
    address: z.string().max(500).nullable().optional(),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    operator: z.string().max(300).nullable().optional(),
    operatorType: z.string().max(100).nullable().optional(),
    capacity: z.number().finite().nonnegative().nullable().optional(),
    capacityUnit: z.string().max(50).nullable().optional(),
    targetGroups: z.array(z.string().max(100)).max(30).optional(),
    accessibility: accessibilitySchema.nullable().optional(),
    contact: contactSchema.optional(),
    openingHours: z.string().max(1000).nullable().optional(),
    source: z.string().max(1000).nullable().optional(),
    notes: z.string().max(5000).nullable().optional(),
    resourceDescription: z.string().max(5000).nullable().optional(),
    validFrom: isoDate.nullable().optional(),
    validTo: isoDate.nullable().optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    /** Attachment ids in display order (add new ones with facilities.addPhoto). */
    photos: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(50).optional(),
  });

export const facilityListInputSchema = z.object({
  query: z.string().max(200).optional(),
  categoryIds: z.array(z.string()).max(200).optional(),
  kinds: z.array(facilityKindSchema).optional(),
  /** Any of these target groups. */
  targetGroups: z.array(z.string()).max(50).optional(),
  capacityUnits: z.array(z.string()).max(50).optional(),
  /** current: open on validAt (default today); ended: closed before it; planned: opening after it. */
  validity: z.enum(['all', 'current', 'ended', 'planned']).optional(),
  validAt: isoDate.optional(),
  /** Only facilities inside this unit. */
  unitId: z.string().optional(),
  includeArchived: z.boolean().optional(),
  sort: z
    .object({
      field: z.enum(['name', 'category', 'address', 'operator', 'capacity', 'validFrom', 'validTo']),
      direction: z.enum(['asc', 'desc']).default('asc'),
    })
    .optional(),
  offset: z.number().int().nonnegative().optional(),
  limit: z.number().int().positive().max(5000).optional(),
});

export const facilityListSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  items: z.array(facilitySummarySchema),
  /** Counts over all rows matching the filters (for the filter menus). */
  facets: z.object({
    categories: z.array(z.object({ id: z.string(), count: z.number().int() })),
    targetGroups: z.array(z.object({ name: z.string(), count: z.number().int() })),
    capacityUnits: z.array(z.object({ name: z.string(), count: z.number().int() })),
  }),
});

export const assignmentSummarySchema = z.object({
  facilities: z.number().int(),
  levels: z.array(z.object({ levelId: z.string(), name: z.string(), assigned: z.number().int(), outside: z.number().int() })),
  outsideIds: z.array(z.string()),
  durationMs: z.number(),
});

const duplicateSide = z.object({
  id: z.string().nullable(),
  ref: z.string().nullable(),
  name: z.string(),
  address: z.string().nullable(),
  categoryName: z.string(),
  existing: z.boolean(),
});

export const duplicateDecisionSchema = z.enum(['skip', 'keep', 'update']);

/** Options shared by the facility import and its preview. */
export const facilityImportOptionsSchema = {
  /** A fixed category name (overrides the mapping's). */
  category: z.string().min(1).max(200).optional(),
  nameField: z.string().optional(),
  idField: z.string().optional(),
  crs: z.string().optional(),
  layer: z.string().max(200).optional(),
  /** A facility mapping (shared/facility-mapping.ts): columns → fields, position, category. */
  mapping: z.record(z.string(), z.unknown()).optional(),
};

export const facilityImportInputSchema = z.object({
  ...facilityImportOptionsSchema,
  /** Possible duplicates without a decision of their own: ask (refuse and list them), skip, keep both, update the existing one. */
  duplicates: z.enum(['ask', 'skip', 'keep', 'update']).optional(),
  decisions: z.array(z.object({ ref: z.string().max(40), decision: duplicateDecisionSchema })).max(100_000).optional(),
});

export const facilityImportSummaryExtension = {
  skipped: z.number().int().optional(),
  duplicates: z.number().int().optional(),
  outsideUnits: z.array(z.object({ levelId: z.string(), name: z.string(), count: z.number().int() })).optional(),
};

export const facilityPreviewSchema = z.object({
  file: z.string(),
  kind: z.enum(['table', 'geometry']),
  sourceCrs: z.string(),
  fields: z.array(z.string()),
  table: z
    .object({
      format: z.enum(['csv', 'xlsx']),
      sheets: z.array(z.string()),
      encoding: z.string().nullable(),
      delimiter: z.string().nullable(),
      hasHeader: z.boolean(),
      header: z.array(z.string()),
      titleLines: z.array(z.string()),
      footnoteLines: z.array(z.string()),
      sample: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()) })),
    })
    .nullable(),
  sampleProperties: z.array(z.record(z.string(), z.unknown())),
  /** The mapping as it would be used, guessed columns filled in: the wizard's starting point. */
  mapping: z.record(z.string(), z.unknown()),
  result: z.object({
    importable: z.boolean(),
    rows: z.number().int(),
    valid: z.number().int(),
    invalid: z.number().int(),
    skipped: z.number().int(),
    issues: z.array(issue),
    issueCount: z.number().int(),
    records: z.array(
      z.object({
        ref: z.string(),
        line: z.number().int().nullable(),
        feature: z.number().int().nullable(),
        name: z.string(),
        categoryName: z.string(),
        address: z.string().nullable(),
        lon: z.number(),
        lat: z.number(),
        capacity: z.number().nullable(),
        capacityUnit: z.string().nullable(),
        /** Already in the database (a re-import updates it). */
        exists: z.boolean(),
        /** The current unit of the finest level containing it (null: outside; absent: not computed). */
        unit: z.object({ level: z.string(), unit: z.string() }).nullable().optional(),
      }),
    ),
    categories: z.array(z.object({ key: z.string(), name: z.string(), known: z.boolean(), count: z.number().int() })),
    newRecords: z.number().int(),
    existingRecords: z.number().int(),
    /** Possible duplicates, each needing a decision (skip / keep / update) before the import. */
    duplicates: z.array(
      z.object({
        ref: z.string(),
        line: z.number().int().nullable(),
        feature: z.number().int().nullable(),
        name: z.string(),
        address: z.string().nullable(),
        reason: z.enum(['name-nearby', 'address']),
        distanceM: z.number(),
        other: duplicateSide,
      }),
    ),
    /** Rows outside every current unit, per level. */
    outside: z.object({ levels: z.array(z.object({ levelId: z.string(), name: z.string(), count: z.number().int() })), refs: z.array(z.string()) }),
  }),
});

export const existingDuplicatesSchema = z.array(
  z.object({
    reason: z.enum(['name-nearby', 'address']),
    distanceM: z.number(),
    a: z.object({ id: z.string(), name: z.string(), address: z.string().nullable(), categoryName: z.string() }),
    b: z.object({ id: z.string(), name: z.string(), address: z.string().nullable(), categoryName: z.string() }),
  }),
);

const selection = {
  categoryIds: z.array(z.string()).min(1).max(200),
  kinds: z.array(facilityKindSchema).min(1).optional(),
  targetGroup: z.string().max(100).nullable().optional(),
};

const indicatorCode = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}_.-]+$/u, 'Nur Buchstaben, Ziffern, _ . -');

export const facilityIndicatorInputSchema = z.object({
  /** Edit this facility indicator; default: create (or update) the one with this code. */
  id: z.string().optional(),
  code: indicatorCode,
  name: z.string().trim().min(1).max(300),
  unit: z.string().max(50).nullable().optional(),
  decimals: z.number().int().min(0).max(6).optional(),
  recipe: z.object({
    measure: z.enum(['count', 'capacity', 'attribute-mean', 'attribute-sum', 'coverage']),
    ...selection,
    capacityUnit: z.string().max(50).nullable().optional(),
    attribute: z.string().max(200).nullable().optional(),
    distance: z.number().positive().max(20_000).nullable().optional(),
    /** Levels to compute (default: every level). */
    levelIds: z.array(z.string()).nullable().optional(),
    /** Periods to compute (default: the current year, plus those of followPeriodsOf). */
    periods: z.array(z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/)).max(200).optional(),
    followPeriodsOf: z.array(z.string()).max(20).optional(),
  }),
});

export const supplyRatioInputSchema = z.object({
  code: indicatorCode,
  name: z.string().trim().min(1).max(300),
  /** An existing facility indicator (count or capacity) … */
  facilityIndicatorId: z.string().optional(),
  /** … or the facilities to count (a basis indicator `<code>_basis` is created). */
  facilities: z
    .object({ measure: z.enum(['count', 'capacity']), ...selection, capacityUnit: z.string().max(50).nullable().optional() })
    .optional(),
  /** The target-group population, e.g. children under 6. */
  targetIndicatorId: z.string(),
  levelId: z.string(),
  per: z.union([z.literal(100), z.literal(1000)]),
  decimals: z.number().int().min(0).max(6).optional(),
});

export const coverageInputSchema = z.object({
  ...selection,
  /** Straight-line reach in metres (300, 500, 1,000 …). */
  distance: z.number().positive().max(20_000),
  levelId: z.string(),
  date: isoDate.optional(),
});

export const coverageSchema = z.object({
  distance: z.number(),
  date: z.string(),
  levelId: z.string(),
  facilityCount: z.number().int(),
  /** WGS84 catchment area (union of all circles) for a map layer; empty without facilities. */
  catchment: z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
        properties: z.record(z.string(), z.unknown()),
      }),
    ),
  }),
  units: z.array(
    z.object({
      unitId: z.string(),
      code: z.string(),
      name: z.string(),
      areaKm2: z.number(),
      coveredKm2: z.number(),
      /** 0 … 1. */
      share: z.number(),
      facilitiesInside: z.number().int(),
      nearestM: z.number().nullable(),
    }),
  ),
  /** Units with no facility of the selection within reach. */
  uncovered: z.array(z.object({ unitId: z.string(), code: z.string(), name: z.string(), nearestM: z.number().nullable() })),
  totalShare: z.number(),
});
