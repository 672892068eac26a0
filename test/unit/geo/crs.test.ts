import { describe, expect, it } from 'vitest';
import { crsFromWkt, findCrs, parseCrsName, toWgs84For } from '../../../electron/core/geo/crs.ts';
import { distanceMetres } from './helpers.ts';

const FLENSBURG_PRJ =
  'PROJCS["ETRS_1989_UTM_Zone_32N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",0.9996],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

function code(name: string): string | undefined {
  const lookup = parseCrsName(name);
  return lookup.ok ? lookup.crs.code : undefined;
}

describe('CRS names', () => {
  it('understands the usual spellings', () => {
    expect(code('urn:ogc:def:crs:EPSG::3044')).toBe('EPSG:3044');
    expect(code('urn:ogc:def:crs:EPSG:6.6:25833')).toBe('EPSG:25833');
    expect(code('EPSG:25832')).toBe('EPSG:25832');
    expect(code('epsg:4647')).toBe('EPSG:4647');
    expect(code('http://www.opengis.net/def/crs/EPSG/0/25832')).toBe('EPSG:25832');
    expect(code('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('CRS84');
    expect(code('http://www.opengis.net/def/crs/OGC/1.3/CRS84')).toBe('CRS84');
    expect(code('31467')).toBe('EPSG:31467');
  });

  it('names an unknown EPSG code and lists the supported ones', () => {
    const lookup = parseCrsName('EPSG:2398');
    expect(lookup.ok).toBe(false);
    if (lookup.ok) return;
    expect(lookup.message).toContain('EPSG:2398 wird nicht unterstützt');
    expect(lookup.message).toContain('EPSG:25832');
    expect(lookup.message).toContain('EPSG:31468');
  });

  it('rejects text that is no CRS name', () => {
    expect(parseCrsName('Gauß-Krüger irgendwas').ok).toBe(false);
  });
});

describe('reprojection', () => {
  const flensburgLonLat = [9.41172949, 54.82419873];

  it('EPSG:25832 (526452.69, 6075306.41) is (9.41172949, 54.82419873) within 1 cm', () => {
    const lonLat = toWgs84For(findCrs('EPSG:25832')!)(526452.69, 6075306.41);
    expect(distanceMetres(lonLat, flensburgLonLat)).toBeLessThan(0.01);
  });

  it('the Flensburg ESRI .prj computes the same as EPSG:25832', () => {
    const wkt = crsFromWkt(FLENSBURG_PRJ);
    if ('error' in wkt) throw new Error(wkt.error);
    expect(wkt.name).toBe('ETRS_1989_UTM_Zone_32N');
    expect(distanceMetres(wkt.toWgs84(526452.69, 6075306.41), flensburgLonLat)).toBeLessThan(0.01);
  });

  it('uses the false easting written in a .prj instead of guessing from the name', () => {
    const prefixed = FLENSBURG_PRJ.replace('PARAMETER["False_Easting",500000.0]', 'PARAMETER["False_Easting",32500000.0]');
    const wkt = crsFromWkt(prefixed);
    if ('error' in wkt) throw new Error(wkt.error);
    expect(distanceMetres(wkt.toWgs84(32526452.69, 6075306.41), flensburgLonLat)).toBeLessThan(0.01);
  });

  it('zone-prefixed EPSG:4647 and 5650 differ from plain UTM only by the prefix', () => {
    const plain32 = toWgs84For(findCrs('EPSG:25832')!)(526452.69, 6075306.41);
    expect(distanceMetres(toWgs84For(findCrs('EPSG:4647')!)(32526452.69, 6075306.41), plain32)).toBeLessThan(0.001);
    const plain33 = toWgs84For(findCrs('EPSG:25833')!)(390000, 5820000);
    expect(distanceMetres(toWgs84For(findCrs('EPSG:5650')!)(33390000, 5820000), plain33)).toBeLessThan(0.001);
  });

  it('applies the DHDN datum shift to an ESRI Gauß-Krüger .prj, which carries none', () => {
    const esriGk3 =
      'PROJCS["DHDN_3_Degree_Gauss_Zone_3",GEOGCS["GCS_Deutsches_Hauptdreiecksnetz",DATUM["D_Deutsches_Hauptdreiecksnetz",' +
      'SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],' +
      'PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",3500000.0],PARAMETER["False_Northing",0.0],' +
      'PARAMETER["Central_Meridian",9.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    const wkt = crsFromWkt(esriGk3);
    if ('error' in wkt) throw new Error(wkt.error);
    const registry = toWgs84For(findCrs('EPSG:31467')!)(3520000, 6070000);
    expect(distanceMetres(wkt.toWgs84(3520000, 6070000), registry)).toBeLessThan(0.01);
  });

  it('applies the DHDN datum shift to a GDAL-style .prj without TOWGS84', () => {
    const gdalGk3 =
      'PROJCS["DHDN / 3-degree Gauss-Kruger zone 3",GEOGCS["DHDN",DATUM["Deutsches_Hauptdreiecksnetz",' +
      'SPHEROID["Bessel 1841",6377397.155,299.1528128,AUTHORITY["EPSG","7004"]],AUTHORITY["EPSG","6314"]],' +
      'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
      'AUTHORITY["EPSG","4314"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],' +
      'PARAMETER["central_meridian",9],PARAMETER["scale_factor",1],PARAMETER["false_easting",3500000],' +
      'PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],' +
      'AXIS["Northing",NORTH],AUTHORITY["EPSG","31467"]]';
    const wkt = crsFromWkt(gdalGk3);
    if ('error' in wkt) throw new Error(wkt.error);
    const registry = toWgs84For(findCrs('EPSG:31467')!)(3520000, 6070000);
    expect(distanceMetres(wkt.toWgs84(3520000, 6070000), registry)).toBeLessThan(0.01);
  });

  it('the Gauß-Krüger registry entries do shift the datum (DHDN is ~100-200 m off WGS 84 in Germany)', () => {
    const withShift = toWgs84For(findCrs('EPSG:31467')!)(3520000, 6070000);
    const withoutShift = toWgs84For({
      ...findCrs('EPSG:31467')!,
      proj4: '+proj=tmerc +lat_0=0 +lon_0=9 +k=1 +x_0=3500000 +y_0=0 +ellps=bessel +units=m +no_defs',
    })(3520000, 6070000);
    const shift = distanceMetres(withShift, withoutShift);
    expect(shift).toBeGreaterThan(50);
    expect(shift).toBeLessThan(300);
  });

  it('reports unreadable WKT', () => {
    expect(crsFromWkt('kein WKT')).toHaveProperty('error');
  });
});
