import proj4 from 'proj4';

/** A coordinate reference system the app can read without further information. */
export interface CrsDefinition {
  /** "EPSG:n" or "CRS84". */
  code: string;
  title: string;
  proj4: string;
  geographic: boolean;
  /** Plausible range of the easting (first axis); lets us spot files with swapped axes. */
  eastingRange?: [number, number];
}

const UTM_EASTING: [number, number] = [0, 1_000_000];
// Official DHDN → WGS84 Helmert parameters (EPSG:1777, about 3 m accurate), as in the EPSG database.
const DHDN_TOWGS84 = '598.1,73.7,418.2,0.202,0.045,-2.455,6.7';
const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

function gaussKrueger(code: string, zone: number): CrsDefinition {
  return {
    code,
    title: `DHDN / Gauß-Krüger Zone ${zone}`,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${zone * 3} +k=1 +x_0=${zone * 1_000_000 + 500_000} +y_0=0 +ellps=bessel +towgs84=${DHDN_TOWGS84} +units=m +no_defs`,
    geographic: false,
    eastingRange: [zone * 1_000_000, (zone + 1) * 1_000_000],
  };
}

function utm(code: string, title: string, zone: number, zonePrefix: boolean): CrsDefinition {
  const falseEasting = zonePrefix ? zone * 1_000_000 + 500_000 : 500_000;
  return {
    code,
    title,
    proj4: `+proj=tmerc +lat_0=0 +lon_0=${zone * 6 - 183} +k=0.9996 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`,
    geographic: false,
    eastingRange: zonePrefix ? [zone * 1_000_000, (zone + 1) * 1_000_000] : UTM_EASTING,
  };
}

/** Order matters: when a .prj matches several entries, the first one names it. */
export const SUPPORTED_CRS: readonly CrsDefinition[] = [
  { code: 'EPSG:4326', title: 'WGS 84 (Längen-/Breitengrade)', proj4: WGS84, geographic: true },
  { code: 'CRS84', title: 'WGS 84 (Längen-/Breitengrade, GeoJSON-Standard)', proj4: WGS84, geographic: true },
  {
    code: 'EPSG:4258',
    title: 'ETRS89 (Längen-/Breitengrade)',
    proj4: '+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs',
    geographic: true,
  },
  utm('EPSG:25832', 'ETRS89 / UTM Zone 32N', 32, false),
  utm('EPSG:25833', 'ETRS89 / UTM Zone 33N', 33, false),
  utm('EPSG:3044', 'ETRS89 / ETRS-TM32', 32, false),
  utm('EPSG:3045', 'ETRS89 / ETRS-TM33', 33, false),
  utm('EPSG:4647', 'ETRS89 / UTM Zone 32N (mit Zonenkennung 32)', 32, true),
  utm('EPSG:5650', 'ETRS89 / UTM Zone 33N (mit Zonenkennung 33)', 33, true),
  gaussKrueger('EPSG:31466', 2),
  gaussKrueger('EPSG:31467', 3),
  gaussKrueger('EPSG:31468', 4),
  {
    code: 'EPSG:3857',
    title: 'WGS 84 / Pseudo-Mercator (Web-Karten)',
    proj4:
      '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
    geographic: false,
  },
];

export function supportedCrsList(): string {
  return SUPPORTED_CRS.map((crs) => crs.code).join(', ');
}

export function findCrs(code: string): CrsDefinition | undefined {
  return SUPPORTED_CRS.find((crs) => crs.code === code);
}

const EPSG_PATTERNS = [
  /^urn:ogc:def:crs:EPSG:[\d.]*:(\d+)$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[^/]+\/(\d+)$/i,
  /^EPSG:{1,2}(\d+)$/i,
  /^(\d+)$/,
];
const CRS84_PATTERNS = [
  /^urn:ogc:def:crs:OGC:[\d.]*:CRS84$/i,
  /^https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/[^/]+\/CRS84$/i,
  /^(?:OGC:)?CRS:?84$/i,
];

export type CrsLookup = { ok: true; crs: CrsDefinition } | { ok: false; message: string };

/** Reads names such as "EPSG:25832", "urn:ogc:def:crs:EPSG::3044" or "urn:ogc:def:crs:OGC:1.3:CRS84". */
export function parseCrsName(name: string): CrsLookup {
  const trimmed = name.trim();
  if (CRS84_PATTERNS.some((pattern) => pattern.test(trimmed))) return { ok: true, crs: findCrs('CRS84')! };
  for (const pattern of EPSG_PATTERNS) {
    const code = pattern.exec(trimmed)?.[1];
    if (code === undefined) continue;
    const crs = findCrs(`EPSG:${Number(code)}`);
    if (crs) return { ok: true, crs };
    return {
      ok: false,
      message:
        `Das Koordinatensystem EPSG:${Number(code)} wird nicht unterstützt. ` +
        `Unterstützt werden: ${supportedCrsList()}. ` +
        'Bitte die Daten vorher umprojizieren, z. B. in QGIS nach EPSG:25832.',
    };
  }
  return {
    ok: false,
    message:
      `Die Angabe „${trimmed}“ ist kein bekanntes Koordinatensystem. ` +
      `Erwartet wird z. B. „EPSG:25832“; unterstützt werden: ${supportedCrsList()}.`,
  };
}

/** Converts source coordinates to WGS84 lon/lat. */
export type ToWgs84 = (x: number, y: number) => [number, number];

export function toWgs84For(crs: CrsDefinition): ToWgs84 {
  // WGS84 and ETRS89 lon/lat are the same at the app's accuracy; skip proj4 to keep values bit-exact.
  if (crs.geographic) return (x, y) => [x, y];
  return converterTo(crs.proj4);
}

function converterTo(definition: string): ToWgs84 {
  const converter = proj4(definition, WGS84);
  return (x, y) => {
    const [lon, lat] = converter.forward([x, y]);
    return [lon!, lat!];
  };
}

export interface WktCrs {
  toWgs84: ToWgs84;
  geographic: boolean;
  /** Name given in the WKT, e.g. "ETRS_1989_UTM_Zone_32N". */
  name: string;
  warning?: string;
}

const PJD_NODATUM = 5;
const WGS84_SEMI_MAJOR_AXIS = 6378137;

/**
 * Reads a .prj. The WKT itself is used (not an EPSG code guessed from its name), because
 * exports sometimes carry non-standard parameters such as a zone-prefixed false easting.
 */
export function crsFromWkt(wkt: string): WktCrs | { error: string } {
  let definition = wkt.trim();
  let parsed: InstanceType<typeof proj4.Proj> & { projName?: string };
  try {
    parsed = new proj4.Proj(definition);
  } catch {
    return { error: 'Der Inhalt ist keine lesbare Projektionsbeschreibung (WKT).' };
  }
  const name = parsed.name || 'unbenannt';
  let warning: string | undefined;
  // ESRI WKT never carries datum shifts; without one, DHDN (Gauß-Krüger) data lands ~150 m off.
  if (parsed.datum?.datum_type === PJD_NODATUM && parsed.a !== WGS84_SEMI_MAJOR_AXIS) {
    if (/hauptdreiecksnetz|dhdn|potsdam/i.test(definition)) {
      // After the whole SPHEROID[…] node, which may hold a nested AUTHORITY[…].
      definition = definition.replace(/(SPHEROID\[(?:[^[\]]|\[[^[\]]*\])*\])/i, `$1,TOWGS84[${DHDN_TOWGS84}]`);
    } else {
      warning =
        'Die Projektionsdatei nennt ein Datum ohne Umrechnungsparameter nach WGS 84; ' +
        'die Lage kann um bis zu einige hundert Meter abweichen.';
    }
  }
  try {
    const geographic = parsed.projName === 'longlat';
    return { toWgs84: converterTo(definition), geographic, name, ...(warning ? { warning } : {}) };
  } catch {
    return { error: 'Der Inhalt ist keine lesbare Projektionsbeschreibung (WKT).' };
  }
}

/** Names a WKT-defined CRS after the supported code that computes the same positions, if any. */
export function matchSupportedCrs(toWgs84: ToWgs84, sample: [number, number]): CrsDefinition | undefined {
  const probes: [number, number][] = [sample, [sample[0] + 1000, sample[1] + 1000]];
  const results = probes.map(([x, y]) => toWgs84(x, y));
  return SUPPORTED_CRS.find((crs) => {
    const candidate = toWgs84For(crs);
    return probes.every(([x, y], i) => {
      const [lon, lat] = candidate(x, y);
      const [expectedLon, expectedLat] = results[i]!;
      return Math.abs(lon - expectedLon) < 1e-9 && Math.abs(lat - expectedLat) < 1e-9;
    });
  });
}
