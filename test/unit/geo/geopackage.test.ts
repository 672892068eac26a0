import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { MultiPolygon, Point, Polygon, Position } from 'geojson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { areaKm2 } from '../../../electron/core/geo/measure.ts';
import { readFeatures } from '../../../electron/core/geo/read-features.ts';
import { ImportFailed, type ReadFeaturesOptions, type SourceFile } from '../../../electron/core/geo/types.ts';
import { readWkb } from '../../../electron/core/geo/wkb.ts';
import { writeGeoPackage, type GeoPackageFeature } from '../../../electron/core/geo/write-geopackage.ts';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { distanceMetres } from './helpers.ts';

const polygons: ReadFeaturesOptions = { expect: 'polygon' };

// Every GeoPackage read copies the file to os.tmpdir(); pointing that at a private folder lets the
// tests check the copy is gone afterwards. os.tmpdir() reads these variables on each call.
let folder: string;
let scratch: string;
const savedEnv = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'gpkg-test-'));
  scratch = mkdtempSync(join(folder, 'scratch-'));
  process.env.TMPDIR = process.env.TMP = process.env.TEMP = scratch;
});
afterEach(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(folder, { recursive: true, force: true });
});

function fileOf(path: string, name = 'ebenen.gpkg'): SourceFile {
  return { name, data: new Uint8Array(readFileSync(path)) };
}

async function failure(files: SourceFile[], options: ReadFeaturesOptions = polygons): Promise<ImportIssue[]> {
  const error = await readFeatures(files, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportFailed);
  return (error as ImportFailed).issues;
}

const SQUARE_WITH_HOLE: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [7.0, 51.5],
      [7.1, 51.5],
      [7.1, 51.6],
      [7.0, 51.6],
      [7.0, 51.5],
    ],
    [
      [7.02, 51.52],
      [7.02, 51.54],
      [7.04, 51.54],
      [7.04, 51.52],
      [7.02, 51.52],
    ],
  ],
};
const TWO_PARTS: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [7.2, 51.5],
        [7.25, 51.5],
        [7.25, 51.55],
        [7.2, 51.5],
      ],
    ],
    [
      [
        [7.3, 51.5],
        [7.35, 51.5],
        [7.35, 51.55],
        [7.3, 51.5],
      ],
    ],
  ],
};

describe('writeGeoPackage → readFeatures round trip', () => {
  it('keeps coordinates bit-exact and properties, with cleaned, typed columns', async () => {
    const path = join(folder, 'out.gpkg');
    const features: GeoPackageFeature[] = [
      {
        geometry: SQUARE_WITH_HOLE,
        properties: { Name: 'Altstadt', 'Einwohner 2023': 1200, Quote: 0.25, 'a/b': 'x', fid: 'eigene ID', name: 'doppelt' },
      },
      { geometry: TWO_PARTS, properties: { Name: 'Süd "Ost"', 'Einwohner 2023': null, Quote: 1, 'a/b': 3, fid: null, name: null } },
    ];
    const written = writeGeoPackage(path, 'Stadtteile 2023', features);
    expect(written.table).toBe('Stadtteile 2023');
    expect(written.columns).toEqual([
      { property: 'Name', column: 'Name', type: 'TEXT' },
      { property: 'Einwohner 2023', column: 'Einwohner 2023', type: 'INTEGER' },
      { property: 'Quote', column: 'Quote', type: 'REAL' },
      { property: 'a/b', column: 'a_b', type: 'TEXT' },
      { property: 'fid', column: 'fid_2', type: 'TEXT' },
      { property: 'name', column: 'name_2', type: 'TEXT' },
    ]);
    expect(readdirSync(folder).sort()).toEqual(['out.gpkg', expect.stringMatching(/^scratch-/)]); // no temp file left

    const result = await readFeatures([fileOf(path)], polygons);
    expect(result.sourceCrs).toBe('EPSG:4326');
    expect(result.warnings).toEqual([]);
    expect(result.fields).toEqual(['Name', 'Einwohner 2023', 'Quote', 'a_b', 'fid_2', 'name_2']);
    // Mixed Polygon/MultiPolygon layers are declared MULTIPOLYGON, so the polygon comes back wrapped.
    expect(result.features.map((feature) => feature.geometry)).toEqual([
      { type: 'MultiPolygon', coordinates: [SQUARE_WITH_HOLE.coordinates] },
      TWO_PARTS,
    ]);
    expect(result.features.map((feature) => feature.properties)).toEqual([
      { Name: 'Altstadt', 'Einwohner 2023': 1200, Quote: 0.25, a_b: 'x', fid_2: 'eigene ID', name_2: 'doppelt' },
      { Name: 'Süd "Ost"', 'Einwohner 2023': null, Quote: 1, a_b: '3', fid_2: null, name_2: null },
    ]);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('writes the GeoPackage 1.3 header and metadata', () => {
    const path = join(folder, 'meta.gpkg');
    writeGeoPackage(path, 'gpkg_punkte', [
      { geometry: { type: 'Point', coordinates: [7.1, 51.5] }, properties: { n: 1 } },
      { geometry: { type: 'Point', coordinates: [7.3, 51.4] }, properties: { n: 2 } },
    ]);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('application_id', { simple: true })).toBe(0x47504b47);
      expect(db.pragma('user_version', { simple: true })).toBe(10300);
      expect(db.prepare('SELECT srs_id, organization FROM gpkg_spatial_ref_sys ORDER BY srs_id').all()).toEqual([
        { srs_id: -1, organization: 'NONE' },
        { srs_id: 0, organization: 'NONE' },
        { srs_id: 4326, organization: 'EPSG' },
      ]);
      expect(db.prepare('SELECT table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents').get()).toEqual({
        table_name: 'ebene_gpkg_punkte', // reserved prefix avoided
        data_type: 'features',
        identifier: 'gpkg_punkte',
        min_x: 7.1,
        min_y: 51.4,
        max_x: 7.3,
        max_y: 51.5,
        srs_id: 4326,
      });
      expect(db.prepare('SELECT * FROM gpkg_geometry_columns').get()).toEqual({
        table_name: 'ebene_gpkg_punkte',
        column_name: 'geom',
        geometry_type_name: 'POINT',
        srs_id: 4326,
        z: 0,
        m: 0,
      });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('round-trips points', async () => {
    const path = join(folder, 'punkte.gpkg');
    const points: Point[] = [
      { type: 'Point', coordinates: [7.123456789012345, 51.98765432109876] },
      { type: 'Point', coordinates: [-0.5, 0] },
    ];
    writeGeoPackage(
      path,
      'Einrichtungen',
      points.map((geometry, i) => ({ geometry, properties: { nr: i + 1 } })),
    );
    const result = await readFeatures([fileOf(path)], { expect: 'point' });
    expect(result.features.map((feature) => feature.geometry)).toEqual(points);
    expect(result.features.map((feature) => feature.properties)).toEqual([{ nr: 1 }, { nr: 2 }]);
  });

  it('replaces an existing file only when complete, and leaves it alone on failure', () => {
    const path = join(folder, 'ziel.gpkg');
    writeGeoPackage(path, 'a', [{ geometry: SQUARE_WITH_HOLE, properties: {} }]);
    const before = readFileSync(path);
    const broken = { geometry: { type: 'Point', coordinates: [Symbol('x')] }, properties: {} } as unknown as GeoPackageFeature;
    expect(() => writeGeoPackage(path, 'b', [broken])).toThrow();
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

/** Hand-made WKB/GeoPackage bytes, independent of wkb.ts, in big-endian where the format allows it. */
class Bytes {
  private readonly chunks: number[] = [];
  u8(value: number) {
    this.chunks.push(value);
    return this;
  }
  u32(value: number, little = false) {
    const view = new DataView(new ArrayBuffer(4));
    view.setUint32(0, value, little);
    this.chunks.push(...new Uint8Array(view.buffer));
    return this;
  }
  f64(value: number, little = false) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, little);
    this.chunks.push(...new Uint8Array(view.buffer));
    return this;
  }
  done(): Buffer {
    return Buffer.from(this.chunks);
  }
}

type Ring = [number, number][];

/** Big-endian ISO WKB MultiPolygon Z (type 1006) with a made-up height on every vertex. */
function multiPolygonZ(polygons: Ring[][]): Bytes {
  const bytes = new Bytes().u8(0).u32(1006).u32(polygons.length);
  for (const rings of polygons) {
    bytes.u8(0).u32(1003).u32(rings.length);
    for (const ring of rings) {
      bytes.u32(ring.length);
      for (const [x, y] of ring) bytes.f64(x).f64(y).f64(55.5);
    }
  }
  return bytes;
}

/** GeoPackage header "GP", version 0, flags 0 (big-endian, no envelope), srs_id. */
function gpHeader(srsId: number): Bytes {
  return new Bytes().u8(0x47).u8(0x50).u8(0).u8(0).u32(srsId);
}

function square(x: number, y: number, size: number): Ring {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ];
}

// EPSG:25832 (526452.69, 6075306.41) is (9.41172949, 54.82419873), see crs.test.ts.
const KNOWN: [number, number] = [526452.69, 6075306.41];
const KNOWN_LON_LAT: Position = [9.41172949, 54.82419873];

/** Builds a GeoPackage with raw SQL only, as another program would. */
function handMadeGeoPackage(path: string, build: (db: Database.Database) => void): string {
  const db = new Database(path);
  db.exec(`
    PRAGMA application_id = 1196444487;
    PRAGMA user_version = 10300;
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
    INSERT INTO gpkg_spatial_ref_sys VALUES ('ETRS89 / UTM zone 32N', 25832, 'EPSG', 25832, 'PROJCS["ETRS89 / UTM zone 32N"]', NULL);
    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
      description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);
  `);
  build(db);
  db.close();
  return path;
}

function addLayer(db: Database.Database, table: string, srsId = 25832) {
  const quoted = `"${table.replaceAll('"', '""')}"`;
  db.exec(`CREATE TABLE ${quoted} (id INTEGER PRIMARY KEY AUTOINCREMENT, "Name" TEXT, "Einw. ""2023""" INTEGER, shape MULTIPOLYGON, aktiv BOOLEAN)`);
  db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, 'features', ?, ?)").run(table, table, srsId);
  db.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'shape', 'MULTIPOLYGON', ?, 1, 0)").run(table, srsId);
  return db.prepare(`INSERT INTO ${quoted} (id, "Name", "Einw. ""2023""", shape, aktiv) VALUES (?, ?, ?, ?, ?)`);
}

describe('GeoPackage written by another program', () => {
  const outer = square(526000, 6075000, 1000);
  const hole: Ring = [KNOWN, [KNOWN[0], KNOWN[1] + 200], [KNOWN[0] + 200, KNOWN[1] + 200], [KNOWN[0] + 200, KNOWN[1]], KNOWN];
  const second = square(530000, 6075000, 500);

  it('reads a big-endian MultiPolygon Z with a hole in EPSG:25832 and reprojects it', async () => {
    const path = handMadeGeoPackage(join(folder, 'hand.gpkg'), (db) => {
      const insert = addLayer(db, 'Bezirke "alt"');
      const blob = Buffer.concat([gpHeader(25832).done(), multiPolygonZ([[outer, hole], [second]]).done()]);
      insert.run(7, 'Südstadt', 12345, blob, 1);
    });
    const result = await readFeatures([fileOf(path, 'hand.gpkg')], polygons);

    expect(result.sourceCrs).toBe('EPSG:25832');
    expect(result.fields).toEqual(['Name', 'Einw. "2023"', 'aktiv']);
    expect(result.features).toHaveLength(1);
    const [feature] = result.features;
    expect(feature!.properties).toEqual({ Name: 'Südstadt', 'Einw. "2023"': 12345, aktiv: true });
    const geometry = feature!.geometry as MultiPolygon;
    expect(geometry.type).toBe('MultiPolygon');
    expect(geometry.coordinates.map((rings) => rings.length)).toEqual([2, 1]);
    expect(geometry.coordinates[0]![1]!.every((position) => position.length === 2)).toBe(true); // Z dropped
    const nearest = Math.min(...geometry.coordinates[0]![1]!.map((position) => distanceMetres(position, KNOWN_LON_LAT)));
    expect(nearest).toBeLessThan(0.01);
    // Grid area 1 km² − 0.04 km² hole + 0.25 km²; the true area is larger by the UTM scale 0.9996⁻².
    expect(Math.abs(areaKm2(geometry) / (1.21 / 0.9996 ** 2) - 1)).toBeLessThan(0.0005);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('reads little-endian EWKB with Z flag and SRID, and empty or NULL geometries as missing', async () => {
    const ewkb = new Bytes()
      .u8(1)
      .u32(0x80000000 | 0x20000000 | 3, true)
      .u32(25832, true)
      .u32(1, true)
      .u32(outer.length, true);
    for (const [x, y] of outer) ewkb.f64(x, true).f64(y, true).f64(1, true);
    const path = handMadeGeoPackage(join(folder, 'ewkb.gpkg'), (db) => {
      const insert = addLayer(db, 'flaechen');
      insert.run(1, 'EWKB', 1, Buffer.concat([gpHeader(25832).done(), ewkb.done()]), 0);
      insert.run(2, 'leer', 2, new Bytes().u8(0x47).u8(0x50).u8(0).u8(0x10).u32(25832).done(), 0);
      insert.run(3, 'NULL', 3, null, 0);
    });
    const issues = await failure([fileOf(path, 'ewkb.gpkg')]);
    expect(issues.map((issue) => [issue.feature, issue.message])).toEqual([
      [2, expect.stringContaining('keine Geometrie')],
      [3, expect.stringContaining('keine Geometrie')],
    ]);
  });

  it('asks for the layer when there are two, and reads the one named', async () => {
    const path = handMadeGeoPackage(join(folder, 'zwei.gpkg'), (db) => {
      addLayer(db, 'Stadtteile').run(1, 'A', 1, Buffer.concat([gpHeader(25832).done(), multiPolygonZ([[outer]]).done()]), 1);
      addLayer(db, 'Bezirke').run(1, 'B', 2, Buffer.concat([gpHeader(25832).done(), multiPolygonZ([[second]]).done()]), 0);
    });
    const [issue, ...more] = await failure([fileOf(path, 'zwei.gpkg')]);
    expect(more).toEqual([]);
    expect(issue!.file).toBe('zwei.gpkg');
    expect(issue!.message).toBe('zwei.gpkg enthält 2 Ebenen (Layer): „Bezirke“, „Stadtteile“. Bitte angeben, welche importiert werden soll.');

    const chosen = await readFeatures([fileOf(path, 'zwei.gpkg')], { ...polygons, layer: 'Stadtteile' });
    expect(chosen.features.map((feature) => feature.properties.Name)).toEqual(['A']);
    const caseless = await readFeatures([fileOf(path, 'zwei.gpkg')], { ...polygons, layer: 'bezirke' });
    expect(caseless.features.map((feature) => feature.properties.Name)).toEqual(['B']);

    const [unknown] = await failure([fileOf(path, 'zwei.gpkg')], { ...polygons, layer: 'Ortsteile' });
    expect(unknown!.message).toBe('zwei.gpkg enthält keine Ebene „Ortsteile“. Vorhanden: „Bezirke“, „Stadtteile“.');
    expect(readdirSync(scratch)).toEqual([]); // also removed after a failure
  });

  it('does not put names from gpkg_contents into SQL unless the table exists', async () => {
    const path = handMadeGeoPackage(join(folder, 'boese.gpkg'), (db) => {
      db.prepare("INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES (?, 'features', 25832)").run(
        'x"; DROP TABLE gpkg_contents; --',
      );
    });
    const [issue] = await failure([fileOf(path, 'boese.gpkg')]);
    expect(issue!.message).toContain('ihre Tabelle fehlt aber');
  });

  it('uses the WKT of an EPSG code the app does not list', async () => {
    // Gauß-Krüger zone 5 (EPSG:31469) is not in the registry; its definition is used instead.
    const wkt =
      'PROJCS["DHDN / 3-degree Gauss-Kruger zone 5",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",SPHEROID["Bessel 1841",6377397.155,299.1528128],' +
      'TOWGS84[598.1,73.7,418.2,0.202,0.045,-2.455,6.7]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],' +
      'PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",15],PARAMETER["scale_factor",1],' +
      'PARAMETER["false_easting",5500000],PARAMETER["false_northing",0],UNIT["metre",1]]';
    const path = handMadeGeoPackage(join(folder, 'gk5.gpkg'), (db) => {
      db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES ('DHDN / GK 5', 31469, 'EPSG', 31469, ?, NULL)").run(wkt);
      addLayer(db, 'gk', 31469).run(1, 'Görlitz', 1, Buffer.concat([gpHeader(31469).done(), multiPolygonZ([[square(5500000, 5670000, 1000)]]).done()]), 1);
    });
    const result = await readFeatures([fileOf(path, 'gk5.gpkg')], polygons);
    expect(result.sourceCrs).toBe('WKT: DHDN / 3-degree Gauss-Kruger zone 5');
    const first = (result.features[0]!.geometry as MultiPolygon).coordinates[0]![0]![0]!;
    expect(first[0]).toBeCloseTo(15, 2);
    expect(first[1]).toBeCloseTo(51.16, 1);
  });

  it('reads a file left in WAL mode, as QGIS leaves them', async () => {
    const path = join(folder, 'wal.gpkg');
    writeGeoPackage(path, 'flaechen', [{ geometry: SQUARE_WITH_HOLE, properties: { n: 1 } }]);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.close();
    const file = fileOf(path);
    expect([file.data[18], file.data[19]]).toEqual([2, 2]); // header says WAL
    const result = await readFeatures([file], polygons);
    expect(result.features).toHaveLength(1);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('GeoPackages that cannot be imported', () => {
  it('says so when there is no feature layer, or the layer is empty', async () => {
    const onlyTable = handMadeGeoPackage(join(folder, 'tabelle.gpkg'), (db) => {
      db.exec("CREATE TABLE werte (id INTEGER PRIMARY KEY, x REAL); INSERT INTO gpkg_contents (table_name, data_type) VALUES ('werte', 'attributes')");
    });
    const [none] = await failure([fileOf(onlyTable, 'tabelle.gpkg')]);
    expect(none!.message).toBe(
      'tabelle.gpkg enthält keine Vektorebene (nur Raster- oder reine Attributtabellen) und kann nicht importiert werden.',
    );

    const emptyPath = join(folder, 'leer.gpkg');
    writeGeoPackage(emptyPath, 'leer', []);
    const [empty] = await failure([fileOf(emptyPath, 'leer.gpkg')]);
    expect(empty!.message).toBe('leer.gpkg enthält keine Objekte.');
  });

  it('names the feature whose geometry blob is broken', async () => {
    const path = join(folder, 'kaputt.gpkg');
    writeGeoPackage(
      path,
      'flaechen',
      [1, 2, 3].map((n) => ({ geometry: SQUARE_WITH_HOLE, properties: { n } })),
    );
    const db = new Database(path);
    const blob = db.prepare('SELECT geom FROM flaechen WHERE fid = 2').pluck().get() as Buffer;
    db.prepare('UPDATE flaechen SET geom = ? WHERE fid = 2').run(blob.subarray(0, blob.length - 20));
    db.prepare('UPDATE flaechen SET geom = ? WHERE fid = 3').run(Buffer.from('kein GP-Blob'));
    db.close();

    const issues = await failure([fileOf(path, 'kaputt.gpkg')]);
    expect(issues).toEqual([
      {
        severity: 'error',
        file: 'kaputt.gpkg',
        feature: 2,
        message: 'Die Geometrie (fid 2) kann nicht gelesen werden: die Daten sind unvollständig oder beschädigt (angegebene Anzahl 5 passt nicht zur Datenlänge).',
      },
      {
        severity: 'error',
        file: 'kaputt.gpkg',
        feature: 3,
        message: 'Die Geometrie (fid 3) kann nicht gelesen werden: die Daten beginnen nicht mit der GeoPackage-Kennung „GP“.',
      },
    ]);
  });

  it('rejects files that are not GeoPackages', async () => {
    const [text] = await failure([{ name: 'falsch.gpkg', data: new TextEncoder().encode('kein SQLite') }]);
    expect(text!.message).toBe('falsch.gpkg ist keine GeoPackage-Datei (keine SQLite-Datenbank) oder beschädigt.');

    const plain = join(folder, 'plain.sqlite');
    const db = new Database(plain);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const [sqlite] = await failure([fileOf(plain, 'daten.gpkg')]);
    expect(sqlite!.message).toContain('daten.gpkg ist eine SQLite-Datenbank, aber kein GeoPackage');

    const truncated = fileOf(join(folder, 'plain.sqlite'), 'halb.gpkg');
    const [cut] = await failure([{ name: 'halb.gpkg', data: truncated.data.subarray(0, 100) }]);
    expect(cut!.message).toMatch(/^halb\.gpkg /);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('readWkb', () => {
  const point = (type: number) => new Bytes().u8(1).u32(type, true).f64(1, true).f64(2, true).f64(3, true).f64(4, true).done();

  it('drops Z and M in ISO codes 1000/2000/3000', () => {
    expect(readWkb(point(3001)).geometry).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(readWkb(point(3001)).length).toBe(37);
    expect(readWkb(point(1001)).length).toBe(29);
    expect(readWkb(point(2001)).length).toBe(29);
    expect(readWkb(point(0x40000001)).length).toBe(29); // EWKB M flag
  });

  it('reads MultiPoint and LineString', () => {
    const multi = new Bytes().u8(0).u32(4).u32(2);
    multi.u8(0).u32(1).f64(1).f64(2);
    multi.u8(1).u32(1, true).f64(3, true).f64(4, true); // members may switch byte order
    expect(readWkb(multi.done()).geometry).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    const line = new Bytes().u8(0).u32(2).u32(2).f64(1).f64(2).f64(3).f64(4).done();
    expect(readWkb(line).geometry).toEqual({ type: 'LineString', coordinates: [[1, 2], [3, 4]] });
  });

  it('refuses curves, absurd counts and wrong members with a reason', () => {
    expect(() => readWkb(new Bytes().u8(1).u32(10, true).u32(0, true).done())).toThrow(/CurvePolygon.*nicht unterstützt/);
    expect(() => readWkb(new Bytes().u8(1).u32(3, true).u32(0xffffffff, true).done())).toThrow(/Anzahl 4294967295/);
    const wrong = new Bytes().u8(0).u32(6).u32(1).u8(0).u32(1).f64(1).f64(2).done();
    expect(() => readWkb(wrong)).toThrow('MultiPolygon enthält Point statt Polygon');
    expect(() => readWkb(new Bytes().u8(7).done())).toThrow('unbekannte Bytereihenfolge 7');
    expect(() => readWkb(new Bytes().u8(1).u32(1, true).f64(1, true).done())).toThrow('sie enden mitten in der Geometrie');
  });
});
