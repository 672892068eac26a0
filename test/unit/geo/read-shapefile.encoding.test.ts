import { describe, expect, it } from 'vitest';
import { encodingFromCpg, readDbf } from '../../../electron/core/geo/dbf.ts';
import { readFeatures } from '../../../electron/core/geo/read-features.ts';
import type { SourceFile } from '../../../electron/core/geo/types.ts';
import { encodeWindows1252, writeDbf, writeShp, type DbfField } from './helpers.ts';

const FLENSBURG_PRJ =
  'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

const FIELDS: DbfField[] = [
  { name: 'NAME', type: 'C', length: 20 },
  { name: 'EINW', type: 'N', length: 8 },
  { name: 'STAND', type: 'D', length: 8 },
];
const ROWS = [
  ['Heßler', '8500', '20231231'],
  ['Ückendorf', '', '        '],
];
// Two small squares in Gelsenkirchen, UTM 32 (clockwise: shapefile outer rings).
const SQUARES = [0, 1000].map((dx) => [
  [366000 + dx, 5707000],
  [366000 + dx, 5707500],
  [366500 + dx, 5707500],
  [366500 + dx, 5707000],
  [366000 + dx, 5707000],
]);

function shapefile(encode: (text: string) => Uint8Array, extra: SourceFile[] = []): SourceFile[] {
  const { shp, shx } = writeShp(SQUARES, 'polygon');
  return [
    { name: 'Stadtteile.shp', data: shp },
    { name: 'Stadtteile.shx', data: shx },
    { name: 'Stadtteile.dbf', data: writeDbf(FIELDS, ROWS, encode) },
    { name: 'Stadtteile.prj', data: new TextEncoder().encode(FLENSBURG_PRJ) },
    ...extra,
  ];
}

describe('shapefile attributes', () => {
  it('reads a .dbf without .cpg as Windows-1252', async () => {
    const result = await readFeatures(shapefile(encodeWindows1252), { expect: 'polygon' });
    expect(result.warnings).toEqual([]);
    expect(result.fields).toEqual(['NAME', 'EINW', 'STAND']);
    expect(result.features.map((feature) => feature.properties)).toEqual([
      { NAME: 'Heßler', EINW: 8500, STAND: '2023-12-31' },
      { NAME: 'Ückendorf', EINW: null, STAND: null },
    ]);
  });

  it('follows the .cpg', async () => {
    const utf8 = (text: string) => new TextEncoder().encode(text);
    const cpg = { name: 'Stadtteile.cpg', data: utf8('UTF-8\n') };
    const result = await readFeatures(shapefile(utf8, [cpg]), { expect: 'polygon' });
    expect(result.features[1]!.properties.NAME).toBe('Ückendorf');
    expect(result.warnings).toEqual([]);
  });

  it('recognises UTF-8 without .cpg and says so', async () => {
    const result = await readFeatures(shapefile((text) => new TextEncoder().encode(text)), { expect: 'polygon' });
    expect(result.features[0]!.properties.NAME).toBe('Heßler');
    expect(result.warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining('keine .cpg-Datei; der Text ist offenbar UTF-8-kodiert'),
    ]);
  });

  it('outputs shapefile polygons counter-clockwise in WGS84', async () => {
    const result = await readFeatures(shapefile(encodeWindows1252), { expect: 'polygon' });
    const geometry = result.features[0]!.geometry;
    if (geometry.type !== 'Polygon') throw new Error(geometry.type);
    const [a, b] = geometry.coordinates[0]!;
    expect(b![0]).toBeGreaterThan(a![0]!); // first edge runs east along the bottom: counter-clockwise
    expect(a![0]).toBeCloseTo(7.03, 1);
    expect(a![1]).toBeCloseTo(51.5, 1);
  });

  it('reads point shapefiles', async () => {
    const { shp, shx } = writeShp([[366000, 5707000]], 'point');
    const files = [
      { name: 'Kitas.shp', data: shp },
      { name: 'Kitas.shx', data: shx },
      { name: 'Kitas.dbf', data: writeDbf([{ name: 'NAME', type: 'C', length: 10 }], [['Kita 1']], encodeWindows1252) },
    ];
    const result = await readFeatures(files, { expect: 'point', crs: 'EPSG:25832' });
    expect(result.features[0]!.geometry.type).toBe('Point');
    expect(result.sourceCrs).toBe('EPSG:25832');
  });
});

describe('.cpg names', () => {
  it.each([
    ['UTF-8', 'utf-8'],
    ['utf8', 'utf-8'],
    ['65001', 'utf-8'],
    ['1252', 'windows-1252'],
    ['ANSI 1252', 'windows-1252'],
    ['CP1252', 'windows-1252'],
    ['ISO-8859-1', 'windows-1252'], // WHATWG decodes Latin-1 as its superset Windows-1252
    ['88591', 'windows-1252'],
    ['ISO 8859-15', 'iso-8859-15'],
    ['1250', 'windows-1250'],
  ])('%s → %s', (cpg, encoding) => {
    expect(encodingFromCpg(cpg)).toBe(encoding);
  });

  it('returns undefined for unknown names', () => {
    expect(encodingFromCpg('Klingonisch')).toBeUndefined();
  });
});

describe('readDbf', () => {
  it('rejects data that is no dBase table', () => {
    expect(() => readDbf(new Uint8Array(10), 'windows-1252')).toThrow('zu kurz');
  });
});
