import { randomUUID } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { encodeGpkgGeometry } from './wkb.ts';
import { bbox } from './measure.ts';

export interface GeoPackageFeature {
  /** WGS84 lon/lat. */
  geometry: Polygon | MultiPolygon | Point;
  properties: Record<string, string | number | null>;
}

export interface WrittenColumn {
  property: string;
  /** Name in the file; differs from the property when it had to be cleaned or made unique. */
  column: string;
  type: 'INTEGER' | 'REAL' | 'TEXT';
}

export interface WrittenGeoPackage {
  table: string;
  columns: WrittenColumn[];
}

const WGS84_SRS_ID = 4326;
const GEOMETRY_COLUMN = 'geom';
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],' +
  'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],' +
  'AUTHORITY["EPSG","4326"]]';
/** "GPKG" as big-endian int32 (GeoPackage 1.3, clause 1.1.1.1.1). */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10300;

/**
 * Writes one feature layer as a GeoPackage 1.3 in EPSG:4326. The file is built under a temporary
 * name next to the target and renamed at the end, so a failed export never leaves half a file.
 */
export function writeGeoPackage(filePath: string, layerName: string, features: GeoPackageFeature[]): WrittenGeoPackage {
  const table = tableName(layerName);
  const columns = planColumns(features);
  const temp = `${filePath}.${randomUUID()}.tmp`;
  let db: SqliteDatabase | undefined;
  try {
    db = new Database(temp);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${USER_VERSION}`);
    db.transaction(() => {
      createMetadata(db!, table, layerName, features);
      createFeatureTable(db!, table, columns, features);
    })();
    db.close();
    db = undefined;
    replaceFile(temp, filePath);
  } catch (error) {
    db?.close();
    rmSync(temp, { force: true });
    throw error;
  }
  return { table, columns };
}

function createMetadata(db: SqliteDatabase, table: string, layerName: string, features: GeoPackageFeature[]) {
  db.exec(`
    CREATE TABLE gpkg_spatial_ref_sys (
      srs_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL PRIMARY KEY,
      organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL,
      definition TEXT NOT NULL,
      description TEXT
    );
    CREATE TABLE gpkg_contents (
      table_name TEXT NOT NULL PRIMARY KEY,
      data_type TEXT NOT NULL,
      identifier TEXT UNIQUE,
      description TEXT DEFAULT '',
      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
      srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
    );
    CREATE TABLE gpkg_geometry_columns (
      table_name TEXT NOT NULL,
      column_name TEXT NOT NULL,
      geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL,
      z TINYINT NOT NULL,
      m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT uk_gc_table_name UNIQUE (table_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
    );
  `);
  const srs = db.prepare(
    'INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) ' +
      'VALUES (?, ?, ?, ?, ?, ?)',
  );
  // Both "undefined" systems are mandatory (GeoPackage 1.3, requirement 11).
  srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
  srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
  const wgs84Description = 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid';
  srs.run('WGS 84 geodetic', WGS84_SRS_ID, 'EPSG', 4326, WGS84_WKT, wgs84Description);

  const bounds = features.length === 0 ? [null, null, null, null] : layerBounds(features);
  db.prepare(
    'INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) ' +
      "VALUES (?, 'features', ?, '', ?, ?, ?, ?, ?)",
  ).run(table, layerName, ...bounds, WGS84_SRS_ID);
  db.prepare('INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)').run(
    table,
    GEOMETRY_COLUMN,
    geometryTypeName(features),
    WGS84_SRS_ID,
  );
}

/** Reduced by hand: Math.min(...values) overflows the stack for large layers. */
function layerBounds(features: GeoPackageFeature[]): [number, number, number, number] {
  return features
    .map((feature) => bbox(feature.geometry))
    .reduce((all, box) => [Math.min(all[0], box[0]), Math.min(all[1], box[1]), Math.max(all[2], box[2]), Math.max(all[3], box[3])]);
}

function createFeatureTable(db: SqliteDatabase, table: string, columns: WrittenColumn[], features: GeoPackageFeature[]) {
  const typeName = geometryTypeName(features);
  // Identifiers cannot be bound as parameters. These are built only by tableName/planColumns below,
  // which strip everything but letters, digits, space, "_" and "-", and they are quoted as well.
  const definitions = [
    'fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL',
    `${GEOMETRY_COLUMN} ${typeName}`,
    ...columns.map((column) => `${quote(column.column)} ${column.type}`),
  ];
  db.exec(`CREATE TABLE ${quote(table)} (${definitions.join(', ')})`);
  const insert = db.prepare(
    `INSERT INTO ${quote(table)} (${[GEOMETRY_COLUMN, ...columns.map((column) => quote(column.column))].join(', ')}) ` +
      `VALUES (${['?', ...columns.map(() => '?')].join(', ')})`,
  );
  // A layer holding both Polygon and MultiPolygon is declared MULTIPOLYGON; its polygons must follow.
  const promote = typeName === 'MULTIPOLYGON';
  for (const feature of features) {
    const geometry: Polygon | MultiPolygon | Point =
      promote && feature.geometry.type === 'Polygon'
        ? { type: 'MultiPolygon', coordinates: [feature.geometry.coordinates] }
        : feature.geometry;
    const values = columns.map((column) => cellValue(feature.properties[column.property], column.type));
    insert.run(Buffer.from(encodeGpkgGeometry(geometry, WGS84_SRS_ID)), ...values);
  }
}

function geometryTypeName(features: GeoPackageFeature[]): string {
  const types = new Set(features.map((feature) => feature.geometry.type));
  if (types.size === 1 && types.has('Point')) return 'POINT';
  if (types.size === 1 && types.has('Polygon')) return 'POLYGON';
  if (types.size > 0 && !types.has('Point')) return 'MULTIPOLYGON';
  return 'GEOMETRY';
}

/** Column order follows first appearance; the type is the narrowest that holds every value. */
function planColumns(features: GeoPackageFeature[]): WrittenColumn[] {
  const properties: string[] = [];
  const seen = new Set<string>();
  for (const feature of features) {
    for (const key of Object.keys(feature.properties)) {
      if (!seen.has(key)) properties.push(key);
      seen.add(key);
    }
  }
  // SQLite compares column names case-insensitively; fid and geom are taken.
  const used = new Set(['fid', GEOMETRY_COLUMN]);
  return properties.map((property) => {
    const column = unique(cleanName(property, 'feld'), used);
    return { property, column, type: columnType(features.map((feature) => feature.properties[property])) };
  });
}

/** A column without any value is TEXT: GIS programs show that as an empty text field, the least surprising. */
function columnType(values: Array<string | number | null | undefined>): WrittenColumn['type'] {
  let type: WrittenColumn['type'] | undefined;
  for (const value of values) {
    if (typeof value === 'string') return 'TEXT';
    if (typeof value === 'number') type = type === 'REAL' || !Number.isSafeInteger(value) ? 'REAL' : 'INTEGER';
  }
  return type ?? 'TEXT';
}

function cellValue(value: string | number | null | undefined, type: WrittenColumn['type']): string | number | null {
  if (value === null || value === undefined) return null;
  if (type === 'TEXT') return String(value);
  return Number.isFinite(value) ? value : null;
}

function tableName(layerName: string): string {
  const name = cleanName(layerName, 'ebene');
  // gpkg_, sqlite_ and rtree_ prefixes are reserved for the format and SQLite itself.
  return /^(gpkg_|sqlite_|rtree_)/i.test(name) ? `ebene_${name}` : name;
}

/** Keeps letters (umlauts too), digits, space, "_" and "-"; everything else becomes "_". */
function cleanName(name: string, fallback: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}_ -]/gu, '_').trim();
  return cleaned === '' ? fallback : cleaned;
}

function unique(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${name}_${n}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function replaceFile(temp: string, target: string) {
  try {
    renameSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES') {
      throw new Error(`Die Datei ${target} kann nicht geschrieben werden. Ist sie in einem anderen Programm (z. B. QGIS) geöffnet?`, {
        cause: error,
      });
    }
    throw error;
  }
}
