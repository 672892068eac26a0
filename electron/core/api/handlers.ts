import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { exportUnits } from '../exports/export-units.ts';
import { valueTable } from '../exports/value-table.ts';
import { valuesToCsv } from '../exports/write-csv.ts';
import { valuesToXlsx } from '../exports/write-xlsx.ts';
import { slugKey } from '../sync/ids.ts';
import type { MethodOutput } from '../../../shared/contract.ts';
import type { ImportPreview } from '../imports/preview.ts';
import type { ValueImportSummary } from '../imports/import-values.ts';
import type { TablePreview } from '../imports/preview-table.ts';
import type { ImportSummary } from '../imports/types.ts';
import { listMappings, saveMapping } from '../services/value-mappings.ts';
import type { JobRunner } from '../demo/seed-demo.ts';
import type { JobProgress } from '../jobs/run-job.ts';
import type { BasemapService } from '../services/basemap.ts';
import { blobDirectoryFor } from '../sync/blob-store.ts';
import { ChangeWriter } from '../sync/change-writer.ts';
import { computeIndex, saveIndex, storedIndexSchema, type StoredIndex } from '../services/composite-indices.ts';
import { aggregateToParents, derivedRecipeSchema, saveDerived } from '../services/computed-indicators.ts';
import { databaseInfo } from '../services/database-info.ts';
import { valueSeries, valueSeriesMany, valuesForMap } from '../services/indicator-values.ts';
import { getIndicator, listIndicators, listTopics, saveIndicator, setIndicatorArchived } from '../services/indicators.ts';
import { addFacilityPhoto, facilityFeatures, getFacility, listCategories, listFacilities, saveFacility, setFacilityArchived, setFacilityDeleted } from '../services/facilities.ts';
import { assignFacilities } from '../services/facility-assignment.ts';
import { deleteCategory, saveCategory } from '../services/facility-categories.ts';
import { computeCoverage } from '../services/facility-coverage.ts';
import { saveFacilityIndicator, saveSupplyRatio } from '../services/facility-indicators.ts';
import { findExistingDuplicates, liveFacilityEntries } from '../imports/facility-duplicates.ts';
import type { FacilityImportSummary } from '../imports/import-facilities.ts';
import type { FacilityPreview } from '../imports/preview-facilities.ts';
import { facilitiesGeoJson } from '../exports/export-facilities.ts';
import { readAttachment, storeAttachment } from '../services/attachments.ts';
import { readSetting, writeSetting } from '../services/settings.ts';
import { getUnit, listLevels, listUnits, unitFeatures, unitsExtent } from '../services/spatial-units.ts';
import { levelAttributes, levelGroups } from '../services/level-attributes.ts';
import { UserFacingError } from '../errors.ts';
import type { Handlers } from './dispatch.ts';
import { createExchangeHandlers, type ExchangeHandlerDeps } from './exchange-handlers.ts';

export interface FileChoiceRequest {
  title: string;
  filters: Array<{ name: string; extensions: string[] }>;
}

export interface HandlerDeps {
  db: Database;
  databasePath: string;
  host: MethodOutput<'app.info'>['host'];
  appVersion: string;
  basemap: BasemapService;
  /** The host's native file dialog, or null where there is none (the browser asks for a path). */
  chooseFile: ((request: FileChoiceRequest) => Promise<string | null>) | null;
  /** Runs long work off the main thread, reporting progress. */
  runJob: (...args: [...Parameters<JobRunner>, JobProgress]) => ReturnType<JobRunner>;
  /** The same on another database file (one being prepared to replace the open one). */
  runJobAt: ExchangeHandlerDeps['runJobAt'];
  replaceDatabase: ExchangeHandlerDeps['replaceDatabase'];
}

function exportBaseName(level: string, indicators: string[]): string {
  const what = indicators.length === 1 ? indicators[0]! : indicators.length === 0 ? 'alle' : `${indicators.length}-indikatoren`;
  return `quartiersatlas_${slugKey(level)}_${slugKey(what)}`;
}

/** Recipes are nested; their own schema (shared/stats) gives the German messages. */
function parseStoredIndex(stored: unknown): StoredIndex {
  const parsed = storedIndexSchema.safeParse(stored);
  if (!parsed.success) throw new UserFacingError('invalid-recipe', `Das Rezept des Index ist unvollständig: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** The implementation of every contract method; thin, the work lives in services and imports. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { db } = deps;
  const writer = new ChangeWriter(db, { blobDirectory: blobDirectoryFor(deps.databasePath) });
  return {
    ...createExchangeHandlers({ db, databasePath: deps.databasePath, writer, runJobAt: deps.runJobAt, replaceDatabase: deps.replaceDatabase }),
    'app.info': () => {
      const info = databaseInfo(db);
      return {
        appVersion: deps.appVersion,
        schemaVersion: info.schemaVersion,
        replicaId: info.replicaId,
        databasePath: deps.databasePath,
        host: deps.host,
        counts: info.counts,
        extent: unitsExtent(db),
      };
    },
    'levels.list': () => listLevels(db),
    'units.features': ({ levelId }) => unitFeatures(db, levelId),
    'units.get': ({ id }) => getUnit(db, id),
    'categories.list': () => listCategories(db),
    'facilities.features': () => facilityFeatures(db),
    'imports.preview': async ({ files, kind, crs, layer }) =>
      (await deps.runJob({ kind: 'preview', files, expect: kind === 'units' ? 'polygon' : 'point', crs, layer }, () => {})) as ImportPreview,
    'imports.units': async ({ jobId, files, ...options }, context) => {
      const result = (await deps.runJob({ kind: 'import-units', files, options }, (phase, done, total) =>
        context.emit('job.progress', { jobId, phase, done, total }),
      )) as ImportSummary;
      context.emit('data.changed', { tables: ['spatial_levels', 'spatial_units'] });
      return result;
    },
    'imports.facilities': async ({ jobId, files, ...options }, context) => {
      const result = (await deps.runJob({ kind: 'import-facilities', files, options }, (phase, done, total) =>
        context.emit('job.progress', { jobId, phase, done, total }),
      )) as FacilityImportSummary;
      context.emit('data.changed', { tables: ['facility_categories', 'facilities', 'indicators', 'indicator_values'] });
      return result;
    },
    'levels.dissolve': async ({ jobId, ...options }, context) => {
      const result = (await deps.runJob({ kind: 'dissolve-level', options }, (phase, done, total) =>
        context.emit('job.progress', { jobId, phase, done, total }),
      )) as ImportSummary;
      context.emit('data.changed', { tables: ['spatial_levels', 'spatial_units'] });
      return result;
    },
    'levels.attributes': ({ levelId }) => levelAttributes(db, levelId),
    'levels.groups': ({ levelId, groupField, nameField }) => levelGroups(db, levelId, groupField, nameField),
    'imports.tablePreview': async ({ file, mapping }) => (await deps.runJob({ kind: 'table-preview', file, mapping }, () => {})) as TablePreview,
    'imports.values': async ({ jobId, file, mapping, keepValidRowsOnly }, context) => {
      const result = (await deps.runJob({ kind: 'import-values', file, options: { mapping, keepValidRowsOnly } }, (phase, done, total) =>
        context.emit('job.progress', { jobId, phase, done, total }),
      )) as ValueImportSummary;
      context.emit('data.changed', { tables: ['indicators', 'indicator_values'] });
      return result;
    },
    'mappings.list': () => listMappings(db),
    'mappings.save': ({ mapping }, context) => {
      const saved = saveMapping(writer, mapping);
      context.emit('data.changed', { tables: ['value_mappings'] });
      return saved;
    },
    'units.list': ({ levelId }) => listUnits(db, levelId),
    'exports.values': async ({ level, indicators, format, suppressionThreshold }) => {
      const rows = valueTable(db, { level, indicators, suppressionThreshold });
      const data = new Uint8Array(format === 'xlsx' ? await valuesToXlsx(rows) : valuesToCsv(rows));
      return {
        fileName: `${exportBaseName(level, indicators)}.${format}`,
        mime: format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv;charset=utf-8',
        data,
        rows: rows.length,
        suppressed: rows.filter((r) => r.flag === 'suppressed').length,
      };
    },
    'exports.units': ({ level, indicators, period, format, suppressionThreshold }) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qatlas-export-')), `export.${format}`);
      try {
        const features = exportUnits(db, level, file, { indicators, period, suppressionThreshold });
        return {
          fileName: `${exportBaseName(level, indicators)}${period ? `_${period}` : ''}.${format}`,
          mime: format === 'gpkg' ? 'application/geopackage+sqlite3' : 'application/geo+json',
          data: new Uint8Array(fs.readFileSync(file)),
          features,
        };
      } finally {
        fs.rmSync(path.dirname(file), { recursive: true, force: true });
      }
    },
    'basemap.get': () => deps.basemap.get(),
    'basemap.choose': async () => {
      if (!deps.chooseFile) return { supported: false, basemap: deps.basemap.get() };
      const chosen = await deps.chooseFile({ title: 'Offline-Grundkarte öffnen', filters: [{ name: 'PMTiles-Karten', extensions: ['pmtiles'] }] });
      return { supported: true, basemap: chosen ? deps.basemap.set(chosen) : deps.basemap.get() };
    },
    'basemap.set': ({ path }) => deps.basemap.set(path),
    'basemap.read': ({ offset, length }) => new Uint8Array(deps.basemap.read(offset, length)),
    'topics.list': () => listTopics(db),
    'indicators.list': (input) => listIndicators(db, input),
    'indicators.get': ({ id }) => getIndicator(db, id),
    'indicators.save': (input, context) => {
      const saved = saveIndicator(writer, db, input);
      context.emit('data.changed', { tables: ['indicators'] });
      return saved;
    },
    'indicators.archive': ({ id, archived }, context) => {
      const saved = setIndicatorArchived(writer, db, id, archived);
      context.emit('data.changed', { tables: ['indicators'] });
      return saved;
    },
    'values.map': ({ indicatorId, period, levelId }) => valuesForMap(db, indicatorId, period, levelId),
    'values.series': ({ indicatorId, levelId }) => valueSeries(db, indicatorId, levelId),
    'values.seriesMany': ({ indicatorIds, levelId }) => valueSeriesMany(db, indicatorIds, levelId),
    'indicators.derive': ({ recipe, ...definition }, context) => {
      const parsed = derivedRecipeSchema.safeParse(recipe);
      if (!parsed.success) throw new UserFacingError('invalid-recipe', `Die Berechnung ist unvollständig: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
      const saved = saveDerived(writer, db, { ...definition, recipe: parsed.data });
      context.emit('data.changed', { tables: ['indicators', 'indicator_values'] });
      return saved;
    },
    'values.aggregate': (input, context) => {
      const result = aggregateToParents(writer, db, input);
      context.emit('data.changed', { tables: ['indicator_values'] });
      return result;
    },
    'indices.preview': ({ stored }) => {
      const result = computeIndex(db, parseStoredIndex(stored));
      return {
        units: [...result.units.values()].map((unit) =>
          unit.status === 'included'
            ? { unitId: unit.unitId, total: unit.total, classLabel: unit.classLabel, dimensions: unit.dimensions.map(({ name, score }) => ({ name, score })), message: null }
            : { unitId: unit.unitId, total: null, classLabel: null, dimensions: [], message: unit.message },
        ),
        warnings: result.warnings,
      };
    },
    'indices.save': ({ stored, ...definition }, context) => {
      const saved = saveIndex(writer, db, { ...definition, stored: parseStoredIndex(stored) });
      context.emit('data.changed', { tables: ['indicators', 'indicator_values'] });
      return saved;
    },
    'settings.language': ({ set }) => {
      if (set) writeSetting(db, 'language', set);
      return readSetting<'de' | 'en'>(db, 'language') ?? 'de';
    },
    // Infrastructure database (issue 4).
    'facilities.list': (input) => listFacilities(db, input),
    'facilities.get': ({ id }) => getFacility(db, id),
    'facilities.save': (input, context) => {
      const saved = saveFacility(writer, db, input);
      context.emit('data.changed', { tables: ['facilities', 'indicator_values'] });
      return saved;
    },
    'facilities.archive': ({ id, archived }, context) => {
      const saved = setFacilityArchived(writer, db, id, archived);
      context.emit('data.changed', { tables: ['facilities', 'indicator_values'] });
      return saved;
    },
    'facilities.delete': ({ id, restore }, context) => {
      setFacilityDeleted(writer, db, id, !restore);
      context.emit('data.changed', { tables: ['facilities', 'indicator_values'] });
      return { id, deleted: !restore };
    },
    'facilities.addPhoto': ({ id, file, mime }, context) => {
      getFacility(db, id);
      const stored = storeAttachment(db, deps.databasePath, { name: file.name, mime, data: file.data });
      const saved = addFacilityPhoto(writer, db, id, stored.id);
      context.emit('data.changed', { tables: ['facilities', 'attachments'] });
      return saved;
    },
    'attachments.get': ({ id }) => {
      const row = db.prepare('SELECT id, name, mime FROM attachments WHERE id = ? AND deleted = 0').get(id) as { id: string; name: string; mime: string } | undefined;
      if (!row) throw new UserFacingError('not-found', 'Diesen Anhang gibt es nicht (mehr).');
      return { ...row, data: new Uint8Array(readAttachment(deps.databasePath, id)) };
    },
    'categories.save': (input, context) => {
      const saved = saveCategory(writer, db, input);
      context.emit('data.changed', { tables: ['facility_categories'] });
      return saved;
    },
    'categories.delete': ({ id }, context) => {
      deleteCategory(writer, db, id);
      context.emit('data.changed', { tables: ['facility_categories'] });
      return { id };
    },
    'facilities.assign': () => assignFacilities(db),
    'facilities.duplicates': ({ categoryIds }) =>
      findExistingDuplicates(liveFacilityEntries(db, categoryIds)).map((pair) => ({
        reason: pair.reason,
        distanceM: Math.round(pair.distanceM * 10) / 10,
        a: { id: pair.other.id, name: pair.other.name, address: pair.other.address, categoryName: pair.other.categoryName },
        b: { id: pair.entry.id, name: pair.entry.name, address: pair.entry.address, categoryName: pair.entry.categoryName },
      })),
    'imports.facilityPreview': async ({ files, ...options }) => (await deps.runJob({ kind: 'facility-preview', files, options }, () => {})) as FacilityPreview,
    'facilities.indicator': ({ id, code, name, unit, decimals, recipe }, context) => {
      const saved = saveFacilityIndicator(writer, db, { id, code, name, unit, decimals, recipe: { type: 'facilities', ...recipe } });
      context.emit('data.changed', { tables: ['indicators', 'indicator_values'] });
      return saved;
    },
    'facilities.supplyRatio': (input, context) => {
      const saved = saveSupplyRatio(writer, db, input);
      context.emit('data.changed', { tables: ['indicators', 'indicator_values'] });
      return saved;
    },
    'facilities.coverage': (input) => computeCoverage(db, input),
    'exports.facilities': ({ categoryIds, includeArchived }) => {
      const collection = facilitiesGeoJson(db, { categoryIds, includeArchived });
      return {
        fileName: 'quartiersatlas_einrichtungen.geojson',
        mime: 'application/geo+json',
        data: new TextEncoder().encode(`${JSON.stringify(collection)}\n`),
        features: collection.features.length,
      };
    },
  };
}
