import { z } from 'zod';
import {
  assignmentSummarySchema,
  categoryInputSchema,
  coverageInputSchema,
  coverageSchema,
  existingDuplicatesSchema,
  facilityCategorySchema,
  facilityDetailSchema,
  facilityImportInputSchema,
  facilityImportOptionsSchema,
  facilityImportSummaryExtension,
  facilityIndicatorInputSchema,
  facilityInputSchema,
  facilityListInputSchema,
  facilityListSchema,
  facilityPreviewSchema,
  supplyRatioInputSchema,
} from './facility-schemas.ts';
import { PHOTO_MAX_BYTES } from './facilities.ts';
import {
  conflictSchema,
  conflictTargetSchema,
  exchangeStatusSchema,
  exportResultSchema,
  fieldResolutionSchema,
  historyEntrySchema,
  importSummarySchema as exchangeSummarySchema,
  snapshotSchema,
} from './exchange/contract-schemas.ts';

/**
 * The one contract between renderer and main. Each method has a zod input and output schema;
 * the main side validates every input (and, in tests, every output). Both transports — Electron
 * IPC and the loopback web host — carry exactly these methods.
 */

const bytes = z.instanceof(Uint8Array);
export const sourceFileSchema = z.object({ name: z.string().min(1).max(260), data: bytes });

const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const issueSchema = z.object({
  severity: z.enum(['error', 'warning']),
  file: z.string(),
  line: z.number().int().optional(),
  feature: z.number().int().optional(),
  field: z.string().optional(),
  message: z.string(),
});

const featureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.union([z.string(), z.number()]).optional(),
      geometry: z.object({ type: z.string(), coordinates: z.unknown() }),
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const levelSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  rank: z.number().int(),
  unitCount: z.number().int(),
});

export const unitDetailSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  level: z.object({ id: z.string(), name: z.string() }),
  parent: z.object({ id: z.string(), code: z.string(), name: z.string(), levelName: z.string() }).nullable(),
  childCount: z.number().int(),
  areaKm2: z.number(),
  bbox,
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
});

/** A facility category (schema 3 added group, icon, capacity unit; see shared/facility-schemas.ts). */
export const categorySchema = facilityCategorySchema;

export const appInfoSchema = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  replicaId: z.string(),
  databasePath: z.string(),
  host: z.enum(['electron', 'web', 'cli']),
  counts: z.record(z.string(), z.number().int()),
  /** WGS84 extent of all spatial units, for the first map view. */
  extent: bbox.nullable(),
});

export const importSummarySchema = z.object({
  file: z.string(),
  sourceCrs: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  ended: z.number().int().optional(),
  warnings: z.array(issueSchema),
});

export const importPreviewSchema = z.object({
  file: z.string(),
  sourceCrs: z.string(),
  featureCount: z.number().int(),
  geometryKind: z.enum(['polygon', 'point']),
  fields: z.array(z.string()),
  sample: z.array(z.record(z.string(), z.unknown())),
  suggested: z.object({
    codeField: z.string().nullable(),
    nameField: z.string().nullable(),
    parentField: z.string().nullable(),
  }),
  warnings: z.array(issueSchema),
});

export const basemapSchema = z.object({
  path: z.string(),
  name: z.string(),
  sizeBytes: z.number().int(),
});

const jobId = z.string().min(1).max(80);

export const polaritySchema = z.enum(['need', 'better', 'neutral']);
export const valueFlagSchema = z.enum(['missing', 'suppressed', 'estimated', 'provisional']);

export const indicatorSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  shortName: z.string().nullable(),
  topic: z.string().nullable(),
  topicId: z.string().nullable(),
  unit: z.string().nullable(),
  decimals: z.number().int(),
  polarity: polaritySchema,
  kind: z.enum(['status', 'dynamic']),
  measure: z.enum(['absolute', 'relative', 'standardised']),
  tags: z.array(z.string()),
  archived: z.boolean(),
  computed: z.boolean(),
  periods: z.array(z.string()),
  levelIds: z.array(z.string()),
  valueCount: z.number().int(),
});

export const indicatorDetailSchema = indicatorSummarySchema.extend({
  definition: z.string().nullable(),
  formula: z.string().nullable(),
  source: z.string().nullable(),
  licence: z.string().nullable(),
  attribution: z.string().nullable(),
  updateInterval: z.string().nullable(),
  referenceDateNote: z.string().nullable(),
  notes: z.string().nullable(),
  recipe: z.record(z.string(), z.unknown()).nullable(),
});

/** What a planner edits about an indicator; optional fields keep their defaults. */
export const indicatorInputSchema = z.object({
  code: z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}_.-]+$/u, 'Nur Buchstaben, Ziffern, _ . -'),
  name: z.string().trim().min(1).max(300),
  shortName: z.string().max(100).nullable().optional(),
  topic: z.string().max(300).nullable().optional(),
  unit: z.string().max(50).nullable().optional(),
  decimals: z.number().int().min(0).max(6).optional(),
  polarity: polaritySchema,
  kind: z.enum(['status', 'dynamic']).optional(),
  measure: z.enum(['absolute', 'relative', 'standardised']).optional(),
  definition: z.string().max(5000).nullable().optional(),
  formula: z.string().max(2000).nullable().optional(),
  source: z.string().max(1000).nullable().optional(),
  licence: z.string().max(200).nullable().optional(),
  attribution: z.string().max(1000).nullable().optional(),
  updateInterval: z.string().max(100).nullable().optional(),
  referenceDateNote: z.string().max(500).nullable().optional(),
  notes: z.string().max(5000).nullable().optional(),
  tags: z.array(z.string().max(100)).max(50).optional(),
  recipe: z.record(z.string(), z.unknown()).nullable().optional(),
});

const mapValueSchema = z.object({ unitId: z.string(), value: z.number().nullable(), flag: valueFlagSchema.nullable() });

export const contract = {
  'app.info': { input: z.object({}), output: appInfoSchema },
  'levels.list': { input: z.object({}), output: z.array(levelSchema) },
  'units.features': { input: z.object({ levelId: z.string() }), output: featureCollection },
  'units.get': { input: z.object({ id: z.string() }), output: unitDetailSchema },
  'categories.list': { input: z.object({}), output: z.array(categorySchema) },
  'facilities.features': { input: z.object({}), output: featureCollection },
  'imports.preview': {
    input: z.object({
      files: z.array(sourceFileSchema).min(1).max(10),
      kind: z.enum(['units', 'facilities']),
      crs: z.string().optional(),
      layer: z.string().max(200).optional(),
    }),
    output: importPreviewSchema,
  },
  'imports.units': {
    input: z.object({
      jobId,
      files: z.array(sourceFileSchema).min(1).max(10),
      level: z.string().min(1).max(200),
      codeField: z.string().optional(),
      nameField: z.string().optional(),
      parentField: z.string().optional(),
      crs: z.string().optional(),
      layer: z.string().max(200).optional(),
      validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      skipInvalidFeatures: z.boolean().optional(),
    }),
    output: importSummarySchema,
  },
  'imports.facilities': {
    input: facilityImportInputSchema.extend({ jobId, files: z.array(sourceFileSchema).min(1).max(10) }),
    output: importSummarySchema.extend(facilityImportSummaryExtension),
  },
  'levels.dissolve': {
    input: z.object({
      jobId,
      sourceLevel: z.string().min(1).max(200),
      groupField: z.string().min(1).max(200),
      nameField: z.string().max(200).optional(),
      level: z.string().min(1).max(200),
    }),
    output: importSummarySchema,
  },
  /** The attributes the current units of a level carry, for choosing how to dissolve it. Read-only. */
  'levels.attributes': {
    input: z.object({ levelId: z.string().min(1) }),
    output: z.array(
      z.object({
        name: z.string(),
        /** Distinct non-empty values (as text). */
        distinctCount: z.number().int(),
        /** The first few distinct values, in unit order. */
        examples: z.array(z.string()),
        /** Units where the attribute is missing, null or blank. */
        missingCount: z.number().int(),
      }),
    ),
  },
  /** The groups `levels.dissolve` would build from a level by an attribute. Read-only. */
  'levels.groups': {
    input: z.object({ levelId: z.string().min(1), groupField: z.string().min(1).max(200), nameField: z.string().max(200).optional() }),
    output: z.object({
      unitCount: z.number().int(),
      groups: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          otherNames: z.array(z.string()),
          members: z.array(z.object({ code: z.string(), name: z.string() })),
        }),
      ),
      withoutGroup: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  },
  'imports.tablePreview': {
    input: z.object({ file: sourceFileSchema, mapping: z.unknown().optional() }),
    output: z.object({
      file: z.string(),
      format: z.enum(['csv', 'xlsx']),
      sheets: z.array(z.string()),
      encoding: z.string().nullable(),
      delimiter: z.string().nullable(),
      hasHeader: z.boolean(),
      header: z.array(z.string()),
      titleLines: z.array(z.string()),
      footnoteLines: z.array(z.string()),
      rowCount: z.number().int(),
      sample: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()) })),
      warnings: z.array(issueSchema),
      result: z
        .object({
          importable: z.boolean(),
          values: z.number().int(),
          indicators: z.array(z.object({ code: z.string(), known: z.boolean() })),
          periods: z.array(z.string()),
          issues: z.array(issueSchema),
          issueCount: z.number().int(),
          unmatchedUnits: z.array(
            z.object({
              raw: z.string(),
              lines: z.array(z.number().int()),
              candidates: z.array(z.object({ code: z.string(), name: z.string() })),
            }),
          ),
          stats: z.object({
            dataRows: z.number().int(),
            validRows: z.number().int(),
            invalidRows: z.number().int(),
            skippedRows: z.number().int(),
            unusedColumns: z.array(z.string()),
          }),
          sampleValues: z.array(
            z.object({
              line: z.number().int(),
              column: z.string(),
              unitCode: z.string(),
              period: z.string(),
              indicator: z.string(),
              value: z.number().nullable(),
              flag: valueFlagSchema.nullable(),
            }),
          ),
        })
        .nullable(),
    }),
  },
  'imports.values': {
    input: z.object({ jobId, file: sourceFileSchema, mapping: z.unknown(), keepValidRowsOnly: z.boolean().optional() }),
    output: importSummarySchema.extend({ values: z.number().int(), indicators: z.array(z.string()), recomputedIndices: z.number().int() }),
  },
  'mappings.list': {
    input: z.object({}),
    output: z.array(z.object({ id: z.string(), name: z.string(), mapping: z.record(z.string(), z.unknown()) })),
  },
  'mappings.save': {
    input: z.object({ mapping: z.record(z.string(), z.unknown()) }),
    output: z.object({ id: z.string(), name: z.string() }),
  },
  'units.list': {
    input: z.object({ levelId: z.string() }),
    output: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), parentId: z.string().nullable() })),
  },
  'exports.values': {
    input: z.object({
      level: z.string().min(1),
      indicators: z.array(z.string()).max(500),
      format: z.enum(['csv', 'xlsx']),
      suppressionThreshold: z.number().int().min(0).max(100).default(3),
    }),
    output: z.object({ fileName: z.string(), mime: z.string(), data: bytes, rows: z.number().int(), suppressed: z.number().int() }),
  },
  'exports.units': {
    input: z.object({
      level: z.string().min(1),
      indicators: z.array(z.string()).max(500),
      period: z.string().optional(),
      format: z.enum(['geojson', 'gpkg']),
      suppressionThreshold: z.number().int().min(0).max(100).default(3),
    }),
    output: z.object({ fileName: z.string(), mime: z.string(), data: bytes, features: z.number().int() }),
  },
  'basemap.get': { input: z.object({}), output: basemapSchema.nullable() },
  /** Opens the host's file dialog (Electron); `supported: false` where there is none (browser). */
  'basemap.choose': { input: z.object({}), output: z.object({ supported: z.boolean(), basemap: basemapSchema.nullable() }) },
  'basemap.set': { input: z.object({ path: z.string().min(1).max(4096).nullable() }), output: basemapSchema.nullable() },
  'basemap.read': {
    input: z.object({ offset: z.number().int().nonnegative(), length: z.number().int().positive().max(16 * 1024 * 1024) }),
    output: bytes,
  },
  'topics.list': {
    input: z.object({}),
    output: z.array(z.object({ id: z.string(), key: z.string(), name: z.string(), parentId: z.string().nullable(), rank: z.number().int() })),
  },
  'indicators.list': {
    input: z.object({ query: z.string().max(200).optional(), topicId: z.string().optional(), includeArchived: z.boolean().optional() }),
    output: z.array(indicatorSummarySchema),
  },
  'indicators.get': { input: z.object({ id: z.string() }), output: indicatorDetailSchema },
  'indicators.save': { input: z.object({ id: z.string().optional(), indicator: indicatorInputSchema }), output: indicatorDetailSchema },
  'indicators.archive': { input: z.object({ id: z.string(), archived: z.boolean() }), output: indicatorDetailSchema },
  'values.map': {
    input: z.object({ indicatorId: z.string(), period: z.string(), levelId: z.string() }),
    output: z.array(mapValueSchema),
  },
  'values.series': {
    input: z.object({ indicatorId: z.string(), levelId: z.string() }),
    output: z.array(mapValueSchema.extend({ period: z.string() })),
  },
  /** values.series for several indicators in one call (the district profile); in input order. */
  'values.seriesMany': {
    input: z.object({ indicatorIds: z.array(z.string()).max(2000), levelId: z.string() }),
    output: z.array(z.object({ indicatorId: z.string(), values: z.array(mapValueSchema.extend({ period: z.string() })) })),
  },
  'indicators.derive': {
    input: z.object({
      code: z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}_.-]+$/u, 'Nur Buchstaben, Ziffern, _ . -'),
      name: z.string().trim().min(1).max(300),
      unit: z.string().max(50).nullable(),
      decimals: z.number().int().min(0).max(6),
      recipe: z.record(z.string(), z.unknown()),
    }),
    output: indicatorDetailSchema,
  },
  'values.aggregate': {
    input: z.object({
      indicatorId: z.string(),
      fromLevelId: z.string(),
      method: z.enum(['sum', 'rate', 'weighted-mean']),
      numeratorId: z.string().nullable(),
      denominatorId: z.string().nullable(),
      weightId: z.string().nullable(),
      scale: z.number().positive().optional(),
    }),
    output: z.object({ values: z.number().int(), periods: z.array(z.string()), incompleteParents: z.number().int() }),
  },
  'indices.preview': {
    input: z.object({ stored: z.record(z.string(), z.unknown()) }),
    output: z.object({
      units: z.array(
        z.object({
          unitId: z.string(),
          total: z.number().nullable(),
          classLabel: z.string().nullable(),
          dimensions: z.array(z.object({ name: z.string(), score: z.number() })),
          message: z.string().nullable(),
        }),
      ),
      warnings: z.array(z.string()),
    }),
  },
  'indices.save': {
    input: z.object({
      code: z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N}_-]+$/u, 'Nur Buchstaben, Ziffern, _ und -'),
      name: z.string().trim().min(1).max(300),
      topic: z.string().max(300).nullable().optional(),
      definition: z.string().max(5000).nullable().optional(),
      stored: z.record(z.string(), z.unknown()),
    }),
    output: indicatorDetailSchema,
  },
  'settings.language': { input: z.object({ set: z.enum(['de', 'en']).optional() }), output: z.enum(['de', 'en']) },
  // Infrastructure database (issue 4); schemas in shared/facility-schemas.ts.
  /** The facility table: filters, full-text search, sort, paging, facet counts. */
  'facilities.list': { input: facilityListInputSchema, output: facilityListSchema },
  'facilities.get': { input: z.object({ id: z.string() }), output: facilityDetailSchema },
  /** Creates (no id) or edits a facility; a move or a new category reassigns it and recomputes facility indicators. */
  'facilities.save': { input: z.object({ id: z.string().optional(), facility: facilityInputSchema }), output: facilityDetailSchema },
  'facilities.archive': { input: z.object({ id: z.string(), archived: z.boolean() }), output: facilityDetailSchema },
  /** Deletes (logged soft delete) or, with restore, brings a facility back. */
  'facilities.delete': { input: z.object({ id: z.string(), restore: z.boolean().optional() }), output: z.object({ id: z.string(), deleted: z.boolean() }) },
  /** Stores a photo (content-addressed beside the database) and appends it to the facility's photos. */
  'facilities.addPhoto': {
    input: z.object({
      id: z.string(),
      file: sourceFileSchema.refine((f) => f.data.byteLength <= PHOTO_MAX_BYTES, `Fotos bis ${PHOTO_MAX_BYTES / 1024 / 1024} MB.`),
      mime: z.string().regex(/^image\/(jpeg|png|webp|gif)$/, 'Nur Fotos (JPEG, PNG, WebP, GIF).'),
    }),
    output: facilityDetailSchema,
  },
  'attachments.get': { input: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }), output: z.object({ id: z.string(), name: z.string(), mime: z.string(), data: bytes }) },
  /** Creates (no id) or edits a category; renaming keeps its key and id. */
  'categories.save': { input: categoryInputSchema, output: categorySchema },
  /** Deletes a category no live facility uses. */
  'categories.delete': { input: z.object({ id: z.string() }), output: z.object({ id: z.string() }) },
  /** Reassigns every facility to the units containing it (normally automatic after each change). */
  'facilities.assign': { input: z.object({}), output: assignmentSummarySchema },
  /** Possible duplicates among the stored facilities (same category and name within 50 m or same address; any category: same name and address). */
  'facilities.duplicates': { input: z.object({ categoryIds: z.array(z.string()).max(200).optional() }), output: existingDuplicatesSchema },
  /** The facility import wizard's preview (table or geometry file): mapping, records, issues, duplicates. Writes nothing. */
  'imports.facilityPreview': {
    input: z.object({ files: z.array(sourceFileSchema).min(1).max(10), ...facilityImportOptionsSchema }),
    output: facilityPreviewSchema,
  },
  /** Creates or updates an indicator computed from facilities (count, capacity, attribute mean/sum, coverage share). */
  'facilities.indicator': { input: facilityIndicatorInputSchema, output: indicatorDetailSchema },
  /** A supply ratio: facilities' count or capacity per 100 / 1,000 of a target-group population (a derived indicator). */
  'facilities.supplyRatio': { input: supplyRatioInputSchema, output: indicatorDetailSchema },
  /** Share of each unit's area within reach of a category, the catchment as GeoJSON, and the units without coverage. */
  'facilities.coverage': { input: coverageInputSchema, output: coverageSchema },
  /** Facilities as GeoJSON with the official key of the containing unit on every level (one property per level). */
  'exports.facilities': {
    input: z.object({ categoryIds: z.array(z.string()).max(200).optional(), includeArchived: z.boolean().optional() }),
    output: z.object({ fileName: z.string(), mime: z.string(), data: bytes, features: z.number().int() }),
  },
  // Austausch (issue 5); schemas in shared/exchange/contract-schemas.ts.
  /** Who this laptop is, the colleagues known from their files, records with open conflicts. */
  'exchange.status': { input: z.object({}), output: exchangeStatusSchema },
  /** The name colleagues see on this laptop's files and changes. */
  'exchange.rename': { input: z.object({ displayName: z.string().trim().min(1).max(80) }), output: exchangeStatusSchema },
  /** "Datei für Kolleg:innen erstellen": everything, or only what `forReplica` lacks according to its last file. */
  'exchange.export': { input: z.object({ forReplica: z.string().max(64).nullable() }), output: exportResultSchema },
  /** Checks a received file and says what it would change; writes nothing. */
  'exchange.preview': { input: z.object({ jobId, file: sourceFileSchema }), output: exchangeSummarySchema },
  /** Snapshots the database, then applies the file in one transaction. */
  'exchange.import': { input: z.object({ jobId, file: sourceFileSchema }), output: exchangeSummarySchema },
  'exchange.conflicts': { input: z.object({}), output: z.array(conflictSchema) },
  /** Keep one side (`keep`: its op id) or a merged value; travels with the next file. */
  'exchange.resolve': { input: conflictTargetSchema.extend({ resolution: fieldResolutionSchema }), output: z.object({ open: z.number().int() }) },
  /** A record deleted on one laptop and edited on another: restore it or confirm the delete. */
  'exchange.resolveDelete': {
    input: conflictTargetSchema.omit({ field: true }).extend({ action: z.enum(['restore', 'confirm-delete']) }),
    output: z.object({ open: z.number().int() }),
  },
  'exchange.history': { input: z.object({}), output: z.array(historyEntrySchema) },
  /** Snapshots taken before imports and restores, newest first. */
  'safety.snapshots': { input: z.object({}), output: z.array(snapshotSchema) },
  /** Replaces the open database by a snapshot (the current state is snapshotted first); the app reloads. */
  'safety.restoreSnapshot': { input: z.object({ id: z.string().min(1).max(200) }), output: z.object({ replicaId: z.string() }) },
  /** "Sicherung erstellen": database and attachments in one file. */
  'safety.backup': { input: z.object({}), output: z.object({ fileName: z.string(), data: bytes, attachments: z.number().int() }) },
  /** "Sicherung wiederherstellen": checked as a new database first, then it replaces the open one. */
  'safety.restoreBackup': { input: z.object({ file: sourceFileSchema }), output: z.object({ replicaId: z.string(), attachments: z.number().int() }) },
  /** First setup of a new laptop: a colleague's full exchange file becomes this laptop's database (new identity). */
  'exchange.startFrom': { input: z.object({ jobId, file: sourceFileSchema }), output: exchangeSummarySchema },
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** Events pushed from main to the renderer. */
export const eventSchemas = {
  'job.progress': z.object({
    jobId,
    phase: z.enum(['lesen', 'pruefen', 'schreiben', 'fertig']),
    done: z.number().int(),
    total: z.number().int(),
  }),
  'data.changed': z.object({ tables: z.array(z.string()) }),
} as const;

export type EventName = keyof typeof eventSchemas;
export type EventPayload<E extends EventName> = z.output<(typeof eventSchemas)[E]>;

/** Every call result crosses the boundary in this envelope; errors keep their German message. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}
