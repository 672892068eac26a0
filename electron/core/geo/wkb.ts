import type { Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { bbox } from './measure.ts';

// Well-known binary (WKB) and the GeoPackage geometry blob that wraps it ("GP" header + WKB).

/** Thrown for bytes that are not readable WKB; the message is a German clause without final period. */
export class WkbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WkbError';
  }
}

const TYPE_NAMES: Record<number, string> = {
  1: 'Point',
  2: 'LineString',
  3: 'Polygon',
  4: 'MultiPoint',
  5: 'MultiLineString',
  6: 'MultiPolygon',
  7: 'GeometryCollection',
};
const CURVE_TYPES: Record<number, string> = {
  8: 'CircularString',
  9: 'CompoundCurve',
  10: 'CurvePolygon',
  11: 'MultiCurve',
  12: 'MultiSurface',
  15: 'PolyhedralSurface',
  16: 'TIN',
  17: 'Triangle',
};
// EWKB (PostGIS) keeps Z/M/SRID in the high bits instead of the ISO 1000/2000/3000 offsets.
const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;
// Nesting deeper than this is not a real-world geometry but a corrupt or hostile blob.
const MAX_DEPTH = 8;

/**
 * Reads one WKB geometry (ISO or EWKB; Z and M are dropped because the app works in 2D).
 * Returns the geometry and the number of bytes it used. Throws WkbError for anything unreadable.
 */
export function readWkb(bytes: Uint8Array): { geometry: Geometry; length: number } {
  const reader = new WkbReader(bytes);
  const geometry = reader.geometry(0);
  return { geometry, length: reader.offset };
}

class WkbReader {
  offset = 0;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  geometry(depth: number): Geometry {
    if (depth > MAX_DEPTH) throw new WkbError('die Geometrie ist zu tief verschachtelt');
    const order = this.uint8();
    if (order !== 0 && order !== 1) throw new WkbError(`unbekannte Bytereihenfolge ${order}`);
    const little = order === 1;
    const { type, dimensions } = this.typeCode(little);
    const name = TYPE_NAMES[type];
    if (!name) {
      const curve = CURVE_TYPES[type];
      throw new WkbError(
        curve
          ? `der Geometrietyp ${curve} (Kreisbögen bzw. Flächenmodell) wird nicht unterstützt; bitte im GIS in einfache Polygone umwandeln`
          : `unbekannter WKB-Geometrietyp ${type}`,
      );
    }
    switch (type) {
      case 1:
        return { type: 'Point', coordinates: this.position(little, dimensions) };
      case 2:
        return { type: 'LineString', coordinates: this.positions(little, dimensions) };
      case 3:
        return { type: 'Polygon', coordinates: this.rings(little, dimensions) };
      default: {
        const members = this.members(little, depth);
        if (type === 7) return { type: 'GeometryCollection', geometries: members };
        const memberType = TYPE_NAMES[type - 3]!;
        const wrong = members.find((member) => member.type !== memberType);
        if (wrong) throw new WkbError(`${name} enthält ${wrong.type} statt ${memberType}`);
        const coordinates = members.map((member) => (member as { coordinates: unknown }).coordinates);
        return { type: name, coordinates } as Geometry;
      }
    }
  }

  private typeCode(little: boolean): { type: number; dimensions: number } {
    const raw = this.uint32(little);
    let hasZ = (raw & EWKB_Z) !== 0;
    let hasM = (raw & EWKB_M) !== 0;
    if ((raw & EWKB_SRID) !== 0) this.uint32(little); // the SRID; the container states the CRS
    let type = raw & 0x0fffffff;
    const iso = Math.floor(type / 1000);
    if (iso > 3) throw new WkbError(`unbekannter WKB-Geometrietyp ${type}`);
    if (iso === 1 || iso === 3) hasZ = true;
    if (iso === 2 || iso === 3) hasM = true;
    type %= 1000;
    return { type, dimensions: 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) };
  }

  private members(little: boolean, depth: number): Geometry[] {
    // Each member needs at least byte order and type code.
    const count = this.count(little, 5);
    const members: Geometry[] = [];
    for (let i = 0; i < count; i++) members.push(this.geometry(depth + 1));
    return members;
  }

  private rings(little: boolean, dimensions: number): Position[][] {
    const count = this.count(little, 4);
    const rings: Position[][] = [];
    for (let i = 0; i < count; i++) rings.push(this.positions(little, dimensions));
    return rings;
  }

  private positions(little: boolean, dimensions: number): Position[] {
    const count = this.count(little, 8 * dimensions);
    const positions: Position[] = [];
    for (let i = 0; i < count; i++) positions.push(this.position(little, dimensions));
    return positions;
  }

  private position(little: boolean, dimensions: number): Position {
    this.need(8 * dimensions);
    const x = this.view.getFloat64(this.offset, little);
    const y = this.view.getFloat64(this.offset + 8, little);
    this.offset += 8 * dimensions;
    return [x, y];
  }

  /** A count, checked against the bytes left so a corrupt count cannot make us allocate gigabytes. */
  private count(little: boolean, minimumItemSize: number): number {
    const count = this.uint32(little);
    if (count * minimumItemSize > this.bytes.length - this.offset) {
      throw new WkbError(`die Daten sind unvollständig oder beschädigt (angegebene Anzahl ${count} passt nicht zur Datenlänge)`);
    }
    return count;
  }

  private uint8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }

  private uint32(little: boolean): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, little);
    this.offset += 4;
    return value;
  }

  private need(length: number) {
    if (this.offset + length > this.bytes.length) {
      throw new WkbError('die Daten sind unvollständig (sie enden mitten in der Geometrie)');
    }
  }
}

/** Little-endian 2D WKB of a point or polygon geometry. */
export function writeWkb(geometry: Point | Polygon | MultiPolygon): Uint8Array {
  const size = wkbSize(geometry);
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  let offset = 0;
  const header = (type: number) => {
    view.setUint8(offset, 1);
    view.setUint32(offset + 1, type, true);
    offset += 5;
  };
  const uint32 = (value: number) => {
    view.setUint32(offset, value, true);
    offset += 4;
  };
  const position = (p: Position) => {
    view.setFloat64(offset, p[0]!, true);
    view.setFloat64(offset + 8, p[1]!, true);
    offset += 16;
  };
  const polygon = (rings: Position[][]) => {
    header(3);
    uint32(rings.length);
    for (const ring of rings) {
      uint32(ring.length);
      ring.forEach(position);
    }
  };

  if (geometry.type === 'Point') {
    header(1);
    position(geometry.coordinates);
  } else if (geometry.type === 'Polygon') {
    polygon(geometry.coordinates);
  } else {
    header(6);
    uint32(geometry.coordinates.length);
    geometry.coordinates.forEach(polygon);
  }
  return bytes;
}

function wkbSize(geometry: Point | Polygon | MultiPolygon): number {
  const polygonSize = (rings: Position[][]) => 9 + rings.reduce((sum, ring) => sum + 4 + 16 * ring.length, 0);
  if (geometry.type === 'Point') return 21;
  if (geometry.type === 'Polygon') return polygonSize(geometry.coordinates);
  return 9 + geometry.coordinates.reduce((sum, polygon) => sum + polygonSize(polygon), 0);
}

// GeoPackage 1.3, clause 2.1.3: "GP", version, flags, srs_id, optional envelope, then WKB.
const MAGIC_G = 0x47;
const MAGIC_P = 0x50;
const FLAG_EXTENDED = 0x20;
const FLAG_EMPTY = 0x10;
/** Envelope sizes in bytes by the envelope indicator in flag bits 1–3 (xy, xyz, xym, xyzm). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/**
 * Decodes a GeoPackage geometry blob into GeoJSON-shaped geometry (2D), or null for an empty one.
 * Throws WkbError with a German reason for anything unreadable.
 */
export function decodeGpkgGeometry(blob: Uint8Array): Geometry | null {
  if (blob.length < 8 || blob[0] !== MAGIC_G || blob[1] !== MAGIC_P) {
    throw new WkbError('die Daten beginnen nicht mit der GeoPackage-Kennung „GP“');
  }
  const flags = blob[3]!;
  if (flags & FLAG_EXTENDED) {
    throw new WkbError('die Geometrie nutzt einen erweiterten, nicht standardisierten GeoPackage-Geometrietyp');
  }
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new WkbError('die Kopfdaten nennen einen ungültigen Umgrenzungstyp');
  const start = 8 + envelope;
  if (flags & FLAG_EMPTY) return null;
  if (blob.length <= start) throw new WkbError('nach den Kopfdaten folgt keine Geometrie');

  const { geometry } = readWkb(blob.subarray(start));
  // WKB has no empty point; writers use NaN coordinates for it.
  if (geometry.type === 'Point' && geometry.coordinates.some(Number.isNaN)) return null;
  return geometry;
}

/** Encodes a 2D geometry as a GeoPackage blob with little-endian header and an xy envelope. */
export function encodeGpkgGeometry(geometry: Point | Polygon | MultiPolygon, srsId: number): Uint8Array {
  const wkb = writeWkb(geometry);
  const bytes = new Uint8Array(8 + 32 + wkb.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = MAGIC_G;
  bytes[1] = MAGIC_P;
  bytes[2] = 0; // version 1
  bytes[3] = (1 << 1) | 1; // xy envelope, little-endian
  view.setInt32(4, srsId, true);
  const [minX, minY, maxX, maxY] = bbox(geometry);
  [minX, maxX, minY, maxY].forEach((value, i) => view.setFloat64(8 + i * 8, value, true));
  bytes.set(wkb, 40);
  return bytes;
}
