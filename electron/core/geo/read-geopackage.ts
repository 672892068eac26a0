import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { crsFromWkt, findCrs } from './crs.ts';
import { decodeGpkgGeometry } from './wkb.ts';
import { baseName, type NamedData } from './pick-source.ts';
import type { CrsHint, RawFeature, RawSource } from './raw-source.ts';
import { ImportFailed } from './types.ts';

export interface GeoPackageOptions {
  /** Table name of the feature layer to read; needed when the file holds several. */
  layer?: string;
  /** The caller overrides the CRS, so a missing or unknown one in the file is no error. */
  crsOverridden?: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Reads one feature layer of a GeoPackage into unchecked features in the file's CRS.
 * File-level problems (not SQLite, no or several layers, broken tables) throw ImportFailed.
 */
export function readGeoPackage(file: NamedData, options: GeoPackageOptions = {}): RawSource {
  const name = baseName(file.name);
  if (new TextDecoder('latin1').decode(file.data.subarray(0, 16)) !== SQLITE_MAGIC) {
    fail(file.name, `${name} ist keine GeoPackage-Datei (keine SQLite-Datenbank) oder beschädigt.`);
  }
  return withTempCopy(file.data, (path) => {
    let db: SqliteDatabase | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      return readLayer(db, file.name, options);
    } catch (error) {
      if (error instanceof ImportFailed) throw error;
      return fail(file.name, `${name} kann nicht gelesen werden; die Datei ist beschädigt (${(error as Error).message}).`);
    } finally {
      db?.close();
    }
  });
}

/**
 * SQLite needs a real file. The copy lives in its own temp folder because opening a WAL-mode file
 * (QGIS leaves them so) creates -wal/-shm files next to it; the folder goes away with all of them.
 */
function withTempCopy<T>(data: Uint8Array, read: (path: string) => T): T {
  const folder = mkdtempSync(join(tmpdir(), 'quartiersatlas-gpkg-'));
  try {
    const path = join(folder, 'import.gpkg');
    writeFileSync(path, data);
    return read(path);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface Column {
  name: string;
  type: string;
  pk: number;
}

function readLayer(db: SqliteDatabase, file: string, options: GeoPackageOptions): RawSource {
  const name = baseName(file);
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all();
  const existing = (wanted: string) =>
    tables.find((table) => table.name === wanted) ?? tables.find((table) => table.name.toLowerCase() === wanted.toLowerCase());
  if (!existing('gpkg_contents') || !existing('gpkg_geometry_columns')) {
    fail(file, `${name} ist eine SQLite-Datenbank, aber kein GeoPackage (die GeoPackage-Verwaltungstabellen fehlen).`);
  }

  const layers = db
    .prepare<[], { table_name: string }>("SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features' ORDER BY table_name")
    .all()
    .map((row) => row.table_name);
  const layer = chooseLayer(layers, options.layer, file);

  // Only names that SQLite itself reports are ever put into SQL text (see quoteIdentifier).
  const table = existing(layer)?.name;
  if (!table) fail(file, `${name}: Die Ebene „${layer}“ ist eingetragen, ihre Tabelle fehlt aber. Die Datei ist beschädigt.`);
  const columns = db.prepare<[string], Column>('SELECT name, type, pk FROM pragma_table_info(?)').all(table);
  const geometryRow = db
    .prepare<[string], { column_name: string; srs_id: number }>(
      'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)',
    )
    .get(table);
  const geometryColumn = geometryRow && columns.find((column) => column.name.toLowerCase() === geometryRow.column_name.toLowerCase());
  if (!geometryRow || !geometryColumn) {
    fail(file, `${name}: Für die Ebene „${table}“ ist keine Geometriespalte eingetragen. Die Datei ist beschädigt.`);
  }

  const keys = columns.filter((column) => column.pk > 0);
  const fid = keys.length === 1 && keys[0]!.type.toUpperCase() === 'INTEGER' ? keys[0] : undefined;
  const attributes = columns.filter((column) => column !== fid && column !== geometryColumn);
  const issues: ImportIssue[] = [];
  const crsHint = crsHintFor(db, geometryRow.srs_id, file, table, options, issues);
  const features = readRows(db, { file, table, fid, geometry: geometryColumn, attributes }, issues);
  return { file, features, fields: attributes.map((column) => column.name), crsHint, issues };
}

function chooseLayer(layers: string[], wanted: string | undefined, file: string): string {
  const name = baseName(file);
  const list = layers.map((layer) => `„${layer}“`).join(', ');
  if (layers.length === 0) {
    fail(file, `${name} enthält keine Vektorebene (nur Raster- oder reine Attributtabellen) und kann nicht importiert werden.`);
  }
  if (wanted !== undefined) {
    const match = layers.find((layer) => layer === wanted) ?? layers.find((layer) => layer.toLowerCase() === wanted.toLowerCase());
    if (!match) fail(file, `${name} enthält keine Ebene „${wanted}“. Vorhanden: ${list}.`);
    return match;
  }
  if (layers.length > 1) {
    fail(file, `${name} enthält ${layers.length} Ebenen (Layer): ${list}. Bitte angeben, welche importiert werden soll.`);
  }
  return layers[0]!;
}

function crsHintFor(
  db: SqliteDatabase,
  srsId: number,
  file: string,
  table: string,
  options: GeoPackageOptions,
  issues: ImportIssue[],
): CrsHint {
  const name = baseName(file);
  const srs = db
    .prepare<[number], { organization: string; organization_coordsys_id: number; definition: string }>(
      'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?',
    )
    .get(srsId);
  // srs_id 0 and -1 are the GeoPackage's "undefined" systems; a caller-given CRS makes them irrelevant.
  const undefinedSrs = srsId === 0 || srsId === -1 || srs?.definition?.trim().toLowerCase() === 'undefined';
  if (options.crsOverridden || undefinedSrs) {
    if (!options.crsOverridden) {
      issues.push({
        severity: 'warning',
        file,
        message:
          `${name}: Die Ebene „${table}“ nennt kein Koordinatensystem; ` +
          'die Koordinaten wurden als Längen-/Breitengrade (WGS 84) gelesen.',
      });
    }
    // Same path as GeoJSON without crs: lon/lat, and a clear error if the coordinates are not.
    return { kind: 'geojson-default' };
  }
  if (!srs) {
    fail(
      file,
      `${name}: Das Koordinatensystem Nr. ${srsId} der Ebene „${table}“ ist in der Datei nicht beschrieben. ` +
        'Bitte das Koordinatensystem angeben (z. B. EPSG:25832).',
    );
  }
  const epsg = srs.organization?.toUpperCase() === 'EPSG' ? `EPSG:${srs.organization_coordsys_id}` : undefined;
  if (epsg && findCrs(epsg)) return { kind: 'name', name: epsg };
  // An EPSG code the app does not list may still be usable through its WKT (e.g. Gauß-Krüger zone 5).
  const definition = srs.definition ?? '';
  if (!epsg || !('error' in crsFromWkt(definition))) return { kind: 'wkt', wkt: definition, prjFile: file };
  return { kind: 'name', name: epsg };
}

interface LayerQuery {
  file: string;
  table: string;
  fid: Column | undefined;
  geometry: Column;
  attributes: Column[];
}

function readRows(db: SqliteDatabase, query: LayerQuery, issues: ImportIssue[]): RawFeature[] {
  const { file, table, fid, geometry, attributes } = query;
  const selected = [fid, geometry, ...attributes].filter((column) => column !== undefined);
  const sql =
    `SELECT ${selected.map((column) => quoteIdentifier(column.name)).join(', ')} FROM ${quoteIdentifier(table)}` +
    (fid ? ` ORDER BY ${quoteIdentifier(fid.name)}` : '');
  const booleans = new Set(attributes.filter((column) => column.type.toUpperCase() === 'BOOLEAN').map((column) => column.name));
  const droppedBlobs = new Set<string>();
  const features: RawFeature[] = [];
  const offset = fid ? 1 : 0;

  let feature = 0;
  for (const row of db.prepare(sql).raw(true).iterate() as IterableIterator<unknown[]>) {
    feature++;
    const label = fid ? ` (fid ${String(row[0])})` : '';
    const properties: Record<string, unknown> = {};
    attributes.forEach((column, i) => {
      const value = row[offset + 1 + i];
      if (value instanceof Uint8Array) {
        droppedBlobs.add(column.name);
        properties[column.name] = null;
      } else if (booleans.has(column.name) && typeof value === 'number') {
        properties[column.name] = value !== 0;
      } else {
        properties[column.name] = value ?? null;
      }
    });
    const decoded = decodeRowGeometry(row[offset], { file, feature }, label, issues);
    // An unreadable blob is already reported; passing it on would add "has no geometry" as well.
    if (decoded !== UNREADABLE) features.push({ feature, geometry: decoded, properties });
  }
  for (const column of droppedBlobs) {
    issues.push({
      severity: 'warning',
      file,
      field: column,
      message: `Das Feld „${column}“ enthält Binärdaten; diese wurden nicht übernommen.`,
    });
  }
  return features;
}

const UNREADABLE = Symbol('unreadable');

function decodeRowGeometry(
  value: unknown,
  at: { file: string; feature: number },
  label: string,
  issues: ImportIssue[],
): unknown | typeof UNREADABLE {
  if (value === null || value === undefined) return null;
  if (!(value instanceof Uint8Array)) {
    issues.push({ severity: 'error', ...at, message: `Die Geometrie${label} ist keine GeoPackage-Geometrie, sondern Text oder eine Zahl.` });
    return UNREADABLE;
  }
  try {
    return decodeGpkgGeometry(value);
  } catch (error) {
    issues.push({
      severity: 'error',
      ...at,
      message: `Die Geometrie${label} kann nicht gelesen werden: ${(error as Error).message}.`,
    });
    return UNREADABLE;
  }
}

/**
 * Safe only because every name passed here was read back from sqlite_master or pragma_table_info,
 * never taken from table contents, and embedded quotes are doubled, so it cannot end the identifier.
 */
function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function fail(file: string, message: string): never {
  throw new ImportFailed([{ severity: 'error', file, message }]);
}
